"""bench's orchestration, whole and in its parts, against a stand-in ``wrk`` and stand-in servers.

Nothing here needs ``wrk`` or a framework: the stand-ins (tests/fixtures/bench)
speak wrk's command line and serve what every app serves, so the harness runs
for real (children, ports, /proc accounting, the result) in a few seconds.
The real-``wrk`` runs are in test_bench.py.
"""

from __future__ import annotations

import json
import math
import os
import shlex
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import bench_standins
import fwcompare_bench
from bench_standins import free_ports, listening, standin_servers
from fwcompare._errors import BenchError, FrameworkNotInstalledError, PortInUseError
from fwcompare.cli import main
from fwcompare.model.measurements import BenchResult, Figure, Round
from fwcompare.ops import bench as bench_module
from fwcompare.ops import bench_plan, bench_result
from fwcompare.ops.bench import bench
from fwcompare.ops.bench_processes import (
    WrkRun,
    child_environment,
    cpu_seconds,
    process_tree,
    start_server,
    wait_ready,
)
from fwcompare_bench import ENDPOINTS

standin_wrk = bench_standins.standin_wrk
standin_python = bench_standins.standin_python


def test_every_installed_app_is_measured_with_its_floor_footprint_and_provenance(
    standin_wrk: Path, standin_python: str
) -> None:
    lines: list[str] = []
    port = free_ports()
    result = bench(python=standin_python, rounds=2, duration=1, warmup=0, imports=1, port=port, progress=lines.append)
    assert [a.name for a in result.apps] == ["wsgi-floor", "asgi-floor", "flask", "starlette", "tornado"]
    flask, starlette, tornado = (result.app(n) for n in ("flask", "starlette", "tornado"))
    assert (flask.floor, starlette.floor, tornado.floor) == ("wsgi-floor", "asgi-floor", "asgi-floor")
    assert flask.version == "3.1.2"
    assert flask.server == "gunicorn 23.0.0, 1 sync worker"
    assert starlette.server == "uvicorn 0.32.0 (asyncio, h11 0.14.0), 1 process"
    assert tornado.server == "tornado.httpserver (its own server), 1 process"
    for app in result.apps:
        assert [e.endpoint for e in app.endpoints] == ["plaintext", "json", "html", "db", "fortunes"]
        for e in app.endpoints:
            loads = 4 if app.is_floor else 2  # each floor is loaded before and after its apps
            assert [r.requests for r in e.rounds] == [5] * loads  # the stand-in's requests, each load
            assert e.errors == 0
        assert app.footprint.rss_bytes > 0
        assert app.footprint.import_ms.median == pytest.approx(1.0)
        assert app.footprint.app_import_ms.median == pytest.approx(2.0)
    assert all(e.cost_multiple is not None and e.cost_multiple.rounds <= 2 for e in flask.endpoints)
    assert result.app("wsgi-floor").endpoint("json").cost_multiple is None
    # The closure follows requirements, not extras (asgiref is Flask's "async" extra).
    assert flask.footprint.distributions == ("Flask 3.1.2", "Jinja2 3.1.6", "MarkupSafe 3.0.2", "Werkzeug 3.1.3")
    assert flask.footprint.installed_bytes == 4000
    p = result.provenance
    assert p.python == "CPython 3.13.0"
    assert p.load_tool == "wrk 4.1.0 [stand-in]"
    assert dict(p.versions) == {
        "flask": "3.1.2", "gunicorn": "23.0.0", "h11": "0.14.0", "jinja2": "3.1.6", "starlette": "0.41.0",
        "tornado": "6.4.2", "uvicorn": "0.32.0",
    }  # fmt: skip
    assert p.setting("rounds") == 2
    assert p.command == f"fwcompare.bench(python={standin_python!r}, rounds=2, duration=1, warmup=0, connections=16)"
    assert "skipped aiohttp (aiohttp-jinja2 not installed)" in p.notes
    assert any(n.startswith("tornado run on their own servers: their cost multiple divides") for n in p.notes)
    assert "skipping aiohttp (aiohttp-jinja2 not installed)" in lines
    assert "round 2/2: tornado html: " in " ".join(lines)
    assert f"starting flask on 127.0.0.1:{port + 2}" in lines
    json.dumps(result.to_dict(), allow_nan=False)
    assert not any(listening(port + i) for i in range(5))


def test_frameworks_asked_for_are_measured_once_each_with_the_floor_they_need(
    standin_wrk: Path, standin_python: str
) -> None:
    result = bench(["flask", "flask"], python=standin_python, rounds=1, duration=1, warmup=0, imports=1)
    assert [a.name for a in result.apps] == ["wsgi-floor", "flask"]
    assert result.provenance.command.startswith("fwcompare.bench(['flask', 'flask'], python=")


def test_an_own_server_framework_without_uvicorn_has_no_floor_and_says_so(
    standin_wrk: Path, standin_python: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FWBENCH_DISTS", "tornado==6.4.2")
    result = bench(python=standin_python, rounds=1, duration=1, warmup=0, imports=1)
    assert [a.name for a in result.apps] == ["tornado"]
    assert result.app("tornado").floor is None
    assert all(e.cost_multiple is None for e in result.app("tornado").endpoints)
    assert any("no cost multiple without uvicorn" in n for n in result.provenance.notes)


@pytest.mark.parametrize(
    ("dists", "names", "message"),
    [
        ("gunicorn==23.0.0", None, "no bundled framework is installed for "),
        ("Flask==3.1.2", ["flask"], "flask cannot be benchmarked: gunicorn not installed for .*pip install gunicorn"),
        ("gunicorn==23.0.0", ["fastapi"], "fastapi cannot be benchmarked: fastapi, jinja2, sqlmodel, uvicorn not"),
    ],
)
def test_what_is_not_installed_is_one_clear_error_naming_it(
    standin_wrk: Path,
    standin_python: str,
    monkeypatch: pytest.MonkeyPatch,
    dists: str,
    names: list[str] | None,
    message: str,
) -> None:
    monkeypatch.setenv("FWBENCH_DISTS", dists)
    with pytest.raises(FrameworkNotInstalledError, match=message):
        bench(names, python=standin_python, rounds=1, duration=1, warmup=0, imports=1)


def _other_interpreter(path: Path, dists: str, version: str) -> str:
    """A second stand-in interpreter: its own distributions and Python version."""
    script = bench_standins.FIXTURES / "standin_python.py"
    path.write_text(
        f"#!/bin/sh\nFWBENCH_DISTS={shlex.quote(dists)} FWBENCH_VERSION={version} "
        f'exec {shlex.quote(sys.executable)} {shlex.quote(str(script))} "$@"\n'
    )
    path.chmod(0o755)
    return str(path)


def test_a_framework_on_an_interpreter_of_its_own_runs_there_and_the_result_says_so(
    standin_wrk: Path, standin_python: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FWBENCH_DISTS", "Flask==3.1.2,gunicorn==23.0.0")  # the run's: no Masonite
    other = _other_interpreter(tmp_path / "py311", "masonite==4.20.1,masonite-orm==2.24.0,gunicorn==22.0.0", "3.11.9")
    lines: list[str] = []
    result = bench(
        ["flask", "masonite"], python=standin_python, pythons={"masonite": other},
        rounds=1, duration=1, warmup=0, imports=1, progress=lines.append,
    )  # fmt: skip
    assert [a.name for a in result.apps] == ["wsgi-floor", "flask", "masonite"]
    masonite, flask = result.app("masonite"), result.app("flask")
    assert (masonite.version, masonite.python, masonite.floor) == ("4.20.1", "CPython 3.11.9", "wsgi-floor")
    assert masonite.server == "gunicorn 22.0.0, 1 sync worker"  # its own environment's server
    assert masonite.footprint.distributions == ("masonite 4.20.1",)
    assert (flask.python, flask.server) == (None, "gunicorn 23.0.0, 1 sync worker")
    assert result.provenance.python == "CPython 3.13.0"
    assert (
        "masonite ran on an interpreter of its own (CPython 3.11.9), the floors on the run's (CPython 3.13.0): "
        "its figures over the wsgi-floor include the two interpreters' difference"
    ) in result.provenance.notes
    assert f"reading the environment of {other}" in lines
    assert f"pythons={{'masonite': {other!r}}}" in result.provenance.command
    again = BenchResult.from_dict(json.loads(result.to_json()))
    assert [a.python for a in again.apps] == [None, None, "CPython 3.11.9"]


def test_every_installed_framework_and_those_on_their_own_interpreters_are_measured(
    standin_wrk: Path, standin_python: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FWBENCH_DISTS", "Flask==3.1.2,gunicorn==23.0.0,uvicorn==0.32.0")
    other = _other_interpreter(tmp_path / "py", "emmett==2.8.1", "3.13.0")
    result = bench(python=standin_python, pythons={"emmett": other}, rounds=1, duration=1, warmup=0, imports=1)
    assert [a.name for a in result.apps] == ["wsgi-floor", "asgi-floor", "flask", "emmett"]
    assert result.app("emmett").python == "CPython 3.13.0"
    assert any(
        n.startswith("emmett ran on an interpreter of its own (CPython 3.13.0), the floors")
        for n in result.provenance.notes
    )


@pytest.mark.parametrize(
    ("pythons", "error", "message"),
    [
        ({"nope": "python3"}, FrameworkNotInstalledError, "no benchmark app for 'nope'"),
        ({"wsgi-floor": "python3"}, FrameworkNotInstalledError, "no benchmark app for 'wsgi-floor'"),
        ({"flask": ""}, BenchError, "the interpreter for 'flask' must be a path"),
    ],
)
def test_an_interpreter_of_its_own_is_checked_before_anything_runs(
    pythons: dict[str, str], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        bench(["flask"], pythons=pythons)


def test_a_framework_missing_from_its_own_interpreter_is_one_clear_error(
    standin_wrk: Path, standin_python: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FWBENCH_DISTS", "Flask==3.1.2,gunicorn==23.0.0")
    other = _other_interpreter(tmp_path / "py", "gunicorn==23.0.0", "3.11.9")
    with pytest.raises(
        FrameworkNotInstalledError,
        match="masonite cannot be benchmarked: masonite, masonite-orm not installed for its own interpreter",
    ):
        bench(["masonite"], python=standin_python, pythons={"masonite": other}, rounds=1, duration=1, warmup=0)


def test_a_floor_needs_its_server_on_the_runs_interpreter(
    standin_wrk: Path, standin_python: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FWBENCH_DISTS", "Flask==3.1.2")  # no gunicorn for the floor
    other = _other_interpreter(tmp_path / "py", "masonite==4.20.1,masonite-orm==2.24.0,gunicorn==22.0.0", "3.11.9")
    with pytest.raises(FrameworkNotInstalledError, match="the wsgi-floor needs gunicorn installed for "):
        bench(["masonite"], python=standin_python, pythons={"masonite": other}, rounds=1, duration=1, warmup=0)


def test_a_framework_without_an_app_is_refused_before_anything_runs(tmp_path: Path) -> None:
    with pytest.raises(FrameworkNotInstalledError, match="no benchmark app for 'nosuch'; known: django, flask"):
        bench(["nosuch"], python=str(tmp_path / "nothing here"))


def test_a_relative_interpreter_is_found_from_where_the_caller_stands(
    standin_wrk: Path, standin_python: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The children run from a temporary directory: "./python" must still mean the caller's.
    monkeypatch.chdir(Path(standin_python).parent)
    result = bench(["flask"], python="./python", rounds=1, duration=1, warmup=0, imports=1)
    assert result.app("flask").version == "3.1.2"


def test_the_cli_prints_the_standins_result_as_json(
    standin_wrk: Path, standin_python: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["bench", "flask", "--python", standin_python, "--rounds", "1", "--duration", "1", "--warmup", "0"]
    assert main([*argv, "--format", "json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert [a["name"] for a in data["apps"]] == ["wsgi-floor", "flask"]
    assert "round 1/1: flask html" in captured.err  # progress, one line per step off a terminal
    command = f"fwcompare bench flask --python {standin_python} --rounds 1 --duration 1 --warmup 0 --connections 16"
    assert data["provenance"]["command"] == command


def test_the_cli_runs_a_framework_on_the_interpreter_named_for_it(
    standin_wrk: Path, standin_python: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = _other_interpreter(tmp_path / "py311", "masonite==4.20.1,masonite-orm==2.24.0,gunicorn==22.0.0", "3.11.9")
    argv = ["bench", "masonite", "--python", standin_python, "--python-for", f"masonite={other}"]
    assert main([*argv, "--rounds", "1", "--duration", "1", "--warmup", "0", "--format", "json", "--quiet"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(a["name"], a["python"]) for a in data["apps"]] == [("wsgi-floor", None), ("masonite", "CPython 3.11.9")]
    assert f"--python-for masonite={other} --rounds 1" in data["provenance"]["command"]


@pytest.mark.parametrize("value", ["masonite", "=py", "masonite="])
def test_a_python_for_without_name_and_interpreter_is_a_usage_error(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["bench", "--python-for", value])
    assert exit_.value.code == 2
    assert "expected NAME=PY" in capsys.readouterr().err


# -- the parts, one at a time -------------------------------------------------------------------


def _environment(standin_python: str, root: str) -> bench_plan.Environment:
    return bench_plan.read_environment(standin_python, child_environment(root), root)


def test_reading_the_environment_checks_what_the_interpreter_said(standin_python: str, tmp_path: Path) -> None:
    environment = _environment(standin_python, str(tmp_path))
    assert environment.python == "CPython 3.13.0"
    assert environment.versions["flask"] == "3.1.2"
    assert environment.missing("fastapi") == ["fastapi", "sqlmodel"]
    assert environment.missing("flask") == []
    # One table of add-ons, fwcompare_bench's: the template engine and the ORM an app needs.
    assert environment.missing("turbogears") == ["TurboGears2", "kajiki", "sqlalchemy"]
    assert environment.missing("masonite") == ["masonite", "masonite-orm"]
    assert "ADDONS" not in vars(bench_plan) or vars(bench_plan)["ADDONS"] is fwcompare_bench.ADDONS


def _reporting(tmp_path: Path, report: object) -> str:
    """An "interpreter" that prints *report* as its one line of JSON, whatever it is asked."""
    path = tmp_path / "reporting-python"
    path.write_text(f"#!/bin/sh\ncat <<'EOF'\n{json.dumps(report)}\nEOF\n")
    path.chmod(0o755)
    return str(path)


def _report(dists: list[dict[str, object]], markers: dict[str, str]) -> dict[str, object]:
    return {"python": {"implementation": "CPython", "version": "3.13.0"}, "markers": markers, "distributions": dists}


def test_an_empty_marker_is_an_environment_but_an_empty_or_huge_name_is_not(tmp_path: Path) -> None:
    root = str(tmp_path)
    flask = {"name": "Flask", "version": "3.1.2", "requires": [], "size": 1}
    python = _reporting(tmp_path, _report([flask], {"platform_release": ""}))
    assert bench_plan.read_environment(python, child_environment(root), root).markers == {"platform_release": ""}
    for bad, field in (({**flask, "name": ""}, "distribution name"), ({**flask, "version": "9" * 2000}, "version")):
        python = _reporting(tmp_path, _report([bad], {}))
        with pytest.raises(BenchError, match=f"the environment's description has no valid {field}"):
            bench_plan.read_environment(python, child_environment(root), root)
    python = _reporting(tmp_path, _report([{**flask, "size": "big"}], {}))
    with pytest.raises(BenchError, match="described a distribution in an unexpected shape"):
        bench_plan.read_environment(python, child_environment(root), root)


def test_choosing_skips_what_lacks_a_part_and_adds_the_floors(standin_python: str, tmp_path: Path) -> None:
    said: list[str] = []
    plan = bench_plan.choose(None, _environment(standin_python, str(tmp_path)), "py", said.append)
    assert plan.apps == ("wsgi-floor", "asgi-floor", "flask", "starlette", "tornado")
    assert plan.skipped == ("aiohttp (aiohttp-jinja2 not installed)",)
    assert said == ["skipping aiohttp (aiohttp-jinja2 not installed)"]


def test_import_times_are_medians_in_milliseconds_after_a_first_discarded_process(
    standin_python: str, tmp_path: Path
) -> None:
    root = str(tmp_path)
    figures = bench_plan.time_imports(standin_python, child_environment(root), root, ["flask"], 3, print)
    assert figures["flask"] == (Figure(1.0, 1.0, 1.0, 3, 1.0, 1.0), Figure(2.0, 2.0, 2.0, 3, 2.0, 2.0))


def test_the_load_runs_on_any_load_generator_and_stops_every_server(standin_python: str, tmp_path: Path) -> None:
    """`_run_load` takes the load generator as a function: here one request each time, no wrk at all."""
    start, _ = standin_servers(standin_python, tmp_path)
    port = free_ports(2)
    plan = bench_plan.Plan(("wsgi-floor", "flask"), (port, port + 1), (), (0, 1))
    settings = bench_plan.Settings(rounds=3, duration=1, warmup=1, connections=1, imports=1)
    calls: list[tuple[int, str, int]] = []

    def load(at: int, endpoint: str, seconds: int) -> WrkRun:
        calls.append((at, endpoint, seconds))
        with urllib.request.urlopen(f"http://127.0.0.1:{at}/{endpoint}", timeout=10) as response:
            response.read()
        return WrkRun(1, 0.5, 0, (1.0, 2.0, 3.0, 4.0))

    collected = bench_module._run_load(plan, settings, start, load, lambda line: None)
    # Warm-up, then three rounds of every endpoint: the floor, flask, the floor again.
    assert len(calls) == 2 * 5 + 3 * 3 * 5
    assert calls[0] == (port, "plaintext", 1)
    assert [c[1] for c in calls[:5]] == ["plaintext", "json", "html", "db", "fortunes"]
    assert calls[10][2] == 1
    assert [c[0] for c in calls[10:16]] == [port, port + 1, port] * 2
    assert [c[1] for c in calls[10:16]] == ["plaintext"] * 3 + ["json"] * 3
    assert {len(v) for (a, _), v in collected.samples.items() if a == "flask"} == {3}
    assert {len(v) for (a, _), v in collected.samples.items() if a == "wsgi-floor"} == {6}
    assert collected.samples["flask", "json"][0].requests_per_second == 2.0
    assert set(collected.rss) == {"wsgi-floor", "flask"}
    assert collected.other_cpu >= 0
    assert not listening(port)
    assert not listening(port + 1)


def test_the_runs_own_cpu_is_not_counted_as_other_processes(
    standin_python: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What this process and the servers spend (in loads, between them, in dropped rounds) is the run's own."""
    start, started = standin_servers(standin_python, tmp_path)
    port = free_ports(2)
    plan = bench_plan.Plan(("wsgi-floor", "flask"), (port, port + 1), (), (0, 1))
    settings = bench_plan.Settings(rounds=1, duration=1, warmup=0, connections=1, imports=1)

    def load(at: int, endpoint: str, seconds: int) -> WrkRun:
        until = time.process_time() + 0.02  # the benchmarking process busy between loads
        while time.process_time() < until:
            pass
        return WrkRun(1, 0.5, 0, (1.0, 2.0, 3.0, 4.0))

    def nobody_else() -> float:  # a machine busy with the run only
        ours = os.times()
        return sum(ours[:4]) + sum(cpu_seconds(process_tree(s.process.pid)) for s in started)

    monkeypatch.setattr(bench_module, "_busy_seconds", nobody_else)
    collected = bench_module._run_load(plan, settings, start, load, lambda line: None)
    assert collected.other_cpu < 0.1  # counting this process's 0.3 s as others' would read most of a core


def test_a_server_that_exits_while_starting_is_one_clear_error_with_its_last_words(tmp_path: Path) -> None:
    # It exits at once, maybe before its message left the pipe: the message must still be quoted.
    fake = tmp_path / "python"
    fake.write_text('#!/bin/sh\necho "RuntimeError: no server today" >&2\nexit 3\n')
    fake.chmod(0o755)
    root = str(tmp_path)
    for _ in range(5):
        server = start_server(str(fake), child_environment(root), "wsgi-floor", free_ports(1), None, cwd=root)
        try:
            with pytest.raises(BenchError, match="wsgi-floor's server exited with 3: RuntimeError: no server today"):
                wait_ready(server)
        finally:
            server.stop()


def test_a_server_that_dies_under_load_is_one_clear_error(standin_python: str, tmp_path: Path) -> None:
    start, started = standin_servers(standin_python, tmp_path)
    port = free_ports(1)
    plan = bench_plan.Plan(("flask",), (port,), (), ())
    settings = bench_plan.Settings(rounds=1, duration=1, warmup=0, connections=1, imports=1)

    def load(at: int, endpoint: str, seconds: int) -> WrkRun:
        started[0].process.kill()
        started[0].process.wait()
        return WrkRun(1, 1.0, 0, (1.0, 1.0, 1.0, 1.0))

    with pytest.raises(BenchError, match="flask's server died under load"):
        bench_module._run_load(plan, settings, start, load, lambda line: None)


def _collected(floor_cpu: float) -> bench_result.Collected:
    def rounds(cpu: float) -> list[Round]:
        return [Round(1000, 1.0, cpu, 0, (1.0, 2.0, 3.0, 4.0))]

    apps, endpoints = ("wsgi-floor", "flask"), ENDPOINTS
    samples = {(a, e): rounds(0.3 if a == "flask" else floor_cpu) for a in apps for e in endpoints}
    return bench_result.Collected(samples, {"wsgi-floor": 1, "flask": 2}, 0.7)


def test_assembling_divides_by_the_floor_and_records_a_busy_machine(standin_python: str, tmp_path: Path) -> None:
    environment = _environment(standin_python, str(tmp_path))
    plan = bench_plan.Plan(("wsgi-floor", "flask"), (1, 2), (), (0,))
    run = bench_result.RunInfo("2026-12-06T19:00:00+00:00", "call", "wrk 4.1.0", (1.0, 2.0))
    settings = bench_plan.Settings(1, 1, 0, 16, 1)
    imports = {n: (Figure.of([1.0]), Figure.of([2.0])) for n in plan.apps}
    result = bench_result.assemble(run, settings, environment, plan, imports, _collected(0.1))
    assert result.app("flask").endpoint("json").cost_multiple == Figure(3.0, 3.0, 3.0, 1, 3.0, 3.0)
    assert result.provenance.other_cpu == 0.7
    notes = result.provenance.notes
    assert any(n.startswith("the machine was busy: other processes kept 0.7 of its") for n in notes)
    assert "fewer than 2 cores: server and wrk were not pinned to different cores" in notes
    assert (result.provenance.server_cpu, result.provenance.load_cpu) == (None, None)


def test_a_floor_that_measured_no_cpu_time_gives_no_multiple_rather_than_a_crash(
    standin_python: str, tmp_path: Path
) -> None:
    # /proc counts CPU time in ticks (10 ms): a short round on a fast floor can count none.
    environment = _environment(standin_python, str(tmp_path))
    plan = bench_plan.Plan(("wsgi-floor", "flask"), (1, 2), (), (0, 1))
    run = bench_result.RunInfo("2026-12-06T19:00:00+00:00", "call", "wrk 4.1.0", (1.0, 2.0))
    imports = {n: (Figure.of([1.0]), Figure.of([2.0])) for n in plan.apps}
    settings = bench_plan.Settings(1, 1, 0, 16, 1)
    result = bench_result.assemble(run, settings, environment, plan, imports, _collected(0.0))
    multiple = result.app("flask").endpoint("html").cost_multiple
    assert multiple is not None
    assert multiple.rounds == 0
    assert math.isnan(multiple.median)
    json.dumps(result.to_dict(), allow_nan=False)


def test_ports_are_checked_before_anything_starts() -> None:
    port = free_ports(3)
    assert bench_plan.choose_ports(port, 3) == (port, port + 1, port + 2)
    assert len(set(bench_plan.choose_ports(None, 3))) == 3
    with pytest.raises(BenchError, match="--port 65534 leaves no room for 3 servers: ports end at 65535"):
        bench_plan.choose_ports(65534, 3)
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port + 1))
        taken.listen()
        with pytest.raises(PortInUseError, match=f"port 127.0.0.1:{port + 1} is in use"):
            bench_plan.choose_ports(port, 3)


def test_the_wrk_stand_in_is_found_before_any_real_wrk(standin_wrk: Path) -> None:
    import shutil

    assert shutil.which("wrk") == str(standin_wrk)
    assert sys.executable in standin_wrk.read_text()
