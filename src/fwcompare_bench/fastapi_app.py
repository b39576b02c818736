"""FastAPI: path operation functions, a dict returned as JSON, Jinja2Templates, SQLModel.

The database endpoints follow FastAPI's tutorial "SQL (Relational) Databases":
SQLModel table models, an engine, a ``Session`` per request from a dependency,
and plain ``def`` path operations (FastAPI runs them in its threadpool, since
the session is synchronous).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from fastapi.templating import Jinja2Templates
from sqlmodel import Field, Session, SQLModel, create_engine, select

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import TEMPLATES


class World(SQLModel, table=True):  # type: ignore[call-arg]
    id: int = Field(primary_key=True)
    randomNumber: int


class Fortune(SQLModel, table=True):  # type: ignore[call-arg]
    id: int = Field(primary_key=True)
    message: str


# SQLite's connections refuse other threads unless told; psycopg's take no such argument.
engine = create_engine(db.url(), connect_args={} if db.postgresql() else {"check_same_thread": False})


def get_session():  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

app = FastAPI()
templates = Jinja2Templates(directory=TEMPLATES)


@app.get("/plaintext", response_class=PlainTextResponse)
async def plaintext():  # type: ignore[no-untyped-def]
    return GREETING


@app.get("/json")
async def json_view():  # type: ignore[no-untyped-def]
    return JSON_OBJECT


@app.get("/html", response_class=HTMLResponse)
async def html_view(request: Request):  # type: ignore[no-untyped-def]
    return templates.TemplateResponse(request, "fortunes.html", {"rows": ROWS})


@app.get("/db")
def db_view(session: SessionDep) -> World:
    return session.get(World, db.random_id())


@app.get("/fortunes", response_class=HTMLResponse)
def fortunes_view(request: Request, session: SessionDep):  # type: ignore[no-untyped-def]
    fortunes = list(session.exec(select(Fortune)).all())
    fortunes.append(Fortune(id=0, message=db.ADDED_FORTUNE))
    fortunes.sort(key=lambda fortune: fortune.message)
    return templates.TemplateResponse(request, "fortunes.html", {"rows": fortunes})
