"""Masonite: a controller routed with Route.get, Masonite views (Jinja2), on gunicorn.

A Masonite project is generated (``project start``) and the framework imports
its ``wsgi`` module by name wherever it needs the application. This module
builds the same application a project's ``wsgi.py`` does (the foundation
Kernel, then the framework, route and view providers), with an empty
configuration, and registers itself as ``wsgi``.

The database endpoints use Masonite ORM, configured by ``masonite_database``
(a project's ``config/database.py``), with a model per table.
"""

from __future__ import annotations

import os
import sys

from masonite.configuration import Configuration
from masonite.controllers import Controller
from masonite.foundation import Application, Kernel
from masonite.providers import FrameworkProvider, RouteProvider, ViewProvider
from masonite.response import Response
from masonite.routes import Route
from masonite.views import View
from masoniteorm.models import Model

from . import GREETING, JSON_OBJECT, ROWS, db

# Masonite ORM imports its configuration from this module path ("config/database" in a project).
os.environ["DB_CONFIG_PATH"] = "fwcompare_bench/masonite_database"


class World(Model):
    __table__ = "world"
    __timestamps__ = False


class Fortune(Model):
    __table__ = "fortune"
    __timestamps__ = False


class BenchController(Controller):
    def plaintext(self, response: Response):  # type: ignore[no-untyped-def]
        response.header("Content-Type", "text/plain; charset=utf-8")
        return GREETING

    def json(self):  # type: ignore[no-untyped-def]
        return JSON_OBJECT  # a dict is sent as JSON

    def html(self, view: View):  # type: ignore[no-untyped-def]
        return view.render("fortunes", {"rows": ROWS})

    def db(self):  # type: ignore[no-untyped-def]
        world = World.find(db.random_id())
        return {"id": world.id, "randomNumber": world.randomNumber}

    def fortunes(self, view: View):  # type: ignore[no-untyped-def]
        fortunes = list(Fortune.all())
        fortunes.append(Fortune.hydrate({"id": 0, "message": db.ADDED_FORTUNE}))
        fortunes.sort(key=lambda fortune: fortune.message)
        return view.render("fortunes", {"rows": fortunes})


# Masonite resolves a controller method's parameters by their annotations at
# run time: real classes, not the strings postponed annotations leave.
BenchController.plaintext.__annotations__ = {"response": Response}
BenchController.html.__annotations__ = {"view": View}
BenchController.fortunes.__annotations__ = {"view": View}

application = Application(os.path.dirname(os.path.abspath(__file__)))
sys.modules.setdefault("wsgi", sys.modules[__name__])  # Masonite does "from wsgi import application"
application.register_providers(Kernel)
application.bind("config", Configuration(application))
application.bind("controllers.location", "fwcompare_bench")
application.bind("views.location", "fwcompare_bench/templates")
application.add_providers(FrameworkProvider, RouteProvider, ViewProvider)
application.make("router").add(
    [
        Route.get("/plaintext", BenchController.plaintext),
        Route.get("/json", BenchController.json),
        Route.get("/html", BenchController.html),
        Route.get("/db", BenchController.db),
        Route.get("/fortunes", BenchController.fortunes),
    ]
)

app = application
