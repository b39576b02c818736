"""The scoring rule of a ranking, defined once: what share of a need's weight each answer earns.

The scorer (``ops/rank.py``), `NeedStatus.credit`, the legend under every
ranking (text, Markdown, HTML), the JSON ``credit`` map (``rank --format
json`` and ``export``) and the docs page on ranking all read `CREDITS`, so
they cannot disagree. Change a share here and every one of them changes.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["CREDITS", "Credit", "credit", "credit_map", "scoring_text"]


class Credit(NamedTuple):
    """One rule of the score: answers of kind *key* earn *share* of the need's weight.

    *key* is the key of the JSON ``credit`` map: a `NeedStatus` value, or
    ``extension-unmaintained`` / ``extension-broken`` for an extension route
    judged by the extension's health. *words* is how the legend says it.
    """

    key: str
    share: float
    words: str


CREDITS: tuple[Credit, ...] = (
    Credit("met", 1.0, "built in"),
    Credit("partial", 0.75, "partial (built in with limits)"),
    # Met, at the cost of another dependency to choose, keep up to date and trust.
    Credit("extension", 0.5, "through an extension"),
    Credit("extension-unmaintained", 0.25, "an unmaintained one"),
    # A broken extension leaves the need unmet.
    Credit("extension-broken", 0.0, "a broken one"),
    Credit("unmet", 0.0, "unmet"),
    # Unknown is reported apart, so that it can be looked into.
    Credit("unknown", 0.0, "unknown"),
)
"""Every credit the scorer gives, in the order the legend names them."""


def credit(key: str) -> float:
    """The share of a need's weight that answers of kind *key* earn (see `CREDITS`).

    >>> credit("partial")
    0.75
    """
    for rule in CREDITS:
        if rule.key == key:
            return rule.share
    raise LookupError(f"no credit {key!r}; there are: {', '.join(r.key for r in CREDITS)}")


def credit_map() -> dict[str, float]:
    """Every credit by its key: the JSON ``credit`` map."""
    return {rule.key: rule.share for rule in CREDITS}


def _number(share: float) -> str:
    return f"{share:g}"  # 1, 0.75, 0.125: no trailing zeros, nothing rounded away


def scoring_text(*, builtin_only: bool = False) -> str:
    """How a ranking's score is computed, in words: the legend under a ranking.

    With *builtin_only* (every need asked built in only) the extension credits
    are left out: an extension then leaves the need unmet.
    """
    rules = {rule.key: rule for rule in CREDITS}

    def said(key: str) -> str:
        return f"{rules[key].words} {_number(rules[key].share)}"

    zero = [rules[k].words for k in ("unmet", "unknown")]
    # "unmet or unknown 0" when both earn the same, else each with its own share.
    if rules["unmet"].share == rules["unknown"].share:
        nothing = f"{' or '.join(zero)} {_number(rules['unmet'].share)}"
    else:
        nothing = f"{said('unmet')}, {said('unknown')}"
    earned = [said("met"), said("partial")]
    if builtin_only:
        return (
            f"each need earns its weight times: {', '.join(earned)}, {nothing}, and built in only was asked, "
            "so a need met only through an extension is unmet; "
            "ties go to the framework that meets more needs itself, then by name"
        )
    extension = f"{said('extension')} ({said('extension-unmaintained')}, {said('extension-broken')})"
    return (
        f"each need earns its weight times: {', '.join([*earned, extension])}, {nothing}; "
        "ties go to the framework that meets more needs itself, then by name"
    )
