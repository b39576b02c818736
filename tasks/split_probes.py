"""Split a framework's probe module that has grown past 500 lines into a package.

    python tasks/split_probes.py SLUG [SLUG ...]

``src/fwcompare_probes/SLUG.py`` becomes ``src/fwcompare_probes/SLUG/`` along
the catalogue's groups (``criteria.toml``):

- ``_common.py``: everything before the first probe (imports, the `ProbeSet`,
  ``not_probeable``, the helpers);
- ``web.py``: the probes of the groups foundations, data and templates;
- ``batteries.py``: those of security, built-in features and tooling;
- ``__init__.py``: the module's docstring, importing both, so that
  ``fwcompare_probes.SLUG.probes`` is the whole set, as before.

A helper or constant defined between probes goes with the probe after it, and
``probes.register_each`` tables are split by criterion. Each part gets all of
the module's imports and the helpers it names from ``_common``; run ``ruff
check --fix`` and ``ruff format`` on the package afterwards (unused imports go),
then compare the probes' reports before and after (``fwcompare verify --format
json``). A module without ``from __future__ import annotations`` (its framework
reads handler annotations at run time) keeps going without it.
"""

from __future__ import annotations

import ast
import re
import sys
import textwrap
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBES = ROOT / "src" / "fwcompare_probes"
CATALOGUE = ROOT / "src" / "fwcompare" / "data" / "criteria.toml"

PART = {
    "foundations": "web",
    "data": "web",
    "templates": "web",
    "security": "batteries",
    "features": "batteries",
    "tooling": "batteries",
}
DOCS = {
    "web": "foundations, data and templates (the catalogue's groups): serving, routing, async, WebSockets, "
    "background work, injection, ORM, migrations, admin, forms, templates",
    "batteries": "security, built-in features and tooling (the catalogue's groups): auth, CSRF, sessions, "
    "headers, i18n, caching, sitemaps, feeds, static files, OpenAPI, test client, CLI, scaffolding, type hints",
}
NO_FUTURE = (
    "# No ``from __future__ import annotations``: the framework reads the annotations of the\n"
    "# handlers defined here at run time (see _common).\n\n"
)


def _start(node: ast.stmt) -> int:
    """The 0-based first line of *node*, its decorators included."""
    decorators = getattr(node, "decorator_list", None)
    return (decorators[0].lineno if decorators else node.lineno) - 1


def _criterion(node: ast.stmt) -> str | None:
    """The criterion a ``@probes.register("...")`` function is registered for, else None."""
    for decorator in getattr(node, "decorator_list", []):
        if isinstance(decorator, ast.Call) and getattr(decorator.func, "attr", "") == "register":
            first = decorator.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                return first.value
    return None


def _table(node: ast.stmt) -> ast.Call | None:
    """The call, when *node* is ``probes.register_each(helper, {...})``."""
    call = node.value if isinstance(node, ast.Expr) else None
    if isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "register_each":
        return call
    return None


def _defined(nodes: list[ast.stmt]) -> set[str]:
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def _absolute(text: str) -> str:
    return text.replace("from . import ", "from fwcompare_probes import ").replace("from ._", "from fwcompare_probes._")


def split(slug: str, group: dict[str, str]) -> None:
    """Split ``fwcompare_probes/SLUG.py`` into the package ``fwcompare_probes/SLUG/``."""
    path = PROBES / f"{slug}.py"
    src = path.read_text(encoding="utf-8")
    lines = src.splitlines(keepends=True)
    body = ast.parse(src).body
    first = next(i for i, n in enumerate(body) if _criterion(n))
    doc_end = body[0].end_lineno or 0
    docstring = "".join(lines[:doc_end])
    header = body[1:first]
    future = any(isinstance(n, ast.ImportFrom) and n.module == "__future__" for n in body)
    pragma = "".join(lines[doc_end : _start(header[0])]).strip("\n") + "\n"
    imports = "".join(
        "".join(lines[_start(n) : n.end_lineno]) for n in header if isinstance(n, (ast.Import, ast.ImportFrom))
    )
    imports = re.sub(r"^from __future__ import annotations\n", "", _absolute(imports), flags=re.MULTILINE)
    common = _absolute("".join(lines[_start(header[0]) : _start(body[first])]))
    common = re.sub(r'^__all__ = \["probes"\]\n\n?', "", common, flags=re.MULTILINE)
    shared = _defined(header)
    parts: dict[str, list[str]] = {"web": [], "batteries": []}
    pending: list[str] = []
    rest = body[first:]
    for i, node in enumerate(rest):
        end = _start(rest[i + 1]) if i + 1 < len(rest) else len(lines)
        text = "".join(lines[_start(node) : end])
        table = _table(node)
        if table is not None:
            helper = ast.get_source_segment(src, table.args[0])
            rows = table.args[1]
            assert isinstance(rows, ast.Dict)
            for part in parts:
                keys = [str(k.value) if isinstance(k, ast.Constant) else "" for k in rows.keys]
                kept = [
                    f'        "{key}": {ast.get_source_segment(src, v)},\n'
                    for key, v in zip(keys, rows.values, strict=True)
                    if PART[group[key]] == part
                ]
                if kept:
                    parts[part].append(
                        f"# The probes that are one call of {helper}, by criterion.\n"
                        f"probes.register_each(\n    {helper},\n    {{\n{''.join(kept)}    }},\n)\n\n\n"
                    )
            continue
        criterion = _criterion(node)
        # A table's comment stands before it, so at the end of the node before: drop it there.
        text = re.sub(r"\n# The probes that are one call of .*\n*\Z", "\n\n\n", text)
        if criterion is None:
            pending.append(text)
            continue
        parts[PART[group[criterion]]] += [*pending, text]
        pending = []
    parts["batteries"] += pending
    package = PROBES / slug
    package.mkdir()
    opening = "from __future__ import annotations\n\n" if future else ""
    (package / "_common.py").write_text(
        f'"""What {slug}\'s probes share: the probe set and the helpers that build apps and make requests."""\n'
        f"{pragma}\n{opening}{common.rstrip()}\n",
        encoding="utf-8",
    )
    for part, chunks in parts.items():
        text = "".join(chunks).rstrip() + "\n"
        used = sorted(n for n in shared if re.search(r"\b" + re.escape(n) + r"\b", text))
        names = f"from fwcompare_probes.{slug}._common import {', '.join(used)}\n" if used else ""
        doc = textwrap.fill(f"{slug} probes of {DOCS[part]}.", 96)
        (package / f"{part}.py").write_text(
            f'"""{doc}"""\n{pragma}\n{opening or NO_FUTURE}{imports}{names}\n\n{text}', encoding="utf-8"
        )
    (package / "__init__.py").write_text(
        f"{docstring.rstrip()}\n\n{opening}"
        f"from fwcompare_probes.{slug} import batteries, web\n"
        f"from fwcompare_probes.{slug}._common import probes\n\n"
        '__all__ = ["batteries", "probes", "web"]\n',
        encoding="utf-8",
    )
    path.unlink()


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    with CATALOGUE.open("rb") as f:
        group = {c["key"]: c["group"] for c in tomllib.load(f)["criterion"]}
    for slug in argv:
        split(slug, group)
        print(f"split {slug} into src/fwcompare_probes/{slug}/: now run ruff check --fix and ruff format on it")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
