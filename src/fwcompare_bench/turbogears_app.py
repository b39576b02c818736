"""TurboGears: a TGController in minimal mode, Kajiki (TurboGears' default engine), on gunicorn.

The database endpoints use TurboGears' SQLAlchemy support: its SQLAlchemy
configuration component registered on the minimal configurator, with
``use_sqlalchemy``, ``sqlalchemy.url`` and a ``model`` that provides
``DBSession`` (a scoped session, removed after every request by TurboGears'
middleware) and ``init_model``, as a full-stack project's ``model`` package does.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base, scoped_session, sessionmaker
from tg import MinimalApplicationConfigurator, TGController, expose
from tg.configurator.components.sqlalchemy import SQLAlchemyConfigurationComponent

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import TEMPLATES

DeclarativeBase = declarative_base()


class World(DeclarativeBase):  # type: ignore[misc,valid-type]
    __tablename__ = "world"
    id = Column(Integer, primary_key=True)
    randomNumber = Column(Integer, nullable=False)


class Fortune(DeclarativeBase):  # type: ignore[misc,valid-type]
    __tablename__ = "fortune"
    id = Column(Integer, primary_key=True)
    message = Column(String(2048), nullable=False)


class Model:
    """What TurboGears' SQLAlchemy component expects of the ``model`` option."""

    DBSession = scoped_session(sessionmaker(autoflush=True, autocommit=False))

    @classmethod
    def init_model(cls, engine):  # type: ignore[no-untyped-def]
        cls.DBSession.configure(bind=engine)


DBSession = Model.DBSession


class RootController(TGController):
    @expose(content_type="text/plain")
    def plaintext(self):  # type: ignore[no-untyped-def]
        return GREETING

    @expose("json")
    def json(self):  # type: ignore[no-untyped-def]
        return JSON_OBJECT

    @expose("kajiki:fortunes.xhtml")
    def html(self):  # type: ignore[no-untyped-def]
        return {"rows": ROWS}

    @expose("json")
    def db(self):  # type: ignore[no-untyped-def]
        world = DBSession.get(World, db.random_id())
        return {"id": world.id, "randomNumber": world.randomNumber}

    @expose("kajiki:fortunes-orm.xhtml")
    def fortunes(self):  # type: ignore[no-untyped-def]
        fortunes = DBSession.query(Fortune).all()
        fortunes.append(Fortune(id=0, message=db.ADDED_FORTUNE))
        fortunes.sort(key=lambda fortune: fortune.message)
        return {"rows": fortunes}


config = MinimalApplicationConfigurator()
config.register(SQLAlchemyConfigurationComponent)
config.update_blueprint(
    {
        "root_controller": RootController(),
        "renderers": ["kajiki", "json"],
        "paths": {"templates": [TEMPLATES]},
        "use_sqlalchemy": True,
        "sqlalchemy.url": db.url(),
        "model": Model,
    }
)
app = config.make_wsgi_app()
