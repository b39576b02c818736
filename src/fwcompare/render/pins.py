"""What a pinned comparison adds to every format: the release judged, why, and what upgrading brings.

Plain text only; each format escapes and lays it out. Renders what the
comparison carries (its pins, upgrades and assumptions), nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from .json_pieces import change_to_dict

if TYPE_CHECKING:
    from ..jsontypes import JudgedAtDict, JudgedReason, UpgradeDict
    from ..model.comparison import Comparison
    from ..model.frameworks import Framework
    from ..model.pinning import Pin

__all__ = ["column_version", "pin_sections", "pins_to_dict"]


def column_version(framework: Framework, pin: Pin | None) -> str:
    """The column's subheading: "at 4.2.30 (pinned)" for a pinned framework, "checked: 6.1.3" otherwise."""
    if pin is None:
        return f"checked: {framework.checked.version}"
    return f"at {pin.version} ({'pinned' if pin.reason == 'pinned' else 'newest ' + pin.asked})"


def _pins(comparison: Comparison) -> list[Pin | None]:
    return [comparison.pins[i] if i < len(comparison.pins) else None for i in range(len(comparison.frameworks))]


def pin_sections(comparison: Comparison) -> list[tuple[str, list[str]]]:
    """(heading, lines) sections: the releases judged, then what upgrading each one brings.

    Empty for a comparison that is not pinned.
    """
    if not comparison.pins:
        return []
    pins = _pins(comparison)
    judged = []
    for framework, pin in zip(comparison.frameworks, pins, strict=True):
        if pin is None:
            judged.append(f"{framework.name} {framework.checked.version} (the version the data was checked against)")
        else:
            judged.append(pin.describe() + f", released {pin.release.date.isoformat()}")
    sections = [("Judged at", judged)]
    assumed = comparison.assumed_unchanged()
    for framework, pin, changes, sentence in zip(
        comparison.frameworks, pins, comparison.upgrades(), assumed, strict=True
    ):
        if pin is None or pin.version >= framework.checked.version:
            continue
        heading = f"Upgrading {framework.name} from {pin.version} to {framework.checked.version} brings"
        lines = [str(c) for c in changes] or ["no recorded change for the criteria compared"]
        if sentence:
            lines.append(sentence)
        sections.append((heading, lines))
    return sections


def pins_to_dict(comparison: Comparison) -> tuple[dict[str, JudgedAtDict], dict[str, UpgradeDict]]:
    """The JSON of a pinned comparison: ``judged_at`` and ``upgrades``, keyed by slug (both {} unpinned)."""
    judged: dict[str, JudgedAtDict] = {}
    upgrades: dict[str, UpgradeDict] = {}
    if comparison.pins:
        for framework, pin, changes, sentence in zip(
            comparison.frameworks, _pins(comparison), comparison.upgrades(), comparison.assumed_unchanged(), strict=True
        ):
            if pin is None:
                judged[framework.slug] = {
                    "version": str(framework.checked.version),
                    "date": None,
                    "reason": "checked",
                    "asked": None,
                    "requires_python": None,
                }
                continue
            judged[framework.slug] = {
                "version": str(pin.version),
                "date": pin.release.date.isoformat(),
                "reason": cast("JudgedReason", pin.reason),
                "asked": pin.asked,
                "requires_python": pin.release.requires_python_text,
            }
            upgrades[framework.slug] = {
                "to": str(framework.checked.version),
                "changes": [change_to_dict(c) for c in changes],
                "assumed_unchanged": sentence,
            }
    return judged, upgrades
