"""Whole documents, as the table of formats (``fwcompare._formats``) names them.

Each function writes one kind of answer in one format, complete: a JSON
document from the JSON-safe dict, an HTML fragment or (with *standalone*) a
page, the Markdown table with its opinions. The pieces they join are in the
format's own module (``json``, ``html``, ``markdown``...).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas

    from ..model.comparison import Comparison
    from ..model.criteria import Criterion
    from ..model.frameworks import Framework
    from ..model.measurements import BenchResult
    from ..model.ranking import Ranking
    from ..model.release_listing import ReleaseListing
    from ..model.stack_check import StackCheck
    from ..model.upgrade import Upgrade
    from ..model.verification import Verification

__all__ = [
    "bench_dict",
    "bench_frame",
    "bench_html",
    "bench_json",
    "bench_text",
    "comparison_html_document",
    "comparison_json",
    "comparison_markdown_document",
    "criteria_json",
    "criteria_text",
    "framework_html_document",
    "framework_list_json",
    "framework_list_text",
    "ranking_html_document",
    "ranking_json",
    "release_report_json",
    "show_json",
    "verification_json",
]

Style = Callable[[str, str], str]


def _json(data: object, indent: int | None) -> str:
    return json.dumps(data, indent=indent, ensure_ascii=False)


def _page(title: str, fragment: str, standalone: bool) -> str:
    if not standalone:
        return fragment
    from .page import html_page

    return html_page(title, fragment)


def comparison_json(comparison: Comparison, *, indent: int | None = 2) -> str:
    """The comparison's JSON document (`Comparison.to_dict` as JSON)."""
    from .json import comparison_to_dict

    return _json(comparison_to_dict(comparison), indent)


def comparison_markdown_document(
    comparison: Comparison, *, opinions: bool = False, opinion_criteria: Iterable[str] | None = None
) -> str:
    """The Markdown table with its notes; with *opinions*, the attributed opinions after it
    (those on *opinion_criteria* when given, and the general ones)."""
    from .markdown import comparison_markdown

    markdown = comparison_markdown(comparison)
    if not opinions:
        return markdown
    from .opinions_markdown import opinions_markdown

    return markdown.rstrip("\n") + "\n\n" + opinions_markdown(comparison.frameworks, opinion_criteria)


def comparison_html_document(comparison: Comparison, *, standalone: bool = False) -> str:
    """The HTML table notebooks show, or with *standalone* a complete page."""
    from .html import comparison_html

    return _page(" vs ".join(f.name for f in comparison.frameworks), comparison_html(comparison), standalone)


def framework_html_document(framework: Framework, *, standalone: bool = False) -> str:
    """The framework's HTML page: a fragment, or with *standalone* a complete page."""
    from .html import framework_html

    return _page(framework.name, framework_html(framework), standalone)


def show_json(framework: Framework, *, indent: int | None = 2) -> str:
    """``show --format json``."""
    from .json import show_to_dict

    return _json(show_to_dict(framework), indent)


def ranking_html_document(ranking: Ranking, *, standalone: bool = False) -> str:
    """The ranking's HTML table, or with *standalone* a complete page."""
    from .html import ranking_html

    return _page("Ranking on " + ", ".join(c.label for c in ranking.criteria), ranking_html(ranking), standalone)


def ranking_json(ranking: Ranking, *, indent: int | None = 2) -> str:
    """The ranking's JSON document (`Ranking.to_dict` as JSON)."""
    from .ranking import ranking_to_dict

    return _json(ranking_to_dict(ranking), indent)


def verification_json(result: Verification, *, indent: int | None = 2) -> str:
    """The verification's JSON document."""
    from .verification import verification_to_dict

    return _json(verification_to_dict(result), indent)


def bench_text(result: BenchResult, *, width: int = 100, style: Style | None = None) -> str:
    """The bench result's text table with bars, fitted to *width* (*style* is not used: no colour)."""
    from .bench import text

    return text(result, width)


def bench_html(result: BenchResult, *, standalone: bool = False) -> str:
    """The bench result's HTML (charts and tables, all escaped), or with *standalone* a complete page."""
    from .bench import html, page

    return page(result) if standalone else html(result)


def bench_dict(result: BenchResult) -> dict[str, Any]:
    """Every figure with its spread, the raw rounds and the provenance, JSON-safe, stamped with
    ``fwcompare`` and ``schema_version`` as every JSON document is (`fwcompare.jsontypes.BenchDict`)."""
    from .._version import OUTPUT_SCHEMA_VERSION, __version__

    # Stamped here, not in BenchResult.to_dict: that one is also the saved result's format, read back by from_dict.
    return {"fwcompare": __version__, "schema_version": OUTPUT_SCHEMA_VERSION, **result.to_dict()}


def bench_json(result: BenchResult, *, indent: int | None = 2) -> str:
    """The bench result's JSON document (`bench_dict` as JSON)."""
    return _json(bench_dict(result), indent)


def bench_frame(result: BenchResult) -> pandas.DataFrame:
    """One row per app and endpoint (needs ``fwcompare[pandas]``)."""
    import pandas

    from .bench import rows

    return pandas.DataFrame(rows(result))


def release_report_json(report: ReleaseListing, *, indent: int | None = 2) -> str:
    """``releases --format json``: the document of `fwcompare.render.releases.release_report_to_dict`."""
    from .releases import release_report_to_dict

    return _json(release_report_to_dict(report), indent)


def framework_list_json(frameworks: Iterable[Framework], *, indent: int | None = 2) -> str:
    """``list --format json``: every framework, without facts."""
    from .json import framework_list_to_dict

    return _json(framework_list_to_dict(frameworks), indent)


def framework_list_text(frameworks: Iterable[Framework], *, width: int = 80, style: Style | None = None) -> str:
    """``list``: one framework a line (wrapped under its summary), the slug styled as a heading."""
    from .text import fill

    fws = list(frameworks)
    style = style or (lambda text, role: text)
    slug_width = max(len(f.slug) for f in fws)
    lines = []
    for f in fws:
        text = f"{f.slug.ljust(slug_width)}  {f.name} {f.checked.version} ({f.classification}): {f.summary}"
        wrapped = fill(text, width, "", " " * (slug_width + 4))
        wrapped[0] = style(f.slug.ljust(slug_width), "heading") + wrapped[0][slug_width:]
        lines += wrapped
    return "\n".join(lines)


def criteria_json(criteria: Iterable[Criterion], *, indent: int | None = 2) -> str:
    """``criteria --format json``: the catalogue, in order."""
    from .json import criteria_to_dict

    return _json(criteria_to_dict(criteria), indent)


def criteria_text(criteria: Iterable[Criterion], *, width: int = 80, style: Style | None = None) -> str:
    """``criteria``: one criterion a line: key, group, label and kind."""
    from .text import fill

    items = list(criteria)
    key_width = max(len(c.key) for c in items)
    lines = []
    for c in items:
        lines += fill(f"{c.key.ljust(key_width)}  {c.group_label}: {c.label} ({c.kind})", width, "", " " * 4)
    return "\n".join(lines)


def check_text(result: StackCheck, *, width: int = 80, style: Style | None = None) -> str:
    """``check``'s text, laid out to *width* (*style* is not used: no colour)."""
    from .check_text import stack_check_text

    return stack_check_text(result, width=width)


def check_json(result: StackCheck, *, indent: int | None = 2) -> str:
    """``check --format json``: `StackCheck.to_dict` as JSON."""
    from .check_json import stack_check_to_dict

    return _json(stack_check_to_dict(result), indent)


def upgrade_text(view: Upgrade, *, width: int = 80, style: Style | None = None) -> str:
    """The upgrade view's text, laid out to *width* (*style* is not used: no colour)."""
    from .upgrade_view import upgrade_text as text

    return text(view, width=width)


def upgrade_json(view: Upgrade, *, indent: int | None = 2) -> str:
    """The upgrade view's JSON document (`Upgrade.to_dict` as JSON)."""
    from .upgrade_view import upgrade_to_dict

    return _json(upgrade_to_dict(view), indent)
