"""Overviews as long-form CSV, as a workbook with the same rows, and as a self-contained HTML report.

The CSV is long-form so that R and pandas read it directly:

- frequencies: ``code,code_path,group,codings,characters``;
- co-occurrence: ``code_a,code_path_a,code_b,code_path_b,pairs`` (and ``group`` last, when grouped);
- matrix: ``code,code_path,group,codings,characters,sources``.

Every code × group (and every two codes) has a row, zeros included.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from html import escape
from pathlib import Path
from typing import Any

from coder.domain.overview import Overview

HTML_GENERATOR = "coder overview report"
FREQUENCY_COLUMNS = ("code", "code_path", "group", "codings", "characters")
COOCCURRENCE_COLUMNS = ("code_a", "code_path_a", "code_b", "code_path_b", "pairs")
MATRIX_COLUMNS = ("code", "code_path", "group", "codings", "characters", "sources")


def columns(overview: Overview) -> tuple[str, ...]:
    if overview.kind == "frequencies":
        return FREQUENCY_COLUMNS
    if overview.kind == "matrix":
        return MATRIX_COLUMNS
    return COOCCURRENCE_COLUMNS + (("group",) if overview.by else ())


def rows(overview: Overview) -> Iterator[tuple[Any, ...]]:
    """The long-form rows, in codebook order, then group order."""
    if overview.kind == "cooccurrence":
        labels = {code.key: code for code in overview.codes}
        for pair in overview.pairs:
            a, b = labels[pair.code_a], labels[pair.code_b]
            row: tuple[Any, ...] = (a.name, a.path, b.name, b.path, pair.pairs)
            yield (*row, pair.group) if overview.by else row
        return
    for code in overview.codes:
        for group in overview.groups:
            cell = overview.cell(code.key, group)
            if overview.kind == "frequencies":
                yield (code.name, code.path, group, cell.codings, cell.characters)
            else:
                yield (code.name, code.path, group, cell.codings, cell.characters, cell.sources)


def to_csv(overview: Overview) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(columns(overview))
    writer.writerows(rows(overview))
    return buffer.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, str):  # openpyxl refuses most control characters; keep them visible
        return "".join(ch if ch in "\t\n" or ord(ch) >= 32 else f"\\x{ord(ch):02x}" for ch in value)
    return value


def write_xlsx(path: Path, overview: Overview) -> None:
    """A workbook whose first sheet holds exactly the CSV's rows; a second says what was counted."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(overview.kind)
    sheet.append(list(columns(overview)))
    for row in rows(overview):
        sheet.append([_cell(value) for value in row])
    about = book.create_sheet("about")
    for line in (overview.title, f"project: {overview.project}", *overview.scope):
        about.append([_cell(line)])
    book.save(path)


# ---------------------------------------------------------------------------------------------- HTML

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f3f3f3; text-align: left; }
figure { margin: 1.5em 0; } figure svg { max-width: 100%; height: auto; }
.meta { color: #555; }
"""


def _number_cell(value: int, top: int) -> str:
    share = value / top if top else 0.0
    if share <= 0:
        return f'<td class="n">{value}</td>'
    light = round(97 - share * 55)
    colour = "#fff" if light < 60 else "#222"
    return f'<td class="n" style="background:hsl(214,60%,{light}%);color:{colour}">{value}</td>'


def _grid(
    title: str,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    values: Sequence[Sequence[int | None]],
) -> str:
    top = max((v for row in values for v in row if v is not None), default=0)
    head = "".join(f"<th>{escape(label)}</th>" for label in column_labels)
    body = []
    for label, row in zip(row_labels, values, strict=True):
        cells = "".join("<td></td>" if v is None else _number_cell(v, top) for v in row)
        body.append(f"<tr><th>{escape(label)}</th>{cells}</tr>")
    return (
        f"<h2>{escape(title)}</h2>\n<table><thead><tr><th>Code</th>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def html_tables(overview: Overview) -> list[str]:
    """The report's tables: the numbers of the CSV, arranged as grids."""
    paths = [code.path for code in overview.codes]
    if overview.kind == "cooccurrence":
        keys = [code.key for code in overview.codes]
        tables = []
        for group in overview.groups or ("",):
            values = [[None if a == b else overview.pair_count(a, b, group) for b in keys] for a in keys]
            title = f"Pairs of co-occurring codings{': ' + group if group else ''}"
            tables.append(_grid(title, paths, paths, values))
        return tables
    measures = (
        ("codings", "characters") if overview.kind == "frequencies" else ("codings", "characters", "sources")
    )
    if overview.kind == "matrix":  # the chosen measure first
        measures = (overview.measure, *(m for m in measures if m != overview.measure))
    tables = []
    for measure in measures:
        values = [
            [overview.cell(code.key, g).measure(measure) for g in overview.groups] for code in overview.codes
        ]
        tables.append(_grid(f"{measure.capitalize()} by {overview.by}", paths, list(overview.groups), values))
    return tables


METHOD = {
    "frequencies": "<b>Codings</b>: the number of codings of a code in the group. <b>Characters</b>: the "
    "characters those codings cover, counted once where codings overlap (the union, per source, added up "
    "over sources). A parent code counts only its own codings, not its children's.",
    "matrix": "Each cell is one code in one group. <b>Codings</b>: how many codings; <b>characters</b>: the "
    "characters they cover, counted once where they overlap; <b>sources</b>: how many sources hold at least "
    "one of them.",
    "cooccurrence": "A <b>pair</b> is two codings, one of each code, made by the same coder in the same "
    "source, that overlap by at least one character (or, with a distance N, that lie at most N characters "
    "apart). Each such pair counts once; a code does not co-occur with itself.",
}


def render_html(overview: Overview, charts: Sequence[str] = ()) -> str:
    """A self-contained page: what was counted, the charts (inline SVG) and the tables; all escaped."""
    generated = overview.generated.strftime("%Y-%m-%d %H:%M UTC") if overview.generated else ""
    scope = "".join(f"<li>{escape(line)}</li>" for line in overview.scope)
    figures = "".join(f"<figure>{svg}</figure>" for svg in charts)
    when = f", {escape(generated)}" if generated else ""
    tables = "\n".join(html_tables(overview))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="generator" content="{HTML_GENERATOR}">\n'
        f"<title>{escape(overview.title)} — {escape(overview.project)}</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{escape(overview.title)}</h1>\n"
        f'<p class="meta">Project <b>{escape(overview.project)}</b>{when}</p>\n'
        f'<ul class="meta">{scope}</ul>\n{figures}\n{tables}\n'
        f"<h2>How it is counted</h2>\n<p>{METHOD[overview.kind]}</p>\n</body>\n</html>\n"
    )
