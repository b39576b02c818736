"""`fwcompare.StackCheck` as text (at the terminal's width) and as Markdown (a pull-request comment).

Both are drawn from one list of sections (`sections`): a heading, labelled
lines and bullet items, so the two formats never say different things.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ..model.releases import Release
    from ..model.stack_check import ExtensionCheck, FrameworkCheck, StackCheck

__all__ = ["Section", "sections", "stack_check_markdown", "stack_check_text"]

_YES_NO = {True: "yes", False: "no", None: "unknown"}


class Section(NamedTuple):
    """A heading, (label, text) lines, and bullet items under a sub-heading each.

    A named tuple, not an attrs class: it is built once per output, and attrs'
    class creation would cost more than the rendering.
    """

    heading: str
    lines: tuple[tuple[str, str], ...] = ()
    lists: tuple[tuple[str, tuple[str, ...]], ...] = ()


def _release(r: Release | None) -> str:
    return "unknown" if r is None else f"{r.version} ({r.date.isoformat()})"


def _extension_line(e: ExtensionCheck, judged: str | None, target: str | None, framework: str) -> str:
    status = "no health data" if e.status is None else f"{e.status.value}: {e.reason}"
    text = f"{e.dependency.name}{e.dependency.specifier}: {status}"
    if e.latest_version is not None:
        text += f"; latest {e.latest_version}"
    if e.requirement is not None:
        text += f", which requires {e.requirement}"
        if judged is not None:
            text += f" (admits {judged}: {_YES_NO[e.admits_judged]}"
            text += f"; {target}: {_YES_NO[e.admits_target]})" if target is not None else ")"
    text = f"{text} [{e.source}]"
    pair = e.pinned
    if pair is not None:
        text += f". Pinned {pair.extension_version} with {framework} {pair.framework_version}: {pair.describe()}"
        if pair.target is not None:
            text += f"; with the target {pair.target}: {pair.describe_target()}"
    return text


def _framework(f: FrameworkCheck, python: str | None) -> Section:
    dep = f.dependency
    heading = f"{f.framework} {f.judged.version if f.judged is not None else dep.specifier or '(any)'}"
    lines: list[tuple[str, str]] = [("Dependency", dep.describe())]
    lists: list[tuple[str, tuple[str, ...]]] = []
    if f.judged is None:
        lines.append(("Not judged", f.note))
    else:
        if f.oldest is not None:
            lines.append(("Admits", f"{_release(f.oldest)} to {_release(f.judged)}; judged at the newest"))
        else:
            lines.append(("Release", _release(f.judged)))
        if f.support is not None:
            on = f"on {f.on.isoformat()}: " if f.on is not None else ""
            lines.append(("Support", f"{on}{f.support.describe()}"))
            sources = "; ".join(f"{s.title} <{s.url}> (read {s.read.isoformat()})" for s in f.support.sources)
            lines.append(("Policy", f.support.policy + (f" Sources: {sources}" if sources else "")))
        if f.ends_within:
            lines.append(("Ends soon", "support ends within the days checked ahead"))
        lines.append(("Newest", f"in its series {_release(f.newest_in_series)}; overall {_release(f.latest)}"))
        if python is not None:
            needs = f.judged.requires_python_text or "any"
            lines.append(("Python", f"requires {needs}; fits Python {python}: {_YES_NO[f.python_fits]}"))
        target = f"{_release(f.target)}: {f.target_note}" if f.target is not None else f.target_note
        lines.append(("Target", target))
        if f.target is not None and f.target.version > f.judged.version:
            items = tuple(str(c) for c in f.changes) or ("no recorded change",)
            items += (f"{f.unchanged} facts record no change at all: assumed unchanged",)
            lists.append((f"Moving {f.judged.version} → {f.target.version} changes", items))
    judged = None if f.judged is None else str(f.judged.version)
    target_text = None if f.target is None else str(f.target.version)
    if f.extensions:
        lists.append(("Extensions", tuple(_extension_line(e, judged, target_text, f.framework) for e in f.extensions)))
    return Section(heading, tuple(lines), tuple(lists))


def sections(result: StackCheck) -> list[Section]:
    """What both formats show, in order: the project, each framework, other extensions, findings."""
    project = result.project
    python = project.requires_python or "not stated"
    if result.python is not None:
        python += f" (judged for Python {result.python}, the lowest it admits)"
    head = Section(
        "fwcompare check",
        (
            ("Files", ", ".join(project.files)),
            ("Python", python),
            ("Judged on", f"{result.on.isoformat()}; ends within {result.within} days ahead"),
        ),
    )
    found = [head] + [_framework(f, result.python) for f in result.frameworks]
    if not result.frameworks:
        found.append(Section("No framework found", (("", "none of the dependencies is a framework fwcompare knows"),)))
    if project.not_judged:
        items = tuple(f"{d.describe()}: {d.reason}" for d in project.not_judged)
        found.append(Section("Not judged", lists=(("", items),)))
    failing = set(result.fail_on)
    items = tuple(f"{f}{'' if f.kind in failing else ' (not failing)'}" for f in result.findings) or ("none",)
    found.append(Section(f"Findings (exit status {result.exit_status})", lists=(("", items),)))
    return found


def stack_check_text(result: StackCheck, width: int = 80) -> str:
    """Plain text, each line at most *width* columns."""
    width = max(width, 40)
    out: list[str] = []
    for section in sections(result):
        out += [section.heading, "=" * min(len(section.heading), width)]
        label_width = max((len(label) for label, _ in section.lines), default=0) + 2
        for label, text in section.lines:
            lead = f"{label}:".ljust(label_width) if label else ""
            out += textwrap.wrap(
                text, width, initial_indent=lead, subsequent_indent=" " * len(lead), break_on_hyphens=False
            ) or [lead]
        for title, items in section.lists:
            if title:
                out.append(f"{title}:")
            for item in items:
                out += textwrap.wrap(
                    item, width, initial_indent="  - ", subsequent_indent="    ", break_on_hyphens=False
                )
        out.append("")
    return "\n".join(out).rstrip("\n")


def _md(text: str) -> str:
    # Data and file names are untrusted: no markup, links or HTML from them.
    from .escape import markdown_text

    return markdown_text(text)


def stack_check_markdown(result: StackCheck) -> str:
    """Markdown for a pull-request comment: one heading per framework, the findings last."""
    out: list[str] = []
    for number, section in enumerate(sections(result)):
        out.append(f"{'##' if number == 0 else '###'} {_md(section.heading)}")
        out.append("")
        for label, text in section.lines:
            out.append(f"- **{_md(label)}**: {_md(text)}" if label else f"- {_md(text)}")
        for title, items in section.lists:
            if title:
                out += ["", f"**{_md(title)}**", ""]
            out += [f"- {_md(item)}" for item in items]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
