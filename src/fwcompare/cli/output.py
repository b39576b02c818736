"""How the command's answer is written for the stream it goes to: format, width and colour."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["output", "style", "width"]


def width(args: argparse.Namespace) -> int:
    from .. import _terminal

    return _terminal.width(getattr(args, "width", None))


def style(args: argparse.Namespace) -> Callable[[str, str], str]:
    from .. import _terminal

    if getattr(args, "format", "text") != "text":
        return _terminal.plain
    return _terminal.style_for(_terminal.use_color(getattr(args, "color", "auto")))


def output(kind: str, answer: object, args: argparse.Namespace, **extra: Mapping[str, Any]) -> str:
    """*answer* (of *kind*) in the format ``--format`` asks for, from the one table of formats.

    Text gets the terminal's width and colour, HTML is a standalone page;
    *extra* adds options per format (``text={"criteria": ...}``). Any other
    format, a registered one included, is called with the answer alone.
    """
    from .._formats import render

    name = getattr(args, "format", "text")
    options: dict[str, Any] = {}
    if name == "text":
        options = {"width": width(args), "style": style(args)}
    elif name == "html":
        options = {"standalone": True}
    options.update(extra.get(name, {}))
    text: str = render(kind, answer, name, **options)
    return text
