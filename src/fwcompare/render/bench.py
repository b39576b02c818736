"""Benchmark results as text (with bars), Markdown and HTML (with inline SVG charts).

Given a `BenchResult`, return text: nothing here runs a benchmark or reads a
file. `html` is a fragment (what a notebook shows), `page` a complete
document. Every output says first that these are measurements (not facts) and
where, when and how they were taken; its first figure is the CPU time per
request an app adds over the bare app on the same server, the multiple second.
"""

from __future__ import annotations

import html as _html
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..model.figures import MEDIAN_CONFIDENCE

if TYPE_CHECKING:
    from ..model.measurements import BenchResult, EndpointMeasurement, Figure, FrameworkMeasurement

__all__ = ["ENDPOINT_LABELS", "PROFILE_TITLE", "html", "markdown", "page", "rows", "svg_chart", "text"]

_MB = 1024 * 1024


def _n(value: float, digits: int = 0) -> str:
    if not math.isfinite(value):
        return "–"
    text = f"{value:,.{digits}f}"
    # -0.4 rounds to "-0": a sign on nothing reads as a measurement below zero
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


def _range(f: Figure, digits: int = 0) -> str:
    return f"{_n(f.median, digits)} [{_n(f.min, digits)}–{_n(f.max, digits)}]"


def _label(app: FrameworkMeasurement) -> str:
    return app.name if app.version is None else f"{app.name} {app.version}"


def _multiple(a: FrameworkMeasurement, e: EndpointMeasurement) -> str:
    m = e.cost_multiple
    if m is None:
        return "floor" if a.is_floor else "–"
    return f"{_n(m.median, 2)}× ±{_n(m.interval_spread, 2)}"


def _headline(result: BenchResult) -> list[str]:
    p = result.provenance
    s = dict(p.settings)
    profile = (
        f" (then {', '.join(map(str, p.profile_connections))}: the concurrency profile)"
        if p.profile_connections
        else ""
    )
    # Results recorded before floors were loaded around their apps lack "floor_every".
    floors = f"each floor loaded before its apps and after every {s['floor_every']:g}; " if "floor_every" in s else ""
    return [
        f"Measurements, not facts: {p.date}, {p.cpu_model} ({p.cores} cores), {p.os}, {p.python}",
        (
            f"Load: {p.load_tool}, {s['connections']:g} connections{profile}, {s['threads']:g} thread, "
            f"{s['rounds']:g} {'round' if s['rounds'] == 1 else 'rounds'} of {s['duration_s']:g} s per endpoint "
            f"after {s['warmup_s']:g} s of warm-up; "
            f"{floors}servers on core {p.server_cpu}, wrk on core {p.load_cpu}"
        ),
        (
            f"Spread of a multiple: the upper over the lower end of the interval that holds its median "
            f"with at least {MEDIAN_CONFIDENCE} confidence (the range of up to 5 rounds, the 2nd to the 5th "
            f"of 6); above {result.spread_limit:g}, flagged"
        ),
        *([f"Database of /db and /fortunes: {p.database}"] if p.database else []),
        f"Command: {p.command}",
    ]


def _servers(result: BenchResult) -> list[str]:
    seen = dict.fromkeys(f"{a.interface}: {a.server}" for a in result.apps if a.interface != "own")
    own = [f"{a.name} on {a.server}" for a in result.apps if a.interface == "own"]
    return [*seen, *(["own: " + "; ".join(own)] if own else [])]


def _databases(result: BenchResult) -> list[str]:
    """How the apps reach the database, each way once with the apps that take it (none in older results)."""
    ways: dict[str, list[str]] = {}
    for a in result.apps:
        if a.database:
            ways.setdefault(a.database, []).append(a.name)
    return [f"{way}: {', '.join(names)}" for way, names in ways.items()]


ENDPOINT_LABELS = {"db": "single query", "fortunes": "fortunes"}
"""What an endpoint measures, where its name does not say it (TechEmpower's names for its tests)."""


def _title(endpoint: str) -> str:
    label = ENDPOINT_LABELS.get(endpoint, endpoint)
    return endpoint if label == endpoint else f"{endpoint} ({label})"


def _cells(result: BenchResult, endpoint: str) -> list[tuple[FrameworkMeasurement, EndpointMeasurement]]:
    """Every app that measured *endpoint*, with its measurement (results before /db and /fortunes lack them)."""
    return [(a, e) for a in result.apps for e in a.endpoints if e.endpoint == endpoint]


def _endpoints(result: BenchResult) -> list[str]:
    names: dict[str, None] = {}
    for a in result.apps:
        for e in a.endpoints:
            names.setdefault(e.endpoint)
    return list(names)


def rows(result: BenchResult) -> list[dict[str, Any]]:
    """One flat row per app and endpoint (what `BenchResult.to_pandas` builds a frame of)."""
    out = []
    for a in result.apps:
        for e in a.endpoints:
            row: dict[str, Any] = {
                "app": a.name,
                "version": a.version,
                "interface": a.interface,
                "database": a.database,
                "endpoint": e.endpoint,
            }
            for key, fig in (
                ("requests_per_second", e.requests_per_second),
                ("cpu_us_per_request", e.cpu_us_per_request),
                ("p50_ms", e.latency_ms("p50")),
                ("p99_ms", e.latency_ms("p99")),
            ):
                row[key], row[key + "_min"], row[key + "_max"] = fig.median, fig.min, fig.max
            m = e.cost_multiple
            row["cost_multiple"] = math.nan if m is None else m.median
            row["cost_multiple_spread"] = math.nan if m is None else m.spread
            row["cost_multiple_interval_spread"] = math.nan if m is None else m.interval_spread
            row["rounds"] = len(e.rounds)
            row["errors"] = e.errors
            out.append(row)
    return out


# -- the concurrency profile -------------------------------------------------------------

PROFILE_TITLE = (
    "Concurrency profile: server CPU µs per request, then p50 and p99 latency (ms), at each level of "
    "connections; medians over rounds. In a closed loop a saturated server's latency grows with the "
    "connections (Little's law: latency ≈ connections / throughput), so compare CPU per request"
)


def _levels(result: BenchResult) -> list[int]:
    """The levels of connections loaded: the main run's, then the profile's (one level: no profile)."""
    levels = dict.fromkeys([int(result.provenance.setting("connections"))])
    for a in result.apps:
        levels.update(dict.fromkeys(level.connections for level in a.profile))
    return list(levels)


def _at(result: BenchResult, a: FrameworkMeasurement, connections: int, endpoint: str) -> EndpointMeasurement | None:
    """*a*'s measurement of *endpoint* at *connections* (the main run's at its own), None if not loaded."""
    if connections == result.provenance.setting("connections"):
        found = a.endpoints
    else:
        found = next((level.endpoints for level in a.profile if level.connections == connections), ())
    return next((e for e in found if e.endpoint == endpoint), None)


def _profile_figures(e: EndpointMeasurement | None) -> tuple[str, str, str]:
    """CPU µs per request, p50 and p99 ms: medians over rounds (dashes where not loaded)."""
    if e is None:
        return ("–", "–", "–")
    return (_n(e.cpu_us_per_request.median), _n(e.latency_ms("p50").median, 1), _n(e.latency_ms("p99").median, 1))


def _profile_text(result: BenchResult, width: int, name_w: int) -> list[str]:
    """Per endpoint a row per app, a column per level (``CPU p50/p99``); levels go on in another block
    when they do not fit *width*."""
    levels = _levels(result)
    if len(levels) < 2:
        return []
    out = [*_wrap([PROFILE_TITLE], width)]
    for endpoint in _endpoints(result):
        cells = {
            (a.name, c): "{} {}/{}".format(*_profile_figures(_at(result, a, c, endpoint)))
            for a in result.apps
            for c in levels
        }
        unit = "µs p50/p99"
        widths = {c: max([len(f"{c} conn."), len(unit)] + [len(cells[a.name, c]) for a in result.apps]) for c in levels}
        blocks: list[list[int]] = [[]]
        for c in levels:
            if blocks[-1] and name_w + sum(widths[x] + 2 for x in [*blocks[-1], c]) > width:
                blocks.append([])
            blocks[-1].append(c)
        out.append(_title(endpoint))
        for block in blocks:
            out.append(f"{'':<{name_w}}" + "".join(f"  {f'{c} conn.':>{widths[c]}}" for c in block))
            out.append(f"{'app':<{name_w}}" + "".join(f"  {unit:>{widths[c]}}" for c in block))
            for a in result.apps:
                out.append(f"{_label(a):<{name_w}}" + "".join(f"  {cells[a.name, c]:>{widths[c]}}" for c in block))
        out.append("")
    return out


# -- text ---------------------------------------------------------------------------------


def _added(result: BenchResult, a: FrameworkMeasurement, endpoint: str) -> str:
    """The headline cell: CPU µs per request over the floor on the same server, median [min–max]."""
    if a.is_floor:
        return "floor"
    f = result.added_cpu_us(a.name, endpoint)
    if f is None or f.rounds == 0:
        return "–"
    return f"{f.median:+,.0f} [{_n(f.min)}–{_n(f.max)}]"


def text(result: BenchResult, width: int = 100) -> str:
    """Tables per endpoint with a bar of CPU per request, then the footprint, fitted to *width*.

    The first figure is the CPU time per request an app adds over the bare app
    on the same server (one scale across interfaces), the multiple second.
    """
    width = max(width, 60)
    lines = [*_headline(result), *("Server " + s for s in _servers(result))]
    lines += ["Database " + s for s in _databases(result)]
    out = [*_wrap(lines, width), ""]
    name_w = max([len(_label(a)) for a in result.apps] + [3])
    # Columns in the order they are given up when the width is short: latency, req/s, then the whole CPU time.
    columns: list[tuple[str, int, Callable[[FrameworkMeasurement, EndpointMeasurement], str]]] = [
        ("+CPU µs/req vs floor", 20, lambda a, e: _added(result, a, e.endpoint)),
        ("× floor ±spread", 15, _multiple),
        ("CPU µs/req [min–max]", 21, lambda a, e: _range(e.cpu_us_per_request)),
        ("req/s", 7, lambda a, e: _n(e.requests_per_second.median)),
        ("p50 ms", 6, lambda a, e: _n(e.latency_ms("p50").median, 1)),
        ("p99 ms", 6, lambda a, e: _n(e.latency_ms("p99").median, 1)),
    ]
    for drop in ("p99 ms", "p50 ms", "req/s", "CPU µs/req [min–max]"):
        if name_w + sum(w + 2 for _, w, _ in columns) + 7 <= width:
            break
        columns = [c for c in columns if c[0] != drop]
    header = f"{'app':<{name_w}}" + "".join(f"  {title:>{w}}" for title, w, _ in columns)
    bar_w = width - len(header) - 2
    for endpoint in _endpoints(result):
        title = (
            f"{_title(endpoint)}: server CPU µs per request added over the bare app on the same server, then the "
            "multiple of it and the whole (bar); lower is better; medians over rounds"
        )
        out += [*_wrap([title], width), header]
        cells = _cells(result, endpoint)
        medians = [e.cpu_us_per_request.median for _, e in cells]
        top = max((m for m in medians if math.isfinite(m)), default=0)
        for a, e in cells:
            cpu = e.cpu_us_per_request
            line = f"{_label(a):<{name_w}}" + "".join(f"  {cell(a, e):>{w}}" for _, w, cell in columns)
            if bar_w >= 5 and top > 0 and math.isfinite(cpu.median):
                line += "  " + "█" * max(1, round(cpu.median / top * bar_w))
            out.append(line)
        out.append("")
    out += _profile_text(result, width, name_w)
    out += _wrap(["footprint (fresh processes; distributions a base install brings, itself included)"], width)
    out.append(
        f"{'app':<{name_w}}  {'dists':>5}  {'disk MB':>7}  {'import ms':>9}  {'app import ms':>13}  {'RSS MB':>6}"
    )
    for a in result.apps:
        f = a.footprint
        count = "–" if a.is_floor else str(f.count)
        disk = "–" if a.is_floor else _n(f.installed_bytes / _MB, 1)
        out.append(
            f"{_label(a):<{name_w}}  {count:>5}  {disk:>7}  {_n(f.import_ms.median):>9}  "
            f"{_n(f.app_import_ms.median):>13}  {_n(f.rss_bytes / _MB, 1):>6}"
        )
    flags = result.flags()
    if flags or result.provenance.notes:
        out.append("")
    out += _wrap(["! " + f for f in flags], width)
    out += _wrap(["note: " + n for n in result.provenance.notes], width)
    return "\n".join(_fit(line, width) for line in out)


def _fit(line: str, width: int) -> str:
    """A table row cut to *width* (its columns were chosen to fit; only a long name can overflow)."""
    return line if len(line) <= width else line[: width - 1] + "…"


def _wrap(lines: list[str], width: int) -> list[str]:
    """Sentences (provenance, warnings, notes) wrapped at *width*, continued indented: nothing is cut."""
    import textwrap

    wrapped = []
    for line in lines:
        wrapped += textwrap.wrap(line, width, subsequent_indent="  ", break_on_hyphens=False) or [""]
    return wrapped


# -- Markdown -------------------------------------------------------------------------------


def _md(cell: str) -> str:
    # Strings of the environment measured (versions, the CPU's and the OS's names, notes) are data.
    from .escape import markdown_text

    return markdown_text(cell)


def markdown(result: BenchResult) -> str:
    """Markdown: the provenance as a list, a table per endpoint, the footprint, the flags."""
    first, *others = _headline(result)
    out = [f"**Measurements, not facts.** {_md(first.split(': ', 1)[1])}", ""]
    out += [f"- {_md(line)}" for line in others]
    out += [f"- Server {_md(s)}" for s in _servers(result)]
    out += [f"- Database {_md(s)}" for s in _databases(result)]
    out += [f"- Note: {_md(n)}" for n in result.provenance.notes]
    for endpoint in _endpoints(result):
        out += ["", f"**{_md(_title(endpoint))}**", ""]
        out.append(
            "| app | + CPU µs/request vs floor [min–max] | × floor | spread | CPU µs/request [min–max] "
            "| req/s | p50 ms | p99 ms |"
        )
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
        for a, e in _cells(result, endpoint):
            m = e.cost_multiple
            out.append(
                f"| {_md(_label(a))} | {_added(result, a, endpoint)} | {_multiple(a, e).split('×')[0]} | "
                f"{'' if m is None else _n(m.interval_spread, 2)} | {_range(e.cpu_us_per_request)} | "
                f"{_n(e.requests_per_second.median)} | {_n(e.latency_ms('p50').median, 1)} | "
                f"{_n(e.latency_ms('p99').median, 1)} |"
            )
    out += _profile_markdown(result)
    out += ["", "**Footprint**", "", "| app | distributions | disk MB | import ms | app import ms | RSS MB |"]
    out.append("|---|---:|---:|---:|---:|---:|")
    for a in result.apps:
        f = a.footprint
        out.append(
            f"| {_md(_label(a))} | {'' if a.is_floor else f.count} | "
            f"{'' if a.is_floor else _n(f.installed_bytes / _MB, 1)} | {_n(f.import_ms.median)} | "
            f"{_n(f.app_import_ms.median)} | {_n(f.rss_bytes / _MB, 1)} |"
        )
    flags = result.flags()
    if flags:
        out += ["", *(f"- ⚠ {_md(f)}" for f in flags)]
    return "\n".join(out) + "\n"


def _profile_markdown(result: BenchResult) -> list[str]:
    """The concurrency profile: per endpoint a row per app, CPU µs/request, p50 and p99 ms at each level."""
    levels = _levels(result)
    if len(levels) < 2:
        return []
    out = ["", f"**{_md(PROFILE_TITLE.split(': ', 1)[0])}**: {_md(PROFILE_TITLE.split(': ', 1)[1])}"]
    for endpoint in _endpoints(result):
        heads = "".join(f" CPU µs/req @{c} | p50 ms @{c} | p99 ms @{c} |" for c in levels)
        out += ["", f"*{_md(_title(endpoint))}*", "", f"| app |{heads}", "|---|" + "---:|" * (3 * len(levels))]
        for a in result.apps:
            figures = [f for c in levels for f in _profile_figures(_at(result, a, c, endpoint))]
            out.append(f"| {_md(_label(a))} | " + " | ".join(figures) + " |")
    return out


# -- HTML -----------------------------------------------------------------------------------

_STYLE = (
    ".fwcompare-bench{font-family:system-ui,sans-serif;font-size:13px;color:inherit}"
    ".fwcompare-bench table{border-collapse:collapse;margin:.5em 0}"
    ".fwcompare-bench th,.fwcompare-bench td{padding:2px 8px;text-align:right;border-bottom:1px solid #8884}"
    ".fwcompare-bench th:first-child,.fwcompare-bench td:first-child{text-align:left}"
    ".fwcompare-bench .kind{font-weight:600;color:#b45309}"
)


def svg_chart(result: BenchResult, endpoint: str) -> str:
    """An SVG image: a bar per app of median server CPU µs per request, a whisker from min to max."""
    cells = [(a, e.cpu_us_per_request) for a, e in _cells(result, endpoint)]
    finite = [f.max for _, f in cells if math.isfinite(f.max)]
    top = max(finite, default=1.0) or 1.0
    label_w, bar_w, row_h = 170, 360, 18
    height = row_h * len(cells) + 6
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 90}" height="{height}" role="img" '
            f'aria-label="{_html.escape(_title(endpoint))}: server CPU per request, µs">'
        )
    ]
    for i, (a, f) in enumerate(cells):
        y = 3 + i * row_h
        colour = "#9ca3af" if a.is_floor else "#2563eb"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 12}" text-anchor="end" font-size="11" fill="currentColor">'
            f"{_html.escape(_label(a))}</text>"
        )
        if math.isfinite(f.median):
            w = f.median / top * bar_w
            lo, hi = label_w + f.min / top * bar_w, label_w + f.max / top * bar_w
            parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{row_h - 6}" fill="{colour}"/>')
            parts.append(
                f'<line x1="{lo:.1f}" x2="{hi:.1f}" y1="{y + row_h / 2 - 1}" y2="{y + row_h / 2 - 1}" '
                'stroke="currentColor" stroke-width="1"/>'
            )
            parts.append(
                f'<text x="{label_w + bar_w + 6}" y="{y + 12}" font-size="11" fill="currentColor">'
                f"{_html.escape(_n(f.median))} µs</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def page(result: BenchResult) -> str:
    """A complete HTML page (doctype, title, the system's colours) around `html`: ``--format html``."""
    from .page import html_page

    names = ", ".join(a.name for a in result.frameworks)
    return html_page(f"Benchmark: {names}" if names else "Benchmark", html(result))


def _profile_html(result: BenchResult) -> list[str]:
    """The concurrency profile as HTML tables (as `_profile_markdown`); everything escaped."""
    levels = _levels(result)
    if len(levels) < 2:
        return []
    e = _html.escape
    title, said = PROFILE_TITLE.split(": ", 1)
    out = [f"<h4>{e(title)}</h4><p>{e(said)}</p>"]
    for endpoint in _endpoints(result):
        heads = "".join(f"<th>CPU µs/req @{c}</th><th>p50 ms @{c}</th><th>p99 ms @{c}</th>" for c in levels)
        out.append(f"<table><caption>{e(_title(endpoint))}</caption><tr><th>app</th>{heads}</tr>")
        for a in result.apps:
            figures = [f for c in levels for f in _profile_figures(_at(result, a, c, endpoint))]
            out.append(f"<tr><td>{e(_label(a))}</td>" + "".join(f"<td>{e(f)}</td>" for f in figures) + "</tr>")
        out.append("</table>")
    return out


def html(result: BenchResult) -> str:
    """An HTML fragment: provenance, a chart and a table per endpoint, the footprint; all escaped."""
    e = _html.escape
    out = [f'<section class="fwcompare-bench"><style>{_STYLE}</style>']
    out.append('<p><span class="kind">Measurements, not facts.</span></p><ul>')
    out += [f"<li>{e(line)}</li>" for line in _headline(result)]
    out += [f"<li>Server {e(s)}</li>" for s in _servers(result)]
    out += [f"<li>Database {e(s)}</li>" for s in _databases(result)]
    out += [f"<li>Note: {e(n)}</li>" for n in result.provenance.notes]
    out.append("</ul>")
    for endpoint in _endpoints(result):
        out.append(f"<h4>{e(_title(endpoint))}: server CPU per request (µs, median; whisker: min–max over rounds)</h4>")
        out.append(svg_chart(result, endpoint))
        out.append(
            "<table><tr><th>app</th><th>+ CPU µs/request vs floor [min–max]</th><th>× floor</th><th>spread</th>"
            "<th>CPU µs/request [min–max]</th><th>req/s</th><th>p50 ms</th><th>p99 ms</th></tr>"
        )
        for a, m in _cells(result, endpoint):
            mult = m.cost_multiple
            out.append(
                f"<tr><td>{e(_label(a))}</td><td>{e(_added(result, a, endpoint))}</td>"
                f"<td>{e(_multiple(a, m).split('×')[0])}</td>"
                f"<td>{'' if mult is None else e(_n(mult.interval_spread, 2))}</td>"
                f"<td>{e(_range(m.cpu_us_per_request))}</td><td>{e(_n(m.requests_per_second.median))}</td>"
                f"<td>{e(_n(m.latency_ms('p50').median, 1))}</td><td>{e(_n(m.latency_ms('p99').median, 1))}</td></tr>"
            )
        out.append("</table>")
    out += _profile_html(result)
    out.append(
        "<h4>Footprint</h4><table><tr><th>app</th><th>distributions</th><th>disk MB</th>"
        "<th>import ms</th><th>app import ms</th><th>RSS MB</th></tr>"
    )
    for a in result.apps:
        f = a.footprint
        names = e(", ".join(f.distributions), quote=True)
        out.append(
            f'<tr><td>{e(_label(a))}</td><td title="{names}">{"" if a.is_floor else f.count}</td>'
            f"<td>{'' if a.is_floor else e(_n(f.installed_bytes / _MB, 1))}</td>"
            f"<td>{e(_n(f.import_ms.median))}</td><td>{e(_n(f.app_import_ms.median))}</td>"
            f"<td>{e(_n(f.rss_bytes / _MB, 1))}</td></tr>"
        )
    out.append("</table>")
    flags = result.flags()
    if flags:
        out.append("<ul>" + "".join(f"<li>⚠ {e(f)}</li>" for f in flags) + "</ul>")
    out.append("</section>")
    return "".join(out)
