"""Extension health: the status rules, requirement admission, parsing, and the bundled file.

No network: registry responses and METADATA are recorded under tests/fixtures/extension_health/.
"""

from __future__ import annotations

import datetime
import importlib.util
import json
import sys
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from fwcompare._errors import DataError
from fwcompare.model.extension_health import (
    ACTIVE_DAYS,
    QUIET_DAYS,
    ExtensionHealth,
    ExtensionStatus,
    ExtensionUse,
    InstallRun,
    maintenance_status,
)
from fwcompare.store.extension_health import load_extension_health, parse_extension_health

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "extension_health"
CHECKED = datetime.date(2026, 12, 1)


@pytest.fixture(scope="module")
def task() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extension_health_task", ROOT / "tasks" / "extension_health.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def days_before(days: int) -> datetime.date:
    return CHECKED - datetime.timedelta(days=days)


def run(framework: str = "flask", **changes: Any) -> InstallRun:
    values: dict[str, Any] = {
        "framework": framework,
        "python": "3.13.0",
        "date": CHECKED,
        "framework_version": "3.1.3",
        "extension_version": "1.0",
        "installs": True,
        "latest_installs": True,
        "imports": True,
    }
    values.update(changes)
    return InstallRun(**values)


def health(
    *runs: InstallRun, uploaded: datetime.date | None = None, frameworks: tuple[str, ...] = ("flask",)
) -> ExtensionHealth:
    uses = tuple(ExtensionUse(f, "orm", f.title(), "1.0", admits=None) for f in frameworks)
    return ExtensionHealth(
        pypi="Flask-Thing",
        name="Flask-Thing",
        checked=CHECKED,
        source="https://pypi.org/project/Flask-Thing/",
        latest_version="1.0",
        latest_upload=uploaded or days_before(10),
        releases=3,
        requires_python=">=3.9",
        development_status="5 - Production/Stable",
        yanked=False,
        uses=uses,
        runs=runs,
    )


# -- status thresholds ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (0, ExtensionStatus.ACTIVE),
        (ACTIVE_DAYS, ExtensionStatus.ACTIVE),
        (ACTIVE_DAYS + 1, ExtensionStatus.QUIET),
        (QUIET_DAYS, ExtensionStatus.QUIET),
        (QUIET_DAYS + 1, ExtensionStatus.UNMAINTAINED),
        (10 * 365, ExtensionStatus.UNMAINTAINED),
    ],
)
def test_the_status_from_release_age_changes_exactly_at_the_documented_thresholds(
    age: int, expected: ExtensionStatus
) -> None:
    status, reason = maintenance_status(days_before(age), CHECKED)
    assert status is expected
    assert f"{age} days before 2026-12-01" in reason


def test_a_recent_release_declared_inactive_is_unmaintained() -> None:
    status, reason = maintenance_status(days_before(5), CHECKED, development_status="7 - Inactive")
    assert status is ExtensionStatus.UNMAINTAINED
    assert "inactive" in reason


@pytest.mark.parametrize("project_status", ["archived", "Deprecated"])
def test_a_project_the_registry_marks_archived_or_deprecated_is_unmaintained(project_status: str) -> None:
    assert maintenance_status(days_before(5), CHECKED, project_status=project_status)[0] is ExtensionStatus.UNMAINTAINED


def test_an_active_project_status_does_not_lower_a_recent_release() -> None:
    assert maintenance_status(days_before(5), CHECKED, project_status="active")[0] is ExtensionStatus.ACTIVE


def test_a_project_with_no_release_file_is_unmaintained() -> None:
    assert maintenance_status(None, CHECKED)[0] is ExtensionStatus.UNMAINTAINED


def test_statuses_order_from_active_to_broken() -> None:
    assert sorted(ExtensionStatus, reverse=True) == [
        ExtensionStatus.BROKEN,
        ExtensionStatus.UNMAINTAINED,
        ExtensionStatus.QUIET,
        ExtensionStatus.ACTIVE,
    ]


# -- broken, from recorded runs ------------------------------------------------------------------


def test_an_extension_that_does_not_install_is_broken_with_the_versions_and_date_in_the_reason() -> None:
    entry = health(run(), run(python="3.11.7", installs=False, latest_installs=False, imports=None, error="x"))
    status, reason = entry.status_for("flask")
    assert status is ExtensionStatus.BROKEN
    assert reason == "does not install with flask 3.1.3 on Python 3.11.7 (checked 2026-12-01)"


def test_an_extension_that_installs_but_does_not_import_is_broken() -> None:
    status, reason = health(run(imports=False, error="import: ModuleNotFoundError")).status_for("flask")
    assert status is ExtensionStatus.BROKEN
    assert reason.startswith("does not import")


def test_an_older_extension_release_that_installs_is_not_broken() -> None:
    entry = health(run(latest_installs=False), uploaded=days_before(400))
    assert entry.status_for("flask")[0] is ExtensionStatus.QUIET


def test_a_stub_only_package_with_nothing_to_import_is_not_broken() -> None:
    assert health(run(imports=None)).status_for("flask")[0] is ExtensionStatus.ACTIVE


def test_a_python_the_framework_has_no_release_for_is_not_evidence_of_breakage() -> None:
    entry = health(run(framework_version=None, installs=False, latest_installs=False, imports=None))
    assert entry.status_for("flask")[0] is ExtensionStatus.ACTIVE


def test_a_failure_next_to_an_older_framework_release_is_recorded_but_not_broken() -> None:
    older = run(python="3.11.7", framework_version="5.2.19", imports=False, error="x", current=False)
    entry = health(run(), older)
    assert older.failed
    assert not older.broken
    assert entry.status_for("flask")[0] is ExtensionStatus.ACTIVE


def test_broken_is_per_framework_and_the_overall_status_is_the_worst() -> None:
    entry = health(run("flask"), run("quart", installs=False), frameworks=("flask", "quart"))
    assert entry.status_for("flask")[0] is ExtensionStatus.ACTIVE
    assert entry.status_for("quart")[0] is ExtensionStatus.BROKEN
    assert entry.status is ExtensionStatus.BROKEN
    assert entry.frameworks == ("flask", "quart")


# -- registry and METADATA parsing ---------------------------------------------------------------


def test_registry_figures_come_from_the_recorded_response(task: ModuleType) -> None:
    recorded = json.loads((FIXTURES / "aiojobs.registry.json").read_text(encoding="utf-8"))
    figures = task.registry_figures(recorded)
    assert figures["latest_version"] == "1.4.0"
    assert figures["latest_upload"] == "2025-04-05"
    assert figures["releases"] == sum(1 for files in recorded["releases"].values() if files)
    assert figures["requires_python"] == ">=3.9"
    assert figures["development_status"] == "5 - Production/Stable"
    assert figures["yanked"] is False
    assert figures["project_status"] is None


def test_the_latest_release_for_a_python_skips_releases_that_need_a_newer_one(task: ModuleType) -> None:
    def files(requires: str, *, yanked: bool = False) -> list[dict[str, Any]]:
        return [{"requires_python": requires, "yanked": yanked}]

    recorded = {
        "releases": {
            "5.2": files(">=3.10"),
            "6.0": files(">=3.12"),
            "6.1rc1": files(">=3.12"),
            "5.3": files(">=3.10", yanked=True),
            "0.1": [],
        }
    }
    assert task.latest_for_python(recorded, "3.13.0") == "6.0"
    assert task.latest_for_python(recorded, "3.11.7") == "5.2"
    assert task.latest_for_python(recorded, "3.8.18") is None


def test_requires_dist_is_read_from_a_wheels_metadata(task: ModuleType) -> None:
    metadata = (FIXTURES / "Flask_SQLAlchemy-3.1.1.METADATA").read_text(encoding="utf-8")
    assert task.requires_dist(metadata) == ["flask>=2.2.5", "sqlalchemy>=2.0.16"]


@pytest.mark.parametrize(
    ("release", "admits"),
    [("3.1.3", True), ("2.2.5", True), ("2.2.4", False)],
)
def test_a_requirement_admits_the_framework_release_by_its_specifier(
    task: ModuleType, release: str, admits: bool
) -> None:
    metadata = (FIXTURES / "Flask_SQLAlchemy-3.1.1.METADATA").read_text(encoding="utf-8")
    assert task.admission(task.requires_dist(metadata), "Flask", release) == (admits, "flask>=2.2.5")


def test_a_framework_the_requirements_do_not_name_is_neither_admitted_nor_refused(task: ModuleType) -> None:
    assert task.admission(["sqlalchemy>=2"], "Pyramid", "2.1") == (None, None)


def test_requirements_behind_an_extra_or_another_python_do_not_count(task: ModuleType) -> None:
    lines = ['aiohttp<3; extra == "aiohttp"', 'aiohttp<2; python_version < "3.11"', "aiohttp>=3.9"]
    assert task.admission(lines, "aiohttp", "3.14.5") == (True, "aiohttp>=3.9")
    assert task.admission(lines[:2], "aiohttp", "3.14.5") == (None, None)


def test_a_health_document_parses_into_typed_entries_by_normalised_name() -> None:
    document = {
        "checked": "2026-12-01",
        "extensions": [
            {
                "pypi": "Flask_Thing",
                "name": "Flask-Thing",
                "source": "https://pypi.org/project/Flask_Thing/",
                "latest_version": "1.0",
                "latest_upload": "2020-01-02",
                "releases": 4,
                "uses": [
                    {
                        "framework": "flask",
                        "criterion": "orm",
                        "framework_pypi": "Flask",
                        "checked_version": "3.1.3",
                        "admits": False,
                        "requirement": "flask<2",
                    }
                ],
                "runs": [
                    {
                        "framework": "flask",
                        "python": "3.13.0",
                        "date": "2026-12-01",
                        "framework_version": "3.1.3",
                        "installs": False,
                        "latest_installs": False,
                        "error": "install: no solution",
                    }
                ],
            }
        ],
    }
    entry = parse_extension_health(document)["flask-thing"]
    assert entry.latest_upload == datetime.date(2020, 1, 2)
    assert entry.uses[0].admits is False
    assert entry.runs[0].error == "install: no solution"
    assert entry.status_for("flask")[0] is ExtensionStatus.BROKEN
    assert entry.maintenance()[0] is ExtensionStatus.UNMAINTAINED


def test_a_document_without_the_checked_date_is_a_data_error_naming_the_file() -> None:
    with pytest.raises(DataError, match=r"extensions\.json"):
        parse_extension_health({"extensions": []})


# -- the bundled file ----------------------------------------------------------------------------


def named_extensions() -> set[tuple[str, str]]:
    """(normalised PyPI name, framework slug) for every extension a bundled fact names."""
    from packaging.utils import canonicalize_name

    found: set[tuple[str, str]] = set()
    for path in (ROOT / "src" / "fwcompare" / "data" / "frameworks").glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for fact in data.get("facts", {}).values():
            for entry in fact.get("extensions", []):
                if entry.get("pypi"):
                    found.add((canonicalize_name(entry["pypi"]), data["slug"]))
    return found


def test_every_extension_the_data_names_has_install_results_on_both_checked_pythons() -> None:
    bundled = load_extension_health()
    document = json.loads((ROOT / "src" / "fwcompare" / "data" / "extensions.json").read_text(encoding="utf-8"))
    missing = []
    for name, slug in sorted(named_extensions()):
        entry = bundled.get(name)
        pythons = {r.python for r in entry.runs if r.framework == slug} if entry else set()
        if pythons != set(document["pythons"]):
            missing.append(f"{name} with {slug}: runs on {sorted(pythons)}")
    assert missing == [], "run python tasks/extension_health.py"


def test_the_bundled_runs_are_from_the_check_date_and_the_file_says_it_is_generated() -> None:
    document = json.loads((ROOT / "src" / "fwcompare" / "data" / "extensions.json").read_text(encoding="utf-8"))
    assert "never edit by hand" in document["generated"]
    for entry in document["extensions"]:
        checked = entry.get("checked", document["checked"])
        assert checked >= document["checked"]
        assert {r["date"] for r in entry["runs"]} == {checked}, entry["pypi"]


def test_no_fact_recommends_a_broken_extension_without_saying_so_in_its_note(task: ModuleType) -> None:
    document = json.loads((ROOT / "src" / "fwcompare" / "data" / "extensions.json").read_text(encoding="utf-8"))
    assert task.unmarked_broken(document) == []


def test_the_check_finds_a_broken_recommended_extension_whose_note_is_silent(task: ModuleType) -> None:
    document = json.loads((ROOT / "src" / "fwcompare" / "data" / "extensions.json").read_text(encoding="utf-8"))
    entry = next(e for e in document["extensions"] if e["pypi"] == "Flask-SQLAlchemy")
    for recorded in entry["runs"]:
        recorded["installs"] = False
    problems = task.unmarked_broken(document)
    assert problems == [
        (
            "flask.orm: Flask-SQLAlchemy is broken (does not install with flask "
            f"{entry['runs'][0]['framework_version']} on Python {entry['runs'][0]['python']} "
            f"(checked {document['checked']})) and the fact's note does not say so"
        )
    ]


def test_recorded_errors_keep_the_last_lines_without_throwaway_paths(task: ModuleType) -> None:
    output = "\n".join(  # noqa: FLY002 (one line of a traceback per item reads better)
        [
            "Traceback (most recent call last):",
            '  File "/tmp/exth-sanic-ext-sanic-4n2b4izu/v/lib/python3.11/site-packages/sanic_ext/clean.py", line 3',
            "",
            "    import pydantic",
            "ModuleNotFoundError: No module named 'pydantic'",
        ]
    )
    assert task.tail(output, lines=3) == (
        "  File \"sanic_ext/clean.py\", line 3\n    import pydantic\nModuleNotFoundError: No module named 'pydantic'"
    )
