"""Check version bounds at the boundary, against real old releases.

    python tasks/check_bounds.py [SLUG ...]      (default: django flask)

For every fact with a ``since`` bound, installs the last release before the
bound and the first release at it, each into a throwaway virtual environment
(with ``uv``, resolving the dependencies as they were on the release's date,
``--exclude-newer``, so that old releases get the dependencies they were
released with), runs the framework's probes there with ``fwcompare.verify``,
and prints what each probe saw. The release before the bound must be
observed without the capability, the release at it with it.

The interpreter for a release is the newest one on this machine that was
released before the framework release (at least 3.8, the oldest the probes
run on). Releases that need an interpreter older than 3.8 are reported as not
runnable here. Slow (minutes): not part of the test suite; its results go in
the notes of the verification issue.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.version import Version

import fwcompare

ROOT = Path(__file__).resolve().parent.parent
RELEASES = ROOT / "src" / "fwcompare" / "data" / "releases"

# CPython feature releases and their release dates (python.org release pages).
PYTHONS = {
    "3.8": datetime.date(2019, 10, 14),
    "3.9": datetime.date(2020, 10, 5),
    "3.10": datetime.date(2021, 10, 4),
    "3.11": datetime.date(2022, 10, 24),
    "3.12": datetime.date(2023, 10, 2),
    "3.13": datetime.date(2024, 10, 7),
}

# What the probes need beside the framework itself, per framework.
PROBE_EXTRAS = {"flask": ["asgiref"], "django": [], "microdot": ["jinja2", "pyjwt"]}


def interpreters() -> dict[str, str]:
    found = {}
    root = subprocess.run(["pyenv", "root"], capture_output=True, text=True, check=False).stdout.strip()
    for minor in PYTHONS:
        # pyenv's own builds first: its shims on PATH fail for versions not selected.
        candidates = sorted(Path(root, "versions").glob(f"{minor}.*/bin/python"), key=lambda p: Version(p.parts[-3]))
        path = str(candidates[-1]) if root and candidates else shutil.which(f"python{minor}")
        if path and "/shims/" not in path:
            found[minor] = path
    return found


def releases(slug: str) -> list[dict[str, object]]:
    data = json.loads((RELEASES / f"{slug}.json").read_text(encoding="utf-8"))
    return [r for r in data["releases"] if not r["yanked"] and not Version(str(r["version"])).is_prerelease]


def boundary(slug: str, since: Version) -> tuple[dict[str, object] | None, dict[str, object] | None]:
    items = releases(slug)
    before = [r for r in items if Version(str(r["version"])) < since]
    at = [r for r in items if Version(str(r["version"])) >= since]
    return (before[-1] if before else None), (at[0] if at else None)


def choose_python(release: dict[str, object], available: dict[str, str]) -> tuple[str, str] | None:
    day = datetime.date.fromisoformat(str(release["date"]))
    spec = SpecifierSet(str(release["requires_python"] or ""))
    fits = [m for m in available if spec.contains(f"{m}.0") or spec.contains(f"{m}.99")]
    # Newest interpreter released before the framework release, else the oldest that fits.
    older = [m for m in fits if PYTHONS[m] <= day]
    if older:
        return older[-1], available[older[-1]]
    if fits:
        return fits[0], available[fits[0]]
    return None


def build(slug: str, release: dict[str, object], python: str, minor: str, workdir: Path) -> str:
    framework = fwcompare.get(slug)
    venv = workdir / f"{slug}-{release['version']}"
    day = datetime.date.fromisoformat(str(release["date"]))
    # Dependencies as of the release (or, for releases older than the interpreter, as of it).
    cutoff = max(day, PYTHONS[minor]) + datetime.timedelta(days=1)
    uv = [sys.executable, "-m", "uv"]
    subprocess.run([*uv, "venv", "-q", "--python", python, str(venv)], check=True)
    subprocess.run(
        [
            *uv,
            "pip",
            "install",
            "-q",
            "--python",
            str(venv / "bin" / "python"),
            "--exclude-newer",
            cutoff.isoformat(),
            f"{framework.pypi}=={release['version']}",
            *PROBE_EXTRAS.get(slug, []),
        ],
        check=True,
    )
    return str(venv / "bin" / "python")


def main(argv: list[str]) -> int:
    slugs = argv or ["django", "flask"]
    available = interpreters()
    rows = []
    failed = False
    with tempfile.TemporaryDirectory(prefix="fwcompare-bounds-") as tmp:
        built: dict[tuple[str, str], str | None] = {}
        for slug in slugs:
            framework = fwcompare.get(slug)
            for key, fact in framework.facts.items():
                if fact.since is None:
                    continue
                for side, release in zip(("before", "at"), boundary(slug, fact.since), strict=True):
                    if release is None:
                        rows.append((slug, key, str(fact.since), side, "-", "-", "no such release on PyPI"))
                        continue
                    version = str(release["version"])
                    choice = choose_python(release, available)
                    if choice is None or (Version(version) < Version("1.8") and slug == "django"):
                        rows.append(
                            (
                                slug,
                                key,
                                str(fact.since),
                                side,
                                version,
                                "-",
                                "not runnable here: needs Python older than 3.8 (the probes need 3.8+)",
                            )
                        )
                        continue
                    minor, python = choice
                    if (slug, version) not in built:
                        try:
                            built[slug, version] = build(slug, release, python, minor, Path(tmp))
                        except subprocess.CalledProcessError as exc:
                            built[slug, version] = None
                            print(f"{slug} {version}: install failed: {exc}", file=sys.stderr)
                    venv_python = built[slug, version]
                    if venv_python is None:
                        rows.append((slug, key, str(fact.since), side, version, minor, "install failed"))
                        failed = True
                        continue
                    result = fwcompare.verify([slug], python=venv_python)
                    (check,) = [c for c in result.checks if c.criterion == key]
                    expected_present = side == "at"
                    ok = check.status is fwcompare.CheckStatus.CONFIRMED
                    failed |= not ok
                    verdict = (
                        f"{check.status} ({'has it' if expected_present else 'lacks it'} expected): {check.observed}"
                    )
                    rows.append((slug, key, str(fact.since), side, version, minor, verdict))
                    print(" | ".join(rows[-1]), flush=True)
    print()
    print("| framework | fact | since | side | release | python | result |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(r.replace("|", "\\|")[:220] for r in row) + " |")
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    raise SystemExit(main(sys.argv[1:]))
