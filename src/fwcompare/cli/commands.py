"""What each subcommand does: given the parsed arguments, the text to print."""

from __future__ import annotations

import argparse
import sys

from ..ops.compare import compare
from ..registry import Registry, default_registry
from .bench import cmd_bench
from .output import style as _style
from .output import width as _width
from .parser import DATA_PATH_ENV

__all__ = ["COMMANDS", "Failed", "UsageError"]


def _registry(args: argparse.Namespace) -> Registry:
    import os

    paths = [p for p in os.environ.get(DATA_PATH_ENV, "").split(os.pathsep) if p] + list(args.data_dir)
    if not paths and not args.no_plugins:
        return default_registry()
    return Registry(paths, plugins=False if args.no_plugins else None)


def _cmd_list(args: argparse.Namespace) -> str:
    fws = _registry(args).frameworks()
    if args.format == "json":
        import json

        from ..render.json import framework_list_to_dict

        return json.dumps(framework_list_to_dict(fws), indent=2, ensure_ascii=False)
    from ..render.text import fill

    slug_width = max(len(f.slug) for f in fws)
    style = _style(args)
    lines = []
    for f in fws:
        text = f"{f.slug.ljust(slug_width)}  {f.name} {f.checked.version} ({f.classification}): {f.summary}"
        wrapped = fill(text, _width(args), "", " " * (slug_width + 4))
        wrapped[0] = style(f.slug.ljust(slug_width), "heading") + wrapped[0][slug_width:]
        lines += wrapped
    return "\n".join(lines)


def _cmd_show(args: argparse.Namespace) -> str:
    registry = _registry(args)
    framework = registry.get(args.name)
    if args.format == "json":
        import json

        return json.dumps(framework.to_dict(), indent=2, ensure_ascii=False)
    if args.format == "html":
        return framework.to_html(standalone=True)
    from ..render.text import framework_text

    return framework_text(framework, registry.criteria(), width=_width(args), style=_style(args))


def _cmd_compare(args: argparse.Namespace) -> str:
    if len(args.names) < 2:
        raise UsageError("compare needs at least two frameworks, e.g. 'fwcompare compare django flask'")
    comparison = compare(
        *args.names, criteria=args.criteria, registry=_registry(args), python=args.python, as_of=args.as_of
    )
    if args.differences:
        comparison = comparison.differences()
    if args.format == "json":
        return comparison.to_json()
    if args.format == "html":
        return comparison.to_html(standalone=True)
    # --opinions narrowed by --criteria: the opinions on those criteria, and the general ones.
    on = [row.criterion.key for row in comparison] if args.criteria else None
    if args.format == "markdown":
        from ..render.markdown import comparison_markdown

        markdown = comparison_markdown(comparison)
        if args.opinions:
            from ..render.opinions_markdown import opinions_markdown

            markdown = markdown.rstrip("\n") + "\n\n" + opinions_markdown(comparison.frameworks, on)
        return markdown
    from ..render.text import comparison_text

    return comparison_text(
        comparison, opinions=args.opinions, opinion_criteria=on, width=_width(args), style=_style(args)
    )


def _cmd_criteria(args: argparse.Namespace) -> str:
    items = _registry(args).criteria()
    if args.format == "json":
        import json

        from ..render.json import criteria_to_dict

        return json.dumps(criteria_to_dict(items), indent=2, ensure_ascii=False)
    from ..render.text import fill

    key_width = max(len(c.key) for c in items)
    lines = []
    for c in items:
        lines += fill(f"{c.key.ljust(key_width)}  {c.group_label}: {c.label} ({c.kind})", _width(args), "", " " * 4)
    return "\n".join(lines)


def _cmd_plugins(args: argparse.Namespace) -> str:
    registry = _registry(args)
    infos = registry.plugins()
    if not infos:
        from ..store.plugins import ENTRY_POINT_GROUP, autoload_enabled

        if args.no_plugins or not autoload_enabled():
            return "Plugins are turned off (--no-plugins or FWCOMPARE_NO_PLUGINS=1)."
        return f"No plugins installed (entry-point group {ENTRY_POINT_GROUP!r})."
    lines = []
    for info in infos:
        where = f"{info.value}" + (f" from {info.distribution}" if info.distribution else "")
        if info.error is not None:
            lines.append(f"{info.name}: FAILED ({where}): {info.error}")
            continue
        provided = ", ".join(info.frameworks) or "no frameworks"
        lines.append(f"{info.name}: loaded ({where}): frameworks {provided}")
        if info.criteria:
            lines.append(f"  criteria: {', '.join(info.criteria)}")
        if info.skipped:
            lines.append(f"  skipped (names already taken): {', '.join(info.skipped)}")
    return "\n".join(lines)


class UsageError(Exception):
    pass


class Failed(Exception):
    """The command ran, and its answer is a failure (exit status 1)."""

    def __init__(self, output: str, message: str = "") -> None:
        self.output = output
        self.message = message


def _cmd_verify(args: argparse.Namespace) -> str:
    from ..ops.verify import verify

    registry = _registry(args)
    names = args.names or None
    if names is not None:
        for name in names:
            registry.get(name)  # an unknown name is a user error, before any probe runs
    if args.python is not None:
        import os

        if not os.access(args.python, os.X_OK):
            raise UsageError(f"--python {args.python!r} is not an executable interpreter")
    print("fwcompare: running the probes (this takes a few seconds per framework)...", file=sys.stderr)
    result = verify(names, python=args.python, registry=registry, timeout=args.timeout)
    if args.format == "json":
        import json

        output = json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
    else:
        from ..render.verification import verification_text

        output = verification_text(result, width=_width(args), style=_style(args))
    where = f"for {args.python}" if args.python else "in this environment"
    missing = [name for name in result.not_installed if names is not None]
    if missing:
        raise Failed(
            output,
            f"not installed {where}: {', '.join(missing)} (named on the command line; "
            "install it, or point --python at an environment that has it)",
        )
    if result.checked_nothing and not args.allow_none:
        raise Failed(output, f"nothing was checked: no framework with probes is installed {where} (see --allow-none)")
    if not result.ok:
        raise Failed(output)
    return output


def _cmd_rank(args: argparse.Namespace) -> str:
    from ..model.ranking import Need
    from ..ops.rank import rank

    needs = [Need(key, weight=weight) for key, weight in args.needs]
    ranking = rank(
        needs,
        frameworks=args.names or None,
        builtin_only=args.builtin_only,
        min_versions=dict(args.min_versions),
        registry=_registry(args),
        maintained_only=args.maintained_only,
        maintained_extensions=args.maintained_extensions,
    )
    if args.format == "json":
        return ranking.to_json()
    if args.format == "markdown":
        return ranking.to_markdown()
    if args.format == "html":
        return ranking.to_html(standalone=True)
    from ..render.ranking import ranking_text

    return ranking_text(ranking, width=_width(args), style=_style(args))


def _cmd_export(args: argparse.Namespace) -> str:
    import json

    if args.schema:
        from ..schemas import output_schema

        return json.dumps(output_schema("export"), indent=2, ensure_ascii=False)
    from ..ops.export import export

    document = json.dumps(export(_registry(args)), indent=2, ensure_ascii=False)
    if args.output is None:
        return document
    from pathlib import Path

    try:
        Path(args.output).write_text(document + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {args.output!r}: {exc.strerror or exc}") from None
    return ""


def _cmd_releases(args: argparse.Namespace) -> str:
    import datetime

    from ..ops.releases import release_report

    try:
        on = None if args.on is None else datetime.date.fromisoformat(args.on)
    except ValueError:
        raise UsageError(f"--on must be a date (YYYY-MM-DD), got {args.on!r}") from None
    report = release_report(args.names, registry=_registry(args), python=args.python, as_of=args.as_of, on=on)
    if args.format == "json":
        import json

        return json.dumps(report, indent=2, ensure_ascii=False)
    from ..render.releases import release_report_text

    return release_report_text(report, width=_width(args))


def _cmd_update(args: argparse.Namespace) -> str:
    from ..ops.update import update

    progress = None
    if sys.stderr is not None and sys.stderr.isatty():  # progress only where a person watches

        def progress(done: int, total: int, slug: str) -> None:
            from ..render.escape import terminal_safe

            end = "\n" if done == total else ""
            print(
                f"\rreading release lists from PyPI: {done}/{total} ({terminal_safe(slug)})\x1b[K",
                end=end,
                file=sys.stderr,
            )

    report = update(registry=_registry(args), offline=args.offline, workers=args.workers, progress=progress)
    if report.failed:
        names = ", ".join(u.slug for u in report.failed)
        raise Failed(str(report), f"{len(report.failed)} list(s) not updated, left as they were: {names}")
    if report.extension_errors:
        raise Failed(str(report), f"{len(report.extension_errors)} extension(s) not read from the registry")
    return str(report)


COMMANDS = {
    "list": _cmd_list,
    "show": _cmd_show,
    "compare": _cmd_compare,
    "criteria": _cmd_criteria,
    "verify": _cmd_verify,
    "plugins": _cmd_plugins,
    "rank": _cmd_rank,
    "export": _cmd_export,
    "releases": _cmd_releases,
    "update": _cmd_update,
    "bench": cmd_bench,
}
