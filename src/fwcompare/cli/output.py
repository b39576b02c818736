"""How the command's text is laid out for the stream it goes to: width and colour."""

from __future__ import annotations

import argparse
from collections.abc import Callable

__all__ = ["style", "width"]


def width(args: argparse.Namespace) -> int:
    from .. import _terminal

    return _terminal.width(getattr(args, "width", None))


def style(args: argparse.Namespace) -> Callable[[str, str], str]:
    from .. import _terminal

    if getattr(args, "format", "text") != "text":
        return _terminal.plain
    return _terminal.style_for(_terminal.use_color(getattr(args, "color", "auto")))
