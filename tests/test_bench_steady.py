"""``fwcompare bench`` is steady by construction: a busy machine is refused, starved rounds are
flagged, rounds are added while the cost multiples disagree (stand-ins, an injected load sampler)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import attrs
import pytest

import bench_standins
from bench_standins import free_ports
from fwcompare._errors import BenchError
from fwcompare.cli import main
from fwcompare.model.measurements import BenchResult, EndpointMeasurement, Round
from fwcompare.ops import bench as bench_module
from fwcompare.ops import bench_plan
from fwcompare.ops.bench import bench
from fwcompare.ops.bench_processes import Server, WrkRun
from fwcompare.ops.bench_result import Collected, RunInfo, _notes

standin_wrk = bench_standins.standin_wrk
standin_python = bench_standins.standin_python


def test_a_busy_machine_is_refused_before_any_server_starts(standin_wrk: Path, standin_python: str) -> None:
    lines: list[str] = []
    with pytest.raises(BenchError, match=r"other processes use 0\.60 of a core \(more than 0\.25\).*--force"):
        bench(["flask"], python=standin_python, rounds=1, duration=1, warmup=0, imports=1,
              sample=lambda: 0.6, progress=lines.append)  # fmt: skip
    assert not any(line.startswith(("starting", "reading")) for line in lines)


def test_the_cli_refuses_a_busy_machine_in_one_line_with_status_2(
    standin_wrk: Path, standin_python: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bench_module, "measure_other_cpu", lambda: 1.7)
    assert main(["bench", "flask", "--python", standin_python, "--quiet", "--rounds", "1"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "1.70 of a core" in err
    assert "--force" in err
    assert "Traceback" not in err


def test_a_forced_run_records_the_load_in_its_provenance_and_flags_it(standin_wrk: Path, standin_python: str) -> None:
    result = bench(["flask"], python=standin_python, rounds=1, duration=1, warmup=0, imports=1, port=free_ports(),
                   force=True, sample=lambda: 0.6)  # fmt: skip
    p = result.provenance
    assert (p.forced, p.other_cpu_before) == (True, 0.6)
    assert "force=True" in p.command
    assert any(n.startswith("forced (--force): other processes used 0.60 of a core") for n in p.notes)
    assert result.flags()[0].startswith("forced past a busy machine: other processes used 0.60")
    again = BenchResult.from_dict(json.loads(result.to_json()))
    assert (again.provenance.forced, again.provenance.other_cpu_before) == (True, 0.6)
    assert "forced past a busy machine" in result.to_text(80)


def test_a_quiet_machine_runs_unforced_and_records_what_others_used(standin_wrk: Path, standin_python: str) -> None:
    result = bench(["flask"], python=standin_python, rounds=1, duration=1, warmup=0, imports=1, port=free_ports(),
                   sample=lambda: 0.1, force=True)  # fmt: skip
    assert (result.provenance.forced, result.provenance.other_cpu_before) == (False, 0.1)
    assert not any("forced" in f for f in result.flags())


def test_rounds_where_the_server_got_less_than_0_9_of_its_core_are_flagged() -> None:
    full, starved = Round(100, 2.0, 1.9, 0, (1.0, 1.0, 1.0, 1.0)), Round(100, 2.0, 1.5, 0, (1.0, 1.0, 1.0, 1.0))
    assert (full.core_share, starved.core_share) == (0.95, 0.75)
    result = bench_module.load_reference()
    app = result.apps[0]
    steady = attrs.evolve(app, endpoints=(EndpointMeasurement("json", (full, full), None),))
    hungry = attrs.evolve(app, endpoints=(EndpointMeasurement("json", (full, starved), None),))
    quiet = attrs.evolve(result.provenance, forced=False)
    assert BenchResult(quiet, (steady,)).flags() == ()
    assert BenchResult(quiet, (hungry,)).flags() == (
        f"{app.name} json: in 1 of 2 rounds the server got less than 0.9 of its core (least 0.75); do not rank on it",
    )
    # A share just under the limit is not printed as the limit itself.
    barely = attrs.evolve(
        app, endpoints=(EndpointMeasurement("json", (full, attrs.evolve(full, cpu_seconds=1.799)), None),)
    )
    assert "(least 0.899)" in BenchResult(quiet, (barely,)).flags()[0]


class _Process:
    pid = 0

    def poll(self) -> None:
        return None


def _run_rounds(
    cpu: dict[str, list[float]], rounds: int, monkeypatch: pytest.MonkeyPatch, said: list[str] | None = None
) -> tuple[dict[tuple[str, str], list[Round]], int]:
    """`_rounds` over fake servers whose CPU time per load is *cpu*[app][load] (no process, no load).

    Per endpoint, flask is loaded once a round and its floor twice (before and after it).
    """
    apps = ("wsgi-floor", "flask")
    servers = {name: cast(Server, SimpleNamespace(process=_Process(), port=i)) for i, name in enumerate(apps)}
    clock = {"cpu": 0.0}
    loads: dict[tuple[str, str], int] = {}
    monkeypatch.setattr(bench_module, "EXTRA_ROUNDS", bench_plan.EXTRA_ROUNDS)
    monkeypatch.setattr(bench_module, "process_tree", lambda pid: [pid])
    monkeypatch.setattr(bench_module, "cpu_seconds", lambda pids: clock["cpu"])

    def load(at: int, endpoint: str, seconds: int) -> WrkRun:
        name = apps[at]
        done = loads.get((name, endpoint), 0)
        clock["cpu"] += cpu[name][done]
        loads[name, endpoint] = done + 1
        return WrkRun(1000, 1.0, 0, (1.0, 1.0, 1.0, 1.0))

    settings = bench_plan.Settings(rounds=rounds, duration=1, warmup=0, connections=1, imports=1)
    return bench_module._rounds(apps, servers, settings, load, (said if said is not None else []).append)


def _multiples(samples: dict[tuple[str, str], list[Round]]) -> list[float]:
    return [r.cpu_us_per_request / r.floor_cpu_us for r in samples["flask", "json"] if r.floor_cpu_us]


def _lengths(samples: dict[tuple[str, str], list[Round]]) -> dict[str, set[int]]:
    return {app: {len(v) for (a, _), v in samples.items() if a == app} for app in ("wsgi-floor", "flask")}


def test_steady_rounds_are_not_added_to(monkeypatch: pytest.MonkeyPatch) -> None:
    samples, added = _run_rounds({"wsgi-floor": [0.1] * 18, "flask": [0.3, 0.31, 0.32] + [1.0] * 6}, 3, monkeypatch)
    assert added == 0
    assert _lengths(samples) == {"wsgi-floor": {6}, "flask": {3}}  # two floor loads a round


def test_an_app_is_measured_against_the_floor_loaded_just_before_and_just_after_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The machine slows down steadily: the floor costs more at each load, flask with it...
    floor = [0.1, 0.2, 0.2, 0.3, 0.3, 0.4]
    samples, added = _run_rounds({"wsgi-floor": floor, "flask": [0.45, 0.75, 1.05]}, 3, monkeypatch)
    assert [r.cpu_us_per_request for r in samples["wsgi-floor", "json"]] == pytest.approx([x * 1e3 for x in floor])
    assert [r.floor_cpu_us for r in samples["flask", "json"]] == pytest.approx([150.0, 250.0, 350.0])
    # ...so that against the floor around it, flask costs three times its floor in every round
    # (against the floor's first load of each round it would read 4.5, 3.75 and 3.5: a spread of 1.29).
    assert _multiples(samples) == pytest.approx([3.0, 3.0, 3.0])
    assert added == 0


def test_rounds_are_added_until_the_last_ones_agree_and_the_unsettled_ones_are_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    flask = [0.6, 0.3, 0.3, 0.31, 0.3, 0.3, 0.3]  # the first round ran on an unsettled machine
    said: list[str] = []
    samples, added = _run_rounds({"wsgi-floor": [0.1] * 14, "flask": flask}, 3, monkeypatch, said)
    assert added == 1
    assert _multiples(samples) == pytest.approx([3.0, 3.0, 3.1])
    assert "round 4: added, a cost multiple's spread is 2.00 (> 1.25)" in said
    assert "round 4 (added): flask json: 1,000 req/s" in said  # not "round 4/3"


def test_rounds_stop_at_the_cap_and_every_round_is_kept_when_they_never_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    flask = [0.2, 0.4] * 4
    samples, added = _run_rounds({"wsgi-floor": [0.1] * 16, "flask": flask}, 3, monkeypatch)
    assert added == bench_plan.EXTRA_ROUNDS == 3
    assert _lengths(samples) == {"wsgi-floor": {12}, "flask": {6}}
    assert max(_multiples(samples)) / min(_multiples(samples)) == pytest.approx(2.0)


def test_the_note_says_the_unsettled_rounds_were_dropped_though_a_floor_has_a_round_per_load(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    flask = [0.6, 0.3, 0.3, 0.31, 0.3, 0.3, 0.3]  # the first round ran on an unsettled machine
    samples, added = _run_rounds({"wsgi-floor": [0.1] * 14, "flask": flask}, 3, monkeypatch)
    plan = bench_plan.Plan(("wsgi-floor", "flask"), (1, 2), (), (0, 1))
    settings = bench_plan.Settings(rounds=3, duration=1, warmup=0, connections=1, imports=1)
    run = RunInfo("2026-12-07T00:00:00+00:00", "fwcompare.bench(['flask'])", "wrk 4.1.0", (0.0, 0.0))
    collected = Collected(samples, {"wsgi-floor": 1, "flask": 1}, 0.0, added)
    notes = _notes(plan, run, collected, settings, "CPython 3.11.7", {})
    assert "1 round added to the 3 asked for" in notes[0]
    assert notes[0].endswith("the first was dropped as unsettled")
