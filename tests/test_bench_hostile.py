"""bench against what it did not write: odd ``wrk`` output, hostile environments, bad settings.

Each test is one case of issue 27's review, kept as a regression test; every
one failed (a traceback, a hang, a process left running, memory without bound,
raw markup) before its fix. They run against the stand-ins of
tests/fixtures/bench, so none needs ``wrk``.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import tracemalloc
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path

import pytest

import bench_standins
from bench_standins import free_ports, listening
from fwcompare._errors import BenchError, PortInUseError, ServerStartError
from fwcompare.cli import main
from fwcompare.ops import bench_plan, bench_processes
from fwcompare.ops.bench import bench
from fwcompare.ops.bench_processes import check_port, child_environment, parse_wrk_output, start_server, wait_ready

standin_wrk = bench_standins.standin_wrk
standin_python = bench_standins.standin_python

RESULT = '"requests": 9, "duration_us": 1000000, "socket_errors": 0, "status_errors": 0'
LATENCY = '"p50": 1, "p90": 2, "p99": 3, "max": 4'


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``fwcompare bench ARGV``: it must exit with 2 and one line on stderr; that line."""
    try:
        status = main(["bench", *argv, "--quiet"])
    except SystemExit as exit:  # the parser's errors: one line too
        status = int(str(exit.code))
    assert status == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err[:500]
    assert "Traceback" not in err
    assert len(err) < 400
    return err


# -- the current directory ----------------------------------------------------------------------


@pytest.mark.skipif(find_spec("flask") is None or find_spec("gunicorn") is None, reason="flask and gunicorn")
def test_modules_in_the_current_directory_are_never_imported_by_the_measured_interpreter(
    standin_wrk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "project"
    here.mkdir()
    ran = tmp_path / "ran"
    for name in ("platform", "contextlib", "json", "gunicorn", "flask"):
        (here / f"{name}.py").write_text(f"open({str(ran)!r}, 'a').write({name!r} + ' ')\n")
    monkeypatch.chdir(here)
    result = bench(["flask"], python=sys.executable, rounds=1, duration=1, warmup=0, imports=1)
    assert not ran.exists(), ran.read_text()
    assert result.app("flask").version


# -- what wrk prints -----------------------------------------------------------------------------

ODD_WRK_OUTPUT = {
    "nothing": "",
    "no result line": "Running 1s test @ http://127.0.0.1:1/json\nRequests/sec: 12.0\n",
    "not JSON": "FWBENCH {requests: 9}",
    "not an object": "FWBENCH [1, 2, 3]",
    "a missing count": "FWBENCH {" + RESULT + "}",
    "a negative count": "FWBENCH {" + RESULT.replace('"requests": 9', '"requests": -9') + ", " + LATENCY + "}",
    "a fraction": "FWBENCH {" + RESULT.replace('"requests": 9', '"requests": 9.5') + ", " + LATENCY + "}",
    "a string": "FWBENCH {" + RESULT.replace('"requests": 9', '"requests": "9"') + ", " + LATENCY + "}",
    "a boolean": "FWBENCH {" + RESULT.replace('"requests": 9', '"requests": true') + ", " + LATENCY + "}",
    "infinity": "FWBENCH {" + RESULT.replace('"requests": 9', '"requests": Infinity') + ", " + LATENCY + "}",
    "an overflow": "FWBENCH {" + RESULT.replace('"requests": 9', '"requests": 1e999') + ", " + LATENCY + "}",
    "5,000 digits": "FWBENCH {" + RESULT.replace('"requests": 9', '"requests": ' + "9" * 5000) + ", " + LATENCY + "}",
    "a huge line": "x" * 5_000_000,
    "a huge result line": "FWBENCH {" + " " * 5_000_000,
}


@pytest.mark.parametrize("case", ODD_WRK_OUTPUT)
def test_odd_wrk_output_is_one_short_error(case: str) -> None:
    with pytest.raises(BenchError) as raised:
        parse_wrk_output(ODD_WRK_OUTPUT[case])
    assert len(str(raised.value)) < 300


def test_a_whole_count_written_as_a_float_is_read() -> None:
    run = parse_wrk_output("FWBENCH {" + RESULT.replace("9", "9.0", 1) + ", " + LATENCY + "}")
    assert run.requests == 9


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("garbage", "wrk printed no result: .*FWBENCH\\{oops"),
        ("huge", "wrk's result line is not JSON: 'FWBENCH \\{\"requests\": 9999"),
        ("flood", "wrk wrote more than 1,048,576 bytes of output; it was stopped"),
        ("fail", "wrk failed \\(exit status 1\\): unable to connect to http://127.0.0.1:"),
    ],
)
def test_a_wrk_that_misbehaves_is_one_error_and_leaves_no_server(
    standin_wrk: Path, standin_python: str, monkeypatch: pytest.MonkeyPatch, mode: str, message: str
) -> None:
    monkeypatch.setenv("FWBENCH_WRK", mode)
    port = free_ports(2)
    with pytest.raises(BenchError, match=message):
        bench(["flask"], python=standin_python, port=port, rounds=1, duration=1, warmup=0, imports=1)
    assert not listening(port)
    assert not listening(port + 1)


def test_a_wrk_that_misbehaves_ends_the_command_with_one_line(
    standin_wrk: Path, standin_python: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FWBENCH_WRK", "garbage")
    err = _cli(["flask", "--python", standin_python, "--rounds", "1", "--duration", "1", "--warmup", "0"], capsys)
    assert "\x1b" not in err  # the stand-in printed an escape: shown, not sent to the terminal
    assert "wrk printed no result" in err


def test_a_wrk_that_hangs_under_load_is_stopped_after_its_duration_and_grace(
    standin_wrk: Path, standin_python: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FWBENCH_WRK", "hang")
    monkeypatch.setattr(bench_processes, "WRK_GRACE", 0.5)
    port = free_ports(2)
    with pytest.raises(BenchError, match=r"wrk did not finish within 1\.5 s; it was stopped"):
        bench(["flask"], python=standin_python, port=port, rounds=1, duration=1, warmup=0, imports=1)
    assert not listening(port + 1)


def test_a_wrk_whose_version_hangs_fails_the_run_before_it_starts(
    standin_wrk: Path, standin_python: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FWBENCH_WRK", "hang-version")
    monkeypatch.setattr(bench_processes, "VERSION_TIMEOUT", 0.5)
    lines: list[str] = []
    with pytest.raises(BenchError, match=r"wrk -v did not finish within 0\.5 s"):
        bench(["flask"], python=standin_python, progress=lines.append, rounds=1, duration=1, warmup=0, imports=1)
    assert lines == []  # nothing else was started


# -- the environment measured --------------------------------------------------------------------


def test_an_environment_that_floods_its_output_is_stopped_within_a_bounded_capture(
    standin_wrk: Path, standin_python: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FWBENCH_PYTHON", "flood-info")  # 50 MB before its report
    tracemalloc.start()
    try:
        with pytest.raises(BenchError, match=r"fwcompare_bench\.info wrote more than 16,777,216 bytes"):
            bench(["flask"], python=standin_python, rounds=1, duration=1, warmup=0, imports=1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024


def test_an_import_that_hangs_is_stopped_with_every_process_it_started(
    standin_wrk: Path, standin_python: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pidfile = tmp_path / "grandchild"
    monkeypatch.setenv("FWBENCH_PYTHON", "hang-import")
    monkeypatch.setenv("FWBENCH_PIDFILE", str(pidfile))
    monkeypatch.setattr(bench_plan, "INFO_TIMEOUT", 2.0)
    with pytest.raises(BenchError, match="--import wsgi-floor did not finish within 2 s; it was stopped"):
        bench(["flask"], python=standin_python, rounds=1, duration=1, warmup=0, imports=1)
    assert not _alive(int(pidfile.read_text()))


def _alive(pid: int) -> bool:
    """Whether *pid* runs (a zombie, dead but not yet reaped by its new parent, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in (b"Z", b"X")


def test_an_environment_whose_description_has_the_wrong_shape_is_one_error(
    standin_wrk: Path, standin_python: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FWBENCH_PYTHON", "bad-info")
    with pytest.raises(BenchError, match="described its environment in an unexpected shape"):
        bench(["flask"], python=standin_python, rounds=1, duration=1, warmup=0, imports=1)


def test_a_server_that_floods_its_log_costs_a_bounded_tail_and_a_short_message(
    standin_python: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FWBENCH_PYTHON", "flood-server")  # one line of 10 MB, then exit 3
    root = str(tmp_path)
    server = start_server(standin_python, child_environment(root), "flask", free_ports(1), None, cwd=root)
    try:
        with pytest.raises(ServerStartError, match="flask's server exited with 3: yyyy") as raised:
            wait_ready(server)
    finally:
        server.stop()
    assert len(str(raised.value)) < 300
    assert len(server.log.data) <= 64 * 1024


def test_a_server_whose_json_endpoint_answers_no_json_is_one_clear_error(
    standin_python: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FWBENCH_PYTHON", "bad-json")
    root = str(tmp_path)
    bench_plan.copy_tree(files("fwcompare_bench"), str(tmp_path / "fwcompare_bench"))
    server = start_server(standin_python, child_environment(root), "flask", free_ports(1), None, cwd=root)
    try:
        answer = r"flask: GET /json answered something else \(application/json; not the JSON object\)"
        with pytest.raises(ServerStartError, match=answer):
            wait_ready(server)
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("mode", "answer"),
    [
        ("bad-db", r"GET /db answered something else \(application/json; not one row of world as"),
        ("range-db", r"GET /db answered .*id and randomNumber must be whole numbers from 1 to 10,000"),
        ("deep-db", r"GET /db answered something else \(application/json; not one row of world as"),
        ("raw-fortunes", r"GET /fortunes answered something else \(text/html.*; the row with markup came out unesc"),
        ("short-fortunes", r"GET /fortunes answered .*; 12 rows, not the 13 fortunes sorted by message"),
        ("huge-fortunes", r"GET /fortunes answered .*; \d+ rows, not the 13 fortunes sorted by message"),
        ("garbled", r"GET /plaintext failed: "),
    ],
)
def test_a_server_whose_database_endpoints_answer_wrong_is_one_clear_error(
    standin_python: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mode: str, answer: str
) -> None:
    # The plaintext, JSON and HTML endpoints answer right: the database ones must be checked too,
    # and a hostile answer (nested too deep for the parser, megabytes long, not HTTP) is one error.
    monkeypatch.setenv("FWBENCH_PYTHON", mode)
    root = str(tmp_path)
    bench_plan.copy_tree(files("fwcompare_bench"), str(tmp_path / "fwcompare_bench"))
    server = start_server(standin_python, child_environment(root), "flask", free_ports(1), None, cwd=root)
    try:
        with pytest.raises(ServerStartError, match=f"^flask: {answer}") as raised:
            wait_ready(server)
    finally:
        server.stop()
    assert len(str(raised.value)) < 400


# -- ports and settings -------------------------------------------------------------------------


def _time_wait_on(port: int) -> None:
    """Leave a connection on *port* in TIME_WAIT, as a server's side of a finished run does."""
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen()
        client = socket.create_connection(("127.0.0.1", port))
        served, _ = listener.accept()
        served.close()  # the server closes first: its side ends in TIME_WAIT
        assert client.recv(1) == b""
        client.close()


def test_a_port_a_run_just_used_is_free_again_and_one_listened_on_is_not() -> None:
    port = free_ports(1)
    _time_wait_on(port)
    check_port(port)
    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        taken.bind(("127.0.0.1", port))
        taken.listen()
        with pytest.raises(PortInUseError, match=f"port 127.0.0.1:{port} is in use"):
            check_port(port)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--duration", "99999999999999999999"], "duration must be a whole number from 1 to 3600, got 99999"),
        (["--rounds", "1000"], "rounds must be a whole number from 1 to 100"),
        (["--connections", "10001"], "connections must be a whole number from 1 to 10000"),
        (["--warmup", "86400"], "warmup must be a whole number from 0 to 3600"),
        (["--port", "70000"], "port must be a whole number from 1 to 65535, got 70000"),
        (["--rounds", "9" * 5000], "expected a whole number of at least 1, got '9999"),
    ],
)
def test_settings_out_of_bounds_are_one_line_and_status_2_before_anything_runs(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no wrk: the settings are refused first
    assert message in _cli(["flask", *argv], capsys)


def test_a_first_port_too_high_for_every_server_is_one_line(
    standin_wrk: Path, standin_python: str, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _cli(["flask", "--python", standin_python, "--port", "65535"], capsys)
    assert "--port 65535 leaves no room for 2 servers: ports end at 65535" in err


def test_bench_in_python_refuses_what_is_not_a_whole_number() -> None:
    with pytest.raises(BenchError, match=r"duration must be a whole number from 1 to 3600, got 1\.5"):
        bench(["flask"], duration=1.5)  # type: ignore[arg-type]
    with pytest.raises(BenchError, match="port must be a whole number from 1 to 65535, got True"):
        bench(["flask"], port=True)


# -- what the environment measured says, in Markdown ----------------------------------------------


def test_markdown_escapes_every_string_the_measured_environment_gave() -> None:
    import attrs

    from test_bench import _app, _result

    hostile = "<img src=x onerror=alert(1)> [click](javascript:alert(1)) `code` | cell"
    result = _result(_app("wsgi-floor", [100], None, None), _app("flask", [300], [3.0], version=hostile))
    provenance = attrs.evolve(
        result.provenance,
        python=hostile,
        cpu_model=hostile,
        os=hostile,
        notes=(hostile,),
        command=hostile,
        load_tool=hostile,
    )
    md = attrs.evolve(result, provenance=provenance).to_markdown()
    assert "<img" not in md
    assert "[click]" not in md
    assert "`code`" not in md
    assert "\\| cell" in md
    assert "&lt;img src=x onerror=alert(1)&gt; \\[click\\](javascript:alert(1)) \\`code\\` \\| cell" in md
    json.dumps(result.to_dict())
    assert os.sep  # (the module's imports stay used when tests are deselected)


def test_free_ports_chosen_for_several_servers_are_distinct(monkeypatch: pytest.MonkeyPatch) -> None:
    # The kernel can give the same free port twice in a row; two servers on one port fail under load.
    from fwcompare.ops import bench_plan

    answers = iter([40001, 40001, 40002, 40001, 40003])
    monkeypatch.setattr(bench_plan, "free_port", lambda: next(answers))
    monkeypatch.setattr(bench_plan, "check_port", lambda port: None)
    assert bench_plan.choose_ports(None, 3) == (40001, 40002, 40003)
