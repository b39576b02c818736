"""One table of output formats: for each kind of answer, format name -> the function that writes it.

The CLI's ``--format``, the model's display methods (``to_format(name)``,
``to_markdown()``, ``str()``, ``_repr_html_()``...) and the notebook hooks all
look a renderer up here, so a format is reached the same way from everywhere,
and adding one is one module and one line (`register_format`).

The table names its bundled renderers as ``"module:function"`` strings,
imported on first use: the model hands itself to the renderers through this
table without importing them (the renderers sit above the model and import
its types freely), and ``import fwcompare`` imports no renderer.

A renderer is called as ``renderer(answer, **options)`` and returns the
output: a ``str`` for a document (text, Markdown, HTML, JSON), a JSON-safe
``dict`` for ``"dict"``, a DataFrame for ``"pandas"``. The options a bundled
format takes are those of its function (``width=`` and ``style=`` for text,
``standalone=`` for HTML, ``indent=`` for JSON); the CLI passes ``width`` and
``style`` to ``text`` and ``standalone=True`` to ``html``, and nothing to any
other format.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["KINDS", "Renderer", "formats", "register_format", "render", "renderer"]

Renderer = Callable[..., Any]
"""A function ``renderer(answer, **options)`` that writes one kind of answer in one format."""

# (kind, format) -> "module:function" (imported on first use) or the function itself.
# The order of a kind's formats is the order --format lists them in.
_TABLE: dict[str, dict[str, str | Renderer]] = {
    "comparison": {
        "text": "fwcompare.render.text:comparison_text",
        "markdown": "fwcompare.render.documents:comparison_markdown_document",
        "json": "fwcompare.render.documents:comparison_json",
        "html": "fwcompare.render.documents:comparison_html_document",
        "dict": "fwcompare.render.json:comparison_to_dict",
        "pandas": "fwcompare.render.dataframe:comparison_frame",
    },
    "framework": {
        "text": "fwcompare.render.text:framework_text",
        "json": "fwcompare.render.documents:show_json",
        "html": "fwcompare.render.documents:framework_html_document",
        "dict": "fwcompare.render.json:show_to_dict",
        "plain": "fwcompare.render.html:framework_plain",
    },
    "ranking": {
        "text": "fwcompare.render.ranking:ranking_text",
        "markdown": "fwcompare.render.ranking:ranking_markdown",
        "json": "fwcompare.render.documents:ranking_json",
        "html": "fwcompare.render.documents:ranking_html_document",
        "dict": "fwcompare.render.ranking:ranking_to_dict",
        "pandas": "fwcompare.render.dataframe:ranking_frame",
    },
    "verification": {
        "text": "fwcompare.render.verification:verification_text",
        "json": "fwcompare.render.documents:verification_json",
        "dict": "fwcompare.render.verification:verification_to_dict",
        "summary": "fwcompare.render.verification:verification_summary",
    },
    "bench": {
        "text": "fwcompare.render.documents:bench_text",
        "markdown": "fwcompare.render.bench:markdown",
        "json": "fwcompare.render.documents:bench_json",
        "html": "fwcompare.render.documents:bench_html",
        "dict": "fwcompare.render.documents:bench_dict",
        "pandas": "fwcompare.render.documents:bench_frame",
    },
    "releases": {
        "text": "fwcompare.render.releases:release_report_text",
        "json": "fwcompare.render.documents:release_report_json",
        "dict": "fwcompare.render.releases:release_report_to_dict",
    },
    "framework-list": {
        "text": "fwcompare.render.documents:framework_list_text",
        "json": "fwcompare.render.documents:framework_list_json",
    },
    "criteria": {
        "text": "fwcompare.render.documents:criteria_text",
        "json": "fwcompare.render.documents:criteria_json",
    },
    "check": {
        "text": "fwcompare.render.documents:check_text",
        "markdown": "fwcompare.render.check_text:stack_check_markdown",
        "json": "fwcompare.render.documents:check_json",
        "dict": "fwcompare.render.check_json:stack_check_to_dict",
    },
    "upgrade": {
        "text": "fwcompare.render.documents:upgrade_text",
        "markdown": "fwcompare.render.upgrade_view:upgrade_markdown",
        "json": "fwcompare.render.documents:upgrade_json",
        "html": "fwcompare.render.upgrade_view:upgrade_html",
        "dict": "fwcompare.render.upgrade_view:upgrade_to_dict",
    },
    "update": {
        "text": "fwcompare.render.updates:update_text",
        "json": "fwcompare.render.updates:update_json",
        "dict": "fwcompare.render.updates:update_to_dict",
    },
}

KINDS = tuple(_TABLE)
"""The kinds of answer that have formats: ``"comparison"``, ``"framework"``, ``"ranking"``..."""


def register_format(kind: str, name: str, renderer: Renderer | str) -> None:
    """Add (or replace) format *name* for answers of *kind*.

    *renderer* is a function ``renderer(answer, **options)``, or its
    ``"module:function"`` name, imported when the format is first asked for.
    The format is then reached everywhere: ``answer.to_format(name)``, and
    ``--format name`` on the command that prints that kind of answer.

    For example (not run here: it changes the table for the whole process)::

        import fwcompare
        fwcompare.register_format("comparison", "slugs", lambda c: ",".join(f.slug for f in c.frameworks))
        fwcompare.compare("django", "flask", criteria=["orm"]).to_format("slugs")  # 'django,flask'
    """
    if kind not in _TABLE:
        raise _unknown("kind of answer", kind, _TABLE)
    if not name or not isinstance(name, str):
        raise ValueError(f"a format's name is a non-empty string, not {name!r}")
    _TABLE[kind][name] = renderer


# The bundled formats that give an object or a piece, not a document to print: the CLI does not offer them.
_NOT_DOCUMENTS = frozenset({"dict", "pandas", "summary", "plain"})


def formats(kind: str, *, documents: bool = False) -> tuple[str, ...]:
    """The names of the formats answers of *kind* can be written in, in the order ``--format`` lists them.

    >>> formats("ranking", documents=True)
    ('text', 'markdown', 'json', 'html')

    With *documents*, only those that write a document to print (the choices
    of ``--format``): not ``dict``, ``pandas``, ``summary`` or ``plain``.
    """
    if kind not in _TABLE:
        raise _unknown("kind of answer", kind, _TABLE)
    return tuple(name for name in _TABLE[kind] if not (documents and name in _NOT_DOCUMENTS))


def renderer(kind: str, name: str) -> Renderer:
    """The function that writes answers of *kind* in format *name*.

    Raises `LookupError` naming the formats there are, for an unknown kind or format.
    """
    table = _TABLE.get(kind)
    if table is None:
        raise _unknown("kind of answer", kind, _TABLE)
    found = table.get(name)
    if found is None:
        raise _unknown(f"format for a {kind}", name, table)
    if isinstance(found, str):
        import importlib

        module, _, function = found.partition(":")
        found = table[name] = getattr(importlib.import_module(module), function)
    return found


def render(kind: str, answer: object, name: str, **options: Any) -> Any:
    """*answer* (an answer of *kind*) written in format *name*, with the renderer's *options*."""
    return renderer(kind, name)(answer, **options)


def _unknown(what: str, name: object, known: dict[str, Any]) -> LookupError:
    from ._suggest import closest

    hint = closest(str(name), list(known))
    suggestion = f" (did you mean {', '.join(map(repr, hint))}?)" if hint else ""
    return LookupError(f"unknown {what} {name!r}{suggestion}; known: {', '.join(known)}")
