"""`import fwcompare` is cheap: no data file, no framework, no heavy module."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import types

import fwcompare

_PROBE = textwrap.dedent(
    """
    import json, sys
    opened = []
    def hook(event, args):
        if event == "open" and args and isinstance(args[0], str):
            opened.append(args[0])
    sys.addaudithook(hook)
    before = set(sys.modules)
    import fwcompare
    new = sorted(set(sys.modules) - before)
    state = fwcompare.default_registry()._state
    print(json.dumps({"opened": opened, "modules": new, "loaded": state is not None}))
    """
)


def _import_report() -> dict[str, object]:
    result = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True)
    report: dict[str, object] = json.loads(result.stdout)
    return report


def test_import_reads_no_data_file_and_imports_no_framework() -> None:
    report = _import_report()
    opened = report["opened"]
    assert isinstance(opened, list)
    data_files = [p for p in opened if p.endswith((".toml", ".json"))]
    assert data_files == []
    assert report["loaded"] is False
    modules = report["modules"]
    assert isinstance(modules, list)
    for heavy in ("django", "flask", "tomllib", "json", "packaging", "importlib.metadata", "difflib", "argparse"):
        assert heavy not in modules, f"import fwcompare imported {heavy}"


def test_all_lists_exactly_the_public_names() -> None:
    for name in fwcompare.__all__:
        value = getattr(fwcompare, name)  # every listed name resolves (most lazily)
        assert value.__doc__ or name == "__version__", f"{name} has no docstring"
    # Subpackages (fwcompare.ops, once another test imported it) are attributes, not public names.
    public = {
        name
        for name in dir(fwcompare)
        if not name.startswith("_") and not isinstance(getattr(fwcompare, name), types.ModuleType)
    } - {"annotations"}
    assert set(fwcompare.__all__) - {"__version__"} == public


def test_an_unknown_attribute_is_an_attribute_error() -> None:
    assert not hasattr(fwcompare, "nope")
