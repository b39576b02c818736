"""TurboGears: a TGController in minimal mode, Kajiki (TurboGears' default engine), on gunicorn."""

from __future__ import annotations

from tg import MinimalApplicationConfigurator, TGController, expose

from . import GREETING, JSON_OBJECT, ROWS
from ._common import TEMPLATES


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


config = MinimalApplicationConfigurator()
config.update_blueprint(
    {
        "root_controller": RootController(),
        "renderers": ["kajiki", "json"],
        "paths": {"templates": [TEMPLATES]},
    }
)
app = config.make_wsgi_app()
