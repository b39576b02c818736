"""Comparison subsets as comparisons, public HTML, cell text, and the smaller CLI fixes."""

from __future__ import annotations

import pytest

import fwcompare
from fwcompare import Comparison, Row
from fwcompare.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(list(args))
    return status, capsys.readouterr().out


def test_differences_and_common_are_comparisons_that_behave_like_the_old_tuples() -> None:
    comparison = fwcompare.compare("django", "flask")
    differences, common = comparison.differences(), comparison.common()
    assert isinstance(differences, Comparison)
    assert isinstance(common, Comparison)
    assert differences.frameworks == comparison.frameworks
    assert len(differences) + len(common) == len(comparison)
    rows = list(differences)
    assert all(isinstance(r, Row) and r.differs for r in rows)
    assert differences[0] is rows[0]
    assert differences[-1] is rows[-1]
    assert differences[0:2] == tuple(rows[:2])
    assert tuple(differences) == differences.rows
    assert not fwcompare.compare("django", "flask", criteria=["async_views"]).differences()
    assert differences.differences().rows == differences.rows
    assert "Async views" not in str(differences)  # it renders as a table of the differing rows
    assert differences._repr_mimebundle_()["text/html"].count("<tr") < comparison.to_html().count("<tr")


@pytest.mark.parametrize(
    "obj",
    [
        lambda: fwcompare.compare("django", "flask"),
        lambda: fwcompare.get("flask"),
        lambda: fwcompare.rank(["admin", "orm"]),
    ],
    ids=["comparison", "framework", "ranking"],
)
def test_to_html_is_public_fragment_or_page(obj: object) -> None:
    value = obj()  # type: ignore[operator]
    fragment = value.to_html()
    assert fragment == value._repr_html_()
    assert not fragment.startswith("<!DOCTYPE")
    page = value.to_html(standalone=True)
    assert page.startswith("<!DOCTYPE html>")
    assert fragment in page
    assert "<title>" in page
    assert page.rstrip().endswith("</html>")


def test_format_html_writes_a_standalone_page(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (("compare", "django", "flask"), ("show", "flask"), ("rank", "--need", "admin")):
        status, out = run(capsys, *args, "--format", "html")
        assert status == 0
        assert out.startswith("<!DOCTYPE html>")
        assert "\x1b[" not in out
    _, page = run(capsys, "compare", "django", "flask", "--format", "html")
    assert "<title>Django vs Flask · fwcompare</title>" in page


def test_cell_text_is_the_table_cell() -> None:
    flask, django = fwcompare.get("flask"), fwcompare.get("django")
    assert fwcompare.cell_text(flask.fact("admin")) == "ext: Flask-Admin"
    assert fwcompare.cell_text(django.fact("async_views")) == "yes (3.1+)"
    assert fwcompare.cell_text(flask.fact("async_views")) in str(fwcompare.compare("django", "flask"))


def test_opinions_in_markdown_narrowed_by_criteria(capsys: pytest.CaptureFixture[str]) -> None:
    _, plain = run(capsys, "compare", "django", "flask", "--format", "markdown")
    assert "## Opinions" not in plain
    _, everything = run(capsys, "compare", "django", "flask", "--format", "markdown", "--opinions")
    assert "## Opinions" in everything
    assert "What others said about Flask" in everything
    every = [o for f in fwcompare.compare("django", "flask").frameworks for o in f.opinions]
    on_admin = [o for o in every if not o.criteria or "admin" in o.criteria]
    assert len(on_admin) < len(every), "the data has opinions on other criteria to leave out"
    _, narrowed = run(capsys, "compare", "django", "flask", "--format", "markdown", "--opinions", "--criteria", "admin")
    assert narrowed.count("Verdict: ") == len(on_admin)
    assert everything.count("Verdict: ") == len(every)
    _, text = run(capsys, "compare", "django", "flask", "--opinions", "--criteria", "admin")
    assert text.count("verdict: ") == len(on_admin)


def test_builtin_only_legend_drops_the_extension_credit(capsys: pytest.CaptureFixture[str]) -> None:
    _, usual = run(capsys, "rank", "--need", "admin")
    assert "through an extension 0.5" in " ".join(usual.split())
    for fmt in ("text", "markdown"):
        _, strict = run(capsys, "rank", "--need", "admin", "--builtin-only", "--format", fmt)
        joined = " ".join(strict.split())
        assert "through an extension 0.5" not in joined
        assert "built in only was asked" in joined


def test_ranking_markdown_has_the_notes_it_points_to() -> None:
    ranking = fwcompare.rank(["background_tasks", "forms"], frameworks=["django", "flask", "fastapi"])
    markdown = ranking.to_markdown()
    pointed = [r for e in ranking for r in e.results if "see the note" in r.reason and r.fact.note]
    assert pointed, "the data has partial facts"
    assert "Notes:" in markdown
    for n, result in enumerate(pointed, 1):
        assert f"[{n}]" in markdown
        assert result.fact.note.split()[0] in markdown


def test_subcommand_help_has_a_description(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["compare", "--help"])
    out = capsys.readouterr().out
    assert "\nCompare two or more frameworks side by side.\n" in out
