"""What the command line needs to know about the terminal it writes to: width, colour, pager.

Standard library only, and nothing is imported from fwcompare: the CLI asks,
the renderers are handed plain numbers and a styling function.

- **Width**: ``--width``, else ``$COLUMNS``, else the terminal's, else 80.
- **Colour**: ``--color=always`` or ``never`` decide; ``auto`` (the default) colours
  a terminal only, and never when ``$NO_COLOR`` is set (https://no-color.org) or
  ``$TERM`` is ``dumb``.
- **Pager**: output longer than the terminal is shown through ``$FWCOMPARE_PAGER``,
  else ``$PAGER``, else ``less``, with ``LESS=FRX`` unless ``$LESS`` is set (as git
  does: quit when it fits, keep colours, leave the text on screen). Never for a
  pipe; ``--no-pager`` (or a pager of ``cat`` or empty) turns it off.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from typing import IO, Literal

__all__ = ["ColorMode", "Style", "finish", "page", "plain", "style_for", "use_color", "width"]

ColorMode = Literal["auto", "always", "never"]

Style = Callable[[str, str], str]
"""``style(text, role)``: *text* with the terminal emphasis of *role* (or as it is)."""

DEFAULT_WIDTH = 80


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def width(explicit: int | None = None, stream: IO[str] | None = None) -> int:
    """The width to lay text out to: *explicit*, ``$COLUMNS``, the terminal's, or 80."""
    if explicit is not None and explicit > 0:
        return explicit
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    stream = sys.stdout if stream is None else stream
    if _isatty(stream):
        try:
            columns = os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else DEFAULT_WIDTH


def use_color(mode: ColorMode = "auto", stream: IO[str] | None = None) -> bool:
    """Whether to colour output for *stream* under *mode* (see the module docstring)."""
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    return _isatty(sys.stdout if stream is None else stream)


# SGR codes per role: bold headings, the differing-row mark in yellow, support levels coloured.
_CODES = {
    "heading": "1",
    "group": "1;4",
    "differs": "33",
    "dim": "2",
    "built-in": "32",
    "partial": "36",
    "extension": "34",
    "absent": "31",
    "unknown": "35",
    "ok": "1;32",
    "failed": "1;31",
    "warning": "1;33",
}


def plain(text: str, role: str) -> str:
    """The style of a pipe: *text* unchanged."""
    return text


# Styles are marked with a token that data cannot contain (it holds a number
# drawn at random per process), and become escape codes only in `finish`, after
# the command line has escaped every control character that came from data.
# So the one escaping step at the boundary never mistakes our colours for data's.
_TOKEN = f"{{fwcolour-{os.urandom(8).hex()}-"
_TOKENS = re.compile(re.escape(_TOKEN) + r"([0-9;]+)\}")


def _sgr(text: str, role: str) -> str:
    code = _CODES.get(role)
    if code is None or not text.strip():
        return text
    # Keep padding outside the codes, so a coloured cell stays aligned on any terminal.
    stripped = text.rstrip(" ")
    return f"{_TOKEN}{code}}}{stripped}{_TOKEN}0}}{text[len(stripped) :]}"


def style_for(color: bool) -> Style:
    """The styling function: emphasis when *color* (see `finish`), else `plain`."""
    return _sgr if color else plain


def finish(text: str) -> str:
    """*text* with the styles that `style_for` marked turned into ANSI escape codes."""
    return _TOKENS.sub(lambda m: f"\x1b[{m.group(1)}m", text) if _TOKEN in text else text


def _rows(stream: IO[str]) -> int | None:
    try:
        return os.get_terminal_size(stream.fileno()).lines
    except (AttributeError, ValueError, OSError):
        return None


def page(text: str, stream: IO[str] | None = None, *, enabled: bool = True) -> bool:
    """Show *text* through a pager when it does not fit the terminal; True if it did.

    False (and nothing written) when paging is off, *stream* is not a terminal,
    the text fits, or the pager cannot be started: the caller writes it then.
    """
    stream = sys.stdout if stream is None else stream
    if not enabled or not _isatty(stream) or not _isatty(sys.stdin):
        return False
    rows = _rows(stream)
    if rows is None or text.count("\n") + 1 < rows:
        return False
    command = os.environ.get("FWCOMPARE_PAGER", os.environ.get("PAGER", "less")).strip()
    if command in ("", "cat"):
        return False
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env, text=True)
    except OSError:
        return False
    try:
        assert pager.stdin is not None
        pager.stdin.write(text)
        pager.stdin.close()
    except BrokenPipeError:  # the reader quit early (q in less)
        pass
    except KeyboardInterrupt:
        pass
    while True:
        try:
            pager.wait()
            break
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager, as with git
            continue
    return True
