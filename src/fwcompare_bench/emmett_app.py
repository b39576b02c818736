"""Emmett: route decorators on an Emmett App, the JSON service, Renoir templates, on ``emmett serve``.

``emmett serve`` runs the app on Granian, the HTTP server Emmett ships with,
through RSGI (Granian's own interface, Emmett's default there) in one worker.

The database endpoints use Emmett's ORM (its pyDAL): models, a ``Database``
configured by ``app.config.db``, and the database pipe on the two routes that
use it (on the whole app, as the docs' ``app.pipeline = [db.pipe]`` does, it
would also open a connection for the three endpoints that need none).
"""

from __future__ import annotations

import os
import sys
import tempfile

from emmett import App, response
from emmett.orm import Database, Field, Model
from emmett.tools import service

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import TEMPLATES

# Emmett creates languages/, logs/ and static/ under the app's root: keep them
# out of this package (a fixed directory, reused by every run).
_ROOT = os.path.join(tempfile.gettempdir(), "fwcompare-bench-emmett")
os.makedirs(_ROOT, exist_ok=True)

app = App(__name__, root_path=_ROOT, template_folder=TEMPLATES)
app.config.db.uri = db.pydal_uri("psycopg3")  # emmett-pydal: psycopg 3 for PostgreSQL
app.config.db.auto_migrate = False  # fwcompare_bench.db has built the tables


class World(Model):
    tablename = "world"
    randomNumber = Field.int()


class Fortune(Model):
    tablename = "fortune"
    message = Field.string()


orm = Database(app)
orm.define_models(World, Fortune)


@app.route("/plaintext")
async def plaintext():  # type: ignore[no-untyped-def]
    response.content_type = "text/plain; charset=utf-8"
    return GREETING


@app.route("/json")
@service.json
async def json_view():  # type: ignore[no-untyped-def]
    return JSON_OBJECT


@app.route("/html", template="fortunes.renoir")
async def html_view():  # type: ignore[no-untyped-def]
    return {"rows": ROWS}


@app.route("/db", pipeline=[orm.pipe])
@service.json
async def db_view():  # type: ignore[no-untyped-def]
    world = World.get(db.random_id())
    return {"id": world.id, "randomNumber": world.randomNumber}


@app.route("/fortunes", template="fortunes.renoir", pipeline=[orm.pipe])
async def fortunes_view():  # type: ignore[no-untyped-def]
    rows = list(Fortune.all().select())
    rows.append({"id": 0, "message": db.ADDED_FORTUNE})
    rows.sort(key=lambda row: row["message"])
    return {"rows": rows}


def serve(port):  # type: ignore[no-untyped-def]
    """Serve on 127.0.0.1:*port* until killed: ``emmett serve`` (Granian, RSGI, one worker)."""
    command = [sys.executable, "-m", "emmett", "--app", __name__, "serve"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", "1", "--log-level", "warning"]
    os.execv(sys.executable, command)
