"""The agreement report as a fixed-width table for standard output."""

from __future__ import annotations

from collections.abc import Sequence

from coder.analysis.agreement_model import AgreementResult
from coder.analysis.figures import UNDEFINED, three_decimals

CODE_WIDTH = 40
HEADERS = ("Code", "Units", "Agreement", "Cohen κ", "Kripp. α", "Fleiss κ", "Jaccard", "Segments", "u-α bin.")


def _figure(value: float | None) -> str:
    return three_decimals(value)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else "…" + text[-(width - 1) :]


def _lines(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [
            cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        out.append("  ".join(cells).rstrip())
    return out


def render_table(result: AgreementResult) -> str:
    """A readable summary: one row per code (pooled over sources), then the overall figures and warnings."""
    characters = sum(source.characters for source in result.sources)
    lines = [
        "Inter-coder agreement (unit of analysis: the character)",
        f"Coders: {', '.join(result.coders)}",
        f"Sources: {len(result.sources)} ({characters:,} characters)",
        f"Segments match at overlap ≥ {result.overlap:g}",
        "",
    ]
    rows: list[list[str]] = [list(HEADERS)]
    for code in result.codes:
        stats = code.pooled
        rows.append(
            [
                _shorten(code.code.path, CODE_WIDTH),
                str(stats.units),
                _figure(stats.percent_agreement),
                _figure(stats.cohen_kappa),
                _figure(stats.krippendorff_alpha),
                _figure(stats.fleiss_kappa),
                _figure(stats.jaccard),
                _figure(code.segment_agreement()),
                _figure(stats.u_alpha_binary),
            ]
        )
    overall = result.overall
    rows.append(
        [
            "Mean over codes",
            "",
            _figure(overall.percent_agreement),
            _figure(overall.cohen_kappa),
            _figure(overall.krippendorff_alpha),
            _figure(overall.fleiss_kappa),
            _figure(overall.jaccard),
            "",
            _figure(overall.u_alpha_binary),
        ]
    )
    table = _lines(rows)
    rule = "-" * max(len(line) for line in table)
    lines += [table[0], rule, *table[1:-1], rule, table[-1]]
    if not result.codes:
        lines.append("(no codes to compare)")
    if len(result.coders) == 2:
        lines.append(f"Pooled κ (De Vries et al. 2008): {_figure(overall.pooled_kappa)}")
    else:
        lines.append("Pairwise figures for each pair of coders are in the JSON report (--json).")
    lines.append(
        "u-α bin. = Krippendorff's binary unitized alpha (2016); across codes 1 − Σ D_o / Σ D_e, not a mean."
    )
    lines.append(f"{UNDEFINED} = undefined for these data.")
    if result.warnings:
        lines += ["", "Warnings:"] + [f"  - {warning}" for warning in result.warnings]
    return "\n".join(lines) + "\n"
