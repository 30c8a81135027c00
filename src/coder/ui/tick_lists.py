"""Lists and trees of tick boxes for choosing coders, codes and sources (agreement, overviews, queries).

Filling one again keeps the researcher's ticks of the entries already listed; new entries get their
default tick.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
)

from coder.domain.codebook import Codebook
from coder.domain.model import Code

ID_ROLE = Qt.ItemDataRole.UserRole
CHECKED, UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked


def state(on: bool) -> Qt.CheckState:
    return CHECKED if on else UNCHECKED


def fill_list(view: QListWidget, entries: Iterable[tuple[str, str, bool, str]]) -> None:
    """List ``(id, text, ticked by default, tooltip)`` entries as tick boxes."""
    kept = {view.item(i).data(ID_ROLE): view.item(i).checkState() for i in range(view.count())}
    view.clear()
    for entry_id, text, default, tooltip in entries:
        item = QListWidgetItem(text)
        item.setData(ID_ROLE, entry_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(kept.get(entry_id, state(default)))
        if tooltip:
            item.setToolTip(tooltip)
        view.addItem(item)


def checked_texts(view: QListWidget) -> list[str]:
    return [view.item(i).text() for i in range(view.count()) if view.item(i).checkState() == CHECKED]


def tick_texts(view: QListWidget, wanted: Iterable[str]) -> None:
    """Tick exactly the entries whose text is in ``wanted``."""
    chosen = set(wanted)
    for i in range(view.count()):
        view.item(i).setCheckState(state(view.item(i).text() in chosen))


def code_items(tree: QTreeWidget) -> Iterator[QTreeWidgetItem]:
    iterator = QTreeWidgetItemIterator(tree)
    while iterator.value():
        yield iterator.value()
        iterator += 1


def fill_code_tree(
    tree: QTreeWidget,
    book: Codebook,
    counts: dict[str, int],
    tooltip: Callable[[Code, int], str] | None = None,
) -> None:
    """The codebook as a tree of tick boxes with each code's count; codes in use ticked by default.

    A parent code does not include its children, so each box is independent.
    """
    kept = {item.data(0, ID_ROLE): item.checkState(0) for item in code_items(tree)}
    tree.clear()
    items: dict[str, QTreeWidgetItem] = {}
    for code in book.in_tree_order():
        parent = items.get(code.parent_id) if code.parent_id else None
        item = QTreeWidgetItem(parent) if parent is not None else QTreeWidgetItem(tree)
        used = counts.get(code.id, 0)
        item.setText(0, f"{code.name}  ({used})" if used else code.name)
        item.setData(0, ID_ROLE, code.id)
        if tooltip is not None:
            item.setToolTip(0, tooltip(code, used))
        item.setFlags((item.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsAutoTristate)
        item.setCheckState(0, kept.get(code.id, state(used > 0)))
        items[code.id] = item
    tree.expandAll()


def checked_code_ids(tree: QTreeWidget, book: Codebook) -> list[str]:
    """The ticked codes still in the codebook, in tree order."""
    return [
        item.data(0, ID_ROLE)
        for item in code_items(tree)
        if item.checkState(0) == CHECKED and item.data(0, ID_ROLE) in book.by_id
    ]


def tick_code_paths(tree: QTreeWidget, book: Codebook, paths: Sequence[str]) -> None:
    """Tick exactly the codes whose path is in ``paths``."""
    wanted = set(paths)
    for item in code_items(tree):
        item.setCheckState(0, state(book.path_text(item.data(0, ID_ROLE)) in wanted))
