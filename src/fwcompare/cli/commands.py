"""What each subcommand does: given the parsed arguments, the text to print."""

from __future__ import annotations

import argparse
import sys

from .._errors import FwcompareError
from .._formats import formats
from ..ops.compare import compare
from ..registry import Registry, default_registry
from .output import output
from .parser import DATA_PATH_ENV

__all__ = ["COMMANDS", "Failed", "UsageError"]


def _registry(args: argparse.Namespace) -> Registry:
    import os

    paths = [p for p in os.environ.get(DATA_PATH_ENV, "").split(os.pathsep) if p] + list(args.data_dir)
    if not paths and not args.no_plugins:
        return default_registry()
    return Registry(paths, plugins=False if args.no_plugins else None)


def _cmd_list(args: argparse.Namespace) -> str:
    return output("framework-list", _registry(args).frameworks(), args)


def _cmd_show(args: argparse.Namespace) -> str:
    registry = _registry(args)
    return output("framework", registry.get(args.name), args, text={"criteria": registry.criteria()})


def _cmd_compare(args: argparse.Namespace) -> str:
    if len(args.names) < 2:
        raise UsageError("compare needs at least two frameworks, e.g. 'fwcompare compare django flask'")
    if len(args.names) == 2:
        view = _upgrade_view(args)
        if view is not None:
            return view
    comparison = compare(
        *args.names, criteria=args.criteria, registry=_registry(args), python=args.python, as_of=args.as_of
    )
    if args.differences:
        comparison = comparison.differences()
    # --opinions narrowed by --criteria: the opinions on those criteria, and the general ones.
    opinions = {
        "opinions": args.opinions,
        "opinion_criteria": [row.criterion.key for row in comparison] if args.criteria else None,
    }
    return output("comparison", comparison, args, text=opinions, markdown=opinions)


def _upgrade_view(args: argparse.Namespace) -> str | None:
    """Two releases of one framework ("django==4.2 django==5.2", "flask==2.2 flask"): the upgrade view."""
    if not any("==" in name for name in args.names):
        return None  # "django django" is a mistake, said as such by compare
    registry = _registry(args)
    (first, _, start), (second, _, end) = (name.partition("==") for name in args.names)
    if first.strip().casefold() != second.strip().casefold() and (
        first.strip() not in registry
        or second.strip() not in registry
        or registry.get(first.strip()).slug != registry.get(second.strip()).slug
    ):
        return None
    if args.criteria or args.differences or args.opinions or args.python or args.as_of:
        raise UsageError("two releases of one framework are compared whole: leave out --criteria and the like")
    if not start.strip():
        raise UsageError(f"name the release to upgrade from: {first.strip()}==VERSION")
    from ..ops.upgrade import upgrade

    view = upgrade(first.strip(), start.strip(), end.strip() or None, registry=registry)
    if args.format not in formats("upgrade", documents=True):
        raise UsageError(
            f"the upgrade view has no {args.format} format: {', '.join(formats('upgrade', documents=True))}"
        )
    return output("upgrade", view, args)


def _cmd_criteria(args: argparse.Namespace) -> str:
    return output("criteria", _registry(args).criteria(), args)


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
    where = f"for {args.python}" if args.python else "in this environment"
    missing = [name for name in result.not_installed if names is not None]
    failure: str | None = None  # the message of a failed run ("" when the output says it all)
    broken = result.broken_environments
    if broken:
        failure = (
            f"the environment {where} is broken for {', '.join(c.framework for c in broken)}: "
            "the framework does not work there, so no fact was judged (see the report: the error and the "
            "versions installed)"
        )
    elif missing:
        failure = (
            f"not installed {where}: {', '.join(missing)} (named on the command line; "
            "install it, or point --python at an environment that has it)"
        )
    elif result.checked_nothing and not args.allow_none:
        failure = f"nothing was checked: no framework with probes is installed {where} (see --allow-none)"
    elif not result.ok:
        failure = ""
    if args.format == "json":
        import json

        # The document's "ok" is what the exit status says (0 exactly when ok), which only the command knows.
        document = result.to_dict()
        document["ok"] = failure is None
        text = json.dumps(document, indent=2, ensure_ascii=False)
    else:
        text = output("verification", result, args)
    if failure is not None:
        raise Failed(text, failure)
    return text


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
        python=args.python,
        as_of=args.as_of,
    )
    return output("ranking", ranking, args)


def _cmd_export(args: argparse.Namespace) -> str:
    import json

    if args.schema:
        from ..schemas import output_schema

        return json.dumps(output_schema("export"), indent=2, ensure_ascii=False)
    from ..ops.export import export

    document = json.dumps(export(_registry(args)), indent=2, ensure_ascii=False)
    if args.output is None:
        return document
    from .._errors import shorten
    from .._files import write_atomically

    try:
        write_atomically(args.output, document + "\n")
    except OSError as exc:
        raise UsageError(f"cannot write {shorten(args.output)!r}: {exc.strerror or exc}") from None
    return ""


def _cmd_releases(args: argparse.Namespace) -> str:
    from .._dates import iso_date
    from ..ops.releases import release_report

    try:
        on = None if args.on is None else iso_date(args.on)
    except ValueError:
        raise UsageError(f"--on must be a date (YYYY-MM-DD), got {args.on!r}") from None
    report = release_report(args.names, registry=_registry(args), python=args.python, as_of=args.as_of, on=on)
    return output("releases", report, args)


def _cmd_check(args: argparse.Namespace) -> str:
    from ..model.stack_check import FINDING_KINDS
    from ..ops.check import check

    if args.installed and args.paths:
        raise UsageError("give PATHs or --installed, not both")
    try:
        result = check(
            *args.paths,
            installed=args.installed,
            on=args.on,
            within=args.within,
            fail_on=FINDING_KINDS if args.fail_on is None else args.fail_on,
            registry=_registry(args),
        )
    except ValueError as exc:
        if isinstance(exc, FwcompareError):
            raise
        raise UsageError(str(exc)) from None
    text = output("check", result, args)
    if result.exit_status:
        raise Failed(text)
    return text


def _cmd_bench(args: argparse.Namespace) -> str:
    from .bench import cmd_bench  # only for bench: the other commands never load it

    return cmd_bench(args)


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
    text = output("update", report, args)
    if report.failed:
        names = ", ".join(u.slug for u in report.failed)
        raise Failed(text, f"{len(report.failed)} list(s) not updated, left as they were: {names}")
    if report.extension_errors:
        raise Failed(text, f"{len(report.extension_errors)} extension(s) not read from the registry")
    return text


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
    "check": _cmd_check,
    "bench": _cmd_bench,
    "update": _cmd_update,
}
