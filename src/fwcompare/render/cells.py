"""How one fact reads in a table cell, shared by every format."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._vocab import SupportLevel
from ..model.facts import health_mark as marker
from ..model.facts import value_text

if TYPE_CHECKING:
    from ..model.facts import Extension, Fact
    from ..model.frameworks import Framework
    from ..model.opinions import Opinion

__all__ = [
    "LEGEND",
    "bounds",
    "bounds_dated",
    "cell",
    "cell_text",
    "extension_line",
    "marker",
    "measured_note",
    "relations",
    "value_text",
]

LEGEND = (
    "yes = built in; partial = built in with limits (see notes); ext = through the named "
    "extension ([broken]: does not install or import with the framework's current release; "
    "[unmaintained]: no release for over three years); no = absent; unknown = not established "
    "(see notes); 3.1+ = since release 3.1"
)

_WORD = {
    SupportLevel.BUILT_IN: "yes",
    SupportLevel.PARTIAL: "partial",
    SupportLevel.EXTENSION: "ext",
    SupportLevel.ABSENT: "no",
    SupportLevel.UNKNOWN: "unknown",
}


def bounds(fact: Fact) -> str:
    """The version bounds as text: "3.1+", "until 2.0", "1.0 to 2.0", or ""."""
    if fact.since is not None and fact.until is not None:
        return f"{fact.since} to {fact.until}"
    if fact.since is not None:
        return f"{fact.since}+"
    if fact.until is not None:
        return f"until {fact.until}"
    return ""


def extension_line(extension: Extension) -> str:
    """An extension in full: name, party, status with its reason and date, URL."""
    text = f"{extension.name} ({extension.party}-party)"
    if extension.status_note:
        text += f"; {extension.status_note}"
    return text + (f" <{extension.url}>" if extension.url else "")


_MEASURED = {
    "speed": (
        "requests per second and server CPU time per request, per framework, on one worker "
        "(fwcompare bench, or the bundled run: fwcompare bench --reference)"
    ),
    "footprint": (
        "the distributions a fresh install brings, its size, import time and memory at start-up "
        "(fwcompare bench, or the bundled run: fwcompare bench --reference)"
    ),
}


def measured_note(opinion: Opinion) -> str:
    """What fwcompare measured that bears on *opinion*, and what it does not show ("" when nothing)."""
    if opinion.measured is None:
        return ""
    return (
        f"Measured, not quoted: {_MEASURED[str(opinion.measured)]}. A single worker answering trivial "
        "endpoints shows the cost of each request, not how a deployment scales (more workers and "
        "machines, caching, the database)."
    )


def cell(fact: Fact) -> str:
    """A short text for a table cell: support word, value or extension, bounds.

    Built-in facts with a value show the value alone ("Jinja2"); extension
    facts name their first extension ("ext: Flask-Login").
    """
    word = _WORD[fact.support]
    value = value_text(fact)
    if fact.support is SupportLevel.EXTENSION and fact.extensions:
        names = [e.name for e in fact.extensions]
        text = f"ext: {names[0]}{marker(fact.extensions[0])}" + (f" (+{len(names) - 1})" if len(names) > 1 else "")
    elif value and fact.support is SupportLevel.BUILT_IN:
        text = value
    elif value:
        text = f"{word}: {value}"
    else:
        text = word
    limits = bounds(fact)
    return f"{text} ({limits})" if limits else text


def cell_text(fact: Fact) -> str:
    """The text of *fact*'s cell in fwcompare's tables: ``"yes (3.1+)"``, ``"ext: Flask-Admin"``, ``"Jinja2"``.

    The support word ("yes", "partial", "ext", "no", "unknown"), the value
    where the fact has one, the first extension's name (``"(+2)"`` for more),
    and the version bounds. What the text table, ``Comparison.to_pandas(values="text")``
    and the Markdown table show.

    >>> import fwcompare
    >>> fwcompare.cell_text(fwcompare.get("flask").fact("admin"))
    'ext: Flask-Admin'
    >>> fwcompare.cell_text(fwcompare.get("django").fact("async_views"))
    'yes (3.1+)'
    """
    return cell(fact)


def bounds_dated(framework: Framework, fact: Fact) -> str:
    """The bounds with their release dates, from *framework*'s own release list: "since 2.0, May 2021".

    A framework without a release list (user data, say) gets the bounds undated.
    """
    listed = framework.releases
    parts = []
    for word, version in (("since", fact.since), ("until", fact.until)):
        if version is not None:
            found = next((r for r in listed if r.version == version), None)
            when = f", {found.date:%B %Y}" if found is not None else ""
            parts.append(f"{word} {version}{when}")
    return "; ".join(parts)


def relations(framework: Framework) -> str:
    """How the framework relates to others, in one sentence ("" when it has no relationships)."""
    if not framework.built_on:
        return ""
    phrases = [f"{r.kind.value.replace('-', ' ')} {r.name}" for r in framework.built_on]
    return f"{framework.name}: {', '.join(phrases)}."
