"""Frameworks: identity, facts and attributed opinions of one web framework."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from .._vocab import Classification, OpinionKind, RelationKind, SupportLevel
from .base import Model
from .criteria import Criterion
from .facts import Fact, Source, VersionLike
from .opinions import Opinion

if TYPE_CHECKING:
    import datetime

    from packaging.version import Version

    from ..jsontypes import ShowDict

__all__ = ["CheckedAgainst", "FirstRelease", "Framework", "Relationship"]


@attrs.frozen(repr=False, eq=False)
class Relationship(Model):
    """How a framework relates to another project (built on it, renamed from it...).

    ``slug`` is the other project's slug when fwcompare has data for it.
    """

    name: str
    kind: RelationKind
    sources: tuple[Source, ...]
    slug: str | None = None
    note: str = ""


@attrs.frozen(repr=False, eq=False)
class FirstRelease(Model):
    """The first public release: its date and, where it had one, its version.

    ``date`` is ``None`` when it could not be established; ``note`` says why.
    """

    date: datetime.date | None
    sources: tuple[Source, ...]
    version: str | None = None
    note: str = ""


@attrs.frozen(repr=False, eq=False)
class CheckedAgainst(Model):
    """The release the data was last checked against, and when."""

    version: Version
    date: datetime.date


@attrs.frozen(repr=False, eq=False)
class Framework(Model):
    """A web framework: who makes it, what it is, its facts and what others said of it.

    ``facts`` maps every criterion key to its `Fact` (read-only). ``license``
    is an SPDX expression, or ``None`` where the project declares none; then
    ``license_note`` says what it uses. ``sources`` back the identity fields.
    ``criteria`` maps the facts' keys to the `Criterion` objects of the
    catalogue the framework was loaded with (labels and groups, in catalogue
    order); it is empty for a framework built by hand, and left out of equality.

    >>> import fwcompare
    >>> flask = fwcompare.get("Flask")
    >>> flask.fact("async_views").support
    <SupportLevel.BUILT_IN: 'built-in'>
    >>> flask.supports("async_views", "1.1")
    False
    """

    name: str
    slug: str
    summary: str
    homepage: str
    repository: str
    pypi: str
    classification: Classification
    authors: tuple[str, ...]
    maintainer: str
    first_release: FirstRelease
    checked: CheckedAgainst
    sources: tuple[Source, ...]
    facts: Mapping[str, Fact] = attrs.field(hash=False)
    aliases: tuple[str, ...] = ()
    license: str | None = None
    license_note: str = ""
    built_on: tuple[Relationship, ...] = ()
    opinions: tuple[Opinion, ...] = ()
    # The criteria the facts answer, in catalogue order, as the registry that
    # loaded the framework knows them: renderers take labels and groups from
    # here, never from a registry of their own. Not part of equality.
    criteria: Mapping[str, Criterion] = attrs.field(factory=dict, eq=False, repr=False)

    def fact(self, key: str) -> Fact:
        """The fact for criterion *key*; `UnknownCriterionError` if there is none.

        *key* may also be the criterion's label, or either spelt with spaces
        or hyphens, in any case (``"Async views"``, ``"template engine"``).
        """
        try:
            return self.facts[key]
        except (KeyError, TypeError):
            from .._names import resolve, unknown

            # Labels from the catalogue the framework was loaded with.
            labels = {c.label: c.key for c in self.criteria.values()}
            groups = list(dict.fromkeys(c.group_label for c in self.criteria.values()))
            found = resolve(key, self.facts, labels)
            if found is None:
                raise unknown(key, self.facts, labels, groups) from None
            return self.facts[found]

    def supports(self, key: str, version: VersionLike | None = None) -> bool | None:
        """Whether the framework itself has *key* at *version*.

        True when the fact is built in or partial at that version (partial:
        built in, with the limits its note states), False when it is absent or
        only available through an extension, ``None`` when unknown. The
        version defaults to the one the data was checked against.
        """
        level = self.fact(key).support_at(self.checked.version if version is None else version)
        if level is SupportLevel.UNKNOWN:
            return None
        return level.is_builtin

    @property
    def pros(self) -> tuple[Opinion, ...]:
        """Attributed claims in the framework's favour."""
        return tuple(o for o in self.opinions if o.kind is OpinionKind.PRO)

    @property
    def cons(self) -> tuple[Opinion, ...]:
        """Attributed claims against the framework."""
        return tuple(o for o in self.opinions if o.kind is OpinionKind.CON)

    def to_html(self, *, standalone: bool = False) -> str:
        """The HTML page notebooks show: a fragment, or with *standalone* a complete page."""
        from ..render.html import framework_html

        fragment = framework_html(self)
        if not standalone:
            return fragment
        from ..render.page import html_page

        return html_page(self.name, fragment)

    def to_dict(self) -> ShowDict:
        """A JSON-safe dict of everything known, facts and sources included (what ``show --format json`` prints)."""
        from ..render.json import show_to_dict

        return show_to_dict(self)

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> dict[str, str]:
        # Jupyter's display protocol: the HTML page, and the text page where HTML is not shown.
        from ..render.html import framework_plain

        return {"text/html": self._repr_html_(), "text/plain": framework_plain(self)}

    def __repr__(self) -> str:
        return (
            f"<Framework {self.slug!r}: {self.name}, {self.classification}, "
            f"{len(self.facts)} facts, checked against {self.checked.version}>"
        )
