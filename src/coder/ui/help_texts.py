"""What the Help menu shows: how to code, the keyboard shortcuts, and About."""

from __future__ import annotations

import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

import coder

HOW_TO = (
    "<p><b>Coding:</b> select a passage with the mouse or with Shift and the arrow keys, then "
    "double-click a code (or choose it and press Enter), press a code's key 1–9 (right-click a "
    "code ▸ Key to give it one), press Ctrl+K to pick a code by typing, drag the selection onto a "
    "code, or right-click the selection.</p>"
    "<p><b>Codings:</b> each coding is a stripe in the margin. Click a stripe to choose the coding; "
    "Delete removes it, right-click changes its code or memo. Hover to see code, coder and memo.</p>"
    "<p><b>Everything is saved the moment you do it.</b> Ctrl+Z undoes, Ctrl+Shift+Z redoes.</p>"
)

# Keys that no menu entry shows.
OTHER_KEYS = (
    ("1 … 9", "Code the selection with the code that has the key"),
    ("Enter (in the codebook)", "Code the selection with the chosen code"),
    ("Enter / Shift+Enter (in Find)", "Next / previous match"),
    ("Esc (in Find)", "Close the find bar"),
    ("Esc (in the agreement window)", "Close the agreement window"),
)


def _shown(text: str) -> str:
    """A menu entry's text as the menu shows it: mnemonic markers out, "&&" as "&"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _entries(menu: QMenu | QMenuBar, path: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for action in menu.actions():
        if action.menu() is not None:
            sub = action.menu()
            assert isinstance(sub, QMenu)
            found += _entries(sub, f"{path}{_shown(action.text())} ▸ ")
        elif isinstance(action, QAction) and not action.shortcut().isEmpty():
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
            found.append((keys, path + _shown(action.text())))
    return found


def shortcuts_text(menu_bar: QMenuBar) -> str:
    """Every key the menus offer, read from the menus themselves, and the keys used elsewhere."""
    lines = [f"{keys}\t{what}" for keys, what in [*_entries(menu_bar, ""), *OTHER_KEYS]]
    return "\n".join(lines)


def about_text(project: Path) -> str:
    return (
        f"coder {coder.__version__}\n"
        "Qualitative text coding with exact inter-coder agreement and REFI-QDA exchange.\n\n"
        "Licence: GNU Affero General Public License, version 3 or later (AGPL-3.0-or-later).\n\n"
        f"Project file: {project}\n\n"
        f"Python {sys.version.split()[0]}, Qt {qVersion()}, PySide6 {PySide6.__version__}"
    )
