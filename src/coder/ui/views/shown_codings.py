"""What the text view and the page view share: one source's shown codings and the chosen one."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtGui import QColor

from coder.domain.model import Coding, SourceInfo
from coder.ui.changes import Changed
from coder.ui.session import Session
from coder.ui.views.coding_index import CodingIndex


def describe_codings(session: Session, codings: Sequence[Coding]) -> str:
    """Tooltip text: code, coder and memo of each coding."""
    parts = []
    for coding in codings:
        code = session.codebook.by_id.get(coding.code_id)
        name = html.escape(code.name if code else "?")
        colour = code.colour if code else "#999999"
        coder = html.escape(session.coder_name(coding.coder_id))
        memo = f"<br><i>{html.escape(coding.memo)}</i>" if coding.memo else ""
        parts.append(
            f"<span style='color:{QColor(colour).darker(160).name()}'>■</span> <b>{name}</b> — {coder}{memo}"
        )
    return "<p style='white-space:pre-wrap'>" + "<br>".join(parts) + "</p>"


class ShowsCodings:
    """Keeps a view's :class:`CodingIndex` and chosen coding in step with changes.

    Mixed into a Qt view that has ``session``, ``source``, ``index``, ``chosen_coding_id`` and a
    ``sig_coding_chosen`` signal; the view redraws in :meth:`_codings_changed`.
    """

    session: Session
    source: SourceInfo | None
    index: CodingIndex
    chosen_coding_id: str | None
    sig_coding_chosen: Any

    def _codings_changed(self) -> None:
        raise NotImplementedError

    def reload_codings(self, codings: Sequence[Coding]) -> None:
        self.index = CodingIndex(codings)
        if self.chosen_coding_id not in self.index.by_id:
            self.chosen_coding_id = None
        self._codings_changed()

    def apply_changes(self, changed: Changed) -> None:
        """Patch the index with the codings of this source that a change touched."""
        if self.source is None:
            return
        self.index.apply_changes(self.source.id, changed, self.session.is_visible)
        if self.chosen_coding_id is not None and self.chosen_coding_id not in self.index.by_id:
            self.chosen_coding_id = None
            self.sig_coding_chosen.emit(None)
        self._codings_changed()

    def chosen_coding(self) -> Coding | None:
        return self.index.by_id.get(self.chosen_coding_id) if self.chosen_coding_id else None

    def describe(self, codings: Sequence[Coding]) -> str:
        return describe_codings(self.session, codings)
