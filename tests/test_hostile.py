"""Hostile input (issue 15): data and environments fwcompare did not write.

Each test here is one case of the adversarial review, kept as a regression
test: untrusted data and environments cannot run code, drive the terminal,
inject markup or exhaust the machine. Every one failed before its fix.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import signal
import stat
import subprocess
import sys
import textwrap
import tracemalloc
import types
import venv
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import attrs
import pytest

import fwcompare
from factories import SOURCE, criteria_doc, framework_doc, write_json
from fwcompare import CheckStatus, DataError, InterpreterError, PluginData, PluginWarning, Registry
from fwcompare.cli import main
from fwcompare.ops.verify import REPORT_LIMIT
from fwcompare.render.escape import markdown_link, markdown_text, terminal_safe
from fwcompare.store.resources import MAX_FILE_SIZE, MAX_KEY_PARTS

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX processes, signals and file types")

# What a terminal acts on: C0 (but newline and tab), DEL, C1, and the bidi and format characters.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
ESC = "\x1b"
HOSTILE = (
    f"{ESC}[2J{ESC}[H"  # clear the screen
    f"{ESC}]8;;https://evil.example/{ESC}\\click{ESC}]8;;{ESC}\\"  # OSC 8 hyperlink
    f"{ESC}]52;c;cm0gLXJmIH4K\x07"  # OSC 52: write the clipboard
    "\x9b31m"  # C1 CSI
    "\u202egnp.exe\r"  # a bidi override, a carriage return
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exc:
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def _installed(distribution: str) -> bool:
    try:
        version(distribution)
    except PackageNotFoundError:
        return False
    return True


def _script(path: Path, body: str) -> str:
    """An executable shell script (a fake interpreter) at *path*."""
    path.write_text("#!/bin/sh\n" + textwrap.dedent(body), encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


# A fake interpreter answers the version check like the real one, then misbehaves.
PASS_VERSION_CHECK = f"""\
case "$*" in *fwcompare-python*) exec {sys.executable} "$@";; esac
"""


# --- verify: the caller's directory cannot run code --------------------------------------


def test_verify_does_not_import_modules_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "marker"
    for module in ("json", "contextlib", "importlib", "fwcompare_probes"):
        target = tmp_path / (module if module == "fwcompare_probes" else f"{module}.py")
        code = f"open({str(marker)!r}, 'a').write({module!r})\n"
        if module == "fwcompare_probes":
            target.mkdir()
            (target / "__init__.py").write_text(code, encoding="utf-8")
            (target / "run.py").write_text(code, encoding="utf-8")
        else:
            target.write_text(code, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    slug = next((f.slug for f in fwcompare.frameworks() if not _installed(f.pypi)), "flask")
    result = fwcompare.verify([slug])
    assert not marker.exists(), f"code from the working directory ran: {marker.read_text()}"
    assert not result.failures


# --- verify: odd interpreters are one usage error ----------------------------------------


def test_a_directory_as_interpreter_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InterpreterError, match="is a directory"):
        fwcompare.verify(["flask"], python=str(tmp_path))
    status, _, err = run(capsys, "verify", "flask", "--python", str(tmp_path))
    assert status == 2
    assert err.count("\n") == 2
    assert "is a directory" in err


@posix_only
def test_a_program_that_is_not_python_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake = _script(tmp_path / "python", "echo 'this is not python'\n")
    with pytest.raises(InterpreterError, match="is not a Python interpreter"):
        fwcompare.verify(["flask"], python=fake)
    status, out, err = run(capsys, "verify", "flask", "django", "--python", fake)
    assert (status, out) == (2, "")
    assert "Traceback" not in err
    assert err.count("is not a Python interpreter") == 1


@posix_only
def test_a_python_too_old_for_the_probes_is_one_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # What Python 3.7 answers to the version check (no 3.7 on this machine to run).
    fake = _script(tmp_path / "python3.7", "echo 'fwcompare-python 3 7 17'\n")
    with pytest.raises(InterpreterError, match=r"is Python 3\.7; the probes need Python 3\.8 or later"):
        fwcompare.verify(["flask"], python=fake)
    status, out, err = run(capsys, "verify", "--python", fake)
    assert (status, out) == (2, "")
    assert err.count("Python 3.7") == 1


def test_the_oldest_supported_python_passes_the_check() -> None:
    from fwcompare.ops.verify import check_interpreter

    oldest = "/root/.pyenv/versions/3.8.18/bin/python"
    if not Path(oldest).exists():
        pytest.skip("no Python 3.8 here")
    assert check_interpreter(oldest) == oldest


@posix_only
def test_a_runner_that_floods_its_output_is_one_error_with_bounded_memory(tmp_path: Path) -> None:
    # Eight times the limit, then it exits: before, all of it was kept and parsed.
    flood = REPORT_LIMIT * 8
    fake = _script(
        tmp_path / "python",
        PASS_VERSION_CHECK + f"head -c {flood} /dev/zero | tr '\\0' 'x'\n",
    )
    tracemalloc.start()
    try:
        result = fwcompare.verify(["flask"], python=fake)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert {c.status for c in result.checks} == {CheckStatus.ERROR}
    assert f"wrote more than {REPORT_LIMIT} bytes" in result.checks[0].observed
    assert peak < REPORT_LIMIT * 3


@posix_only
def test_a_report_that_is_not_the_runners_is_one_error_per_framework(tmp_path: Path) -> None:
    fake = _script(tmp_path / "python", PASS_VERSION_CHECK + "echo '[1, 2'; echo 'bye'\n")
    result = fwcompare.verify(["flask"], python=fake)
    assert {c.status for c in result.checks} == {CheckStatus.ERROR}
    assert "report is not one" in result.checks[0].observed
    assert str(result).count("report is not one") == 1, "one line for the framework, not one per fact"
    wrong_shape = _script(tmp_path / "python2", PASS_VERSION_CHECK + "echo '{\"installed\": 3}'\n")
    result = fwcompare.verify(["flask"], python=wrong_shape)
    assert "report is not one" in result.checks[0].observed


@pytest.fixture(scope="module")
def odd_environment(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A virtual environment with a framework whose version is not PEP 440, and one that prints at exit."""
    root = tmp_path_factory.mktemp("odd-env")
    venv.create(root, with_pip=False)
    (site,) = root.glob("lib/python*/site-packages")
    for name, release in (("Flask", "banana"), ("bottle", "0.13.4")):
        info = site / f"{name.lower()}-{release}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {release}\n", encoding="utf-8")
    # Imported at every start (site-packages .pth files run even in isolated mode).
    (site / "print_at_exit.pth").write_text("import atexit; atexit.register(print, 'goodbye from a framework')\n")
    return str(root / "bin" / "python")


def test_a_framework_version_that_is_not_pep_440_is_one_error(odd_environment: str) -> None:
    result = fwcompare.verify(["flask"], python=odd_environment)
    assert {c.status for c in result.checks} == {CheckStatus.ERROR}
    assert "'banana' is not a PEP 440 version" in result.checks[0].observed


def test_a_framework_printing_at_exit_does_not_break_the_report(odd_environment: str) -> None:
    result = fwcompare.verify(["bottle"], python=odd_environment)
    observed = {c.observed for c in result.checks}
    # bottle is "installed" without its code: every probe fails to import it, but the report holds.
    assert not any("report" in o or "exited with" in o for o in observed), observed
    assert {c.version for c in result.checks if c.status is CheckStatus.ERROR} == {"0.13.4"}


# --- verify: time limits, interrupts, no process or file left behind ---------------------


def test_the_default_timeout_is_far_below_300_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    assert inspect.signature(fwcompare.verify).parameters["timeout"].default <= 60
    seen: dict[str, Any] = {}

    def fake_verify(names: object, **kwargs: Any) -> fwcompare.Verification:
        seen.update(kwargs)
        return fwcompare.Verification(())

    monkeypatch.setattr("fwcompare.ops.verify.verify", fake_verify)
    assert main(["verify", "flask", "--timeout", "7.5", "--allow-none"]) == 0
    assert seen["timeout"] == 7.5
    with pytest.raises(SystemExit):
        main(["verify", "--timeout", "0"])


def _hanging_interpreter(tmp_path: Path) -> tuple[str, Path]:
    """A fake interpreter whose probes start a child and hang; the child's pid goes to a file."""
    pidfile = tmp_path / "child.pid"
    fake = _script(
        tmp_path / "python",
        PASS_VERSION_CHECK + f"sleep 600 & echo $! > {pidfile}.tmp; mv {pidfile}.tmp {pidfile}; wait\n",
    )
    return fake, pidfile


def _gone(pid: int) -> bool:
    """Whether process *pid* has ended (waiting for its reaping, up to a minute)."""
    import time

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with Path(f"/proc/{pid}/stat").open(encoding="ascii") as f:
                if f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X"):
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)  # polling for an event, not a timing assertion
    return False


def _wait_for(path: Path, process: subprocess.Popen[str] | None = None) -> None:
    import time

    deadline = time.monotonic() + 60
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        assert process is None or process.poll() is None, process.communicate() if process else ""
        time.sleep(0.05)  # polling for an event, not a timing assertion


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_timeout_kills_the_probes_children_too(tmp_path: Path) -> None:
    fake, pidfile = _hanging_interpreter(tmp_path)
    result = fwcompare.verify(["flask"], python=fake, timeout=1)
    assert {c.status for c in result.checks} == {CheckStatus.ERROR}
    assert "did not finish within 1 s" in result.checks[0].observed
    assert _gone(int(pidfile.read_text())), "the probes' child outlived the timeout"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_verify_exits_130_and_leaves_nothing_behind(tmp_path: Path, signum: int) -> None:
    fake, pidfile = _hanging_interpreter(tmp_path)
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = dict(os.environ, TMPDIR=str(temp))
    # Ctrl-C as at a terminal: a suite started in the background (nohup, `&`) passes SIGINT
    # on ignored, and Python then leaves it ignored, as it should for a background job.
    restore = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler)"
    command = [sys.executable, "-c", f"{restore}; import sys; from fwcompare.cli import main; sys.exit(main())"]
    process = subprocess.Popen(
        [*command, "verify", "flask", "--python", fake],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(pidfile, process)
        process.send_signal(signum)
        _out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert err.splitlines()[-1] == "fwcompare: error: interrupted"
    assert _gone(int(pidfile.read_text())), "a probe's child outlived verify"
    assert list(temp.iterdir()) == [], "the temporary directory was left behind"


# --- terminal escapes ----------------------------------------------------------------------


def _hostile_dir(tmp_path: Path) -> Path:
    doc = framework_doc("evil")
    doc["name"] = "Evil" + HOSTILE
    doc["summary"] = "Summary" + HOSTILE
    doc["authors"] = ["Author" + HOSTILE]
    doc["sources"] = [dict(SOURCE, title="Title" + HOSTILE)]
    doc["facts"]["orm"] = {
        "support": "partial",
        "note": "Note" + HOSTILE,
        "sources": [dict(SOURCE, title="Source" + HOSTILE)],
    }
    write_json(tmp_path / "data", "evil.json", doc)
    return tmp_path / "data"


@pytest.mark.parametrize(
    "command",
    [
        ["show", "evil"],
        ["list"],
        ["compare", "evil", "flask"],
        ["compare", "evil", "flask", "--opinions", "--format", "markdown"],
        ["rank", "--need", "orm"],
        ["rank", "--need", "orm", "--format", "markdown"],
        ["show", "evil", "--format", "json"],
    ],
)
def test_control_sequences_from_data_never_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    data = _hostile_dir(tmp_path)
    status, out, err = run(capsys, "--data-dir", str(data), *command)
    assert status == 0, err
    assert "Evil" in out or "evil" in out
    assert not RAW_CONTROL.search(out + err), RAW_CONTROL.findall(out + err)
    if "json" in command:
        assert json.loads(out)["name"] == "Evil" + HOSTILE  # still the same JSON document


def test_file_names_in_errors_are_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / f"x{ESC}]52;c;aGk=\x07{ESC}[2J\u202e.toml").write_text("not = [valid", encoding="utf-8")
    status, _out, err = run(capsys, "--data-dir", str(data), "list")
    assert status == 2
    assert "\\x1b]52;c;aGk=\\x07\\x1b[2J\\u202e.toml" in err
    assert not RAW_CONTROL.search(err)


def test_plugin_warnings_are_escaped(
    entry_points: list[Any], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def broken() -> PluginData:
        raise ImportError("bad" + HOSTILE)

    entry_points.append(("evil" + HOSTILE, "evil:plugin", None, broken))
    # A data directory: a registry of its own, which discovers the (fake) plugins.
    write_json(tmp_path, "acme.json", framework_doc("acme"))
    status, out, err = run(capsys, "--data-dir", str(tmp_path), "plugins")
    assert status == 0
    assert "FAILED" in out
    assert "warning" in err
    assert not RAW_CONTROL.search(out + err)


def test_terminal_safe_escapes_every_control_and_keeps_the_text() -> None:
    assert terminal_safe("a\tb\nc") == "a\tb\nc"
    assert (
        terminal_safe(f"{ESC}[31mred\x9b\u202e\u2066\u200f\x7f\r")
        == "\\x1b[31mred\\u009b\\u202e\\u2066\\u200f\\u007f\\x0d"
    )
    assert terminal_safe("Ünïcödé ≠ 日本") == "Ünïcödé ≠ 日本"
    assert not RAW_CONTROL.search(terminal_safe("".join(map(chr, range(0x110000)))).replace("\n", "").replace("\t", ""))


@pytest.fixture
def entry_points(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Fake installed plugins, as in test_plugins: append (name, value, distribution, load)."""
    found: list[Any] = []
    monkeypatch.setattr("fwcompare.store.entry_points.discover", lambda: list(found))
    monkeypatch.delenv("FWCOMPARE_NO_PLUGINS", raising=False)
    return found


# --- Markdown injection ----------------------------------------------------------------------


def test_markdown_output_escapes_html_and_link_syntax(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = framework_doc("evil")
    doc["name"] = "<img src=x onerror=alert(1)>"
    doc["facts"]["orm"] = {
        "support": "partial",
        "note": "<script>alert(1)</script> [click](javascript:alert(1)) | cell\nnew row",
        "sources": [dict(SOURCE, title="](javascript:alert(1)) <b>bold</b>")],
    }
    write_json(tmp_path, "evil.json", doc)
    status, out, _ = run(capsys, "--data-dir", str(tmp_path), "compare", "evil", "flask", "--format", "markdown")
    assert status == 0
    assert "<img" not in out
    assert "<script" not in out
    assert "<b>" not in out
    assert not re.search(r"(?<!\\)\]\(javascript:", out)
    assert "&lt;script&gt;" in out
    assert not any(line.startswith("new row") for line in out.splitlines())


def test_markdown_links_are_only_http_and_cannot_break_out() -> None:
    assert markdown_link("x", "javascript:alert(1)") == "x"
    assert markdown_link("x", "data:text/html,<b>") == "x"
    assert (
        markdown_link("a]b", "https://e.org/p) [y](javascript:z")
        == "[a\\]b](https://e.org/p%29%20%5By%5D%28javascript:z)"
    )
    assert markdown_text("`code` & <tag>") == "\\`code\\` &amp; &lt;tag&gt;"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/\n[Injected](javascript:alert(1))",
        "https://example.org/\x1b[2J",
        "https://example.org/\u202e",
        "https://example.org/\tx",
        "https://",
        "https://:443/no-host",
        "https:///path-only",
        "javascript:alert(1)",
    ],
)
def test_source_urls_are_validated_as_urls(tmp_path: Path, url: str) -> None:
    import jsonschema

    doc = framework_doc("evil")
    doc["sources"] = [dict(SOURCE, url=url)]
    write_json(tmp_path, "evil.json", doc)
    with pytest.raises(DataError, match=r"field 'sources\[0\]\.url': must be an https URL"):
        Registry([tmp_path]).get("evil")
    schema = json.loads(
        (Path(fwcompare.__file__).parent / "data" / "schema" / "framework-1.schema.json").read_text(encoding="utf-8")
    )
    assert not jsonschema.Draft202012Validator(schema).is_valid(doc)
    doc["sources"] = [dict(SOURCE)]
    assert jsonschema.Draft202012Validator(schema).is_valid(doc)


# --- resource limits -------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_SIZE * 4)  # sparse: no disk used
    tracemalloc.start()
    try:
        with pytest.raises(DataError, match=r"big\.json: is larger than 8 MB"):
            Registry([tmp_path]).frameworks()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MAX_FILE_SIZE * 2, f"read {peak} bytes"


def test_a_small_file_is_read_without_a_buffer_of_the_size_limit(tmp_path: Path) -> None:
    from fwcompare.store.resources import read_document

    small = tmp_path / "small.json"
    small.write_text('{"a": 1}', encoding="utf-8")
    tracemalloc.start()
    try:
        assert read_document(small, "small.json") == {"a": 1}
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # A read of the limit allocated all 8 MB for every file, however small.
    assert peak < MAX_FILE_SIZE // 8, f"read with {peak} bytes"


@pytest.mark.parametrize("size", [64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, MAX_FILE_SIZE])
def test_a_file_up_to_the_size_limit_is_read_whole(tmp_path: Path, size: int) -> None:
    from fwcompare.store.resources import read_document

    padded = tmp_path / "padded.json"
    padded.write_bytes(b'{"a": "' + b"x" * (size - 10) + b'"}')
    assert padded.stat().st_size == size - 1
    padded.write_bytes(padded.read_bytes() + b" ")  # exactly *size* bytes, whitespace at the end
    assert read_document(padded, "padded.json") == {"a": "x" * (size - 10)}


@pytest.mark.parametrize("size", [10, 64 * 1024 + 10])
def test_a_stream_that_returns_little_at_a_time_is_read_whole(size: int) -> None:
    import io

    from fwcompare.store.resources import _read_at_most

    class Trickle(io.RawIOBase):
        # A reader may return less than asked before the end (a plugin's own Traversable, say).
        def __init__(self, data: bytes) -> None:
            self.data = data

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            count = min(7, len(buffer), len(self.data))
            buffer[:count] = self.data[:count]
            self.data = self.data[count:]
            return count

    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    assert bytes(_read_at_most(Trickle(data), MAX_FILE_SIZE + 1)) == data
    assert bytes(_read_at_most(Trickle(data), size - 1)) == data[: size - 1]


def test_a_toml_key_with_very_many_dots_is_refused_before_parsing(tmp_path: Path) -> None:
    from fwcompare.store.resources import parse_document

    # 6 kB; tomllib needs time and memory quadratic in the parts (30 kB: seconds, 800 MB).
    text = "schema_version = 1\n" + "a." * 3000 + "a = 1\n"
    tracemalloc.start()
    try:
        with pytest.raises(DataError, match=rf"dots\.toml, line 2: a key with more than {MAX_KEY_PARTS} dotted parts"):
            parse_document(text.encode(), "dots.toml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000
    (tmp_path / "dots.toml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="dotted parts"):
        Registry([tmp_path]).frameworks()


def test_ordinary_dotted_keys_still_load(tmp_path: Path) -> None:
    from fwcompare.store.resources import parse_document

    text = "a.b.c = 1\nnote = '" + "e.g. " * 100 + "'\n[x.y]\nz = 'https://a.b.c.d/e.f'\n"
    assert parse_document(text.encode(), "ok.toml")["a"] == {"b": {"c": 1}}


def _number_dir(tmp_path: Path, value_text: str, suffix: str = ".json") -> Path:
    crit = fwcompare.Criterion("speed", "Speed", "custom", "Custom", fwcompare.ValueKind.NUMBER, "For tests.")
    write_json(tmp_path, "criteria.json", criteria_doc("speed", kind="number"))
    doc = framework_doc("acme", (*fwcompare.criteria(), crit))
    doc["facts"]["speed"]["value"] = 12345.0
    text = json.dumps(doc).replace("12345.0", value_text)
    (tmp_path / "acme.json").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_numbers_that_are_not_finite_are_refused_at_load(tmp_path: Path, value: str) -> None:
    with pytest.raises(DataError, match="numbers must be finite"):
        Registry([_number_dir(tmp_path, value)]).get("acme")


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "+nan"])
def test_toml_numbers_that_are_not_finite_are_refused_at_load(tmp_path: Path, value: str) -> None:
    from fwcompare.store.resources import parse_document

    with pytest.raises(DataError, match=r"x\.toml: numbers must be finite"):
        parse_document(f"value = {value}\n".encode(), "x.toml")


def test_an_integer_python_cannot_convert_is_a_data_error_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"acme\.json: not a valid document: an integer of more than 4,300 digits"):
        Registry([_number_dir(tmp_path, "9" * 5000)]).get("acme")
    from fwcompare.store.resources import parse_document

    with pytest.raises(DataError, match=r"x\.toml"):
        parse_document(b"value = " + b"9" * 5000, "x.toml")


def test_a_string_no_output_can_carry_is_refused_at_load(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = framework_doc("acme")
    doc["summary"] = "half a character: \ud800"
    (tmp_path / "acme.json").write_text(json.dumps(doc), encoding="utf-8")  # written as the escape \\ud800
    with pytest.raises(DataError, match="lone surrogate"):
        Registry([tmp_path]).get("acme")
    status, _, err = run(capsys, "--data-dir", str(tmp_path), "show", "acme")
    assert status == 2
    assert "lone surrogate" in err


def test_an_error_quotes_a_short_prefix_of_a_huge_value(tmp_path: Path) -> None:
    doc = framework_doc("acme")
    doc["classification"] = "x" * 1_000_000
    write_json(tmp_path, "acme.json", doc)
    with pytest.raises(DataError) as caught:
        Registry([tmp_path]).get("acme")
    assert "classification" in str(caught.value)
    assert len(str(caught.value)) < 1000


# --- the CLI's own stdout --------------------------------------------------------------------

CLI = [sys.executable, "-c", "import sys; from fwcompare.cli import main; sys.exit(main())"]


@posix_only
@pytest.mark.parametrize(
    ("redirect", "env", "message"),
    [
        (">/dev/full", {}, "No space left on device"),
        (">&-", {}, "stdout is closed"),
        ("", {"PYTHONIOENCODING": "ascii"}, "its encoding (ascii) has no '\\u2260'; set PYTHONIOENCODING=utf-8"),
    ],
)
def test_an_unwritable_stdout_is_one_message_and_status_2(
    tmp_path: Path, redirect: str, env: dict[str, str], message: str
) -> None:
    import shlex

    command = " ".join(map(shlex.quote, [*CLI, "compare", "django", "flask", "--format", "markdown"]))
    done = subprocess.run(
        f"{command} {redirect}",
        shell=True,
        cwd=tmp_path,
        env=dict(os.environ, **env),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [f"fwcompare: error: cannot write the output{_to(message)}: {message}"]


def _to(message: str) -> str:
    return "" if message == "stdout is closed" else " to stdout"


# --- plugins' Python objects and odd data directories -----------------------------------------


def test_a_plugin_object_with_a_wrong_typed_field_is_a_warning_and_the_rest_loads(
    entry_points: list[Any], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    flask = fwcompare.get("flask")
    bad = attrs.evolve(flask, slug="bad-twin", name=123, aliases=())  # type: ignore[arg-type]
    good = attrs.evolve(flask, slug="good-twin", name="Good Twin", aliases=())
    bad_fact = attrs.evolve(flask.fact("orm"), value=float("nan"))
    worse = attrs.evolve(flask, slug="worse", name="Worse", aliases=(), facts={**flask.facts, "orm": bad_fact})
    entry_points.append(("twins", "twins:plugin", None, lambda: PluginData(frameworks=[bad, good, worse, "junk"])))  # type: ignore[list-item]
    registry = Registry()
    with pytest.warns(PluginWarning) as caught:
        assert registry.get("good-twin").name == "Good Twin"
    messages = [str(w.message) for w in caught]
    assert any("plugin 'twins': framework 'bad-twin': field name: expected str, got int" in m for m in messages)
    assert any("framework 'worse': field facts['orm'].value" in m for m in messages)
    assert any("framework #4: is a str, not a fwcompare.Framework" in m for m in messages)
    assert "bad-twin" not in registry
    assert "worse" not in registry
    write_json(tmp_path, "acme.json", framework_doc("acme"))
    status, out, err = run(capsys, "--data-dir", str(tmp_path), "plugins")
    assert status == 0
    assert "twins: loaded" in out
    assert "bad-twin" in err


def test_plugin_objects_are_frozen(entry_points: list[Any]) -> None:
    flask = fwcompare.get("flask")
    facts = dict(flask.facts)
    authors = ["Someone"]
    twin = attrs.evolve(flask, slug="twin", name="Twin", aliases=(), authors=authors, facts=facts)  # type: ignore[arg-type]
    entry_points.append(("twin", "twin:plugin", None, lambda: PluginData(frameworks=[twin])))
    loaded = Registry().get("twin")
    assert loaded.authors == ("Someone",)
    assert isinstance(loaded.facts, types.MappingProxyType)
    authors.append("Intruder")
    del facts["orm"]
    assert loaded.authors == ("Someone",)
    assert "orm" in loaded.facts
    with pytest.raises(TypeError):
        loaded.facts["orm"] = flask.fact("orm")  # type: ignore[index]


@posix_only
@pytest.mark.parametrize(
    ("make", "what"),
    [
        (lambda p: p.symlink_to(p.parent / "nowhere.toml"), "a symbolic link that leads nowhere"),
        (lambda p: p.symlink_to(p), "a symbolic link that leads nowhere (Too many levels of symbolic links)"),
        (lambda p: os.mkfifo(p), "a named pipe (FIFO)"),
        (lambda p: p.mkdir(), "a directory"),
    ],
)
def test_a_data_entry_that_is_not_a_regular_file_is_reported_by_name(
    tmp_path: Path, make: Callable[[Path], None], what: str
) -> None:
    write_json(tmp_path, "acme.json", framework_doc("acme"))
    make(tmp_path / "odd.toml")
    with pytest.raises(DataError, match=re.escape(f"odd.toml: is not a regular file: {what}")):
        Registry([tmp_path]).frameworks()


def test_an_empty_data_path_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_json(tmp_path, "acme.json", framework_doc("acme"))
    monkeypatch.chdir(tmp_path)  # "" used to read the working directory
    status, out, err = run(capsys, "--data-dir", "", "list")
    assert (status, out) == (2, "")
    assert "--data-dir: expected a directory, got an empty string" in err
    with pytest.raises(DataError, match="the path is empty"):
        Registry([""]).frameworks()
