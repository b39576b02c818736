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

import attrs
import pytest

import fwcompare
from factories import SOURCE, framework_doc, write_json
from fwcompare import Registry
from fwcompare._errors import DataError
from fwcompare.model.extension_health import (
    ACTIVE_DAYS,
    QUIET_DAYS,
    ExtensionHealth,
    ExtensionStatus,
    ExtensionUse,
    Failure,
    InstallRun,
    MaintainerStatement,
    Outcome,
    Repository,
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
        (QUIET_DAYS + 1, ExtensionStatus.QUIET),
        (10 * 365, ExtensionStatus.QUIET),
    ],
)
def test_release_age_alone_never_makes_an_extension_unmaintained(age: int, expected: ExtensionStatus) -> None:
    status, reason = maintenance_status(days_before(age), CHECKED)
    assert status is expected
    assert f"last release {days_before(age)}" in reason


def repository(commit_days_ago: int | None, *, archived: bool | None = None) -> Repository:
    commit = None if commit_days_ago is None else days_before(commit_days_ago)
    return Repository("https://github.com/o/r", commit, CHECKED, "git log -1", archived)


def test_neither_a_release_nor_a_commit_in_three_years_is_unmaintained_with_both_dates() -> None:
    status, reason = maintenance_status(days_before(QUIET_DAYS + 1), CHECKED, repository=repository(QUIET_DAYS + 1))
    assert status is ExtensionStatus.UNMAINTAINED
    assert "neither a release nor a commit in three years" in reason
    assert str(days_before(QUIET_DAYS + 1)) in reason


def test_a_recent_commit_keeps_an_old_release_from_being_unmaintained() -> None:
    status, reason = maintenance_status(days_before(QUIET_DAYS + 1), CHECKED, repository=repository(QUIET_DAYS))
    assert status is ExtensionStatus.QUIET
    assert f"last commit {days_before(QUIET_DAYS)}" in reason


def test_an_archived_repository_or_a_maintainer_statement_is_evidence() -> None:
    assert maintenance_status(days_before(5), CHECKED, repository=repository(5, archived=True))[0] is (
        ExtensionStatus.UNMAINTAINED
    )
    said = MaintainerStatement("the README says it is no longer maintained", "https://example.org/readme", CHECKED)
    status, reason = maintenance_status(days_before(5), CHECKED, statement=said)
    assert status is ExtensionStatus.UNMAINTAINED
    assert "https://example.org/readme" in reason


def test_a_recent_release_declared_inactive_is_unmaintained() -> None:
    status, reason = maintenance_status(days_before(5), CHECKED, development_status="7 - Inactive")
    assert status is ExtensionStatus.UNMAINTAINED
    assert "inactive" in reason


@pytest.mark.parametrize("project_status", ["archived", "Deprecated"])
def test_a_project_the_registry_marks_archived_or_deprecated_is_unmaintained(project_status: str) -> None:
    assert maintenance_status(days_before(5), CHECKED, project_status=project_status)[0] is ExtensionStatus.UNMAINTAINED


def test_an_active_project_status_does_not_lower_a_recent_release() -> None:
    assert maintenance_status(days_before(5), CHECKED, project_status="active")[0] is ExtensionStatus.ACTIVE


def test_a_project_with_no_release_file_is_not_called_unmaintained_without_evidence() -> None:
    status, reason = maintenance_status(None, CHECKED)
    assert status is ExtensionStatus.QUIET
    assert "no release file" in reason


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
    assert reason.startswith("does not install with flask 3.1.3 on Python 3.11.7 (checked 2026-12-01); last release")


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
    assert entry.maintenance()[0] is ExtensionStatus.QUIET


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


# -- what a status says: observed, when, and the maintenance facts ---------------------------------


def test_a_working_extension_says_what_was_observed_when_and_its_maintenance_facts() -> None:
    smoked: dict[str, Any] = {"works": True, "smoke": "a login through the test client", "observed": "logged in as 42"}
    entry = attrs.evolve(
        health(run(**smoked), run(python="3.11.7", **smoked), uploaded=datetime.date(2023, 10, 30)),
        repository=Repository("https://github.com/o/r", datetime.date(2025, 8, 27), CHECKED, "git log -1"),
    )
    status, reason = entry.status_for("flask")
    assert status is ExtensionStatus.QUIET
    assert reason == (
        "works with flask 3.1.3 on Python 3.11 and 3.13 (a login through the test client), checked 2026-12-01; "
        "last release 2023-10; last commit 2025-08-27 in https://github.com/o/r"
    )


def test_an_undeclared_dependency_with_a_working_workaround_is_not_broken_and_says_the_step() -> None:
    failed = run(
        imports=False,
        error="import: ModuleNotFoundError: No module named 'pydantic'",
        failure=Failure.UNDECLARED_DEPENDENCY,
        failure_subject="pydantic",
        workaround="pip install pydantic",
        works_with_workaround=True,
    )
    entry = health(failed)
    status, reason = entry.status_for("flask")
    assert status is ExtensionStatus.ACTIVE
    assert reason.startswith(
        "works with flask 3.1.3 on Python 3.13 after `pip install pydantic` (needs pydantic, which it does not declare)"
    )
    assert failed.outcome is Outcome.WORKAROUND
    assert not failed.broken


def test_a_failing_smoke_test_is_broken_and_the_reason_names_the_failure_class() -> None:
    failed = run(works=False, error="smoke test: ...", failure=Failure.FRAMEWORK, failure_subject="Flask 3.1.3")
    status, reason = health(failed).status_for("flask")
    assert status is ExtensionStatus.BROKEN
    assert reason.startswith("does not pass its smoke test with flask 3.1.3 on Python 3.13.0: incompatible with Flask")
    assert failed.outcome is Outcome.BROKEN


def test_a_namespace_only_import_is_not_counted_as_working() -> None:
    assert run(imports=None).outcome is Outcome.NOT_CHECKABLE
    assert run(imports=True).outcome is Outcome.IMPORTS_ONLY
    assert run(imports=True, works=True).outcome is Outcome.WORKS


def test_a_matrix_run_that_fails_is_recorded_without_making_the_extension_broken() -> None:
    matrix = run(framework_version="2.2.5", current=False, pinned=True, imports=False, error="x")
    entry = health(run(works=True, smoke="s"), matrix)
    assert entry.status_for("flask")[0] is ExtensionStatus.ACTIVE
    assert entry.runs_for("flask")[-1] is matrix


# -- classifying failures from recorded output -----------------------------------------------------


@pytest.mark.parametrize(
    ("error", "step", "expected"),
    [
        (
            "ModuleNotFoundError: No module named 'pydantic'",
            "import",
            ("undeclared-dependency", "pydantic", "pip install pydantic"),
        ),
        (
            "ModuleNotFoundError: No module named 'typing_extensions'",
            "import",
            ("undeclared-dependency", "typing-extensions", "pip install typing-extensions"),
        ),
        (
            (
                "ImportError: The SQLAlchemy asyncio module requires that the Python 'greenlet' library is installed. "
                "In order to ensure this dependency is available, use the 'sqlalchemy[asyncio]' install target: "
                "'pip install sqlalchemy[asyncio]'"
            ),
            "import",
            ("undeclared-dependency", "greenlet", "pip install greenlet"),
        ),
        (
            "ValueError: Either use Django 6+ or include django-tasks with [compat] extra",
            "import",
            ("undeclared-dependency", "django-tasks[compat]", "pip install 'django-tasks[compat]'"),
        ),
        (
            "RuntimeError: Cannot load <class 'Todo'> - try installing msgspec or pydantic",
            "smoke",
            ("undeclared-dependency", "msgspec", "pip install msgspec"),
        ),
        (
            "ImportError: cannot import name 'url_decode' from 'werkzeug.urls' (werkzeug/urls.py)",
            "import",
            ("dependency", "werkzeug 3.1.9", "pip install 'werkzeug<3'"),
        ),
        ("ImportError: cannot import name 'x' from 'flask' (flask/__init__.py)", "import", ("framework", None, None)),
        ('  File "flask/app.py", line 3, in f\nTypeError: f() takes 2 arguments', "smoke", ("framework", None, None)),
        ('  File "flask/app.py", line 3\n  File "<string>", line 9\nTypeError: x', "smoke", ("other", None, None)),
        ("  × Failed to build `pycrypto==2.6.1`", "install", ("build", None, None)),
        ("No solution found when resolving dependencies: quart>=0.18.3,<0.20", "install", ("framework", None, None)),
        ("ModuleNotFoundError: No module named 'flask_thing.sub'", "import", ("other", None, None)),
        (
            "ModuleNotFoundError: No module named 'pkg_resources'",
            "smoke",
            ("undeclared-dependency", "pkg_resources (setuptools<81)", "pip install 'setuptools<81'"),
        ),
    ],
)
def test_failures_are_classified_from_the_recorded_output(
    task: ModuleType, error: str, step: str, expected: tuple[str, str | None, str | None]
) -> None:
    assert task.classify(error, step, ["flask_thing"], "flask", {"werkzeug": "3.1.9"}) == expected


def test_an_api_gone_from_a_listed_dependency_tries_its_previous_major(task: ModuleType) -> None:
    error = "AttributeError: module 'trafaret' has no attribute 'IntRaw'"
    found = task.classify(error, "import", ["aiohttp_admin"], "aiohttp", {"trafaret": "2.1.1"})
    assert found == ("dependency", "trafaret 2.1.1", "pip install 'trafaret<2'")


def test_a_failure_on_one_python_only_is_classified_as_that_python(task: ModuleType) -> None:
    runs = [
        {"framework": "f", "python": "3.11.7", "current": True, "framework_version": "1", "installs": True,
         "imports": False, "failure": "other"},
        {"framework": "f", "python": "3.13.0", "current": True, "framework_version": "1", "installs": True,
         "imports": True},
    ]  # fmt: skip
    task.mark_python_failures(runs)
    assert (runs[0]["failure"], runs[0]["failure_subject"]) == ("python", "3.11")


def test_the_newest_release_of_a_series_skips_prereleases_and_yanked_files(task: ModuleType) -> None:
    live, gone = [{"yanked": False}], [{"yanked": True}]
    recorded = {"releases": {"2.2.4": live, "2.2.5": live, "2.2.6": gone, "2.3.0rc1": live, "2.10.0": live}}
    assert task.newest_in_series(recorded, "2.2") == "2.2.5"
    assert task.newest_in_series(recorded, "2.1") is None


# -- one record per distribution, found by its name ------------------------------------------------


def test_the_extension_index_has_one_record_per_distribution_by_normalised_name() -> None:
    index = fwcompare.extensions()
    names = [e.normalized for e in index]
    assert names == sorted(set(names))
    assert "flask-sqlalchemy" in names


@pytest.mark.parametrize("spelling", ["flask-login", "Flask_Login", "FLASK.login"])
def test_by_distribution_finds_an_extension_under_any_pep_503_spelling(spelling: str) -> None:
    found = fwcompare.default_registry().by_distribution(spelling)
    assert found.name == "flask-login"
    assert found.framework is None
    assert found.extension is not None
    assert found.extension.pypi == "Flask-Login"


def test_by_distribution_finds_frameworks_by_their_pypi_name_and_both_where_both_apply() -> None:
    registry = fwcompare.default_registry()
    fasthtml = registry.by_distribution("python-fasthtml")
    assert fasthtml.framework is not None
    assert fasthtml.framework.slug == "fasthtml"
    assert fasthtml.extension is None
    both = registry.by_distribution("fastapi")
    assert both.framework is not None
    assert both.extension is not None


def test_an_unknown_distribution_is_a_lookup_error_with_suggestions() -> None:
    with pytest.raises(fwcompare.UnknownDistributionError, match="flask-login") as caught:
        fwcompare.default_registry().by_distribution("flask-logn")
    assert isinstance(caught.value, LookupError)


def test_a_user_framework_naming_a_bundled_extension_gets_that_packages_status(tmp_path: Path) -> None:
    criteria = fwcompare.criteria()
    doc = framework_doc("userfw", criteria)
    doc["facts"]["orm"] = {
        "support": "extension",
        "sources": [dict(SOURCE)],
        "extensions": [
            {"name": "Flask-SQLAlchemy", "party": "third", "pypi": "flask_sqlalchemy"},
            {"name": "Unknown-Thing", "party": "third", "pypi": "unknown-thing"},
        ],
    }
    write_json(tmp_path, "userfw.json", doc)
    framework = Registry([tmp_path], plugins=False).get("userfw")
    known, unknown_ = framework.fact("orm").extensions
    bundled = fwcompare.default_registry().by_distribution("flask-sqlalchemy").extension
    assert bundled is not None
    assert known.status is bundled.summary()[0]
    assert "not run with this framework" in known.status_note
    assert unknown_.status is None


# -- the bundled data ------------------------------------------------------------------------------

_EVIDENCE = ("declared inactive", "marks the project", "is archived", "neither a release nor a commit", "http")


def test_no_bundled_extension_is_unmaintained_without_recorded_evidence() -> None:
    for entry in load_extension_health().values():
        status, reason = entry.maintenance()
        if status is ExtensionStatus.UNMAINTAINED:
            assert any(word in reason for word in _EVIDENCE), (entry.pypi, reason)


def test_show_flask_gives_flask_sqlalchemys_observation_with_its_date() -> None:
    fact = fwcompare.get("flask").fact("orm")
    extension = next(e for e in fact.extensions if e.pypi == "Flask-SQLAlchemy")
    assert extension.status is not ExtensionStatus.UNMAINTAINED
    assert "works with flask 3.1.3 on Python 3.11 and 3.13" in extension.status_note
    assert "checked 20" in extension.status_note
    assert "last release 2023-09" in extension.status_note


def test_the_json_of_show_flask_carries_flask_logins_runs_across_release_series() -> None:
    document = fwcompare.get("flask").to_dict()
    extension = next(e for e in document["facts"]["auth"]["extensions"] if e["pypi"] == "Flask-Login")
    pairs = {(r["framework_version"], r["extension_version"]) for r in extension["runs"]}
    series = {".".join(str(v).split(".")[:2]) for v, _ in pairs}
    assert {"2.2", "2.3", "3.0", "3.1"} <= series
    old = next(r for r in extension["runs"] if r["framework_version"] == "2.2.5" and r["extension_version"] == "0.6.2")
    assert old["pinned"] is True
    assert old["outcome"] in ("works with a workaround", "broken")
    assert "werkzeug" in (old["failure_subject"] or "").lower()


def test_a_plugin_naming_an_extension_the_index_knows_gets_its_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = framework_doc("plugfw", fwcompare.criteria())
    doc["facts"]["orm"] = {
        "support": "extension",
        "sources": [dict(SOURCE)],
        "extensions": [{"name": "SQLAlchemy", "party": "third", "pypi": "SQLAlchemy"}],
    }
    write_json(tmp_path, "plugfw.json", doc)
    plugin = fwcompare.PluginData(data=tmp_path)
    monkeypatch.setattr(
        "fwcompare.store.entry_points.discover", lambda: [("plug", "plug:plugin", None, lambda: plugin)]
    )
    monkeypatch.delenv("FWCOMPARE_NO_PLUGINS", raising=False)
    registry = Registry()
    (extension,) = registry.get("plugfw").fact("orm").extensions
    assert registry.origin("plugfw") == "plugin plug"
    record = registry.by_distribution("sqlalchemy").extension
    assert record is not None
    assert extension.status is record.summary()[0]
    assert extension.status_note.startswith(f"{record.summary()[0]}: not run with this framework")


def test_every_bundled_run_that_imported_names_real_modules_and_says_what_ran_or_why_not() -> None:
    for entry in load_extension_health().values():
        for recorded in entry.runs:
            if recorded.imports:
                assert recorded.imported, (entry.pypi, recorded.framework, recorded.python)
            if recorded.outcome is Outcome.IMPORTS_ONLY:
                assert recorded.no_smoke, (entry.pypi, recorded.framework)
                # Issue 25: a smoke test, or a reason why none is possible; never "not written yet".
                assert "not written" not in recorded.no_smoke, (entry.pypi, recorded.framework)
            if recorded.works:
                assert recorded.smoke, (entry.pypi, recorded.framework)
                assert recorded.observed, (entry.pypi, recorded.framework)
