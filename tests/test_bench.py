"""fwcompare bench: the wrk parser, the statistics, the renderers, and the harness on Flask.

The harness tests run real servers under real load for a second; they check
the shape of the result and its provenance, never a timing.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import socket
import stat
import sys
from fractions import Fraction
from importlib.util import find_spec
from pathlib import Path

import pytest

from bench_standins import free_ports, listening
from fwcompare._errors import (
    BenchError,
    FrameworkNotInstalledError,
    PortInUseError,
    ServerStartError,
    WrkMissingError,
)
from fwcompare.cli import main
from fwcompare.model.figures import median_interval_rank
from fwcompare.model.measurements import (
    BenchResult,
    EndpointMeasurement,
    Figure,
    Footprint,
    FrameworkMeasurement,
    Provenance,
    Round,
)
from fwcompare.ops.bench import bench, load_reference, parse_wrk_output
from fwcompare.render.bench import _n, rows

# wrk 4.1.0 (Debian) against the WSGI floor on gunicorn, with the harness's done() script.
RECORDED_WRK = """\
Running 1s test @ http://127.0.0.1:41457/plaintext
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    18.93ms    9.31ms  52.44ms   69.45%
    Req/Sec   843.00    100.00     0.94k    90.00%
  839 requests in 1.00s, 130.27KB read
Requests/sec:    835.61
Transfer/sec:    129.74KB
FWBENCH {"requests": 839, "duration_us": 1004060, "socket_errors": 0, "status_errors": 0, "p50": 17903, \
"p90": 31001, "p99": 46911, "max": 52441}
"""

needs_wrk = pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (apt-get install wrk)")
needs_flask_server = pytest.mark.skipif(
    find_spec("flask") is None or find_spec("gunicorn") is None, reason="flask and gunicorn are needed"
)


# -- pure parts -------------------------------------------------------------------------------


def test_the_parser_reads_requests_duration_errors_and_percentiles_from_recorded_output() -> None:
    run = parse_wrk_output(RECORDED_WRK)
    assert run.requests == 839
    assert run.seconds == pytest.approx(1.00406)
    assert run.errors == 0
    assert run.latency_ms == pytest.approx((17.903, 31.001, 46.911, 52.441))


def test_the_parser_adds_socket_and_status_errors() -> None:
    line = RECORDED_WRK.replace('"socket_errors": 0, "status_errors": 0', '"socket_errors": 2, "status_errors": 5')
    assert parse_wrk_output(line).errors == 7


def test_output_without_the_result_line_is_one_clear_error() -> None:
    with pytest.raises(BenchError, match="wrk printed no result: unable to connect"):
        parse_wrk_output("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_a_figure_is_the_median_with_min_max_and_rounds() -> None:
    f = Figure.of([3.0, 1.0, 2.0, 10.0])
    assert (f.median, f.min, f.max, f.rounds) == (2.5, 1.0, 10.0, 4)
    assert f.spread == 10.0


def test_a_figure_of_nothing_is_undefined_and_serialises_as_null() -> None:
    f = Figure.of([])
    assert f.rounds == 0
    assert math.isnan(f.median)
    assert f.to_dict() == {"median": None, "min": None, "max": None, "low": None, "high": None, "rounds": 0}
    assert Figure.of([0.0, 1.0]).spread == math.inf
    assert Figure.of([0.0, 1.0]).interval_spread == math.inf


@pytest.mark.parametrize("rounds", range(1, 13))
def test_the_median_interval_holds_the_median_with_at_least_three_quarters_confidence(rounds: int) -> None:
    # The median lies between the k-th smallest and the k-th largest of n values when at least
    # k of them fall on each side of it: k <= B <= n - k, B binomial (n, 1/2).
    def confidence(k: int) -> Fraction:
        return Fraction(sum(math.comb(rounds, i) for i in range(k, rounds - k + 1)), 2**rounds)

    k = median_interval_rank(rounds)
    assert k == 1 or confidence(k) >= Fraction(3, 4)
    assert 2 * (k + 1) > rounds + 1 or confidence(k + 1) < Fraction(3, 4)  # the narrowest that holds it


def test_more_rounds_narrow_the_median_interval_where_they_widen_the_range() -> None:
    three = Figure.of([1.25, 1.3, 1.3])
    assert three.interval == (1.25, 1.3)  # the range, up to 5 rounds
    assert three.interval_spread == three.spread
    six = Figure.of([0.98, 1.25, 1.3, 1.31, 1.25, 1.3])  # one stray round
    assert six.spread == pytest.approx(1.31 / 0.98)
    assert six.interval == (1.25, 1.3)
    assert six.interval_spread == pytest.approx(1.04)


def test_a_figure_recorded_without_its_interval_reads_the_range_in_its_place() -> None:
    old = Figure.from_dict({"median": 1.49, "min": 0.98, "max": 1.31, "rounds": 6})
    assert old.interval == (0.98, 1.31)
    assert Figure.from_dict(Figure.of([0.98, 1.25, 1.3, 1.31, 1.25, 1.3]).to_dict()).interval == (1.25, 1.3)


def test_a_round_gives_requests_per_second_and_cpu_per_request() -> None:
    r = Round(requests=2000, seconds=4.0, cpu_seconds=0.5, errors=0, latency_ms=(1.0, 2.0, 3.0, 4.0))
    assert r.requests_per_second == 500
    assert r.cpu_us_per_request == 250


def _app(
    name: str,
    cpu: list[float],
    multiple: list[float] | None,
    version: str | None = "1.0",
    endpoints: tuple[str, ...] = ("plaintext", "json", "html"),
    database: str | None = None,
) -> FrameworkMeasurement:
    # The server had its whole core: its CPU time is the round's wall time.
    rounds = tuple(Round(1000, c * 1000 / 1e6, c * 1000 / 1e6, 0, (1.0, 2.0, 3.0, 4.0)) for c in cpu)
    measured = tuple(
        EndpointMeasurement(e, rounds, None if multiple is None else Figure.of(multiple)) for e in endpoints
    )
    footprint = Footprint((f"{name} {version}",), 1 << 20, Figure.of([10.0]), Figure.of([12.0]), 30 << 20)
    floor = None if multiple is None else "wsgi-floor"
    return FrameworkMeasurement(
        name, version, "wsgi", "gunicorn 23.0.0, 1 sync worker", "Jinja", floor, measured, footprint, database
    )


def _result(*apps: FrameworkMeasurement) -> BenchResult:
    provenance = Provenance(
        date="2026-12-01T18:00:00+00:00",
        command="fwcompare bench flask",
        cores=2,
        cpu_model="AMD EPYC",
        server_cpu=0,
        load_cpu=1,
        os="Debian GNU/Linux 12 (bookworm), kernel 6.1",
        python="CPython 3.13.0",
        versions=(("flask", "3.1.2"), ("gunicorn", "23.0.0")),
        load_tool="wrk debian/4.1.0-3+b2 [epoll]",
        settings=(("duration_s", 4), ("warmup_s", 1), ("rounds", 3), ("connections", 16), ("threads", 1)),
        load_average=(0.5, 3.0),
    )
    return BenchResult(provenance, apps)


def test_a_wide_spread_of_the_cost_multiple_is_flagged_and_a_narrow_one_is_not() -> None:
    result = _result(
        _app("wsgi-floor", [100, 100, 100], None, None),
        _app("flask", [300, 310, 320], [3.0, 3.1, 3.2]),
        _app("bottle", [150, 200, 250], [1.5, 2.0, 2.5]),
    )
    flags = result.flags()
    assert len(flags) == 3  # bottle, on each endpoint
    assert all(f.startswith("bottle ") and "1.67" in f for f in flags)


def test_over_six_rounds_one_stray_round_is_not_flagged_and_rounds_split_in_two_are() -> None:
    result = _result(
        _app("wsgi-floor", [100] * 6, None, None),
        _app("flask", [130] * 6, [0.98, 1.25, 1.31, 1.25, 1.3, 1.28]),  # one stray round
        _app("django", [150] * 6, [1.46, 1.48, 1.49, 1.86, 1.94, 2.06]),  # two clusters
    )
    flags = result.flags()
    assert len(flags) == 3  # django, on each endpoint
    assert flags[0] == (
        "django plaintext: over 6 rounds the cost multiple's median lies in 1.48–1.94, a spread of 1.31, "
        "above 1.25; do not rank on it"
    )


def test_the_machine_was_busy_when_others_used_half_a_core_or_more() -> None:
    import attrs

    quiet = _result().provenance  # load average 0.5 then 3.0: the run's own two processes, on 2 cores
    assert quiet.busy is False
    assert attrs.evolve(quiet, other_cpu=0.7).busy is True
    assert attrs.evolve(quiet, other_cpu=0.1, load_average=(9.0, 9.0)).busy is False
    assert attrs.evolve(quiet, load_average=(4.5, 3.0)).busy is True


def test_a_result_round_trips_through_json_without_nan_or_infinity() -> None:
    result = _result(_app("wsgi-floor", [100], None, None), _app("flask", [300], [3.0]))
    text = json.dumps(result.to_dict(), allow_nan=False)
    again = BenchResult.from_dict(json.loads(text))
    assert again == result
    assert again.app("flask").endpoint("html").cpu_us_per_request.median == pytest.approx(300)
    assert json.loads(text)["kind"] == "measurements"


@pytest.mark.parametrize("width", [60, 80, 132])
def test_the_text_table_fits_the_width_and_says_these_are_measurements(width: int) -> None:
    result = _result(_app("wsgi-floor", [100, 110], None, None), _app("flask", [300, 330], [3.0, 3.0]))
    text = result.to_text(width)
    assert text.startswith("Measurements, not facts")
    assert all(len(line) <= width for line in text.splitlines())
    assert "flask 1.0" in text
    assert "footprint" in text


def test_html_escapes_every_label_and_draws_a_chart_per_endpoint() -> None:
    result = _result(_app("wsgi-floor", [100], None, None), _app("<b>x</b>", [300], [3.0], version="1&2"))
    page = result.to_html()
    assert "<b>x</b>" not in page
    assert "&lt;b&gt;x&lt;/b&gt; 1&amp;2" in page
    assert page.count("<svg") == 3
    assert "Measurements, not facts." in page


def test_markdown_has_a_row_per_app_and_endpoint() -> None:
    md = _result(_app("wsgi-floor", [100], None, None), _app("flask", [300], [3.0])).to_markdown()
    assert md.count("| flask 1.0 |") == 4  # three endpoints and the footprint
    assert "**Measurements, not facts.**" in md


def test_a_result_with_the_database_endpoints_labels_them_and_says_how_each_app_reaches_the_database() -> None:
    five = ("plaintext", "json", "html", "db", "fortunes")
    result = _result(
        _app("wsgi-floor", [100], None, None, five, "sqlite3 (stdlib driver)"),
        _app("flask", [300], [3.0], "1.0", five, "sqlite3 (stdlib driver)"),
        _app("django", [500], [5.0], "6.0", five, "Django ORM"),
    )
    assert BenchResult.from_dict(json.loads(json.dumps(result.to_dict()))) == result
    assert result.to_dict()["apps"][2]["database"] == "Django ORM"
    text = result.to_text(100)
    flowing = " ".join(text.split())
    assert "db (single query): server CPU µs per request added" in flowing
    assert "fortunes: server CPU µs per request added" in flowing
    assert "Database sqlite3 (stdlib driver): wsgi-floor, flask" in text
    assert "Database Django ORM: django" in text
    md = result.to_markdown()
    assert "**db (single query)**" in md
    assert "- Database Django ORM: django" in md
    assert md.count("| django 6.0 |") == 6  # five endpoints and the footprint
    page = result.to_html()
    assert page.count("<svg") == 5
    assert "<h4>db (single query): server CPU per request" in page
    assert "<li>Database sqlite3 (stdlib driver): wsgi-floor, flask</li>" in page
    assert [row["database"] for row in rows(result)][::5] == ["sqlite3 (stdlib driver)"] * 2 + ["Django ORM"]


def test_apps_that_did_not_measure_an_endpoint_are_left_out_of_its_table_not_a_crash() -> None:
    # A result of three endpoints beside one of five (older apps, or a result put together by hand).
    result = _result(
        _app("wsgi-floor", [100], None, None, ("plaintext", "json", "html", "db", "fortunes")),
        _app("flask", [300], [3.0]),
    )
    assert result.to_markdown().count("| flask 1.0 |") == 4
    assert "| wsgi-floor | floor |" in result.to_markdown().split("**db (single query)**")[1]
    assert result.to_html().count("<svg") == 5
    assert "db (single query)" in result.to_text(100)


def test_the_bundled_reference_covers_every_framework_and_both_floors() -> None:
    from fwcompare_bench import APPS

    result = load_reference()
    assert [a.name for a in result.apps] == list(APPS)  # the floors, then all 24 frameworks
    assert result.provenance.python.startswith("CPython 3.13")
    assert not result.provenance.forced
    assert result.provenance.other_cpu_before is not None
    for app in result.frameworks:
        assert app.version
        assert app.database == APPS[app.name].database
        assert [e.endpoint for e in app.endpoints] == ["plaintext", "json", "html", "db", "fortunes"]
        assert all(e.cost_multiple is not None and e.errors == 0 for e in app.endpoints)
    # Emmett and Masonite ran on interpreters of their own, and the result says which.
    assert {a.name: a.python for a in result.apps if a.python} == {
        "emmett": "CPython 3.13.0",
        "masonite": "CPython 3.11.7",
    }
    assert any(n.startswith("masonite ran on an interpreter of its own") for n in result.provenance.notes)
    for shown in (result.to_text(100), result.to_markdown(), result.to_html()):
        assert "Database Django ORM: django" in shown
        assert "single query" in shown


# -- the harness, for real ---------------------------------------------------------------------


def run_bench(argv: list[str]) -> int:
    return main(["bench", *argv])


def test_without_wrk_the_error_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(WrkMissingError, match="apt-get install wrk"):
        bench(["flask"])
    assert run_bench(["flask", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "wrk is not installed" in err
    assert "Traceback" not in err


@needs_wrk
def test_a_framework_without_an_app_or_not_installed_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FrameworkNotInstalledError, match="no benchmark app for 'nosuch'"):
        bench(["nosuch"])
    absent = next((n for n in ("sanic", "litestar", "falcon", "bottle") if find_spec(n) is None), None)
    if absent is None:
        pytest.skip("every candidate framework is installed here")
    with pytest.raises(FrameworkNotInstalledError, match=f"{absent} cannot be benchmarked: .*pip install"):
        bench([absent])


@needs_wrk
@needs_flask_server
def test_a_port_in_use_is_one_clear_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(PortInUseError, match=f"port 127.0.0.1:{port} is in use"):
            bench(["flask"], port=port)


@needs_wrk
@needs_flask_server
def test_a_server_that_exits_while_starting_is_one_clear_error_and_leaves_nothing(tmp_path: Path) -> None:
    # An interpreter that runs everything but the server launcher, which fails.
    fake = tmp_path / "python"
    fake.write_text(
        f'#!/bin/sh\nif [ "$2" = fwcompare_bench.serve ]; then echo "RuntimeError: no server today" >&2; exit 3; fi\n'
        f'exec {sys.executable} "$@"\n'
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    port = free_ports(4)
    with pytest.raises(ServerStartError, match="wsgi-floor's server exited with 3: RuntimeError: no server today"):
        bench(["flask"], python=str(fake), port=port, imports=1)
    assert not listening(port)


@needs_wrk
@needs_flask_server
def test_flask_for_one_short_round_gives_every_figure_with_provenance_and_stops_its_servers() -> None:
    port = free_ports(4)
    lines: list[str] = []
    result = bench(["flask"], rounds=1, duration=1, warmup=0, imports=1, port=port, progress=lines.append)
    assert [a.name for a in result.apps] == ["wsgi-floor", "flask"]
    flask = result.app("flask")
    assert flask.floor == "wsgi-floor"
    assert flask.server.startswith("gunicorn ")
    assert [e.endpoint for e in flask.endpoints] == ["plaintext", "json", "html", "db", "fortunes"]
    for app in result.apps:
        loads = 2 if app.is_floor else 1  # the floor is loaded before and after flask
        for e in app.endpoints:
            assert len(e.rounds) == loads
            assert all(r.requests > 0 for r in e.rounds)
            assert e.requests_per_second.rounds == loads
            assert e.cpu_us_per_request.rounds == loads
            assert e.latency_ms("p99").median >= e.latency_ms("p50").median
    floor = result.app("wsgi-floor")
    for e in flask.endpoints:  # flask's cost is measured against the mean of the floor's loads around it
        assert e.rounds[0].floor_cpu_us == pytest.approx(floor.endpoint(e.endpoint).cpu_us_per_request.median)
    assert all(e.cost_multiple is not None and e.cost_multiple.rounds == 1 for e in flask.endpoints)
    assert result.app("wsgi-floor").endpoint("json").cost_multiple is None
    assert "flask" in " ".join(flask.footprint.distributions).lower()
    assert flask.footprint.count >= 2  # Flask brings Werkzeug, Jinja2 and more
    assert flask.footprint.rss_bytes > 0
    p = result.provenance
    versions = dict(p.versions)
    assert versions["flask"] == flask.version
    assert "gunicorn" in versions
    assert p.python.split()[1] == ".".join(map(str, sys.version_info[:3]))
    assert p.load_tool.startswith("wrk")
    assert p.setting("duration_s") == 1
    assert p.setting("connections") == 16
    assert p.cores >= 1
    assert p.command.startswith("fwcompare.bench(['flask']")
    assert any("round 1/1: flask html" in line for line in lines)
    json.dumps(result.to_dict(), allow_nan=False)
    assert not listening(port)
    assert not listening(port + 1)


@needs_wrk
@needs_flask_server
def test_the_cli_prints_json_with_every_app(capsys: pytest.CaptureFixture[str]) -> None:
    status = run_bench(["flask", "--rounds", "1", "--duration", "1", "--warmup", "0", "--quiet", "--format", "json"])
    assert status == 0
    data = json.loads(capsys.readouterr().out)
    assert [a["name"] for a in data["apps"]] == ["wsgi-floor", "flask"]
    assert data["provenance"]["settings"]["rounds"] == 1


def test_reference_needs_no_wrk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert bench(reference=True) == load_reference()
    assert os.environ["PATH"] == str(tmp_path)


def test_to_pandas_gives_a_row_per_app_and_endpoint() -> None:
    frame = _result(_app("wsgi-floor", [100], None, None), _app("flask", [300, 320], [3.0, 3.2])).to_pandas()
    assert len(frame) == 6
    flask_html = frame[(frame["app"] == "flask") & (frame["endpoint"] == "html")].iloc[0]
    assert flask_html["cpu_us_per_request"] == pytest.approx(310)
    assert flask_html["cost_multiple_spread"] == pytest.approx(3.2 / 3.0)


def test_the_footprint_follows_requirements_whose_markers_hold_and_skips_extras() -> None:
    from fwcompare.ops.bench_result import closure

    dists = {
        "flask": {"name": "Flask", "version": "3.1.2", "size": 1, "requires": [
            "Werkzeug>=3.1", "asgiref>=3.2; extra == 'async'", "importlib-metadata>=3.6; python_version < '3.10'",
        ]},
        "werkzeug": {"name": "werkzeug", "version": "3.1.3", "size": 2, "requires": ["MarkupSafe>=2.1.1"]},
        "markupsafe": {"name": "MarkupSafe", "version": "3.0.2", "size": 3, "requires": []},
        "asgiref": {"name": "asgiref", "version": "3.8.1", "size": 4, "requires": []},
    }  # fmt: skip
    markers = {"python_version": "3.13", "python_full_version": "3.13.0", "sys_platform": "linux"}
    names = [d["name"] for d in closure("Flask", dists, markers)]
    assert names == ["Flask", "MarkupSafe", "werkzeug"]


@needs_wrk
@needs_flask_server
def test_without_names_every_installed_framework_is_measured_and_a_missing_floor_only_drops_the_multiple() -> None:
    result = bench(rounds=1, duration=1, warmup=0, imports=1)
    names = [a.name for a in result.frameworks]
    assert "flask" in names
    assert result.app("flask").floor == "wsgi-floor"
    for app in result.frameworks:
        if app.interface == "own" and find_spec("uvicorn") is None:
            assert app.floor is None
            assert all(e.cost_multiple is None for e in app.endpoints)
            assert any("no cost multiple" in n for n in result.provenance.notes)
    assert all(not a.is_floor for a in result.frameworks)


# -- output: a page, and text that wraps -----------------------------------------------------------


def test_text_wraps_provenance_warnings_and_notes_at_80_columns_instead_of_cutting_them() -> None:
    result = load_reference()
    text = result.to_text(80)
    assert all(len(line) <= 80 for line in text.splitlines())
    flowing = " ".join(text.split())
    for sentence in (*result.flags(), *result.provenance.notes, result.provenance.os, result.provenance.load_tool):
        assert " ".join(sentence.split()) in flowing
    assert "footprint (fresh processes; distributions a base install brings, itself included)" in flowing
    first, second = text.splitlines()[:2]
    assert first.startswith("Measurements, not facts: ")
    assert second.startswith("  ")  # the provenance goes on, indented under its first line


def test_html_output_of_the_cli_is_a_complete_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_bench(["--reference", "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert page.rstrip().endswith("</html>")
    assert "<title>Benchmark: django, flask, pyramid" in page
    assert page.count('<section class="fwcompare-bench">') == 1
    assert not load_reference().to_html().startswith("<!DOCTYPE")  # the notebook's fragment stays one


# -- the headline: CPU added over the floor on the same server ---------------------------------------


def test_the_headline_is_the_cpu_an_app_adds_over_its_floor_on_the_same_server_round_by_round() -> None:
    import attrs

    result = _result(_app("wsgi-floor", [100, 120], None, None), _app("flask", [300, 360], [3.0, 3.0]))
    added = result.added_cpu_us("flask", "json")
    assert added is not None
    assert (added.median, added.min, added.max, added.rounds) == pytest.approx((220, 200, 240, 2))
    assert result.added_cpu_us("wsgi-floor", "json") is None
    own = attrs.evolve(result.app("flask"), name="tornado", interface="own", floor="wsgi-floor")
    assert attrs.evolve(result, apps=(*result.apps, own)).added_cpu_us("tornado", "json") is None  # another server
    text = result.to_text(100)
    header = next(line for line in text.splitlines() if line.startswith("app ") and "floor" in line)
    assert header.split()[1:4] == ["+CPU", "µs/req", "vs"]  # the first figure
    row = next(line for line in text.splitlines() if line.startswith("flask 1.0 ") and "×" in line)
    assert row.index("+220 [200–240]") < row.index("3.00×")
    assert "| flask 1.0 | +220 [200–240] | 3.00 |" in result.to_markdown()
    assert "<td>flask 1.0</td><td>+220 [200–240]</td><td>3.00</td>" in result.to_html()


def test_the_headline_does_not_invert_what_the_multiples_of_different_floors_suggest() -> None:
    # Issue 28: FastAPI shows a larger multiple than Flask, yet spends less CPU per request over its floor.
    reference = load_reference()
    for endpoint in ("plaintext", "html"):
        fastapi, flask = (reference.app(n).endpoint(endpoint).cost_multiple for n in ("fastapi", "flask"))
        assert fastapi is not None
        assert flask is not None
        assert fastapi.median > flask.median
        added = [reference.added_cpu_us(n, endpoint) for n in ("fastapi", "flask")]
        assert added[0] is not None
        assert added[1] is not None
        assert added[0].median < added[1].median


@pytest.mark.parametrize(
    ("value", "digits", "shown"),
    [(-0.4, 0, "0"), (-0.04, 1, "0.0"), (-0.6, 0, "-1"), (-1234.0, 0, "-1,234"), (12.5, 1, "12.5")],
)
def test_a_figure_that_rounds_to_zero_shows_no_sign(value: float, digits: int, shown: str) -> None:
    # the reference run showed BlackSheep's added CPU as "+4 [-0–14]": a minus on nothing
    assert _n(value, digits) == shown
