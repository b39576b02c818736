"""`fwcompare check` on real dependency files from public repositories (see fixtures/projects/real/README.md).

Each case pins every framework recognised with the release it is judged at,
every extension recognised, and the findings on one day: a framework or
extension missed, or one matched that is not there, fails the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import fwcompare

REAL = Path(__file__).resolve().parent / "fixtures" / "projects" / "real"

CASES = {
    "ctfd/requirements.txt": (
        {"flask": "2.1.3"},
        {"flask-babel", "flask-caching", "flask-migrate", "flask-sqlalchemy"},
        ["unsupported"],
    ),
    "full-stack-fastapi-template/uv.lock": (
        {"fastapi": "0.141.1", "starlette": "1.3.1"},
        {"alembic", "fastapi-cli", "sqlalchemy", "sqlmodel"},
        ["unsupported"],
    ),
    "healthchecks/requirements.txt": ({"django": "6.1"}, set(), []),
    # requires-python >=3.10: pip resolves tornado>=6.2.0 to 6.5.10 there (6.6 requires Python 3.11)
    # and Tornado patches only its latest release: 6.5.10 gets no fixes
    "jupyter_server/pyproject.toml": ({"tornado": "6.5.10"}, set(), ["unsupported"]),
    "litestar-fullstack/pyproject.toml": ({"litestar": "2.25.0"}, {"advanced-alchemy"}, []),
    "mealie/poetry.lock": ({"fastapi": "0.115.3", "starlette": "0.41.0"}, {"alembic", "sqlalchemy"}, ["unsupported"]),
    # Django 6.0's extended support ends in April 2027, within 180 days of 2026-12-01
    "netbox/requirements.txt": ({"django": "6.0.8"}, {"drf-spectacular"}, ["ends-within"]),
    "paperless-ngx/pyproject.toml": ({"django": "5.2.20"}, {"channels", "django-stubs", "drf-spectacular"}, []),
    "redash/uv.lock": (
        {"flask": "2.3.2"},
        {"flask-login", "flask-migrate", "flask-sqlalchemy", "flask-talisman", "flask-wtf"},
        ["unsupported"],
    ),
    "saleor/uv.lock": ({"django": "5.2.17"}, {"django-stubs"}, []),
    "warehouse/requirements/main.txt": ({"pyramid": "2.1"}, {"alembic", "pyramid-jinja2", "sqlalchemy"}, []),
}


@pytest.mark.parametrize("path", sorted(CASES))
def test_a_real_file_is_read_with_every_pin_recognised_and_no_false_match(path: str) -> None:
    frameworks, extensions, findings = CASES[path]
    result = fwcompare.check(REAL / path, on="2026-12-01")
    assert {f.slug: str(f.judged.version) if f.judged else None for f in result.frameworks} == frameworks
    assert {e.dependency.key for e in result.extensions} == extensions
    assert [f.kind for f in result.findings] == findings


def test_every_real_file_is_listed_with_its_source() -> None:
    readme = (REAL / "README.md").read_text(encoding="utf-8")
    files = sorted(str(p.relative_to(REAL)) for p in REAL.rglob("*") if p.is_file() and p.name != "README.md")
    assert files == sorted(CASES)
    for path in CASES:
        directory, _, inner = path.partition("/")
        assert f"| {directory} |" in readme
        assert f"| {inner} |" in readme
    assert len(CASES) >= 10
