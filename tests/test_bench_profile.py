"""The concurrency profile (``--connections 16,64,256``): run, carried, read back, shown, refused.

The load runs against the stand-ins (tests/bench_standins.py) or a load generator
given as a function: no real ``wrk``, no timing.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import attrs
import jsonschema
import pytest

import bench_standins
from bench_standins import free_ports, listening, standin_servers
from fwcompare._errors import BenchError
from fwcompare.cli import main
from fwcompare.model.measurements import (
    BenchResult,
    EndpointMeasurement,
    Figure,
    Footprint,
    FrameworkMeasurement,
    ProfileLevel,
    Provenance,
    Round,
)
from fwcompare.ops import bench as bench_module
from fwcompare.ops import bench_plan
from fwcompare.ops.bench import bench, load_reference
from fwcompare.ops.bench_processes import WrkRun
from fwcompare.schemas import output_schema
from fwcompare_bench import ENDPOINTS

standin_wrk = bench_standins.standin_wrk
standin_python = bench_standins.standin_python


# -- running every level -------------------------------------------------------------------------


def test_every_further_level_loads_every_app_and_endpoint_for_the_rounds_asked_with_its_connections(
    standin_python: str, tmp_path: Path
) -> None:
    start, _ = standin_servers(standin_python, tmp_path)
    port = free_ports(2)
    plan = bench_plan.Plan(("wsgi-floor", "flask"), (port, port + 1), (), ())
    settings = bench_plan.Settings(rounds=2, duration=1, warmup=0, connections=16, imports=1, profile=(64, 256))
    calls: list[tuple[int, int, str]] = []

    def load_at(connections: int) -> bench_module.Load:
        def load(at: int, endpoint: str, seconds: int) -> WrkRun:
            calls.append((connections, at, endpoint))
            with urllib.request.urlopen(f"http://127.0.0.1:{at}/{endpoint}", timeout=10) as response:
                response.read()
            return WrkRun(connections * 10, 1.0, 0, (connections / 16, 2.0, 3.0, 4.0))

        return load

    said: list[str] = []
    collected = bench_module._run_load(plan, settings, start, load_at(16), said.append, load_at)
    per_level = 2 * 2 * len(ENDPOINTS)  # rounds x apps x endpoints
    main = 2 * 3 * len(ENDPOINTS)  # the main level loads the floor before and after flask
    assert [c for c, _, _ in calls] == [16] * main + [64] * per_level + [256] * per_level
    assert list(collected.profile) == [64, 256]
    for connections, samples in collected.profile.items():
        assert set(samples) == {(a, e) for a in plan.apps for e in ENDPOINTS}
        assert all(len(rounds) == 2 for rounds in samples.values())
        assert samples["flask", "json"][0].requests == connections * 10
    assert all(r.requests == 160 for rounds in collected.samples.values() for r in rounds)  # the main level's
    # The order rotates as in the main rounds: the floor first in round 1, flask first in round 2.
    at_64 = [at for c, at, _ in calls if c == 64]
    assert at_64[:2] == [port, port + 1]
    assert at_64[len(ENDPOINTS) * 2 : len(ENDPOINTS) * 2 + 2] == [port + 1, port]
    assert any(line.startswith("256 connections, round 2/2: flask fortunes: ") for line in said)
    assert not listening(port)
    assert not listening(port + 1)


def test_a_profile_without_a_load_generator_per_level_is_refused(standin_python: str, tmp_path: Path) -> None:
    settings = bench_plan.Settings(rounds=1, duration=1, warmup=0, connections=16, imports=1, profile=(64,))
    with pytest.raises(BenchError, match="a concurrency profile needs a load generator"):
        bench_module._profile(("flask",), {}, settings, None, print)


def test_the_whole_run_carries_the_profile_and_records_its_levels(standin_wrk: Path, standin_python: str) -> None:
    result = bench(["flask"], python=standin_python, rounds=1, duration=1, warmup=0, imports=1, connections=[2, 4, 8])
    assert [a.name for a in result.apps] == ["wsgi-floor", "flask"]
    for app in result.apps:
        assert [level.connections for level in app.profile] == [4, 8]
        for level in app.profile:
            assert [e.endpoint for e in level.endpoints] == list(ENDPOINTS)
            assert all(len(e.rounds) == 1 and e.cost_multiple is None for e in level.endpoints)
            assert level.endpoint("db").rounds[0].requests == 5  # the stand-in's requests
        # The main level is where it was, with its multiples (the floor loaded before and after flask).
        assert all(len(e.rounds) == (2 if app.is_floor else 1) for e in app.endpoints)
    assert all(e.cost_multiple is not None for e in result.app("flask").endpoints)
    p = result.provenance
    assert p.setting("connections") == 2
    assert p.profile_connections == (4, 8)
    assert p.connection_levels == (2, 4, 8)
    assert p.command.endswith("connections=[2, 4, 8])")
    document = json.loads(result.to_json())
    jsonschema.Draft202012Validator(output_schema("bench")).validate(document)
    assert BenchResult.from_dict(document).to_dict() == result.to_dict()  # (a floor's 0 CPU time: NaN != NaN)


def test_one_level_is_the_run_as_before(standin_wrk: Path, standin_python: str) -> None:
    result = bench(["flask"], python=standin_python, rounds=1, duration=1, warmup=0, imports=1, connections=[3])
    assert all(a.profile == () for a in result.apps)
    assert result.provenance.profile_connections == ()
    assert result.provenance.command.endswith("connections=3)")
    assert "Concurrency profile" not in result.to_text(80)


@pytest.mark.parametrize(
    ("connections", "message"),
    [
        ([], "connections must be at least one level, got none"),
        ([16, 16], r"connections must be at most 8 distinct levels, got \[16, 16\]"),
        (list(range(1, 10)), "connections must be at most 8 distinct levels"),
        ([16, 0], "connections must be a whole number from 1 to 10000, got 0"),
        ([16, True], "connections must be a whole number from 1 to 10000, got True"),
        ([16, 2.5], "connections must be a whole number from 1 to 10000, got 2.5"),
        ([0, 16], "connections must be a whole number from 1 to 10000, got 0"),
    ],
)
def test_bench_in_python_refuses_bad_levels_before_anything_runs(connections: list[int], message: str) -> None:
    with pytest.raises(BenchError, match=message):
        bench(["flask"], connections=connections)


# -- the command line ----------------------------------------------------------------------------


def test_the_cli_runs_the_levels_given_and_repeats_them_in_its_command(
    standin_wrk: Path, standin_python: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["bench", "flask", "--python", standin_python, "--rounds", "1", "--duration", "1", "--warmup", "0"]
    assert main([*argv, "--connections", "2,5", "--format", "json", "--quiet"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [level["connections"] for level in data["apps"][1]["profile"]] == [5]
    assert data["provenance"]["profile_connections"] == [5]
    assert data["provenance"]["command"].endswith("--warmup 0 --connections 2,5")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("16,16", "expected at most 8 distinct levels of connections, got '16,16'"),
        ("1,2,3,4,5,6,7,8,9", "expected at most 8 distinct levels"),
        ("16,0", "connections must be a whole number from 1 to 10000, got 0"),
        ("10001", "connections must be a whole number from 1 to 10000, got 10001"),
        ("16,abc", "expected whole numbers separated by commas (16,64,256), got '16,abc'"),
        ("16,,64", "expected whole numbers separated by commas"),
        ("", "expected whole numbers separated by commas"),
        ("+16", "expected whole numbers separated by commas"),
        ("16, 64", "expected whole numbers separated by commas"),
        ("1e3", "expected whole numbers separated by commas"),
        ("٣", "expected whole numbers separated by commas"),  # a digit, but not an ASCII one
        ("9" * 5000, "expected whole numbers separated by commas"),
    ],
)
def test_bad_connections_are_one_line_and_status_2(
    value: str, message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no wrk: nothing could run anyway
    with pytest.raises(SystemExit) as exit:
        main(["bench", "flask", "--connections", value, "--quiet"])
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err[:500]
    assert message in err
    assert len(err) < 400


# -- the model: read back, flagged ---------------------------------------------------------------


def _endpoints(cpu_us: float, share: float, p50: float) -> tuple[EndpointMeasurement, ...]:
    """Every endpoint, two rounds of 1,000 requests at *cpu_us* each, the server at *share* of its core."""
    cpu = cpu_us * 1000 / 1e6
    rounds = tuple(Round(1000, cpu / share, cpu, 0, (p50, p50 * 2, p50 * 3, p50 * 4)) for _ in range(2))
    return tuple(EndpointMeasurement(e, rounds, None) for e in ENDPOINTS)


def _measured(
    name: str, cpu_us: float, share: float = 1.0, profile: tuple[int, ...] = (64, 256)
) -> FrameworkMeasurement:
    footprint = Footprint((f"{name} 1.0",), 1 << 20, Figure.of([10.0]), Figure.of([12.0]), 30 << 20)
    levels = tuple(ProfileLevel(c, _endpoints(cpu_us * 1.1, share, c / 10)) for c in profile)
    return FrameworkMeasurement(
        name, None if name.endswith("floor") else "1.0", "wsgi", "gunicorn 23.0.0, 1 sync worker", "Jinja",
        None if name.endswith("floor") else "wsgi-floor", _endpoints(cpu_us, 1.0, 1.6), footprint, None, profile=levels,
    )  # fmt: skip


def _result(*apps: FrameworkMeasurement, profile: tuple[int, ...] = (64, 256)) -> BenchResult:
    provenance = Provenance(
        date="2026-12-06T22:00:00+00:00",
        command="fwcompare bench flask --connections 16,64,256",
        cores=2,
        cpu_model="AMD EPYC",
        server_cpu=0,
        load_cpu=1,
        os="Debian GNU/Linux 12 (bookworm), kernel 6.1",
        python="CPython 3.13.0",
        versions=(("flask", "3.1.2"),),
        load_tool="wrk debian/4.1.0-3+b2 [epoll]",
        settings=(("duration_s", 4), ("warmup_s", 1), ("rounds", 2), ("connections", 16), ("threads", 1)),
        load_average=(0.5, 2.0),
        profile_connections=profile,
    )
    return BenchResult(provenance, apps)


def test_a_profile_round_trips_through_json() -> None:
    result = _result(_measured("wsgi-floor", 100), _measured("flask-with-a-rather-long-name", 300))
    text = json.dumps(result.to_dict(), allow_nan=False)
    again = BenchResult.from_dict(json.loads(text))
    assert again == result
    flask = again.app("flask-with-a-rather-long-name")
    assert flask.profile[1].connections == 256
    assert flask.profile[1].endpoint("html").cpu_us_per_request.median == pytest.approx(330)
    assert flask.profile[1].endpoint("html").latency_ms("p50").median == pytest.approx(25.6)
    with pytest.raises(KeyError):
        flask.profile[0].endpoint("nosuch")
    jsonschema.Draft202012Validator(output_schema("bench")).validate(json.loads(result.to_json()))


def test_results_recorded_before_the_profile_still_load_without_one() -> None:
    data = load_reference().to_dict()
    for app in data["apps"]:
        del app["profile"]
    del data["provenance"]["profile_connections"]
    result = BenchResult.from_dict(data)
    assert all(a.profile == () for a in result.apps)
    assert result.provenance.connection_levels == (16,)
    assert "Concurrency profile" not in result.to_text(80) + result.to_markdown() + result.to_html()


def test_a_starved_profile_round_is_flagged_by_the_same_rule_as_a_main_one() -> None:
    result = _result(_measured("wsgi-floor", 100), _measured("flask", 300, share=0.5))
    flags = result.flags()
    assert len(flags) == len(ENDPOINTS) * 2  # every endpoint, at 64 and at 256 connections
    assert (
        "flask html at 256 connections: in 2 of 2 rounds the server got less than 0.9 of its core (least 0.50); "
        "do not rank on it"
    ) in flags
    assert not any(f.startswith("wsgi-floor") for f in flags)


# -- the renderers -------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [60, 80, 100])
def test_the_text_profile_fits_the_width_with_every_level(width: int) -> None:
    levels = (32, 64, 128, 256, 512, 1024, 10_000)
    result = _result(
        _measured("wsgi-floor", 100, profile=levels),
        _measured("flask-with-a-rather-long-name", 300, profile=levels),
        profile=levels,
    )
    text = result.to_text(width)
    assert all(len(line) <= width for line in text.splitlines())
    section = text.split("Concurrency profile", 1)[1].split("footprint", 1)[0]
    for c in (16, *levels):
        assert section.count(f" {c} conn.") == len(ENDPOINTS)
    assert "flask-with-a-rather-long-name 1.0  " in section
    assert " 330 25.6/76.8" in section  # CPU µs per request, then p50/p99 ms, at 256 connections
    assert "16 connections (then 32, 64, 128, 256, 512, 1024, 10000: the concurrency profile)" in " ".join(text.split())


def test_markdown_html_and_json_show_the_profile_and_one_level_shows_none() -> None:
    result = _result(_measured("wsgi-floor", 100), _measured("<b>flask</b>", 300))
    md = result.to_markdown()
    assert "**Concurrency profile**" in md
    assert md.count("| app | CPU µs/req @16 | p50 ms @16 | p99 ms @16 | CPU µs/req @64 |") == len(ENDPOINTS)
    assert "| &lt;b&gt;flask&lt;/b&gt; 1.0 | 300 | 1.6 | 4.8 | 330 | 6.4 | 19.2 | 330 | 25.6 | 76.8 |" in md
    page = result.to_html()
    assert "<h4>Concurrency profile</h4>" in page
    assert page.count("<th>p99 ms @256</th>") == len(ENDPOINTS)
    assert "<b>flask</b>" not in page
    assert "<td>&lt;b&gt;flask&lt;/b&gt; 1.0</td><td>300</td>" in page
    data = json.loads(result.to_json())
    assert [level["connections"] for level in data["apps"][1]["profile"]] == [64, 256]
    one = _result(_measured("wsgi-floor", 100, profile=()), _measured("flask", 300, profile=()), profile=())
    for shown in (one.to_text(80), one.to_markdown(), one.to_html()):
        assert "Concurrency profile" not in shown
    assert json.loads(one.to_json())["apps"][1]["profile"] == []


def test_an_app_missing_a_level_shows_dashes_rather_than_failing() -> None:
    result = _result(_measured("wsgi-floor", 100), attrs.evolve(_measured("flask", 300), profile=()))
    text = result.to_text(80)
    assert any(line.startswith("flask 1.0") and line.endswith("– –/–") for line in text.splitlines())
