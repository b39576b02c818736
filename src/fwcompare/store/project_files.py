"""Reading a project's dependencies: requirements files, pip freeze, pyproject.toml and lock files.

Every file is untrusted: it is read as text, never run (no ``setup.py``, no
build backend), at most `MAX_BYTES` each; ``-r``/``-c`` includes nest at most
`MAX_DEPTH` deep and a cycle is an error. URL, path and editable lines are
kept as dependencies that are not judged. The format comes from the file's
name: ``uv.lock``, ``poetry.lock``, ``pylock.toml`` (or ``pylock.NAME.toml``),
``pyproject.toml``; any other name is read as a requirements file (which is
also what ``pip freeze`` writes).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .._errors import ProjectFileError
from ..model.project import Dependency, ProjectDependencies, normalise

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_FILES", "discover", "read_installed", "read_project"]

MAX_BYTES = 16 * 1024 * 1024
"""The largest file read (a 500-package uv.lock is about 1 MB)."""
MAX_DEPTH = 10
"""How deep ``-r`` and ``-c`` includes may nest."""
MAX_FILES = 200
"""How many files one check may read, includes counted."""

LOCK_FILES = ("uv.lock", "poetry.lock", "pylock.toml")
"""The lock files looked for in a directory, most preferred first."""

# Options pip accepts in a requirements file that take a value and say nothing about versions.
_VALUE_OPTIONS = frozenset(
    {"-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--no-binary", "--only-binary"}
    | {"--trusted-host", "--use-feature", "--config-settings", "--global-option", "--hash"}
)
_FLAG_OPTIONS = frozenset({"--pre", "--prefer-binary", "--require-hashes", "--no-index"})
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ProjectFileError(str(path), "", f"{size:,} bytes is over the limit of {MAX_BYTES:,}")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ProjectFileError(str(path), "", f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise ProjectFileError(str(path), "", f"over the limit of {MAX_BYTES:,} bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProjectFileError(str(path), "", f"not UTF-8 (byte {exc.start})") from None


def _toml(path: Path) -> dict[str, Any]:
    # The data files' own TOML reader: its limits (dotted keys, numbers) guard this hostile input too.
    from .._errors import DataError
    from .resources import parse_document

    try:
        document = parse_document(_read_text(path).encode("utf-8"), str(path))
    except DataError as exc:
        raise ProjectFileError(exc.file, exc.field, exc.problem, line=exc.line) from None
    if not isinstance(document, dict):
        raise ProjectFileError(str(path), "", "not a TOML document")
    return document


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(first line number, line) with continuations joined and comments dropped, as pip reads them."""
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        if not pending:
            start = number
        # A comment starts at a '#' at the line's start or after whitespace.
        line = re.sub(r"(^|\s)#.*$", "", raw)
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = (pending + line).strip()
        pending = ""
        if line:
            yield start, line
    if pending.strip():
        yield start, pending.strip()


class _Reader:
    """Reads requirements files with their includes; one per check (it counts the files)."""

    def __init__(self) -> None:
        self.files: list[str] = []
        self.constraints: dict[str, list[str]] = {}

    def _count(self, path: Path) -> None:
        self.files.append(str(path))
        if len(self.files) > MAX_FILES:
            raise ProjectFileError(str(path), "", f"more than {MAX_FILES} files to read (includes counted)")

    def requirements(self, path: Path, stack: tuple[Path, ...] = ()) -> list[Dependency]:
        resolved = path.resolve()
        if resolved in stack:
            raise ProjectFileError(str(path), "", "includes itself (an -r or -c cycle)")
        if len(stack) >= MAX_DEPTH:
            raise ProjectFileError(str(path), "", f"includes nest more than {MAX_DEPTH} deep")
        self._count(path)
        found: list[Dependency] = []
        for number, line in _logical_lines(_read_text(path)):
            where = f"{path}, line {number}"
            if line.startswith("-"):
                option, value = _option(line)
                if option in ("-r", "--requirement", "-c", "--constraint"):
                    if not value:
                        raise ProjectFileError(str(path), "", f"{option} names no file", line=number)
                    if _URL.match(value):
                        found.append(Dependency(value, "", where, judged=False, reason=f"{option} of a URL: not read"))
                        continue
                    target = path.parent / value
                    inner = self.requirements(target, (*stack, resolved))
                    if option in ("-c", "--constraint"):
                        for dep in inner:
                            if dep.judged:
                                self.constraints.setdefault(dep.key, []).append(dep.specifier)
                    else:
                        found += inner
                elif option in ("-e", "--editable"):
                    found.append(
                        Dependency(value or line, "", where, judged=False, reason="editable install: not judged")
                    )
                elif option in _VALUE_OPTIONS or option in _FLAG_OPTIONS:
                    continue
                else:
                    raise ProjectFileError(str(path), "", f"unknown option {option[:40]!r}", line=number)
                continue
            found.append(_requirement(line, where, str(path), number))
        return found


def _option(line: str) -> tuple[str, str]:
    """An option line as (option, value): "-r base.txt", "-rbase.txt", "--requirement=base.txt"."""
    if not line.startswith("--"):
        return line[:2], line[2:].strip()
    match = re.match(r"(--[A-Za-z-]+)(?:=|\s+|$)(.*)$", line)
    if match is None:
        return line.split()[0], ""
    return match.group(1), match.group(2).strip()


def _requirement(line: str, where: str, file: str, number: int) -> Dependency:
    """One requirement line (PEP 508, per-requirement options taken off)."""
    # Per-requirement options (--hash=..., --config-settings ...) follow the requirement.
    text = re.split(r"\s+--?[a-z]", " " + line, maxsplit=1)[0].strip() if " -" in line else line
    archive = text.endswith((".whl", ".zip", ".tar.gz")) and " @ " not in text  # a file name, not "name @ URL"
    if _URL.match(text) or text.startswith((".", "/", "~")) or archive:
        return Dependency(text, "", where, judged=False, reason="a URL or local path: not judged")
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        requirement = Requirement(text)
    except InvalidRequirement as exc:
        raise ProjectFileError(file, "", f"not a requirement: {exc}", line=number) from None
    marker = "" if requirement.marker is None else str(requirement.marker)
    if requirement.url:
        return Dependency(requirement.name, "", where, marker, judged=False, reason="a direct URL: not judged")
    return Dependency(requirement.name, str(requirement.specifier), where, marker)


def _pep508(items: Iterable[Any], file: str, where: str) -> list[Dependency]:
    found = []
    for item in items:
        if not isinstance(item, str):
            continue  # a dependency-group include ({include-group = ...}), handled by the caller
        found.append(_requirement(item, where, file, 0))
    return found


def read_pyproject(path: Path, data: dict[str, Any] | None = None) -> tuple[list[Dependency], str | None]:
    """PEP 621 ``[project]`` dependencies and extras, PEP 735 ``[dependency-groups]``, ``requires-python``."""
    data = _toml(path) if data is None else data
    project = data.get("project")
    project = project if isinstance(project, dict) else {}
    file = str(path)
    found = _pep508(_list(project.get("dependencies"), file, "project.dependencies"), file, f"{file} [project]")
    extras = project.get("optional-dependencies")
    if isinstance(extras, dict):
        for extra, items in extras.items():
            where = f"{file} [project.optional-dependencies.{extra}]"
            found += _pep508(_list(items, file, f"project.optional-dependencies.{extra}"), file, where)
    groups = data.get("dependency-groups")
    if isinstance(groups, dict):
        for group in groups:
            found += _group(groups, str(group), file, ())
    python = project.get("requires-python")
    return found, python if isinstance(python, str) else None


def _list(value: Any, file: str, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ProjectFileError(file, field, "expected an array")
    return value


def _group(groups: dict[str, Any], name: str, file: str, stack: tuple[str, ...]) -> list[Dependency]:
    # Only the group's own requirements: an included group is read under its own name.
    if name in stack:
        raise ProjectFileError(file, f"dependency-groups.{name}", "includes itself (a cycle)")
    items = _list(groups.get(name), file, f"dependency-groups.{name}")
    for item in items:
        if isinstance(item, dict):
            included = item.get("include-group")
            if not isinstance(included, str) or included not in groups:
                raise ProjectFileError(file, f"dependency-groups.{name}", f"includes an unknown group {included!r}")
            _group(groups, included, file, (*stack, name))  # checks for a cycle
    return _pep508(items, file, f"{file} [dependency-groups.{name}]")


def _locked(path: Path, key: str) -> tuple[list[Dependency], str | None]:
    """``uv.lock`` and ``poetry.lock`` (``[[package]]``) or ``pylock.toml`` (``[[packages]]``)."""
    data: dict[str, Any] | None = None
    if key == "package":  # the tools' fixed layout is scanned; anything else is parsed as TOML
        from .lock_scan import scan

        data = scan(_read_text(path))
    if data is None:
        data = _toml(path)
    file = str(path)
    found = []
    for index, package in enumerate(_list(data.get(key), file, key)):
        if not isinstance(package, dict) or not isinstance(package.get("name"), str):
            raise ProjectFileError(file, f"{key}[{index}]", "a package without a name")
        name, version = package["name"], package.get("version")
        where = f"{file} [{name}]"
        source = package.get("source")
        marker = str(package["marker"]) if isinstance(package.get("marker"), str) else ""
        # uv: source = { editable = "." }; pylock: directory = {...}; Poetry: [package.source] type = "git".
        local = isinstance(source, dict) and (
            bool({"editable", "virtual", "path", "directory"} & set(source))
            or source.get("type") in ("directory", "file", "git", "url")
        )
        if local or "directory" in package or "vcs" in package or "archive" in package:
            found.append(Dependency(name, "", where, judged=False, reason="the project itself or a local path"))
        elif isinstance(version, str):
            found.append(Dependency(name, f"=={version}", where, marker))
        else:
            found.append(Dependency(name, "", where, marker, judged=False, reason="locked without a version"))
    python: Any
    if key == "package" and path.name == "poetry.lock":
        metadata = data.get("metadata")
        python = metadata.get("python-versions") if isinstance(metadata, dict) else None
        python = _poetry_python(python) if isinstance(python, str) else None
    else:
        python = data.get("requires-python")
    return found, python if isinstance(python, str) else None


def _poetry_python(text: str) -> str | None:
    # Poetry writes "^3.11" or ">=3.9,<4.0"; a caret means at least that version.
    text = text.strip()
    if text.startswith("^"):
        return f">={text[1:]}"
    return None if text in ("", "*") else text


def read_file(path: Path, reader: _Reader | None = None) -> tuple[list[Dependency], str | None]:
    """The dependencies of one file and the ``requires-python`` it states, by the file's name."""
    name = path.name
    if name in ("uv.lock", "poetry.lock"):
        return _locked(path, "package")
    if name == "pylock.toml" or (name.startswith("pylock.") and name.endswith(".toml")):
        return _locked(path, "packages")
    if name == "pyproject.toml":
        return read_pyproject(path)
    if name.endswith((".toml", ".lock")):
        raise ProjectFileError(str(path), "", "not a file check reads (pyproject.toml, uv.lock, poetry.lock, pylock)")
    reader = reader or _Reader()
    found = reader.requirements(path)
    return _constrained(found, reader.constraints), None


def _constrained(found: list[Dependency], constraints: dict[str, list[str]]) -> list[Dependency]:
    """Requirements narrowed by the ``-c`` constraints on the same names."""
    if not constraints:
        return found
    import attrs

    narrowed = []
    for dep in found:
        extra = [c for c in constraints.get(dep.key, ()) if c]
        if dep.judged and extra:
            dep = attrs.evolve(dep, specifier=",".join(p for p in (dep.specifier, *extra) if p))
        narrowed.append(dep)
    return narrowed


def discover(directory: Path) -> list[Path]:
    """The files a user expects read in *directory*: a lock file, else requirements files; and pyproject.toml.

    A lock file (uv.lock, poetry.lock, pylock.toml, in that order) says what is
    installed; without one, every ``requirements*.txt``. ``pyproject.toml`` is
    read too (its ``requires-python``, and its dependencies where nothing else
    lists them).
    """
    for name in LOCK_FILES:
        if (directory / name).is_file():
            chosen = [directory / name]
            break
    else:
        pylocks = sorted(directory.glob("pylock.*.toml"))
        chosen = pylocks[:1] or sorted(p for p in directory.glob("requirements*.txt") if p.is_file())
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file():
        chosen.append(pyproject)
    return chosen


def read_project(paths: Iterable[str | os.PathLike[str]]) -> ProjectDependencies:
    """Read the dependency files *paths* (a directory: `discover` in it) as one project.

    A ``pyproject.toml`` read next to a lock file or requirements file gives
    the project's ``requires-python``; its dependencies count only when no
    other file lists any (the lock file already resolves them).
    """
    files: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found = discover(path)
            if not found:
                raise ProjectFileError(
                    str(path), "", "has no requirements*.txt, pyproject.toml, uv.lock, poetry.lock or pylock.toml"
                )
            files += found
        else:
            files.append(path)
    reader = _Reader()
    dependencies: list[Dependency] = []
    pyproject_deps: list[Dependency] = []
    python, python_origin = None, ""
    for path in files:
        if path.name == "pyproject.toml":
            reader._count(path)
            deps, stated = read_pyproject(path)
            pyproject_deps += deps
            if stated is not None:
                python, python_origin = stated, f"{path} [project] requires-python"
            continue
        deps, stated = read_file(path, reader)
        if path.suffix in (".lock", ".toml"):
            reader._count(path)
        dependencies += deps
        if stated is not None and python is None:
            python, python_origin = stated, f"{path} requires-python"
    if not dependencies:
        dependencies = pyproject_deps
    return ProjectDependencies(tuple(dict.fromkeys(reader.files)), tuple(dependencies), python, python_origin)


def read_installed() -> ProjectDependencies:
    """The distributions installed in the running environment (importlib.metadata), each pinned.

    The interpreter's own version is the project's Python.
    """
    import importlib.metadata
    import platform

    found: dict[str, Dependency] = {}
    for dist in importlib.metadata.distributions():
        name, version = dist.metadata["Name"], dist.version
        if not isinstance(name, str) or not name or not isinstance(version, str):
            continue
        found.setdefault(normalise(name), Dependency(name, f"=={version}", "installed"))
    python = ".".join(platform.python_version_tuple()[:2])
    return ProjectDependencies(("(installed)",), tuple(found.values()), f">={python}", "the running interpreter")
