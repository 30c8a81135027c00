"""The JSON layout, the CSV rows, the text table and the self-contained HTML report."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime

import pytest

from coder.analysis.agreement import (
    AgreementInput,
    CodeRef,
    SourceSpans,
    SpanCoding,
    compute_agreement,
    to_json_dict,
)
from coder.analysis.report_csv import COLUMNS, to_csv
from coder.analysis.report_html import render_html
from coder.analysis.report_table import render_table

STATS_KEYS = [
    "units",
    "histogram",
    "percent_agreement",
    "cohen_kappa",
    "krippendorff_alpha",
    "fleiss_kappa",
    "jaccard",
    "u_alpha_binary",
]
ENTRAPMENT = CodeRef("k", "Entrapment", "Partnership dynamics/Entrapment")
UNUSED = CodeRef("u", "Unused", "Unused")
TEXT = "Intro. <script>alert('x')</script> She said she could not leave & stayed. The end of it all."


def two_coders() -> AgreementInput:
    codings = [("A", "k", 2, 10), ("A", "k", 14, 18), ("B", "k", 4, 12), ("B", "k", 15, 17)]
    return AgreementInput(
        [SourceSpans("example", 20, codings), SourceSpans("quiet", 5)], ["A", "B"], [ENTRAPMENT, UNUSED], 0.5
    )


def three_coders() -> AgreementInput:
    start = TEXT.index("She said")
    end = TEXT.index(" stayed") + len(" stayed")
    codings = [
        ("A", "k", start, end),
        ("B", "k", start, end - 7),
        ("C", "k", TEXT.index("<script>"), TEXT.index("</script>") + 9),
        ("C", "k", start, end),
    ]
    return AgreementInput([SourceSpans("talk <1>.txt", len(TEXT), codings)], ["A", "B", "C"], [ENTRAPMENT])


def test_json_layout_and_key_order() -> None:
    document = to_json_dict(compute_agreement(two_coders()))
    assert list(document) == [
        "unit",
        "coders",
        "overlap_threshold",
        "sources",
        "codes",
        "overall",
        "warnings",
    ]
    assert document["unit"] == "character"
    assert document["coders"] == ["A", "B"]
    assert document["overlap_threshold"] == 0.5
    assert document["sources"] == [
        {"name": "example", "characters": 20, "codings": {"A": 2, "B": 2}},
        {"name": "quiet", "characters": 5, "codings": {"A": 0, "B": 0}},
    ]
    code, unused = document["codes"]
    assert list(code) == ["code", "path", "pooled", "by_source", "pairwise", "segments"]
    assert (code["code"], code["path"]) == ("Entrapment", "Partnership dynamics/Entrapment")
    assert list(code["pooled"]) == STATS_KEYS
    assert code["pooled"]["units"] == 25
    assert code["pooled"]["histogram"] == [11, 6, 8]
    assert [list(entry) for entry in code["by_source"]] == [["source", *STATS_KEYS]] * 2
    assert code["by_source"][0]["histogram"] == [6, 6, 8]
    assert code["by_source"][0]["cohen_kappa"] == pytest.approx(0.4, abs=1e-12)
    assert code["by_source"][1]["histogram"] == [5, 0, 0]
    assert code["by_source"][1]["krippendorff_alpha"] is None
    assert code["pairwise"] == []
    assert code["segments"] == [
        {
            "coders": ["A", "B"],
            "segments": {"A": 2, "B": 2},
            "matched": {"A": 2, "B": 2},
            "segment_agreement": 1.0,
        }
    ]
    assert unused["pooled"]["cohen_kappa"] is None
    assert unused["pooled"]["jaccard"] is None
    assert unused["segments"][0]["segment_agreement"] is None
    assert list(document["overall"]) == [*STATS_KEYS[2:-1], "pooled_kappa", "u_alpha_binary"]
    assert document["warnings"] == ["Coders 'A' and 'B' made no coding at all in source 'quiet'."]
    text = json.dumps(document, allow_nan=False)  # no NaN or Infinity anywhere
    assert "null" in text


def test_json_full_precision_round_trips() -> None:
    document = to_json_dict(compute_agreement(two_coders()))
    alpha = document["codes"][0]["by_source"][0]["krippendorff_alpha"]
    assert alpha == 9 / 22  # exactly 1 - 39·6 / (18·22), correctly rounded
    assert json.loads(json.dumps(document))["codes"][0]["by_source"][0]["krippendorff_alpha"] == alpha


def test_json_pairwise_for_three_coders() -> None:
    document = to_json_dict(compute_agreement(three_coders()))
    code = document["codes"][0]
    assert [pair["coders"] for pair in code["pairwise"]] == [["A", "B"], ["A", "C"], ["B", "C"]]
    assert all(list(pair) == ["coders", *STATS_KEYS] for pair in code["pairwise"])
    assert all(len(pair["histogram"]) == 3 for pair in code["pairwise"])
    assert len(code["pooled"]["histogram"]) == 4
    assert code["pooled"]["cohen_kappa"] is None
    assert document["overall"]["pooled_kappa"] is None
    assert [entry["coders"] for entry in code["segments"]] == [["A", "B"], ["A", "C"], ["B", "C"]]


def test_csv_rows_and_empty_cells() -> None:
    result = compute_agreement(two_coders())
    rows = list(csv.reader(io.StringIO(to_csv(result))))
    assert tuple(rows[0]) == COLUMNS
    assert [(row[0], row[2]) for row in rows[1:]] == [
        ("Entrapment", "example"),
        ("Entrapment", "quiet"),
        ("Entrapment", "(all sources)"),
        ("Unused", "example"),
        ("Unused", "quiet"),
        ("Unused", "(all sources)"),
    ]
    assert COLUMNS == tuple(
        "code,code_path,source,units,percent_agreement,cohen_kappa,krippendorff_alpha,fleiss_kappa,jaccard,"
        "segment_agreement,u_alpha_binary".split(",")
    )
    example = dict(zip(COLUMNS, rows[1], strict=True))
    assert example["code_path"] == "Partnership dynamics/Entrapment"
    assert example["units"] == "20"
    assert float(example["cohen_kappa"]) == pytest.approx(0.4, abs=1e-12)
    assert example["krippendorff_alpha"] == repr(9 / 22)
    assert example["segment_agreement"] == "1.0"
    quiet = dict(zip(COLUMNS, rows[2], strict=True))
    assert quiet["percent_agreement"] == "1.0"
    assert [quiet[name] for name in COLUMNS[5:]] == ["", "", "", "", "", ""]
    pooled = dict(zip(COLUMNS, rows[3], strict=True))
    assert pooled["units"] == "25"
    assert float(pooled["percent_agreement"]) == pytest.approx(19 / 25, abs=1e-15)
    assert pooled["segment_agreement"] == "1.0"
    assert pooled["u_alpha_binary"] == repr(result.codes[0].pooled.u_alpha_binary)
    assert example["u_alpha_binary"] == repr(result.codes[0].by_source[0].stats.u_alpha_binary)
    assert result.codes[0].pooled.u_alpha_binary != result.codes[0].by_source[0].stats.u_alpha_binary


def test_csv_segment_agreement_pools_pairs_when_there_are_more_than_two_coders() -> None:
    result = compute_agreement(three_coders())
    rows = list(csv.DictReader(io.StringIO(to_csv(result))))
    code = result.codes[0]
    matched = sum(sum(entry.matched) for entry in code.segments)
    total = sum(sum(entry.segments) for entry in code.segments)
    assert rows[-1]["source"] == "(all sources)"
    assert float(rows[-1]["segment_agreement"]) == matched / total
    assert rows[0]["segment_agreement"] == rows[-1]["segment_agreement"]  # one source only


def test_table_shows_three_decimals_dashes_and_warnings() -> None:
    table = render_table(compute_agreement(two_coders()))
    lines = table.splitlines()
    row = next(line for line in lines if line.startswith("Partnership dynamics/Entrapment"))
    assert re.search(r"\b25\s+0\.760\s+0\.\d{3}\s+0\.\d{3}\s+0\.\d{3}\s+0\.571\s+1\.000\s+0\.547$", row)
    assert "u-α bin." in lines[5]
    unused = next(line for line in lines if line.startswith("Unused"))
    assert unused.split()[-6:] == ["—", "—", "—", "—", "—", "—"]
    assert any(line.startswith("Mean over codes") for line in lines)
    assert "Pooled κ (De Vries et al. 2008):" in table
    assert "made no coding at all in source 'quiet'" in table


def test_html_is_self_contained_escaped_and_quotes_the_disagreements() -> None:
    data = three_coders()
    result = compute_agreement(data)
    page = render_html(
        result,
        data,
        {"talk <1>.txt": TEXT},
        project="Study <b>one</b>",
        generated=datetime(2024, 5, 17, 9, 30, tzinfo=UTC),
    )
    assert page.startswith("<!DOCTYPE html>")
    assert "http" not in page  # no links or references to anything outside the file
    assert not re.search(r"\b(src|href)\s*=", page, re.IGNORECASE)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert "<script" not in page  # the source text's <script> tag arrives escaped
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "Study &lt;b&gt;one&lt;/b&gt;" in page
    assert "talk &lt;1&gt;.txt" in page
    assert "2024-05-17" in page
    assert "<svg" in page
    # Only C coded the script fragment; B stopped before " stayed".
    assert "Coded by C; not by A, B." in page
    assert "<mark> stayed</mark>" in page
    assert "Coded by A, C; not by B." in page
    for reference in ("Cohen", "Fleiss", "Krippendorff", "De Vries"):
        assert reference in page
    assert "0.800" in page and "0.667" in page
    assert "the character" in page


def test_html_reports_full_agreement_and_missing_text() -> None:
    data = two_coders()
    page = render_html(
        compute_agreement(data), data, {}, project="P", generated=datetime(2024, 1, 2, tzinfo=UTC)
    )
    assert "source text not available" in page
    assert "The coders agree on every character for this code." in page  # the unused code


def nearly_independent() -> AgreementInput:
    """Cohen's κ (and so De Vries' pooled κ) of -0.0000769…, which rounds to negative zero."""
    source = SourceSpans("long", 100_000, [("A", "k", 0, 20_000), ("B", "k", 18_001, 28_001)])
    return AgreementInput([source], ["A", "B"], [ENTRAPMENT])


def test_a_figure_that_rounds_to_negative_zero_is_shown_as_zero() -> None:
    data = nearly_independent()
    result = compute_agreement(data)
    kappa = result.codes[0].pooled.cohen_kappa
    assert kappa is not None and -0.0005 < kappa < 0 and f"{kappa:.3f}" == "-0.000"
    table = render_table(result)
    page = render_html(result, data, {}, project="P", generated=datetime(2024, 1, 2, tzinfo=UTC))
    for text in (table, page):
        assert "-0.000" not in text and "−0.000" not in text
    row = next(line for line in table.splitlines() if line.startswith("Partnership dynamics/Entrapment"))
    assert row.removeprefix(ENTRAPMENT.path).split()[2] == "0.000"  # units, agreement, then Cohen's κ
    assert "Pooled κ (De Vries et al. 2008): 0.000" in table
    assert "Pooled κ (De Vries et al. 2008): <strong>0.000</strong>" in page


def test_html_reports_the_unitized_alpha_with_its_method() -> None:
    data = three_coders()
    result = compute_agreement(data)
    page = render_html(result, data, {}, project="P", generated=datetime(2024, 1, 2, tzinfo=UTC))
    assert page.count("<th>Unitized α (binary)</th>") == 2  # the per-code table and the pairwise table
    code = result.codes[0]
    assert code.pooled.u_alpha_binary is not None
    assert f'<td class="n">{code.pooled.u_alpha_binary:.3f}</td>' in page
    for pair in code.pairwise:
        assert pair.stats.u_alpha_binary is not None
        assert f'<td class="n">{pair.stats.u_alpha_binary:.3f}</td>' in page
    assert "Krippendorff, K., Mathet, Y., Bouvry, S., &amp; Widlöcher, A. (2016)" in page
    assert "treated as missing" in page


def test_html_quotes_each_coders_memo_beside_the_passage_it_covers() -> None:
    start = TEXT.index("She said")
    end = TEXT.index(" stayed") + len(" stayed")
    codings = [
        SpanCoding("A", "k", start, end, "She <b>stays</b> & says so."),
        SpanCoding("B", "k", start, end - 7, "Stops before 'stayed'."),
        SpanCoding("C", "k", start, end),
        SpanCoding("C", "k", TEXT.index("<script>"), TEXT.index("</script>") + 9, "  Odd markup  "),
        SpanCoding("A", "other", 0, 5, "A memo on another code"),
    ]
    data = AgreementInput([SourceSpans("talk <1>.txt", len(TEXT), codings)], ["A", "B", "C"], [ENTRAPMENT])
    page = render_html(
        compute_agreement(data),
        data,
        {"talk <1>.txt": TEXT},
        project="P",
        generated=datetime(2024, 1, 2, tzinfo=UTC),
    )
    script = page.index("Coded by C; not by A, B.")
    stayed = page.index("Coded by A, C; not by B.")
    script_block = page[script : page.index("</div></div>", script)]
    stayed_block = page[stayed : page.index("</div></div>", stayed)]
    assert "Memo by C: <q>Odd markup</q>" in script_block
    assert "Memo by A" not in script_block and "Memo by B" not in script_block
    # The passage " stayed" lies in A's and C's codings: A's memo (escaped), not B's, and C wrote none.
    assert "Memo by A: <q>She &lt;b&gt;stays&lt;/b&gt; &amp; says so.</q>" in stayed_block
    assert "Memo by B" not in stayed_block and "Memo by C" not in stayed_block
    assert "A memo on another code" not in page
    assert "<b>stays</b>" not in page
