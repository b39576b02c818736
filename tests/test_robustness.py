"""Hard to break: fuzzed data, racing threads, bad command lines, immutable objects, installs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import types
import venv
import zipfile
from importlib.resources import files
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fwcompare
from factories import framework_doc
from fwcompare import DataError, Registry
from fwcompare.cli import main
from fwcompare.store.loading import load_framework
from fwcompare.store.resources import parse_document
from strategies import mutated_documents

ROOT = Path(__file__).resolve().parent.parent
CRITERIA = {c.key: c for c in fwcompare.criteria()}
FLASK_TOML = files("fwcompare").joinpath("data", "frameworks", "flask.toml").read_text(encoding="utf-8")


def _load_or_data_error(doc: object, name: str = "fuzz.json") -> fwcompare.Framework | DataError:
    try:
        return load_framework(doc, name, CRITERIA, slug=None)
    except DataError as error:
        caught = error
    # The error names the file and the field (empty only when the whole document is at fault).
    assert caught.file == name
    assert isinstance(caught.field, str)
    assert caught.problem
    return caught


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_documents())
def test_mutated_documents_load_or_raise_a_data_error(doc: dict[str, Any]) -> None:
    result = _load_or_data_error(doc)
    if isinstance(result, fwcompare.Framework):
        assert set(result.facts) == set(CRITERIA)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_corrupted_toml_parses_and_loads_or_raises_a_data_error(data: st.DataObject) -> None:
    text = FLASK_TOML
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        edit = data.draw(st.sampled_from(["insert", "delete", "replace", "truncate"]))
        junk = data.draw(st.text(max_size=5))
        if edit == "insert":
            text = text[:at] + junk + text[at:]
        elif edit == "delete":
            text = text[:at] + text[at + 5 :]
        elif edit == "replace":
            text = text[:at] + junk + text[at + len(junk) :]
        else:
            text = text[:at]
    try:
        document = parse_document(text.encode("utf-8", "surrogatepass"), "flask.toml")
    except DataError as error:
        caught = error
    else:
        _load_or_data_error(document, "flask.toml")
        return
    assert caught.file == "flask.toml"


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 100_000,
        b'{"a":' * 100_000,
        b"\xff\xfe\x00",
        b"",
        b"null",
        b"[]",
        b'"text"',
        json.dumps({"schema_version": 1}).encode(),
    ],
)
def test_hostile_json_is_a_data_error(raw: bytes) -> None:
    with pytest.raises(DataError) as info:
        load_framework(parse_document(raw, "hostile.json"), "hostile.json", CRITERIA)
    assert info.value.file == "hostile.json"


def test_deeply_nested_toml_is_a_data_error() -> None:
    with pytest.raises(DataError, match=r"hostile\.toml"):
        parse_document(b"a = " + b"[" * 100_000, "hostile.toml")


def test_a_failed_registry_load_leaves_nothing_half_loaded(tmp_path: Path) -> None:
    good = framework_doc("good")
    bad = framework_doc("bad")
    bad["facts"]["orm"]["support"] = "sometimes"
    (tmp_path / "good.json").write_text(json.dumps(good))
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    registry = Registry([tmp_path], plugins=False)
    for _ in range(2):  # and again: still nothing
        with pytest.raises(DataError, match=r"bad\.json"):
            registry.get("good")
        assert not registry.loaded


def test_32_threads_racing_to_the_first_access_get_one_load_and_identical_objects(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    registry = Registry(plugins=False)
    loads: list[int] = []
    builds: list[str] = []
    real_load = Registry._load

    def counting_load(self: Registry) -> Any:
        loads.append(1)
        state = real_load(self)
        for slug, make in list(state.makers.items()):

            def counted(slug: str = slug, make: Any = make) -> fwcompare.Framework:
                builds.append(slug)
                return make()  # type: ignore[no-any-return]

            state.makers[slug] = counted
        return state

    monkeypatch.setattr(Registry, "_load", counting_load)
    barrier = threading.Barrier(32)
    results: list[tuple[fwcompare.Framework, fwcompare.Comparison]] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append((registry.get("django"), fwcompare.compare("django", "flask", registry=registry)))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(results) == 32
    assert loads == [1]
    assert sorted(builds) == ["django", "flask"], "each framework is built once"
    django = results[0][0]
    assert all(r[0] is django for r in results)
    assert all(r[1].frameworks[1] is results[0][1].frameworks[1] for r in results)


# --- the command line: one clear message, the documented status ---------------------------------


def _broken_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    def load() -> object:
        raise ImportError("broken on purpose")

    monkeypatch.setattr("fwcompare.store.entry_points.discover", lambda: [("broken", "broken:plugin", None, load)])
    monkeypatch.delenv("FWCOMPARE_NO_PLUGINS", raising=False)
    # A default registry of its own, that discovers the broken plugin (restored afterwards).
    monkeypatch.setattr("fwcompare.registry._DEFAULT", Registry())


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["compare", "django", "nosuch"], 2, "unknown framework 'nosuch'"),
        (["compare", "django"], 2, "at least two frameworks"),
        (["compare", "django", "flask", "--criteria", "orm,nosuch"], 2, "unknown criterion 'nosuch'"),
        (["compare", "django", "flask", "--format", "yaml"], 2, "invalid choice: 'yaml'"),
        (["--data-dir", "MISSING", "list"], 2, "is not a directory"),
        (["--data-dir", "FILE", "list"], 2, "is not a directory"),
        (["--data-dir", "EMPTY", "list"], 2, "has no data files"),
        (["--data-dir", "UNPARSABLE", "list"], 2, "line 1: not valid TOML"),
        (["--data-dir", "INVALID", "list"], 2, "x.json, field '"),
        (["show", "djang"], 2, "did you mean 'django'"),
        (["verify", "nosuch"], 2, "unknown framework 'nosuch'"),
        (["rank"], 2, ""),
        (["BROKEN-PLUGIN", "compare", "django", "flask"], 0, "warning: fwcompare plugin 'broken'"),
    ],
)
def test_bad_invocations(
    args: list[str],
    status: int,
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FWCOMPARE_NO_PLUGINS", "1")
    places = {
        "MISSING": tmp_path / "missing",
        "FILE": tmp_path / "file.toml",
        "EMPTY": tmp_path / "empty",
        "UNPARSABLE": tmp_path / "unparsable",
        "INVALID": tmp_path / "invalid",
    }
    places["FILE"].write_text("")
    places["EMPTY"].mkdir()
    places["UNPARSABLE"].mkdir()
    (places["UNPARSABLE"] / "x.toml").write_text("= nonsense")
    places["INVALID"].mkdir()
    (places["INVALID"] / "x.json").write_text(json.dumps({"schema_version": 1, "slug": "x"}))
    if args[0] == "BROKEN-PLUGIN":
        _broken_plugin(monkeypatch)
        args = args[1:]
    args = [str(places[a]) if a in places else a for a in args]
    try:
        result = main(args)
    except SystemExit as exc:
        result = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert result == status, err
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    if status == 0:
        assert "Django" in out


# --- nothing can be changed from outside ------------------------------------------------------


def test_bundled_objects_cannot_be_changed() -> None:
    django = fwcompare.get("django")
    fact = django.fact("admin")
    objects: list[object] = [django, fact, *fact.sources, django.first_release, django.checked, *django.opinions]
    objects += [fwcompare.criteria()[0], fwcompare.compare("django", "flask")]
    for obj in objects:
        assert attrs.has(type(obj))
        field = attrs.fields(type(obj))[0].name  # type: ignore[arg-type]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(obj, field, None)
    assert isinstance(django.facts, types.MappingProxyType)
    with pytest.raises(TypeError):
        django.facts["admin"] = fact  # type: ignore[index]
    assert isinstance(fwcompare.frameworks(), tuple)
    assert isinstance(fwcompare.criteria(), tuple)
    assert isinstance(django.aliases, tuple)
    assert isinstance(fact.sources, tuple)


# --- installed as a wheel, and imported from a zip file ------------------------------------------


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--disable-pip-version-check",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("fwcompare-*.whl")
    return built


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "FWCOMPARE_"))}
    env.update(extra)
    return env


def test_the_wheel_installs_into_a_fresh_venv_and_works(wheel: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "fwcompare/py.typed" in names
    assert "fwcompare/data/compiled/index.json" in names
    assert "fwcompare/data/schema/framework-1.schema.json" in names
    assert not any(name.startswith("tests/") for name in names)
    venv.create(tmp_path / "venv", with_pip=True)
    python = tmp_path / "venv" / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    result = subprocess.run(
        [str(tmp_path / "venv" / "bin" / "fwcompare"), "compare", "django", "flask"],
        capture_output=True,
        text=True,
        env=_clean_env(),
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Django" in result.stdout
    assert "Flask" in result.stdout


def test_it_imports_and_reads_its_data_from_a_zip_file(wheel: Path, tmp_path: Path) -> None:
    # A wheel is a zip archive: on sys.path, zipimport imports from it.
    code = (
        "import fwcompare, sys; "
        "assert fwcompare.__spec__.loader.__class__.__name__ == 'zipimporter', fwcompare.__spec__.loader; "
        "print(fwcompare.compare('django', 'flask').row('admin').facts[0].support); "
        "print(len(fwcompare.frameworks())); print(fwcompare.get('flask').fact('async_views').since)"
    )
    site = str(Path(attrs.__file__).parent.parent)
    result = subprocess.run(
        [sys.executable, "-S", "-c", f"import sys; sys.path[:0] = [{str(wheel)!r}, {site!r}]; " + code],
        capture_output=True,
        text=True,
        env=_clean_env(),
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    support, count, since = result.stdout.split()
    assert support == "built-in"
    assert int(count) == len(fwcompare.frameworks())
    assert since == "2.0"
