"""A project's dependencies, as read from its requirements, pyproject.toml or lock file.

`Dependency` is one requirement or locked package: its distribution name, the
versions it admits, where it was read. `ProjectDependencies` is everything read
for one project, with its ``requires-python``. Nothing here reads a file (see
``fwcompare.store.project_files``).
"""

from __future__ import annotations

import re

import attrs

from .base import Model

__all__ = ["Dependency", "ProjectDependencies", "normalise"]


def normalise(name: str) -> str:
    """A distribution name as the registry compares names (PEP 503): "Flask_Login" is "flask-login"."""
    return re.sub(r"[-_.]+", "-", name).lower()


@attrs.frozen(repr=False, eq=False)
class Dependency(Model):
    """One requirement or locked package of a project.

    ``specifier`` is the version constraint as written ("==2.2.5", ">=4.2,<5",
    "" for any version); a lock file's package has ``==`` its version.
    ``origin`` says where it was read ("requirements.txt, line 3",
    "pyproject.toml [project.optional-dependencies.dev]"). A dependency that
    cannot be judged (a URL, a local path, an editable install) has
    ``judged`` false and ``reason`` saying why.
    """

    name: str
    specifier: str
    origin: str
    marker: str = ""
    judged: bool = True
    reason: str = ""
    key: str = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(lambda self: normalise(self.name), takes_self=True)
    )
    """The normalised distribution name (PEP 503), computed once: a lock file's are compared often."""

    @property
    def pinned(self) -> str | None:
        """The version pinned with ``==`` or ``===`` (no wildcard), else ``None``."""
        parts = [p.strip() for p in self.specifier.split(",") if p.strip()]
        for part in parts:
            if part.startswith("===") or (part.startswith("==") and not part.endswith("*")):
                return part.lstrip("=").strip()
        return None

    def describe(self) -> str:
        """ "flask==2.2.5 (requirements.txt, line 1)"."""
        marker = f"; {self.marker}" if self.marker else ""
        return f"{self.name}{self.specifier}{marker} ({self.origin})"


@attrs.frozen(repr=False, eq=False)
class ProjectDependencies(Model):
    """Everything read for one project: the files, the dependencies, its ``requires-python``.

    ``requires_python`` is the project's own constraint as written (from
    ``pyproject.toml`` or the lock file), ``None`` where none was found.
    """

    files: tuple[str, ...]
    dependencies: tuple[Dependency, ...]
    requires_python: str | None = None
    requires_python_origin: str = ""

    @property
    def judged(self) -> tuple[Dependency, ...]:
        """The dependencies that name a distribution and versions (not URLs or editable installs)."""
        return tuple(d for d in self.dependencies if d.judged)

    @property
    def not_judged(self) -> tuple[Dependency, ...]:
        """URL, path and editable lines: reported, never judged."""
        return tuple(d for d in self.dependencies if not d.judged)
