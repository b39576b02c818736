"""Escaping text from data for the places it ends up: a terminal, a Markdown document.

Data comes from files fwcompare did not write (user directories, plugins) and
from the environment ``verify`` inspects; any string in it may carry control
sequences or markup. These are the only escapers of their kind: every
renderer and the command line go through them.

- `terminal_safe`: for anything written to a terminal. Control characters
  (C0 but newline and tab, DEL, C1), Unicode format characters (bidi overrides
  and isolates such as U+202E, zero-width characters, the byte-order mark),
  line and paragraph separators and lone surrogates are shown as visible
  escapes: ``\\x1b``, ``\\u202e``. Characters from U+007F up are written
  ``\\uXXXX`` (or ``\\UXXXXXXXX``), so a JSON document stays valid JSON
  with the same meaning (JSON escapes the C0 controls itself).
- `markdown_text` and `markdown_link`: for Markdown (GitHub flavour) output,
  where raw HTML, link syntax or a newline from data must not become markup.

Foundations only: nothing here imports the rest of fwcompare.
"""

from __future__ import annotations

import functools
import re

__all__ = ["markdown_link", "markdown_text", "terminal_safe"]

# Unicode's Cf (format) category, as of Unicode 14 to 16: bidi embeddings,
# overrides and isolates, zero-width characters, invisible operators, the BOM,
# interlinear annotations, tags.
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
# ASCII text (most output) needs the C0 and DEL part only: a class this small scans three
# times faster, and compiles in a fifteenth of the time (the full class takes half a
# millisecond, which a command whose output is all ASCII never pays).
_UNSAFE_ASCII = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


@functools.cache
def _unsafe() -> re.Pattern[str]:
    return re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff{_FORMAT}]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x7F:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def terminal_safe(text: str) -> str:
    """*text* with every control, format and bidi character shown as a visible escape.

    Newlines and tabs stay: they lay out the output. Everything else that a
    terminal would act on (ESC starts colour changes, OSC 8 hyperlinks and
    OSC 52 clipboard writes; carriage return overwrites a line; U+202E turns
    the text around) is written out instead.

    >>> terminal_safe("\\x1b]52;c;aGk=\\x07 fine\\n")
    '\\\\x1b]52;c;aGk=\\\\x07 fine\\n'
    >>> terminal_safe("abc\\u202edef")
    'abc\\\\u202edef'
    """
    return (_UNSAFE_ASCII if text.isascii() else _unsafe()).sub(_escaped, text)


_MARKDOWN = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",  # would end a table cell
        "[": "\\[",  # would start a link or an image
        "]": "\\]",
        "`": "\\`",  # would start code, in which nothing is escaped
        "&": "&amp;",  # HTML: entities and tags stay text
        "<": "&lt;",
        ">": "&gt;",
        "\r": " ",  # would end the line, the row, the list item
        "\n": " ",
    }
)


def markdown_text(text: str) -> str:
    """*text* for a Markdown document: HTML, link and table syntax shown, not interpreted.

    Newlines become spaces (in a table they would end the row).

    >>> markdown_text("<script>x</script> [a](javascript:x) | b")
    '&lt;script&gt;x&lt;/script&gt; \\\\[a\\\\](javascript:x) \\\\| b'
    """
    return text.translate(_MARKDOWN)


# What stays as it is in a link's destination; everything else is percent-encoded
# (parentheses, angle brackets, spaces, pipes, backslashes, quotes, controls).
_URL_SAFE = "/:?#@!$&'*+,;=%-._~"


def markdown_link(title: str, url: str | None) -> str:
    """A Markdown link to *url* with *title* as its text; the text alone unless *url* is http(s).

    The destination is percent-encoded where Markdown would read syntax, so it
    cannot end early or carry a title; any other scheme (``javascript:``,
    ``data:``) never becomes a link.

    >>> markdown_link("Docs", "https://example.org/a b)")
    '[Docs](https://example.org/a%20b%29)'
    >>> markdown_link("Click", "javascript:alert(1)")
    'Click'
    """
    from urllib.parse import quote, urlsplit

    text = markdown_text(title)
    if url is None:
        return text
    try:
        parts = urlsplit(url)
    except ValueError:
        return text
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return text
    return f"[{text}]({quote(url, safe=_URL_SAFE)})"
