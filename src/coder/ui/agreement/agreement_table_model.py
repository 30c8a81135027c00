"""The agreement figures as a table: one row per code (or per source of one code), plus summary rows.

Cells show three decimals, or "—" when a statistic is undefined. :data:`SORT_ROLE` gives the raw
number (``None`` when undefined) so that :class:`AgreementSortProxy` sorts numerically, keeps
undefined figures last and keeps the summary rows below the codes in either direction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from coder.analysis.agreement_model import AgreementResult, CodeAgreement
from coder.analysis.agreement_stats import Stats
from coder.analysis.figures import three_decimals
from coder.analysis.report_chart import band

COL_NAME = 0
COL_UNITS = 1
COL_PERCENT = 2
COL_COHEN = 3
COL_ALPHA = 4
COL_FLEISS = 5
COL_JACCARD = 6
COL_SEGMENT = 7
COL_UNITIZED = 8
COLUMN_COUNT = 9

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # the raw value: float, int, str or None
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # the code key or source name of a row; None on summary rows
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 3  # 0 on ordinary rows, 1, 2, ... on summary rows

HEADERS = (
    "",
    "Units",
    "Agreement",
    "Cohen's κ",
    "Krippendorff's α",
    "Fleiss' κ",
    "Jaccard",
    "Segment agr.",
    "Unitized α",
)
HEADER_TIPS = (
    "",
    "Characters compared (the unit of analysis)",
    "Percent agreement as a proportion (0.700 = 70 %): characters on which all coders agree",
    "Cohen's kappa (two coders only)",
    "Krippendorff's alpha, nominal: ≥ 0.800 reliable, ≥ 0.667 tentative",
    "Fleiss' kappa",
    "Characters coded by all coders over characters coded by any",
    "Segment agreement (as MAXQDA reports it): share of segments with a partner overlapping at least θ",
    "Binary unitized alpha (Krippendorff et al. 2016; ATLAS.ti's α-binary): a coded stretch counts as one"
    " unit; across codes 1 − ΣD_o / ΣD_e",
)

# Backgrounds of the α cell: the reading aid of Krippendorff (2004).
BAND_COLOURS = {"reliable": "#c8e6c9", "tentative": "#ffe9a8", "unreliable": "#f6c4c4"}
BAND_TEXT = {
    "reliable": "α ≥ 0.800: reliable",
    "tentative": "0.667 ≤ α < 0.800: tentative conclusions only",
    "unreliable": "α < 0.667: unreliable",
    "undefined": "α is undefined here (no variation in the data)",
}


@dataclass(frozen=True, slots=True)
class TableRow:
    label: str
    key: str | None
    units: int | None
    figures: tuple[float | None, ...]  # percent, Cohen, alpha, Fleiss, Jaccard, segments, unitized alpha
    summary: int = 0
    tip: str = ""
    flagged: bool = False  # a source where a compared coder made no coding


def _figures(stats: Stats, segments: float | None) -> tuple[float | None, ...]:
    return (
        stats.percent_agreement,
        stats.cohen_kappa,
        stats.krippendorff_alpha,
        stats.fleiss_kappa,
        stats.jaccard,
        segments,
        stats.u_alpha_binary,
    )


def code_rows(result: AgreementResult) -> list[TableRow]:
    """One row per code, then the means over codes and De Vries' pooled kappa."""
    rows = [
        TableRow(
            code.code.path, code.code.key, code.pooled.units, _figures(code.pooled, code.segment_agreement())
        )
        for code in result.codes
    ]
    overall = result.overall
    means = (
        overall.percent_agreement,
        overall.cohen_kappa,
        overall.krippendorff_alpha,
        overall.fleiss_kappa,
        overall.jaccard,
        None,
        overall.u_alpha_binary,
    )
    rows.append(
        TableRow(
            "Mean over codes",
            None,
            None,
            means,
            1,
            "Unweighted mean over the codes where defined; the unitized α is 1 − ΣD_o / ΣD_e over the codes",
        )
    )
    pooled_tip = "Pooled kappa of De Vries et al. (2008): (mean p_o − mean p_e) / (1 − mean p_e)"
    if len(result.coders) != 2:
        pooled_tip += "; defined for two coders only"
    pooled = (None, overall.pooled_kappa, None, None, None, None, None)
    rows.append(TableRow("Pooled κ (De Vries)", None, None, pooled, 2, pooled_tip))
    return rows


def source_rows(code: CodeAgreement, flagged: Sequence[str] = ()) -> list[TableRow]:
    """One row per source for one code; ``flagged`` names sources where a compared coder made no coding."""
    return [
        TableRow(
            entry.source,
            entry.source,
            entry.stats.units,
            _figures(entry.stats, entry.segment_agreement()),
            flagged=entry.source in flagged,
        )
        for entry in code.by_source
    ]


def pair_rows(code: CodeAgreement) -> list[TableRow]:
    """One row per pair of coders for one code, pooled over sources (three or more coders)."""
    segments = {entry.coders: entry.segment_agreement for entry in code.segments}
    return [
        TableRow(
            " & ".join(pair.coders),
            " & ".join(pair.coders),
            pair.stats.units,
            _figures(pair.stats, segments.get(pair.coders)),
        )
        for pair in code.pairwise
    ]


def number_text(value: float | None) -> str:
    return three_decimals(value)


def _figure(row: TableRow, column: int) -> float | None:
    at = column - COL_PERCENT
    return row.figures[at] if at < len(row.figures) else None


class AgreementTableModel(QAbstractTableModel):
    def __init__(self, first_header: str = "Code", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._first_header = first_header
        self._rows: list[TableRow] = []

    def set_rows(self, rows: Sequence[TableRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[TableRow]:
        return list(self._rows)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._first_header if section == COL_NAME else HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section != COL_NAME:
            return HEADER_TIPS[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == SORT_ROLE:
            return self._raw(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == KEY_ROLE:
            return row.key
        if role == SUMMARY_ROLE:
            return row.summary
        if role == Qt.ItemDataRole.TextAlignmentRole and column != COL_NAME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row.summary:
            font = QFont()
            font.setBold(True)
            return font
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) and column == COL_ALPHA:
            return self._alpha_brush(row, role)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row, column)
        return None

    @staticmethod
    def _raw(row: TableRow, column: int) -> object:
        if column == COL_NAME:
            return row.label.casefold()
        if column == COL_UNITS:
            return row.units
        return _figure(row, column)

    @staticmethod
    def _text(row: TableRow, column: int) -> str:
        if column == COL_NAME:
            return f"⚠ {row.label}" if row.flagged else row.label
        if column == COL_UNITS:
            return "" if row.units is None else f"{row.units:,}"
        value = _figure(row, column)
        if row.summary == 2 and column != COL_COHEN:
            return ""
        if row.summary == 1 and column == COL_SEGMENT:
            return ""
        return number_text(value)

    @staticmethod
    def _alpha_brush(row: TableRow, role: int) -> QBrush | None:
        if row.summary:  # the reading aid is for the α of a code, not for a mean of them
            return None
        colour = BAND_COLOURS.get(band(_figure(row, COL_ALPHA)))
        if colour is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#111111"))  # readable on the light band colours in a dark theme too
        return QBrush(QColor(colour))

    @staticmethod
    def _tip(row: TableRow, column: int) -> str | None:
        if column == COL_ALPHA and not row.summary:
            return BAND_TEXT[band(_figure(row, COL_ALPHA))]
        if column == COL_NAME and row.flagged:
            return "A compared coder made no coding at all in this source"
        return row.tip or None


class AgreementSortProxy(QSortFilterProxyModel):
    """Sorts by :data:`SORT_ROLE`; undefined values and summary rows stay last in both directions."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(
        self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex
    ) -> bool:
        ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
        left_summary, right_summary = left.data(SUMMARY_ROLE) or 0, right.data(SUMMARY_ROLE) or 0
        if left_summary or right_summary:
            if left_summary == right_summary:
                return False
            # Codes (0) before the means (1) before pooled kappa (2), whichever way the view sorts.
            return self._last(left_summary < right_summary, ascending)
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            if a is None and b is None:
                return False
            return self._last(b is None, ascending)
        return bool(a < b)

    @staticmethod
    def _last(left_first: bool, ascending: bool) -> bool:
        """``lessThan`` for a pair whose order must not follow the sort direction."""
        return left_first if ascending else not left_first
