"""Sphinx configuration of fwcompare's documentation.

Build it (the README's "Documentation" section):

    python -m pip install --group docs -e . && python -m sphinx -n -W -b html docs docs/_build/html

The reference pages for the criteria, the CLI, the data format, every bundled
framework and the 2021 article are generated at build time from the installed
package by the local extension in ``_ext/fwcompare_pages.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import fwcompare
from fwcompare._scoring import scoring_text

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "fwcompare"
author = "The fwcompare developers"
copyright = "the fwcompare developers"
release = fwcompare.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "fwcompare_pages",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "notebooks", "**/.ipynb_checkpoints", "Thumbs.db", ".DS_Store"]
templates_path: list[str] = []

# `Name` in a docstring is a cross-reference to a Python object; with -n a
# reference that does not resolve fails the build.
default_role = "py:obj"
nitpicky = True

# The build reads nothing from the network: no intersphinx inventories. The
# names they would resolve (the standard library and third-party types in
# signatures and docstrings) are listed here, each with why it appears.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
nitpick_ignore = [
    # packaging's Version: fact bounds, checked versions, parse results. fwcompare
    # imports it only for type checking, so annotations name it as written.
    ("py:class", "Version"),
    ("py:obj", "packaging.version.Version"),
    # packaging's SpecifierSet: Release.requires_python (a release's Requires-Python)
    ("py:class", "SpecifierSet"),
    ("py:obj", "packaging.specifiers.SpecifierSet"),
    # Framework.releases: any sequence of releases (the bundled lists are read on first use)
    ("py:class", "collections.abc.Sequence"),
    # bench(progress=...): a function called with each progress line
    ("py:class", "collections.abc.Callable"),
    # the standard library's dates: Source.read, FirstRelease.date, CheckedAgainst.date...
    ("py:class", "datetime.date"),
    # importlib.resources' Traversable: PluginData.data (a plugin's data directory)
    ("py:class", "Traversable"),
    # collections.abc and os in signatures: compare(), rank(), Registry(paths)
    ("py:class", "collections.abc.Iterable"),
    ("py:class", "collections.abc.Mapping"),
    ("py:class", "os.PathLike"),
    # update(cache_dir=...) and UpdateReport.cache_dir: a folder
    ("py:class", "Path"),
    ("py:class", "pathlib.Path"),
    # update(transport=...): the test hook doing one GET (fwcompare.ops.registry_http, not public)
    ("py:class", "Transport"),
    # pandas: the return type of Comparison.to_pandas (the optional extra)
    ("py:class", "pandas.DataFrame"),
    # The text forms and vocabularies of fwcompare.jsontypes (str to a type checker, or a Literal),
    # which the TypedDicts' fields name: listed with the module's members as data, not classes.
    *(
        ("py:class", name)
        for name in (
            "ClassificationText", "ExtensionStatusText", "FindingKind", "HttpsUrl", "IsoDate", "IsoDateTime",
            "JudgedReason", "OpinionKindText", "OpinionTopicText", "PartialDate", "PolicyKind", "RelationText",
            "SeriesEnd", "SupportText", "ValueKindText", "VerdictText",
        )
    ),  # fmt: skip
]

# MyST: ``{eval-rst}`` for autodoc, anchors for headings so pages can link to sections,
# substitutions for the sentences the code defines: {{ scoring }} is the scoring rule
# the ranking's scorer, legend and JSON read (fwcompare._scoring), so the docs say it too.
myst_enable_extensions = ["colon_fence", "deflist", "substitution"]
myst_heading_anchors = 3
myst_substitutions = {"scoring": scoring_text()}

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
python_use_unqualified_type_names = True

# Pages quote the data (claims, notes, source titles) verbatim: no curly quotes or dashes.
smartquotes = False

html_theme = "furo"
html_title = f"fwcompare {release}"
html_static_path: list[str] = []

# The TypedDicts that to_dict() returns are imported for type checking only, so
# annotations name them bare: point them at their public module.
autodoc_type_aliases = {
    name: f"fwcompare.jsontypes.{name}"
    for name in ("ComparisonDict", "RankingDict", "ShowDict", "VerificationDict", "ExportDict", "ReleaseDict")
}
