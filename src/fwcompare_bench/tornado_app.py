"""Tornado: RequestHandler classes, tornado.template, on Tornado's own HTTP server."""

from __future__ import annotations

import asyncio

from tornado.web import Application, RequestHandler

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import TEMPLATES


class Plaintext(RequestHandler):
    def get(self):  # type: ignore[no-untyped-def]
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.write(GREETING)


class Json(RequestHandler):
    def get(self):  # type: ignore[no-untyped-def]
        self.write(JSON_OBJECT)  # a dict is written as JSON


class Html(RequestHandler):
    def get(self):  # type: ignore[no-untyped-def]
        self.render("fortunes.tornado", rows=ROWS)


class Db(RequestHandler):
    def get(self):  # type: ignore[no-untyped-def]
        self.write(db.world())


class Fortunes(RequestHandler):
    def get(self):  # type: ignore[no-untyped-def]
        self.render("fortunes.tornado", rows=db.fortunes())


def make_app():  # type: ignore[no-untyped-def]
    handlers = [(r"/plaintext", Plaintext), (r"/json", Json), (r"/html", Html), (r"/db", Db), (r"/fortunes", Fortunes)]
    return Application(handlers, template_path=TEMPLATES)


async def _main(port):  # type: ignore[no-untyped-def]
    app = make_app()
    app.listen(port, address="127.0.0.1")
    await asyncio.Event().wait()


def serve(port):  # type: ignore[no-untyped-def]
    """Serve on 127.0.0.1:*port* until killed (the "Hello, world" of Tornado's docs)."""
    asyncio.run(_main(port))
