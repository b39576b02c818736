"""What every benchmark app must answer (fwcompare.ops.bench_answers), judged without a server.

The FastHTML pages were recorded from its app on python-fasthtml 0.14.14 and
uvicorn 0.55.0 (tests/fixtures/bench/fasthtml-0.14.14-*.html, 2026-12-06): FT
components indent their tags, which a check counting ``<tr><td>`` refused.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fwcompare.ops.bench_answers import BODY_LIMIT, FORTUNE_ROWS, HTML_ROWS, table_rows, wrong
from fwcompare_bench import ROWS, db
from fwcompare_bench._common import floor_page

FIXTURES = Path(__file__).parent / "fixtures" / "bench"
HTML = "text/html; charset=utf-8"


def _fortunes() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [{"id": i, "message": m} for i, m in db.FORTUNES]
    rows.append({"id": 0, "message": db.ADDED_FORTUNE})
    return sorted(rows, key=lambda row: str(row["message"]))


def test_the_floors_pages_and_fasthtmls_indented_ones_are_right() -> None:
    assert wrong("html", HTML, floor_page(ROWS)) is None
    assert wrong("fortunes", HTML, floor_page(_fortunes())) is None
    for endpoint in ("html", "fortunes"):
        page = (FIXTURES / f"fasthtml-0.14.14-{endpoint}.html").read_text(encoding="utf-8")
        assert "<tr><td>" not in page  # indented: one tag a line
        assert wrong(endpoint, HTML, page) is None
    assert len(FORTUNE_ROWS) == 13
    assert FORTUNE_ROWS[0][0] == 11  # "<script>..." sorts first: "<" comes before every letter
    assert (0, db.ADDED_FORTUNE) in FORTUNE_ROWS
    assert len(HTML_ROWS) == 10


@pytest.mark.parametrize(
    ("endpoint", "kind", "body", "reason"),
    [
        ("plaintext", "text/plain", "Hello, World!!", "not 'Hello, World!'"),
        ("plaintext", "text/html", "Hello, World!", "not text/plain"),
        ("json", "application/json", "[" * BODY_LIMIT, "not the JSON object"),
        ("db", "text/plain", '{"id": 1, "randomNumber": 1}', "not application/json"),
        ("db", "application/json", '[{"id": 1, "randomNumber": 1}]', "not one row of world"),
        ("db", "application/json", '{"id": 1}', "not one row of world"),
        ("db", "application/json", '{"id": true, "randomNumber": 1}', "whole numbers from 1 to 10,000"),
        ("db", "application/json", '{"id": 1.0, "randomNumber": 1}', "whole numbers from 1 to 10,000"),
        ("db", "application/json", '{"id": 10001, "randomNumber": 1}', "whole numbers from 1 to 10,000"),
        ("db", "application/json", '{"id": "1", "randomNumber": 1}', "whole numbers from 1 to 10,000"),
        ("db", "application/json", "9" * 5000, "not one row of world"),
        ("fortunes", "application/json", "[]", "not text/html"),
        ("html", HTML, floor_page(ROWS[1:]), "9 rows, not the 10 rows of /html in order"),
        ("html", HTML, floor_page(ROWS[::-1]), "row 10 is not (1, 'fortune: No such file or directory')"),
        (
            "fortunes",
            HTML,
            floor_page(sorted(_fortunes(), key=lambda r: str(r["id"]).zfill(2))),
            "row 0 is not (11, '<script>",
        ),
        ("fortunes", HTML, floor_page(_fortunes()).replace("&lt;script&gt;", "<script>"), "came out unescaped"),
        ("fortunes", HTML, "<tr><td>1</td><td>" * 20_000, "0 rows, not the 13 fortunes"),
        ("nosuch", HTML, "", "no endpoint 'nosuch'"),
    ],
)
def test_a_wrong_answer_is_a_reason_not_an_exception(endpoint: str, kind: str, body: str, reason: str) -> None:
    found = wrong(endpoint, kind, body)
    assert found is not None
    assert reason in found


def test_rows_are_read_from_any_whitespace_between_tags_and_unescaped() -> None:
    page = "<tr>\n <td> 7 </td>\n <td>\n  a &amp; b &lt;c&gt;\n </td>\n</tr><tr><td>x</td><td>y</td></tr>"
    assert table_rows(page) == [(7, "a & b <c>")]
    assert json.loads(json.dumps(table_rows(floor_page(ROWS)))) == [list(r) for r in HTML_ROWS]
