"""`fwcompare check`: reading a project's dependency files, and judging its stack."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import fwcompare
from fwcompare.cli import main
from fwcompare.store import project_files
from fwcompare.store.project_files import read_project

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "projects"
FORMATS = FIXTURES / "formats"
FLASK22 = FIXTURES / "flask22" / "requirements.txt"
ON = "2026-12-01"


def _deps(path: Path) -> dict[str, str]:
    return {d.key: d.specifier for d in read_project([path]).judged}


# --- readers -------------------------------------------------------------------------------


def test_a_requirements_file_with_includes_constraints_hashes_markers_and_options() -> None:
    project = read_project([FORMATS / "requirements.txt"])
    judged = {d.key: d for d in project.judged}
    assert set(judged) == {"flask", "channels", "django", "flask-login", "requests"}
    assert judged["flask"].specifier == "~=3.0,<3.1"  # narrowed by -c constraints.txt
    assert judged["django"].specifier == "<5.0,>=4.2"  # the hashes are not part of it
    assert judged["flask-login"].marker == 'python_version >= "3.8"'
    assert judged["channels"].origin.endswith("other.txt, line 1")  # -rother.txt, nested
    reasons = [d.reason for d in project.not_judged]
    assert reasons == ["editable install: not judged", "a URL or local path: not judged", "a direct URL: not judged"]
    assert len(project.files) == 4


def test_pip_freeze_output() -> None:
    project = read_project([FORMATS / "freeze.txt"])
    assert _deps(FORMATS / "freeze.txt")["fastapi"] == "==0.99.1"
    assert len(project.judged) == 10
    assert len(project.not_judged) == 2


def test_pyproject_dependencies_extras_groups_and_requires_python() -> None:
    project = read_project([FORMATS / "pyproject.toml"])
    assert project.requires_python == ">=3.11"
    origins = {d.key: d.origin.rpartition(" ")[2] for d in project.judged}
    assert origins == {
        "django": "[project]",
        "psycopg": "[project]",
        "djangorestframework": "[project.optional-dependencies.api]",
        "pytest": "[dependency-groups.test]",
        "pytest-django": "[dependency-groups.test]",
        "django-debug-toolbar": "[dependency-groups.dev]",
    }


@pytest.mark.parametrize(
    ("name", "python", "expected"),
    [
        ("uv.lock", ">=3.10", {"fastapi": "==0.115.0", "starlette": "==0.38.6", "sqlmodel": "==0.0.22"}),
        ("poetry.lock", ">=3.11", {"sanic": "==23.12.1", "sanic-ext": "==23.12.0"}),
        ("pylock.toml", ">=3.12", {"litestar": "==2.12.1", "anyio": "==4.6.2"}),
    ],
)
def test_lock_files(name: str, python: str, expected: dict[str, str]) -> None:
    project = read_project([FORMATS / name])
    assert project.requires_python == python
    assert {d.key: d.specifier for d in project.judged} == expected
    assert len(project.not_judged) == 1  # the project itself, or a local directory


def test_a_directory_prefers_its_lock_file_and_reads_pyproject_for_python(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("flask==2.2.5\n")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nrequires-python = ">=3.12"\n')
    project = read_project([tmp_path])
    assert [d.key for d in project.judged] == ["flask"]
    assert project.requires_python == ">=3.12"
    (tmp_path / "uv.lock").write_text('[[package]]\nname = "django"\nversion = "5.2.8"\n')
    assert [d.key for d in read_project([tmp_path]).judged] == ["django"]


def test_an_empty_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(fwcompare.ProjectFileError, match="has no requirements"):
        read_project([tmp_path])


def test_an_include_cycle_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("-r b.txt\n")
    (tmp_path / "b.txt").write_text("flask\n-r a.txt\n")
    with pytest.raises(fwcompare.ProjectFileError, match="cycle"):
        read_project([tmp_path / "a.txt"])


def test_includes_nest_only_so_deep(tmp_path: Path) -> None:
    for i in range(project_files.MAX_DEPTH + 2):
        (tmp_path / f"{i}.txt").write_text(f"-r {i + 1}.txt\n")
    (tmp_path / f"{project_files.MAX_DEPTH + 2}.txt").write_text("flask\n")
    with pytest.raises(fwcompare.ProjectFileError, match="nest more than"):
        read_project([tmp_path / "0.txt"])


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project_files, "MAX_BYTES", 10)
    (tmp_path / "requirements.txt").write_text("flask==2.2.5\n")
    with pytest.raises(fwcompare.ProjectFileError, match="over the limit"):
        read_project([tmp_path / "requirements.txt"])


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("requirements.txt", "flask=2.2\n", "line 1: not a requirement"),
        ("requirements.txt", "--frobnicate\n", "unknown option"),
        ("uv.lock", "[[package]\n", "not valid TOML"),
        ("pyproject.toml", '[dependency-groups]\na = [{include-group = "a"}]\n', "cycle"),
        ("setup.cfg", "", None),
    ],
)
def test_bad_files_name_the_file(tmp_path: Path, name: str, text: str, message: str | None) -> None:
    path = tmp_path / name
    path.write_bytes(text.encode())
    if message is None:  # any other name is read as a requirements file: an empty one lists nothing
        assert read_project([path]).dependencies == ()
        return
    with pytest.raises(fwcompare.ProjectFileError, match=message) as info:
        read_project([path])
    assert str(path) in str(info.value)


def test_a_file_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_bytes(b"flask\xff\n")
    with pytest.raises(fwcompare.ProjectFileError, match="not UTF-8"):
        read_project([tmp_path / "requirements.txt"])


def test_installed_reads_this_environment() -> None:
    result = fwcompare.check(installed=True, on=ON)
    assert result.project.files == ("(installed)",)
    assert "flask" in {f.slug for f in result.frameworks}  # the test group installs Flask


# --- judging -------------------------------------------------------------------------------


def test_the_flask_2_2_stack() -> None:
    result = fwcompare.check(FLASK22, on=ON)
    (flask,) = result.frameworks
    assert flask.judged is not None
    assert str(flask.judged.version) == "2.2.5"
    assert flask.support is not None
    assert flask.support.supported is False
    assert flask.support.ended_on is not None
    assert flask.support.ended_on.isoformat() == "2023-04-25"
    assert flask.support.ended_by is not None
    assert str(flask.support.ended_by.version) == "2.3.0"
    assert flask.support.sources  # the policy's source travels with the answer
    assert flask.target is not None
    assert str(flask.target.version) == "3.1.3"
    assert [e.dependency.key for e in flask.extensions] == ["flask-sqlalchemy", "flask-login", "flask-wtf"]
    assert all(e.admits_target for e in flask.extensions)
    assert [(c.criterion.key, str(c.version)) for c in flask.changes] == [("sessions", "3.1")]
    assert [(f.kind, f.subject) for f in result.findings] == [
        ("unsupported", "flask"),
        ("broken-extension", "Flask-Login"),
    ]
    assert result.exit_status == 1


def test_a_stack_on_supported_releases_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(FIXTURES / "supported" / "requirements.txt"), "--on", "2026-11-20"]) == 0
    assert "Findings (exit status 0)" in capsys.readouterr().out


def test_the_cli_exits_1_on_findings_and_prints_them_in_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(FLASK22), "--on", ON, "--width", "80"]) == 1
    text = capsys.readouterr().out
    assert "unsupported since 2023-04-25, when 2.3.0 came out" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert main(["check", str(FLASK22), "--on", ON, "--format", "markdown"]) == 1
    assert "### Flask 2.2.5" in capsys.readouterr().out
    assert main(["check", str(FLASK22), "--on", ON, "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["exit_status"] == 1
    assert document["frameworks"][0]["target"]["version"] == "3.1.3"


def test_fail_on_chooses_what_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(FLASK22), "--on", ON, "--fail-on", "ends-within,python-mismatch"]) == 0
    assert "(not failing)" in capsys.readouterr().out
    assert main(["check", str(FLASK22), "--on", ON, "--fail-on", "none"]) == 0


@pytest.mark.parametrize(
    "args",
    [
        ["check", "no/such/file.txt"],
        ["check", str(FLASK22), "--on", "June"],
        ["check", str(FLASK22), "--fail-on", "everything"],
        ["check", str(FLASK22), "--within", "-1"],
        ["check", str(FLASK22), "--installed"],
    ],
)
def test_usage_and_input_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        raise SystemExit(main(args))
    assert info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_no_path_reads_the_current_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FLASK22.parent)
    assert [f.slug for f in fwcompare.check(on=ON).frameworks] == ["flask"]


def test_a_range_is_judged_at_the_newest_release_it_admits() -> None:
    result = fwcompare.check(FORMATS / "pyproject.toml", on=ON)
    (django,) = result.frameworks
    assert django.oldest is not None
    assert str(django.oldest.version) == "5.2"
    assert django.judged is not None
    assert str(django.judged.version) == "5.2.20"
    assert django.support is not None
    assert django.support.until is not None
    assert django.python_fits is True
    assert result.python == "3.11"
    assert result.exit_status == 0


def test_an_lts_series_past_its_end(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("django==4.2.30\n")
    (django,) = fwcompare.check(tmp_path / "requirements.txt", on=ON).frameworks
    assert django.support is not None
    assert django.support.describe() == "unsupported since 2026-04-07 (the published end of its series)"
    assert django.target is not None
    assert str(django.target.version) == "6.1.3"
    assert django.changes
    assert all(str(c.version) > "4.2" for c in django.changes)


def test_ends_within_and_python_mismatch(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("django==4.2.20\n")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nrequires-python = ">=3.7"\n')
    result = fwcompare.check(tmp_path, on="2026-01-15", within=120)
    assert {f.kind for f in result.findings} == {"ends-within", "python-mismatch"}
    (django,) = result.frameworks
    assert django.python_fits is False
    assert result.python == "3.7"


def test_a_version_no_release_matches_is_reported_not_judged(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("flask==9.9.9\n")
    (flask,) = fwcompare.check(tmp_path / "requirements.txt", on=ON).frameworks
    assert flask.judged is None
    assert "9.9.9" in flask.note


def test_hostile_names_are_escaped_in_markdown(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("-e <script>alert(1)</script>\n")
    markdown = fwcompare.check(tmp_path / "requirements.txt", on=ON).to_markdown()
    assert "<script>" not in markdown


def _locked_packages(document: dict[str, Any]) -> list[tuple[Any, ...]]:
    packages = document.get("package")
    assert isinstance(packages, list)
    found = []
    for package in packages:
        source = package.get("source")
        kind = sorted(source) if isinstance(source, dict) and "type" not in source else source
        found.append((package["name"], package.get("version"), package.get("marker"), str(kind)))
    return found


@pytest.mark.parametrize("path", sorted(FIXTURES.rglob("*.lock")), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_the_lock_scanner_agrees_with_tomllib(path: Path) -> None:
    import tomllib

    from fwcompare.store.lock_scan import scan

    text = path.read_text(encoding="utf-8")
    scanned, parsed = scan(text), tomllib.loads(text)
    assert scanned is not None
    local = {"editable", "virtual", "path", "directory"}

    def kinds(document: dict[str, Any]) -> list[tuple[Any, ...]]:
        # The scanner keeps only which kind of source (local or not); tomllib keeps it whole.
        return [
            (n, v, m, "local" if any(k in s for k in local) or "directory" in s or "'git'" in s else "other")
            for n, v, m, s in _locked_packages(document)
        ]

    assert kinds(scanned) == kinds(parsed)
    assert scanned.get("requires-python") == parsed.get("requires-python")
    metadata = parsed.get("metadata") or {}
    assert (scanned.get("metadata") or {}).get("python-versions") == metadata.get("python-versions")


@pytest.mark.parametrize(
    "text",
    ['[[package]]\nname = """x"""\n', '[[package]]\nname = "a\\"b"\n', "[[package]]\nname = 'x'\n", "[[package]\n"],
)
def test_the_lock_scanner_leaves_what_it_does_not_know_to_tomllib(text: str) -> None:
    from fwcompare.store.lock_scan import scan

    assert scan(text) is None


def test_every_bundled_framework_is_found_by_its_distribution_name() -> None:
    # check looks a distribution up among the frameworks' spellings first; for the bundled data
    # that finds every framework (a registry with plugins builds them all instead).
    from fwcompare.model.project import normalise

    for framework in fwcompare.frameworks():
        assert normalise(framework.pypi) in {normalise(s) for s in (framework.slug, framework.name, *framework.aliases)}


def test_a_plugin_framework_is_found_by_its_distribution_name(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    source = Path(fwcompare.__file__).parent / "data" / "frameworks" / "bottle.toml"
    text = source.read_text(encoding="utf-8")
    text = text.replace('slug = "bottle"', 'slug = "acme"').replace('name = "Bottle"', 'name = "Acme"')
    text = text.replace('pypi = "bottle"', 'pypi = "acme-web"', 1)
    (data / "acme.toml").write_text(text, encoding="utf-8")
    (tmp_path / "requirements.txt").write_text("acme-web==0.13.4\n")
    registry = fwcompare.Registry([data], plugins=False)
    result = fwcompare.check(tmp_path / "requirements.txt", on=ON, registry=registry)
    assert [f.slug for f in result.frameworks] == ["acme"]


def test_an_extension_listed_twice_counts_once(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("flask==3.1.3\nflask-login==0.6.3\nflask-login>=0.6\n")
    result = fwcompare.check(tmp_path / "requirements.txt", on=ON)
    assert [e.dependency.specifier for e in result.extensions] == ["==0.6.3"]


# --- pinned extension pairs, from the recorded runs -----------------------------------------


def test_the_pinned_pairs_say_what_the_runs_saw_and_nothing_more() -> None:
    result = fwcompare.check(FLASK22, on=ON)
    pairs = {e.dependency.key: e.pinned for e in result.extensions}
    login = pairs["flask-login"]
    assert login is not None
    assert (login.extension_version, login.framework_version, login.target) == ("0.6.2", "2.2.5", "3.1.3")
    assert login.fails is True
    assert {r.extension_version for r in login.runs} == {"0.6.2"}
    assert {r.framework_version for r in login.runs} == {"2.2.5"}
    assert "fails to import" in login.describe()
    assert "werkzeug 3" in login.describe()
    assert "works after `pip install 'werkzeug<3'`" in login.describe()
    assert login.target_fails is True
    assert "did not help" in login.describe_target()
    # No run of Flask-SQLAlchemy 3.0.5 or Flask-WTF 1.1.1 with Flask 2.2.5: runs of other releases are not used.
    for key in ("flask-sqlalchemy", "flask-wtf"):
        pair = pairs[key]
        assert pair is not None
        assert (pair.runs, pair.fails) == ((), None)
        assert pair.describe() == pair.describe_target() == "not observed"
    broken = [f for f in result.findings if f.kind == "broken-extension"]
    assert [f.subject for f in broken] == ["Flask-Login"]
    assert "Flask-Login 0.6.2 with Flask 2.2.5: fails to import" in broken[0].message
    assert "suggested target 3.1.3" in broken[0].message


def test_a_pinned_pair_that_works_is_no_finding(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("flask==2.3.3\nflask-login==0.6.3\nflask-wtf\n")
    result = fwcompare.check(tmp_path / "requirements.txt", on=ON)
    login, wtf = result.extensions
    assert login.pinned is not None
    assert login.pinned.fails is False
    assert login.pinned.describe().startswith("works on Python 3.13.0")
    assert wtf.pinned is None  # not pinned: no pair to look up
    assert "broken-extension" not in [f.kind for f in result.findings]


def test_the_pinned_pairs_in_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(FLASK22), "--on", ON]) == 1
    text = " ".join(capsys.readouterr().out.split())  # as read, whatever the wrapping
    assert "Pinned 0.6.2 with Flask 2.2.5: fails to import on Python 3.13.0" in text
    assert "Pinned 3.0.5 with Flask 2.2.5: not observed; with the target 3.1.3: not observed" in text
    assert "broken-extension: Flask-Login 0.6.2 with Flask 2.2.5" in text
    assert main(["check", str(FLASK22), "--on", ON, "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    pairs = {e["name"]: e["pinned"] for e in document["extensions"]}
    login = pairs["Flask-Login"]
    assert (login["observed"], login["fails"], login["target_fails"]) == (True, True, True)
    assert login["runs"][0]["failure"] == "dependency"
    assert login["runs"][0]["workaround"] == "pip install 'werkzeug<3'"
    sqlalchemy = pairs["Flask-SQLAlchemy"]
    assert (sqlalchemy["observed"], sqlalchemy["fails"], sqlalchemy["summary"]) == (False, None, "not observed")
    assert [f["kind"] for f in document["findings"]] == ["unsupported", "broken-extension"]
