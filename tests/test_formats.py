"""The one table of formats: a format registered once is reached from the CLI, to_format() and the to_* methods."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

import pytest

import fwcompare
from fwcompare.cli import main


@pytest.fixture(autouse=True)
def _restore_the_table() -> Iterator[None]:
    # Every copy of the table this test may write to: the one `fwcompare.register_format`
    # was bound to, and the module now in sys.modules (a doctest run may import it afresh).
    tables = {
        id(t): t for t in (fwcompare.register_format.__globals__["_TABLE"], sys.modules["fwcompare._formats"]._TABLE)
    }
    saved = {key: {kind: dict(formats) for kind, formats in table.items()} for key, table in tables.items()}
    yield
    for key, table in tables.items():
        table.clear()
        table.update(saved[key])


# One renderer function and one registration: the whole of a new format.
def comparison_tsv(comparison: fwcompare.Comparison) -> str:
    lines = ["criterion\t" + "\t".join(f.slug for f in comparison.frameworks)]
    lines += [row.criterion.key + "\t" + "\t".join(str(f.support) for f in row.facts) for row in comparison]
    return "\n".join(lines)


def _register() -> None:
    fwcompare.register_format("comparison", "tsv", comparison_tsv)


def test_a_registered_format_is_reached_from_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    _register()
    status = main(["--no-plugins", "compare", "django", "flask", "--criteria", "orm,admin", "--format", "tsv"])
    out = capsys.readouterr().out
    assert status == 0
    assert out.splitlines() == ["criterion\tdjango\tflask", "orm\tbuilt-in\textension", "admin\tbuilt-in\textension"]


def test_a_registered_format_is_reached_from_to_format() -> None:
    _register()
    comparison = fwcompare.compare("django", "flask", criteria=["orm"])
    assert comparison.to_format("tsv") == "criterion\tdjango\tflask\norm\tbuilt-in\textension"
    assert "tsv" in fwcompare.formats("comparison")


def test_a_registered_format_can_be_named_by_module_and_function() -> None:
    fwcompare.register_format("comparison", "tsv", f"{__name__}:comparison_tsv")
    assert fwcompare.compare("django", "flask", criteria=["orm"]).to_format("tsv").endswith("orm\tbuilt-in\textension")


def test_replacing_a_bundled_format_changes_every_way_to_it(capsys: pytest.CaptureFixture[str]) -> None:
    fwcompare.register_format("comparison", "markdown", lambda c, **options: "MD " + c.frameworks[0].slug)
    comparison = fwcompare.compare("django", "flask", criteria=["orm"])
    assert comparison.to_markdown() == "MD django"
    assert main(["--no-plugins", "compare", "django", "flask", "--format", "markdown"]) == 0
    assert capsys.readouterr().out == "MD django\n"


def test_the_notebook_hooks_and_str_go_through_the_table() -> None:
    fwcompare.register_format("ranking", "html", lambda r, **options: f"<p>{len(r)}</p>")
    fwcompare.register_format("ranking", "text", lambda r, **options: "ranked")
    ranking = fwcompare.rank(["orm"], frameworks=["django", "flask"])
    assert ranking._repr_html_() == "<p>2</p>"
    assert str(ranking) == "ranked"
    assert ranking._repr_mimebundle_() == {"text/html": "<p>2</p>", "text/plain": "ranked"}


def test_every_display_method_gives_what_to_format_gives() -> None:
    comparison = fwcompare.compare("django", "flask", criteria=["orm", "admin"])
    assert comparison.to_markdown() == comparison.to_format("markdown")
    assert comparison.to_json(indent=None) == comparison.to_format("json", indent=None)
    assert comparison.to_html(standalone=True) == comparison.to_format("html", standalone=True)
    assert str(comparison) == comparison.to_format("text")
    framework = fwcompare.get("flask")
    assert framework.to_dict() == framework.to_format("dict")


def test_an_unknown_format_is_a_lookup_error_naming_the_known_ones() -> None:
    comparison = fwcompare.compare("django", "flask", criteria=["orm"])
    with pytest.raises(LookupError, match=r"unknown format for a comparison 'markdwn' \(did you mean 'markdown'\?\)"):
        comparison.to_format("markdwn")
    with pytest.raises(LookupError, match="unknown kind of answer 'comparisons'"):
        fwcompare.register_format("comparisons", "tsv", comparison_tsv)


def test_the_cli_offers_documents_only() -> None:
    documents = fwcompare.formats("comparison", documents=True)
    assert documents[:4] == ("text", "markdown", "json", "html")
    assert "pandas" not in documents
    assert "dict" not in documents
    assert "pandas" in fwcompare.formats("comparison")


def test_the_release_listing_is_one_typed_table_that_every_format_writes() -> None:
    import attrs

    from fwcompare.ops.releases import release_report

    listing = release_report(["django", "flask"], registry=fwcompare.default_registry(), python="3.11")
    assert [row.slug for row in listing] == ["django", "flask"]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        listing.rows[0].release = "0.1"  # type: ignore[misc]
    document = json.loads(listing.to_format("json"))
    assert document == listing.to_dict()
    assert (document["python"], document["schema_version"]) == ("3.11", 1)
    written = document["frameworks"]
    assert written == listing.to_dicts()
    assert written[0]["python"] == "3.11"
    assert list(written[0])[-2:] == ["python", "latest_admits_python"]
    text = listing.to_format("text", width=200)
    assert text.splitlines()[0].split() == [
        "framework", "release", "date", "Requires-Python", "latest", "admits", "3.11", "supported",
        "releases/12", "mo", "policy",
    ]  # fmt: skip
    assert str(listing) == listing.to_format("text")
