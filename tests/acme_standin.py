"""The example plugin's framework, Acme Web, faked: a tiny ``acme_web`` and its metadata, installed for an interpreter.

Acme Web is fictional. The stand-in has the whole API the example plugin's probes
and benchmark app use (examples/fwcompare-acme/src/fwcompare_acme/bench_app.py
documents it): ``App()``, a WSGI application whose ``route(path)`` makes a
function the view of ``GET path``, a view returning ``(content_type, text)``; ``/``
answers ``hello from acme``.
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path

ACME = Path(__file__).resolve().parent.parent / "examples" / "fwcompare-acme" / "src"
"""The example plugin's sources (its package, ``fwcompare_acme``)."""

DISTRIBUTION = "fwcompare-acme 1.0.0"
"""The example plugin's distribution, as discovery labels it."""

ACME_WEB = '''
"""Acme Web 4.2, a stand-in: a WSGI app of views by path."""


class App:
    def __init__(self):
        self.views = {"/": lambda: ("text/plain", "hello from acme")}

    def route(self, path):
        def add(view):
            self.views[path] = view
            return view

        return add

    def __call__(self, environ, start_response):
        view = self.views.get(environ.get("PATH_INFO", ""))
        if view is None:
            start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
            return [b""]
        kind, text = view()
        body = text.encode("utf-8")
        start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(body)))])
        return [body]
'''


def install(site: Path, distribution: str = "acme-web") -> Path:
    """*site*, a folder with *distribution* 4.2 installed in it (module ``acme_web``, dist-info)."""
    (site / "acme_web-4.2.dist-info").mkdir(parents=True)
    (site / "acme_web.py").write_text(ACME_WEB, encoding="utf-8")
    metadata = f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 4.2\n"
    (site / "acme_web-4.2.dist-info" / "METADATA").write_text(metadata, encoding="utf-8")
    (site / "acme_web-4.2.dist-info" / "RECORD").write_text("acme_web.py,,\n", encoding="utf-8")
    return site


def python_with_acme_web(tmp_path: Path, distribution: str = "acme-web", base: str = sys.executable) -> str:
    """An interpreter (*base*, wrapped) for which *distribution* 4.2 (module ``acme_web``) is installed.

    verify runs probes isolated (``-I``, which ignores PYTHONPATH): the wrapper drops
    the flag so the fake package is found; isolation itself is tested in test_hostile.
    """
    site = install(tmp_path / "site", distribution)
    wrapper = tmp_path / "python-with-acme-web"
    wrapper.write_text(
        '#!/bin/sh\nif [ "$1" = "-I" ]; then shift; fi\n'
        f'PYTHONPATH="{site}${{PYTHONPATH:+:$PYTHONPATH}}" exec "{base}" "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    return str(wrapper)
