"""The benchmark's py4web app. py4web serves the app named ``_default`` at the root.

py4web_app copies this folder into an apps folder of its own, which py4web
loads as the package ``apps._default``. The database endpoints go through
py4web's DAL (pyDAL), declared as its scaffold's ``common.py`` and
``models.py`` do and used by the actions as a fixture (``action.uses(db)``);
``migrate=False``, since ``fwcompare_bench.db`` has built the tables.
"""

import os

from py4web import DAL, Field, action, response

from fwcompare_bench import GREETING, JSON_OBJECT, ROWS
from fwcompare_bench import db as bench_db

db = DAL(bench_db.pydal_uri(), folder=os.path.dirname(bench_db.path()), pool_size=1, migrate=False)
db.define_table("world", Field("randomNumber", "integer"))
db.define_table("fortune", Field("message"))


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


@action("db")
@action.uses(db)
def db_view():  # type: ignore[no-untyped-def]
    world = db.world[bench_db.random_id()]
    return {"id": world.id, "randomNumber": world.randomNumber}


@action("fortunes")
@action.uses("fortunes.html", db)
def fortunes():  # type: ignore[no-untyped-def]
    rows = list(db(db.fortune).select())
    rows.append({"id": 0, "message": bench_db.ADDED_FORTUNE})
    rows.sort(key=lambda row: row["message"])
    return {"rows": rows}
