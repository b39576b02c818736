"""Extension health: registry figures and install-and-import checks for every extension the data names.

    python tasks/extension_health.py [--workers 2] [--only NAME ...]   writes src/fwcompare/data/extensions.json
    python tasks/extension_health.py --check                           re-runs the installs; exit 1 if a
                                                                       recommended extension is broken and unmarked

For every extension named in a fact of src/fwcompare/data/frameworks/*.toml
(deduplicated by PyPI name), reads the package registry's JSON API (latest
version and its upload date, number of releases, Requires-Python, the
Development Status classifier, yanked, project status), downloads the latest
wheel with ``pip download --no-deps`` to read its METADATA ``Requires-Dist``
(the registry's JSON when there is no wheel) and checks with ``packaging``
whether it admits the framework's checked release.

Then, for each (extension, framework) pair and each checked Python (the
newest here and the oldest fwcompare supports), makes a fresh virtual
environment with ``uv``, installs the framework's latest release for that
Python and the extension's latest release (when that does not resolve, the
extension unpinned, to see whether an older release does), imports the
extension's top-level modules (from the installed distribution's
``top_level.txt`` or ``RECORD``) and, where a smoke test is written below,
runs it (an app with the extension registered answers one request through the
framework's test client).

The output is generated: never edit it by hand. Slow (tens of minutes):
not part of the test suite. ``--check`` is for CI: it writes nothing.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import email.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

from packaging.markers import default_environment
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from fwcompare.model.extension_health import ExtensionStatus
from fwcompare.store.extension_health import parse_extension_health

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = ROOT / "src" / "fwcompare" / "data" / "frameworks"
OUTPUT = ROOT / "src" / "fwcompare" / "data" / "extensions.json"
REGISTRY = os.environ.get("FWCOMPARE_REGISTRY", "https://pypi.org")

# The newest Python here and the oldest fwcompare supports (requires-python >= 3.11).
PYTHONS = {
    "3.13.0": "/root/.pyenv/versions/3.13.0/bin/python",
    "3.11.7": "/root/.pyenv/versions/3.11.7/bin/python",
}

# An install that builds from source may compile C (pycrypto's configure takes minutes here).
INSTALL_TIMEOUT = 900

NEWEST = next(iter(PYTHONS))

# What a smoke test needs beside the framework and the extension (test clients).
SMOKE_DEPS = {"starlette": ["httpx"], "fastapi": ["httpx"]}

# Smallest smoke tests: an app with the extension registered answers one request.
# Keyed by (normalised PyPI name, framework slug); each prints "ok" on success.
SMOKE: dict[tuple[str, str], str] = {
    ("flask-sqlalchemy", "flask"): """
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
app = Flask(__name__); app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
db = SQLAlchemy(app)
@app.get("/")
def index():
    return str(db.session.execute(db.text("select 1")).scalar())
assert app.test_client().get("/").data == b"1"; print("ok")
""",
    ("flask-login", "flask"): """
from flask import Flask
from flask_login import LoginManager, current_user
app = Flask(__name__); app.secret_key = "x"
LoginManager(app).user_loader(lambda user_id: None)
@app.get("/")
def index():
    return str(current_user.is_authenticated)
assert app.test_client().get("/").data == b"False"; print("ok")
""",
    ("flask-wtf", "flask"): """
from flask import Flask
from flask_wtf import CSRFProtect
app = Flask(__name__); app.secret_key = "x"
CSRFProtect(app)
@app.route("/", methods=["GET", "POST"])
def index():
    return "hi"
c = app.test_client()
assert c.get("/").status_code == 200 and c.post("/").status_code == 400; print("ok")
""",
    ("flask-caching", "flask"): """
from flask import Flask
from flask_caching import Cache
app = Flask(__name__); cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})
n = []
@app.get("/")
@cache.cached(timeout=60)
def index():
    n.append(1); return str(len(n))
c = app.test_client(); c.get("/")
assert c.get("/").data == b"1"; print("ok")
""",
    ("flask-talisman", "flask"): """
from flask import Flask
from flask_talisman import Talisman
app = Flask(__name__); Talisman(app, force_https=False)
@app.get("/")
def index():
    return "hi"
assert "Content-Security-Policy" in app.test_client().get("/").headers; print("ok")
""",
    ("flask-babel", "flask"): """
from flask import Flask
from flask_babel import Babel, gettext
app = Flask(__name__); Babel(app)
@app.get("/")
def index():
    return gettext("hi")
assert app.test_client().get("/").data == b"hi"; print("ok")
""",
    ("flask-migrate", "flask"): """
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from flask_migrate import Migrate
app = Flask(__name__); app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
db = SQLAlchemy(app); Migrate(app, db)
@app.get("/")
def index():
    return "hi"
assert "migrate" in app.extensions and app.test_client().get("/").data == b"hi"; print("ok")
""",
    ("flask-admin", "flask"): """
from flask import Flask
from flask_admin import Admin
app = Flask(__name__); app.secret_key = "x"; Admin(app)
assert app.test_client().get("/admin/").status_code == 200; print("ok")
""",
    ("aiohttp-jinja2", "aiohttp"): """
import asyncio, jinja2, aiohttp_jinja2
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
async def main():
    app = web.Application()
    aiohttp_jinja2.setup(app, loader=jinja2.DictLoader({"t.html": "{{ x }}"}))
    async def index(request):
        return aiohttp_jinja2.render_template("t.html", request, {"x": "<b>"})
    app.router.add_get("/", index)
    async with TestClient(TestServer(app)) as client:
        r = await client.get("/"); assert r.status == 200, r.status; print("ok")
asyncio.run(main())
""",
    ("aiohttp-session", "aiohttp"): """
import asyncio
from aiohttp import web
from aiohttp_session import setup, get_session, SimpleCookieStorage
from aiohttp.test_utils import TestClient, TestServer
async def main():
    app = web.Application(); setup(app, SimpleCookieStorage())
    async def index(request):
        s = await get_session(request); s["n"] = s.get("n", 0) + 1; return web.Response(text=str(s["n"]))
    app.router.add_get("/", index)
    async with TestClient(TestServer(app)) as client:
        r = await client.get("/"); assert await r.text() == "1"; print("ok")
asyncio.run(main())
""",
    ("aiojobs", "aiohttp"): """
import asyncio
from aiohttp import web
from aiojobs.aiohttp import setup, spawn
from aiohttp.test_utils import TestClient, TestServer
async def main():
    app = web.Application(); setup(app)
    async def job():
        pass
    async def index(request):
        await spawn(request, job()); return web.Response(text="ok")
    app.router.add_get("/", index)
    async with TestClient(TestServer(app)) as client:
        r = await client.get("/"); assert r.status == 200; print("ok")
asyncio.run(main())
""",
    ("starlette-csrf", "starlette"): """
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient
from starlette_csrf import CSRFMiddleware
app = Starlette(routes=[Route("/", lambda r: PlainTextResponse("hi"), methods=["GET", "POST"])],
                middleware=[Middleware(CSRFMiddleware, secret="x")])
c = TestClient(app)
assert c.get("/").status_code == 200 and c.post("/").status_code == 403; print("ok")
""",
    ("starlette-csrf", "fastapi"): """
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette_csrf import CSRFMiddleware
app = FastAPI(); app.add_middleware(CSRFMiddleware, secret="x")
@app.post("/")
def index():
    return "hi"
assert TestClient(app).post("/").status_code == 403; print("ok")
""",
    ("quart-auth", "quart"): """
import asyncio
from quart import Quart
from quart_auth import QuartAuth, current_user
app = Quart(__name__); app.secret_key = "x"; QuartAuth(app)
@app.get("/")
async def index():
    return str(await current_user.is_authenticated)
async def main():
    r = await app.test_client().get("/"); assert await r.get_data() == b"False"; print("ok")
asyncio.run(main())
""",
    ("quart-schema", "quart"): """
import asyncio
from quart import Quart
from quart_schema import QuartSchema
app = Quart(__name__); QuartSchema(app)
async def main():
    r = await app.test_client().get("/openapi.json"); assert r.status_code == 200; print("ok")
asyncio.run(main())
""",
    ("sanic-testing", "sanic"): """
from sanic import Sanic, text
from sanic_testing import TestManager
app = Sanic("smoke"); TestManager(app)
@app.get("/")
async def index(request):
    return text("hi")
_, r = app.test_client.get("/"); assert r.text == "hi"; print("ok")
""",
    ("sanic-ext", "sanic"): """
from sanic import Sanic, text
from sanic_testing import TestManager
app = Sanic("smoke"); TestManager(app)
@app.get("/")
async def index(request):
    return text("hi")
_, r = app.test_client.get("/docs/openapi.json"); assert r.status == 200, r.status; print("ok")
""",
}
# sanic-ext's smoke test uses sanic-testing's client.
SMOKE_EXTRA_DEPS = {("sanic-ext", "sanic"): ["sanic-testing"], ("flask-migrate", "flask"): []}

_PRINT = threading.Lock()


def say(message: str) -> None:
    with _PRINT:
        print(message, flush=True)


# -- what the data names ---------------------------------------------------------------------------


def collect() -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Extensions by normalised PyPI name, the ones without one, and the frameworks by slug."""
    extensions: dict[str, dict[str, Any]] = {}
    elsewhere: list[dict[str, Any]] = []
    frameworks: dict[str, dict[str, Any]] = {}
    for path in sorted(FRAMEWORKS.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        slug = data["slug"]
        frameworks[slug] = {"pypi": data["pypi"], "checked": str(data["checked"]["version"])}
        for key, fact in data.get("facts", {}).items():
            entries = list(fact.get("extensions", []))
            for history in fact.get("history", []):
                entries.extend(history.get("extensions", []))
            for entry in entries:
                use = {"framework": slug, "criterion": key, "support": fact.get("support")}
                if not entry.get("pypi"):
                    elsewhere.append(
                        {
                            "name": entry["name"],
                            "url": entry.get("url"),
                            **use,
                            "reason": "not a package on the registry (a template or repository): "
                            "nothing to install or import",
                        }
                    )
                    continue
                item = extensions.setdefault(
                    canonicalize_name(entry["pypi"]), {"pypi": entry["pypi"], "name": entry["name"], "uses": []}
                )
                if not any(u["framework"] == slug and u["criterion"] == key for u in item["uses"]):
                    item["uses"].append(use)
    return extensions, elsewhere, frameworks


# -- the registry ----------------------------------------------------------------------------------


def registry_json(name: str) -> dict[str, Any]:
    url = f"{REGISTRY}/pypi/{name}/json"
    for attempt in range(3):
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                data: dict[str, Any] = json.load(response)
                return data
        except OSError:
            if attempt == 2:
                raise
            time.sleep(2 * (attempt + 1))
    raise AssertionError("unreachable")


def registry_figures(data: dict[str, Any]) -> dict[str, Any]:
    """The figures the health file keeps, from one registry JSON document."""
    info = data["info"]
    latest = str(info["version"])
    files = data["releases"].get(latest) or data.get("urls") or []
    uploads = sorted(str(f["upload_time_iso_8601"])[:10] for f in files if f.get("upload_time_iso_8601"))
    status = [c.split("::", 1)[1].strip() for c in info.get("classifiers") or () if c.startswith("Development Status")]
    project_status = info.get("project_status") or data.get("project-status")
    if isinstance(project_status, dict):
        project_status = project_status.get("status")
    return {
        "latest_version": latest,
        "latest_upload": uploads[0] if uploads else None,
        "releases": sum(1 for v in data["releases"].values() if v),
        "requires_python": info.get("requires_python") or None,
        "development_status": status[-1] if status else None,
        "yanked": bool(info.get("yanked")) or (bool(files) and all(f.get("yanked") for f in files)),
        "project_status": project_status or None,
        "registry_requires_dist": list(info.get("requires_dist") or []),
    }


def latest_for_python(data: dict[str, Any], python: str) -> str | None:
    """The newest final, unyanked release whose files admit *python*."""
    best: Version | None = None
    for text, files in data["releases"].items():
        try:
            version = Version(text)
        except InvalidVersion:
            continue
        live = [f for f in files if not f.get("yanked")]
        if not live or version.is_prerelease or version.is_devrelease:
            continue
        spec = live[0].get("requires_python") or ""
        try:
            if spec and not SpecifierSet(spec).contains(python):
                continue
        except ValueError:
            continue
        if best is None or version > best:
            best = version
    return None if best is None else str(best)


def wheel_metadata(name: str, version: str, scratch: Path) -> tuple[list[str], str] | None:
    """``Requires-Dist`` of the release's wheel (``pip download --no-deps``), or None without a wheel."""
    target = scratch / canonicalize_name(name)
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "-q",
        "--no-deps",
        "--only-binary=:all:",
        "--python-version",
        "3.13",
        "-d",
        str(target),
        f"{name}=={version}",
    ]
    if subprocess.run(command, capture_output=True, text=True, check=False).returncode != 0:
        return None
    wheels = sorted(target.glob("*.whl"))
    if not wheels:
        return None
    with zipfile.ZipFile(wheels[0]) as archive:
        meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        text = archive.read(meta).decode("utf-8")
    return requires_dist(text), wheels[0].name


def requires_dist(metadata: str) -> list[str]:
    """The ``Requires-Dist`` lines of a METADATA file."""
    message = email.parser.Parser().parsestr(metadata, headersonly=True)
    return [str(v) for v in message.get_all("Requires-Dist") or []]


def admission(lines: list[str], framework: str, release: str, python: str = "3.13.0") -> tuple[bool | None, str | None]:
    """Whether the requirements (without extras, on *python*) admit *framework* at *release*.

    ``(None, None)`` when they do not name the framework.
    """
    environment: dict[str, str] = {
        **{key: str(value) for key, value in default_environment().items()},
        "python_version": ".".join(python.split(".")[:2]),
        "python_full_version": python,
        "extra": "",
    }
    wanted = canonicalize_name(framework)
    for line in lines:
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue
        if canonicalize_name(requirement.name) != wanted:
            continue
        if requirement.marker is not None and not requirement.marker.evaluate(environment):
            continue
        return requirement.specifier.contains(release, prereleases=True), str(requirement)
    return None, None


# -- running it ------------------------------------------------------------------------------------

# Code run before the import: Django's contrib modules, which extensions import, need settings.
IMPORT_PRELUDE = {
    "django": (
        "import django; from django.conf import settings; settings.configure(INSTALLED_APPS=["
        "'django.contrib.contenttypes', 'django.contrib.auth'], DATABASES={'default': {"
        "'ENGINE': 'django.db.backends.sqlite3', 'NAME': ':memory:'}}); django.setup()"
    ),
}

IMPORT_SCRIPT = r"""
import importlib, importlib.metadata as md, json, sys
exec(sys.argv[2])
dist = md.distribution(sys.argv[1])
names = []
top = dist.read_text("top_level.txt")
if top:
    names = [n.strip() for n in top.split() if n.strip()]
else:
    for f in dist.files or ():
        parts = f.parts
        if len(parts) == 1 and parts[0].endswith(".py"):
            names.append(parts[0][:-3])
        elif len(parts) > 1 and parts[-1] == "__init__.py" and len(parts) == 2:
            names.append(parts[0])
names = sorted({n.replace("/", ".") for n in names if not n.startswith("_") and n not in ("tests", "test", "docs")
                and ".dist-info" not in n and not n.endswith(".data")})
importable = [n for n in names if not n.endswith("-stubs")]
errors = []
for n in importable:
    try:
        importlib.import_module(n)
    except BaseException as exc:
        import traceback
        errors.append(traceback.format_exc())
print(json.dumps({"version": dist.version, "names": names, "importable": importable, "errors": errors}))
"""


# Throwaway paths in tracebacks (/tmp/exth-.../v/lib/python3.13/site-packages/, uv's build
# directories) would make every regeneration differ: they are shortened.
_SCRATCH = re.compile(r"/tmp/exth-[^/\s]+/v/lib/python3\.\d+/site-packages/|/root/\.cache/uv/builds-v0/\.tmp\w+")


def tail(text: str, lines: int = 6, limit: int = 700) -> str:
    """The last non-blank *lines* of *text*, at most *limit* characters, scratch paths shortened."""
    kept = [_SCRATCH.sub("", line) for line in text.strip().splitlines() if line.strip()][-lines:]
    joined = "\n".join(kept)
    return joined[-limit:]


def run_pair(
    ext: str,
    pypi: str,
    latest: str,
    framework: str,
    fw_pypi: str,
    fw_version: str | None,
    python: str,
    current: bool,
    uv: str,
    today: str,
) -> dict[str, Any]:
    """Install the framework's release and the extension in a fresh venv; import; smoke-test."""
    run: dict[str, Any] = {
        "framework": framework,
        "python": python,
        "date": today,
        "framework_version": fw_version,
        "extension_version": None,
        "installs": False,
        "latest_installs": False,
        "imports": None,
        "works": None,
        "error": None,
        "current": current,
    }
    if fw_version is None:
        run["error"] = f"{fw_pypi} has no release for Python {python}"
        return run
    work = Path(tempfile.mkdtemp(prefix=f"exth-{ext}-{framework}-"))
    try:
        env = {**os.environ, "UV_NO_PROGRESS": "1", "VIRTUAL_ENV": ""}
        subprocess.run(
            [uv, "venv", "-q", "--python", PYTHONS[python], str(work / "v")], check=True, capture_output=True, env=env
        )
        py = str(work / "v" / "bin" / "python")
        extras = SMOKE_DEPS.get(framework, []) + SMOKE_EXTRA_DEPS.get((ext, framework), [])
        base = [uv, "pip", "install", "-q", "--python", py, f"{fw_pypi}=={fw_version}"]
        done = subprocess.run(
            [*base, f"{pypi}=={latest}"], capture_output=True, text=True, env=env, check=False, timeout=INSTALL_TIMEOUT
        )
        if done.returncode == 0:
            run["latest_installs"] = True
        else:
            first = tail(done.stderr)
            done = subprocess.run(
                [*base, pypi], capture_output=True, text=True, env=env, check=False, timeout=INSTALL_TIMEOUT
            )
            if done.returncode != 0:
                run["error"] = "install: " + first
                return run
            run["error"] = f"latest {pypi} {latest} does not install with {fw_pypi} {fw_version}: " + first
        run["installs"] = True
        probe = subprocess.run(
            [py, "-c", IMPORT_SCRIPT, pypi, IMPORT_PRELUDE.get(framework, "")],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
            cwd=work,
        )
        if probe.returncode != 0:
            run["imports"] = False
            run["error"] = "import: " + tail(probe.stderr)
            return run
        seen = json.loads(probe.stdout.strip().splitlines()[-1])
        run["extension_version"] = seen["version"]
        run["import_names"] = seen["names"]
        if seen["errors"]:
            run["imports"] = False
            run["error"] = "import: " + tail(seen["errors"][0])
            return run
        run["imports"] = True if seen["importable"] else None
        code = SMOKE.get((ext, framework))
        if code is not None:
            if extras:
                subprocess.run(
                    [uv, "pip", "install", "-q", "--python", py, *extras], capture_output=True, env=env, check=False
                )
            smoke = subprocess.run([py, "-c", code], capture_output=True, text=True, check=False, timeout=300, cwd=work)
            run["works"] = smoke.returncode == 0 and smoke.stdout.strip().endswith("ok")
            if not run["works"]:
                run["error"] = "smoke test: " + tail(smoke.stderr or smoke.stdout)
        return run
    except subprocess.TimeoutExpired as exc:
        run["error"] = f"timed out: {exc.cmd!r}"[:300]
        return run
    finally:
        shutil.rmtree(work, ignore_errors=True)


def find_uv() -> str:
    for candidate in (shutil.which("uv"), str(Path(sys.executable).parent / "uv")):
        if candidate and Path(candidate).exists():
            return candidate
    sys.exit("uv is needed: pip install --group bounds (or pip install uv)")


def check_all(
    extensions: dict[str, dict[str, Any]],
    frameworks: dict[str, dict[str, Any]],
    registry: dict[str, dict[str, Any]],
    workers: int,
    today: str,
) -> None:
    """Run every (extension, framework, Python) install; results go into ``extensions[...]["runs"]``."""
    uv = find_uv()
    latest_fw = {
        slug: {py: latest_for_python(registry[canonicalize_name(fw["pypi"])], py) for py in PYTHONS}
        for slug, fw in frameworks.items()
    }
    jobs = []
    for ext, item in extensions.items():
        for slug in dict.fromkeys(u["framework"] for u in item["uses"]):
            fw = frameworks[slug]
            for py in PYTHONS:
                version = latest_fw[slug][py]
                current = version is not None and version == latest_fw[slug][NEWEST]
                jobs.append((ext, item["pypi"], item["latest_version"], slug, fw["pypi"], version, py, current))
    say(f"{len(jobs)} installs, {workers} at a time")
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(run_pair, *job, uv, today): job for job in jobs}
        for number, future in enumerate(concurrent.futures.as_completed(futures), 1):
            job = futures[future]
            run = future.result()
            extensions[job[0]].setdefault("runs", []).append(run)
            names = run.pop("import_names", None)
            if names:
                extensions[job[0]]["import_names"] = names
            failed = run["framework_version"] and (not run["installs"] or run["imports"] is False)
            state = ("BROKEN" if run["current"] else "FAILS (older framework release)") if failed else "ok"
            works = {True: " works", False: " smoke FAILED", None: ""}[run["works"]]
            say(
                f"[{number}/{len(jobs)} {time.monotonic() - started:5.0f}s] {job[1]} {run['extension_version']} + "
                f"{job[4]} {job[5]} on {job[6]}: {state}{works}"
                + (f"\n      {run['error'].splitlines()[-1][:200]}" if run["error"] else "")
            )
    for item in extensions.values():
        item.get("runs", []).sort(key=lambda r: (r["framework"], Version(r["python"])))


def gather(only: list[str], workers: int, scratch: Path, *, wheels: bool = True) -> dict[str, Any]:
    """Registry figures and install runs for the extensions the data names (or *only* those).

    Without *wheels*, ``Requires-Dist`` comes from the registry's JSON instead of each wheel's
    METADATA: ``--check`` needs only the installs, and the downloads cost minutes.
    """
    today = datetime.date.today().isoformat()
    extensions, elsewhere, frameworks = collect()
    if only:
        wanted = {canonicalize_name(n) for n in only}
        extensions = {k: v for k, v in extensions.items() if k in wanted}
    registry: dict[str, dict[str, Any]] = {}
    names = [fw["pypi"] for fw in frameworks.values()] + [e["pypi"] for e in extensions.values()]
    say(f"reading the registry for {len(names)} distributions")

    def fetch(name: str) -> None:
        registry[canonicalize_name(name)] = registry_json(name)

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(fetch, names))
    for key, item in extensions.items():
        figures = registry_figures(registry[key])
        registry_requires = figures.pop("registry_requires_dist")
        item.update(figures)
        item["source"] = f"https://pypi.org/project/{item['pypi']}/"
        item["checked"] = today
        found = wheel_metadata(item["pypi"], item["latest_version"], scratch) if wheels else None
        if found is None:
            why = "no wheel for the latest release" if wheels else "wheels not downloaded for --check"
            lines, item["metadata_source"] = registry_requires, f"registry JSON ({why})"
        else:
            lines, item["metadata_source"] = found[0], f"METADATA of {found[1]}"
        for use in item["uses"]:
            fw = frameworks[use["framework"]]
            use["framework_pypi"], use["checked_version"] = fw["pypi"], fw["checked"]
            use["admits"], use["requirement"] = admission(lines, fw["pypi"], fw["checked"])
        say(f"  {item['pypi']} {item['latest_version']} ({item['latest_upload']}), {item['metadata_source']}")
    check_all(extensions, frameworks, registry, workers, today)
    return {
        "generated": "by tasks/extension_health.py from the package registry and install runs; "
        "never edit by hand: re-run the task",
        "checked": today,
        "registry": REGISTRY,
        "pythons": list(PYTHONS),
        "frameworks": {
            slug: {
                "pypi": fw["pypi"],
                "checked": fw["checked"],
                "latest": {py: latest_for_python(registry[canonicalize_name(fw["pypi"])], py) for py in PYTHONS},
            }
            for slug, fw in frameworks.items()
        },
        "extensions": [extensions[k] for k in sorted(extensions)],
        "not_on_registry": elsewhere,
    }


# -- the CI check ----------------------------------------------------------------------------------


def unmarked_broken(document: dict[str, Any]) -> list[str]:
    """Recommended extensions recorded broken whose fact's note does not say so.

    A broken extension is marked when the note of the fact that recommends it
    names it (its display or PyPI name) and says "broken"; or when the fact no
    longer recommends it.
    """
    health = parse_extension_health(document)
    problems = []
    facts = {}
    for path in sorted(FRAMEWORKS.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        facts[data["slug"]] = data.get("facts", {})
    for key, entry in health.items():
        for use in entry.uses:
            status, reason = entry.status_for(use.framework)
            if status is not ExtensionStatus.BROKEN:
                continue
            fact = facts.get(use.framework, {}).get(use.criterion, {})
            named = {canonicalize_name(e.get("pypi") or "") for e in fact.get("extensions", [])}
            if key not in named:
                continue
            note = str(fact.get("note", "")).lower()
            if "broken" in note and (entry.name.lower() in note or entry.pypi.lower() in note):
                continue
            problems.append(
                f"{use.framework}.{use.criterion}: {entry.pypi} is broken ({reason}) "
                "and the fact's note does not say so"
            )
    return problems


def merge(previous: dict[str, Any], fresh: dict[str, Any]) -> dict[str, Any]:
    """*fresh* entries (from ``--only``) replace or join *previous* ones; entries no longer named go.

    The document's date stays the oldest run's, so that it never claims a check that did not happen.
    """
    named, elsewhere, _ = collect()
    by_name = {canonicalize_name(e["pypi"]): e for e in previous["extensions"]}
    by_name.update({canonicalize_name(e["pypi"]): e for e in fresh["extensions"]})
    merged = {**fresh, "checked": min(previous["checked"], fresh["checked"]), "not_on_registry": elsewhere}
    merged["extensions"] = [by_name[k] for k in sorted(by_name) if k in named]
    return merged


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="re-run the installs, write nothing, fail on unmarked")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", nargs="*", default=[], help="PyPI names (default: all)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="exth-wheels-") as scratch:
        document = gather(args.only, args.workers, Path(scratch), wheels=not args.check)
    say(f"done in {time.monotonic() - started:.0f}s")
    if args.check:
        problems = unmarked_broken(document)
        for line in problems:
            say(f"UNMARKED: {line}")
        return 1 if problems else 0
    if args.only and args.output.exists():
        document = merge(json.loads(args.output.read_text(encoding="utf-8")), document)
    args.output.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    say(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
