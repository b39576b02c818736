"""What emmett's probes share: the probe set and the helpers that build apps and make requests."""

from __future__ import annotations

import asyncio
import itertools
import os
import pkgutil
import re
import tempfile
from typing import Any

from fwcompare_probes import Observation, ProbeSet

probes = ProbeSet("emmett")
# Every criterion has a probe: absences are checked as missing modules and names.
probes.not_probeable = {}

_counter = itertools.count()


def _app(files: dict[str, str] | None = None, **kwargs: Any) -> Any:
    """A fresh App with a unique name, rooted in a new temporary directory
    that holds *files* (relative path -> text)."""
    from emmett import App

    root = tempfile.mkdtemp(prefix="fwcompare-emmett-")
    for name, text in (files or {}).items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    return App(f"fwcompare_probe_{next(_counter)}", root_path=root, **kwargs)


def _packages() -> list[Any]:
    import emmett

    packages = [emmett]
    try:
        import emmett_core
    except ImportError:  # before 2.6 everything was in emmett
        pass
    else:
        packages.append(emmett_core)
    return packages


def _names(*words: str) -> list[str]:
    """Module names of emmett (and emmett_core), and public names of emmett and
    App, containing one of *words* (case-insensitive)."""
    import emmett

    found = set()
    for package in _packages():
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if any(w in info.name.rsplit(".", 1)[-1].lower() for w in words):
                found.add(info.name)
    for holder in (emmett, emmett.App):
        for name in dir(holder):
            if not name.startswith("_") and any(w in name.lower() for w in words):
                found.add(name)
    return sorted(found)


def _absent(words: tuple[str, ...], what: str, ignore: tuple[str, ...] = ()) -> Observation:
    found = [n for n in _names(*words) if n not in ignore]
    return Observation(
        present=bool(found),
        detail=f"searched emmett/emmett_core modules and emmett/App names for {words}: "
        f"{found or 'no such names'} ({what})",
    )


def _asgi(app: Any, path: str) -> tuple[Any, list[tuple[bytes, bytes]], bytes]:
    from fwcompare_probes._asgi import asgi_get

    sent = asyncio.run(asgi_get(app, path))
    start = next((m for m in sent if m["type"] == "http.response.start"), {})
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start.get("status"), list(start.get("headers", [])), body


def _form_app() -> Any:
    from emmett.forms import Form
    from emmett.orm import Field
    from emmett.sessions import SessionManager

    app = _app()
    app.pipeline = [SessionManager.cookies("fwcompare-probe-secret-key")]

    @app.route("/", methods=["get", "post"])
    async def index() -> str:
        form = await Form({"name": Field(validation={"len": {"gt": 2}})})
        if form.accepted:
            return "accepted " + form.params.name
        return str(form)

    return app


def _token(html: str) -> str:
    match = re.search(r'name="_csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="_csrf_token"', html
    )
    return match.group(1) if match else ""
