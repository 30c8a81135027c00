"""Text from a project (names, memos, definitions) is data: Qt must never read it as HTML or mnemonics.

Labels get :func:`plain_label` (or ``Qt.TextFormat.PlainText``); tooltips, where Qt guesses rich
text by itself, get :func:`tip`; menu entries get :func:`menu_text`.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def tip(text: str) -> str:
    """A tooltip that shows exactly ``text`` (line breaks kept), whatever tags it seems to hold."""
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>" if text else ""


def menu_text(text: str) -> str:
    """A menu entry that shows exactly ``text``: a single '&' would mark a mnemonic and vanish."""
    return text.replace("&", "&&")


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label
