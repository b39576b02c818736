"""The probes of Acme Web: `fwcompare verify acme` checks the plugin's data with them.

fwcompare never imports this module. It copies the file beside its own probes
and runs it as ``fwcompare_probes.acme`` in a subprocess of the interpreter
being checked, isolated (``python -I``) — exactly as it runs the bundled
probes. So, like them, it may import the standard library, ``fwcompare_probes``
and the framework, nothing else of the plugin or of fwcompare, and it is
written for Python 3.8 and later.

Registered in ``pyproject.toml``::

    [project.entry-points."fwcompare.probes"]
    acme = "fwcompare_acme.probes"
"""

from __future__ import annotations

from fwcompare_probes import Observation, ProbeSet

probes = ProbeSet("acme")  # the framework's slug
probes.not_probeable = {
    "runs_on_acme_cloud": "a deployment target: only a deployment to Acme Cloud shows it",
}


@probes.register("interface")
def interface() -> Observation:
    """Call an Acme app as a WSGI server would, with the standard library's test environ."""
    import wsgiref.util

    import acme_web  # the framework: imported inside the probe, so the module loads anywhere

    app = acme_web.App()
    environ: dict[str, object] = {}
    wsgiref.util.setup_testing_defaults(environ)
    seen: list[str] = []
    body = b"".join(app(environ, lambda status, headers, exc_info=None: seen.append(status)))
    ok = bool(seen) and seen[0].startswith("200")
    return Observation(
        present=ok,
        detail=f"acme_web.App() called as a WSGI app: GET / -> {seen[0] if seen else 'no status'} {body[:40]!r}",
        value=("WSGI",) if ok else (),
    )
