"""The agreement report as CSV (``--csv``).

One row per code and source, then one row per code with the source
``(all sources)`` holding the figures pooled over sources. Undefined figures
are empty cells; numbers are written at full double precision. A code or source name that
could start a formula gets a single quote in front (:func:`coder.domain.spreadsheet.csv_text`).

``segment_agreement`` in a row: with two coders, the pair's segment agreement
in that source (or summed over sources). With three or more coders the pairs
are pooled: all matched segments over all segments, summed over every pair of
coders (in that source, or over all sources). Each pair's own figure is in the
JSON report.

``u_alpha_binary`` is Krippendorff's binary unitized alpha of the code, in that
source or, in the ``(all sources)`` row, over the sources laid end to end.
"""

from __future__ import annotations

import csv
import io
from typing import TextIO

from coder.analysis.agreement_model import AgreementResult
from coder.analysis.agreement_stats import Stats
from coder.domain.spreadsheet import csv_text

ALL_SOURCES = "(all sources)"
COLUMNS = (
    "code",
    "code_path",
    "source",
    "units",
    "percent_agreement",
    "cohen_kappa",
    "krippendorff_alpha",
    "fleiss_kappa",
    "jaccard",
    "segment_agreement",
    "u_alpha_binary",
)


def _cell(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def _row(name: str, path: str, source: str, stats: Stats, segment_agreement: float | None) -> list[str]:
    return [
        csv_text(name),
        csv_text(path),
        csv_text(source),
        str(stats.units),
        _cell(stats.percent_agreement),
        _cell(stats.cohen_kappa),
        _cell(stats.krippendorff_alpha),
        _cell(stats.fleiss_kappa),
        _cell(stats.jaccard),
        _cell(segment_agreement),
        _cell(stats.u_alpha_binary),
    ]


def write_csv(result: AgreementResult, stream: TextIO) -> None:
    """Write the report to ``stream`` (open it with ``newline=""``)."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    for code in result.codes:
        name, path = code.code.name, code.code.path
        for entry in code.by_source:
            writer.writerow(_row(name, path, entry.source, entry.stats, entry.segment_agreement()))
        writer.writerow(_row(name, path, ALL_SOURCES, code.pooled, code.segment_agreement()))


def to_csv(result: AgreementResult) -> str:
    """The report as one CSV string."""
    buffer = io.StringIO()
    write_csv(result, buffer)
    return buffer.getvalue()
