"""An overview as a fixed-width table for standard output."""

from __future__ import annotations

from collections.abc import Sequence

from coder.domain.overview import Overview

CODE_WIDTH = 40
GROUP_WIDTH = 24


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else "…" + text[-(width - 1) :]


def _shorten_end(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _lines(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        "  ".join(
            [row[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))]
        ).rstrip()
        for row in rows
    ]


def overview_text(overview: Overview) -> str:
    lines = [overview.title, *overview.scope, ""]
    paths = [_shorten(code.path, CODE_WIDTH) for code in overview.codes]
    if not overview.codes:
        return "\n".join([*lines, "No codings in the chosen material.", ""])
    if overview.kind == "cooccurrence":
        found = [
            (pair.pairs, overview.label(pair.code_a).path, overview.label(pair.code_b).path, pair.group)
            for pair in overview.pairs
            if pair.pairs
        ]
        found.sort(key=lambda item: (-item[0], item[3], item[1], item[2]))
        header = ["Code A", "Code B", *(["Group"] if overview.by else []), "Pairs"]
        table = [header] + [
            [
                _shorten(a, CODE_WIDTH),
                _shorten(b, CODE_WIDTH),
                *([_shorten_end(g, GROUP_WIDTH)] if overview.by else []),
                str(n),
            ]
            for n, a, b, g in found
        ]
        if not found:
            return "\n".join([*lines, "No two codes co-occur in the chosen material.", ""])
        return "\n".join([*lines, *_lines(table), ""])
    groups = [_shorten_end(g, GROUP_WIDTH) for g in overview.groups]
    if overview.kind == "frequencies":
        table = [["Code", *groups]]
        lines.append("Each cell: codings (characters)")
        for code, path in zip(overview.codes, paths, strict=True):
            cells = [overview.cell(code.key, g) for g in overview.groups]
            table.append([path, *(f"{c.codings} ({c.characters:,})" for c in cells)])
    else:
        lines.append(f"Each cell: {overview.measure}")
        table = [["Code", *groups]]
        for code, path in zip(overview.codes, paths, strict=True):
            table.append(
                [
                    path,
                    *(f"{overview.cell(code.key, g).measure(overview.measure):,}" for g in overview.groups),
                ]
            )
    return "\n".join([*lines, *_lines(table), ""])
