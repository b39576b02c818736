"""The benchmark's py4web app. py4web serves the app named ``_default`` at the root.

py4web_app copies this folder into an apps folder of its own, which py4web
loads as the package ``apps._default``.
"""

from py4web import action, response

from fwcompare_bench import GREETING, JSON_OBJECT, ROWS


@action("plaintext")
def plaintext():  # type: ignore[no-untyped-def]
    response.headers["Content-Type"] = "text/plain; charset=utf-8"
    return GREETING


@action("json")
def json():  # type: ignore[no-untyped-def]
    return JSON_OBJECT  # a dict returned without a template is sent as JSON


@action("html")
@action.uses("fortunes.html")
def html():  # type: ignore[no-untyped-def]
    return {"rows": ROWS}
