"""CherryPy: an exposed class mounted on the tree, hosted by a WSGI server as its docs describe."""

from __future__ import annotations

import cherrypy
import jinja2

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import TEMPLATES

# CherryPy has no template engine; its docs suggest Jinja2 or Mako.
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)


class Root:
    @cherrypy.expose
    def plaintext(self):  # type: ignore[no-untyped-def]
        cherrypy.response.headers["Content-Type"] = "text/plain; charset=utf-8"
        return GREETING

    @cherrypy.expose
    @cherrypy.tools.json_out()
    def json(self):  # type: ignore[no-untyped-def]
        return JSON_OBJECT

    @cherrypy.expose
    def html(self):  # type: ignore[no-untyped-def]
        return _env.get_template("fortunes.html").render(rows=ROWS)

    @cherrypy.expose
    @cherrypy.tools.json_out()
    def db(self):  # type: ignore[no-untyped-def]
        return db.world()

    @cherrypy.expose
    def fortunes(self):  # type: ignore[no-untyped-def]
        return _env.get_template("fortunes.html").render(rows=db.fortunes())


# "Host a foreign WSGI application in CherryPy" / "hosting in another WSGI server":
# no autoreload, no CherryPy HTTP server, the engine started, the tree mounted.
cherrypy.config.update({"engine.autoreload.on": False, "environment": "production", "log.screen": False})
cherrypy.server.unsubscribe()
cherrypy.engine.start()
app = cherrypy.tree.mount(Root(), "/")
