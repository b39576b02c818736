"""The package's structure: one-way layers, no import cycle, small modules.

The graph counts every import that can run, at module level or inside a
function, and leaves out only ``if TYPE_CHECKING:`` blocks, which never run
(they give the type checker the names of a lower layer's types).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

# Lowest first. A module may import its own layer and the layers before it.
# The renderers sit above the model: they import its types and read its
# answers; the model never imports a renderer. A model object's display methods
# (str(), to_markdown(), _repr_html_(), to_format()) reach the renderers through
# the table of formats (fwcompare._formats, a foundation), which names them as
# "module:function" strings imported on first use.
LAYERS = [
    (
        "foundations",
        (
            "fwcompare._collector",
            "fwcompare._errors",
            "fwcompare._dates",
            "fwcompare._files",
            "fwcompare._vocab",
            "fwcompare._suggest",
            "fwcompare._version",
            "fwcompare._names",
            "fwcompare._terminal",
            "fwcompare.jsontypes",
            "fwcompare._formats",
            "fwcompare._scoring",
            "fwcompare._jsontypes_check",
            "fwcompare._jsontypes_lifecycle",
            "fwcompare._jsontypes_more",
            "fwcompare._jsontypes_text",
        ),
    ),
    ("model", ("fwcompare.model",)),
    ("render", ("fwcompare.render",)),
    ("store", ("fwcompare.store", "fwcompare.schemas")),
    ("registry", ("fwcompare.registry",)),
    ("ops", ("fwcompare.ops",)),
    ("cli", ("fwcompare.cli",)),
    ("top", ("fwcompare", "fwcompare.__main__")),
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id in ("TYPE_CHECKING", "_TYPE_CHECKING")) or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path, module: str) -> set[str]:
    """The fwcompare modules *module* imports anywhere that runs."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for branch in node.orelse:
                visit(branch)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if node.module is not None:
                found.add(target)
            # `from . import cli` imports a module, not a name (and not the package's __init__ again)
            found.update(f"{target}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def _graph(package: str) -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in (SRC / package).rglob("*.py")}
    return {m: {t for t in _imports(p, m) if t in paths and t != m} for m, p in paths.items()}


def _layer(module: str) -> int:
    best, index = -1, -1
    for i, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, index = len(prefix), i
    assert index >= 0, f"{module} belongs to no layer: add it to LAYERS"
    return index


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


@pytest.mark.parametrize("package", ["fwcompare", "fwcompare_probes"])
def test_no_import_cycle_counting_imports_inside_functions(package: str) -> None:
    cycle = _cycle(_graph(package))
    assert cycle is None, " -> ".join(cycle or [])


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = [
        f"{module} ({LAYERS[_layer(module)][0]}) imports {target} ({LAYERS[_layer(target)][0]})"
        for module, targets in sorted(_graph("fwcompare").items())
        for target in sorted(targets)
        if _layer(target) > _layer(module) and not (module == "fwcompare" or target.startswith(module + "."))
    ]
    assert not upward, "\n".join(upward)


def test_the_probes_import_nothing_of_fwcompare() -> None:
    for path in (SRC / "fwcompare_probes").rglob("*.py"):
        imported = _imports(path, _module_name(path))
        assert not [m for m in imported if m == "fwcompare" or m.startswith("fwcompare.")], path.name


def test_the_graph_sees_imports_inside_functions() -> None:
    # Else the tests above would pass on a graph that missed them.
    assert "fwcompare.render.json" in _graph("fwcompare")["fwcompare.ops.export"]


def test_the_model_imports_no_renderer_even_inside_a_function() -> None:
    graph = _graph("fwcompare")
    found = [
        f"{module} imports {target}"
        for module, targets in sorted(graph.items())
        if module.startswith("fwcompare.model")
        for target in sorted(targets)
        if target.startswith("fwcompare.render")
    ]
    assert not found, "\n".join(found)


def test_the_table_of_formats_names_functions_that_exist() -> None:
    # Its entries are strings, which the import graph cannot see: check each resolves.
    from fwcompare import _formats

    for kind in _formats.KINDS:
        for name in _formats.formats(kind):
            assert callable(_formats.renderer(kind, name)), (kind, name)


# Functions may be this long at most. The exemption is the bench helper's: it is
# splitting ops/bench.py:bench (issue 23) on its own branch; drop it when that lands.
MAX_FUNCTION_LINES = 120


def _functions(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.name, (node.end_lineno or node.lineno) - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]


def test_no_function_is_over_120_lines() -> None:
    long = [
        f"{path.relative_to(SRC)}:{name} is {lines} lines"
        for path in sorted((SRC / "fwcompare").rglob("*.py"))
        for name, lines in _functions(path)
        if lines > MAX_FUNCTION_LINES
    ]
    assert not long, "\n".join(long)


@pytest.mark.parametrize(
    "path",
    sorted([*(SRC / "fwcompare").rglob("*.py"), *(SRC / "fwcompare_probes").rglob("*.py")]),
    ids=lambda p: str(p.relative_to(SRC)),
)
def test_no_module_is_over_500_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 500
