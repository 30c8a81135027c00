"""The codebook tree model with a codebook far deeper and wider than a study needs."""

from __future__ import annotations

from typing import Any

from coder.domain.codebook import Codebook
from coder.domain.model import Code
from coder.ui.models.codebook_tree_model import CodebookTreeModel

DEPTH = 3000  # beyond Python's recursion limit
WIDTH = 2000


def _book() -> Codebook:
    chain = [
        Code(f"d{n}", f"Deep {n}", f"d{n - 1}" if n else None, "#a8cbf2", position=n) for n in range(DEPTH)
    ]
    flat = [Code(f"w{n}", f"Wide {n}", None, "#f4a6a6", position=1 + n) for n in range(WIDTH)]
    return Codebook(chain + flat)


def test_a_deep_and_wide_codebook_is_shown(qapp: Any) -> None:
    book = _book()
    model = CodebookTreeModel()
    model.set_codebook(book, {f"d{DEPTH - 1}": 4})
    assert model.rowCount() == 1 + WIDTH
    assert [c.id for c in model.tree_order()[:3]] == ["d0", "d1", "d2"]
    assert len(model.tree_order()) == DEPTH + WIDTH
    deepest = model.index_of(f"d{DEPTH - 1}")
    assert model.data(model.index_of(f"d{DEPTH - 1}", 2)) == "4"
    index, levels = deepest, 0
    while index.isValid():  # up to the top, as a view does to draw the branch lines
        index, levels = model.parent(index), levels + 1
    assert levels == DEPTH
    last = model.index(WIDTH, 0)
    assert model.code_at(last).id == f"w{WIDTH - 1}" and model.index_of(f"w{WIDTH - 1}") == last
    model.set_shortcuts({f"d{n}": n + 1 for n in range(9)})  # as the session gives the project's keys
    assert model.data(model.index_of("w0", 1)) == ""
    assert model.data(model.index_of("d8", 1)) == "9"


def test_the_model_passes_the_model_tester_on_a_deep_branch(qtmodeltester: Any, qapp: Any) -> None:
    chain = [Code(f"d{n}", f"Deep {n}", f"d{n - 1}" if n else None, "#a8cbf2", position=n) for n in range(60)]
    siblings = [Code(f"s{n}", f"Sibling {n}", "d3", "#a8cbf2", position=n) for n in range(5)]
    model = CodebookTreeModel()
    model.set_codebook(Codebook(chain + siblings), {})
    qtmodeltester.check(model)


def test_the_quick_code_palette_lists_a_deep_codebook(qapp: Any) -> None:
    from coder.ui.views.quick_code_palette import QuickCodePalette

    palette = QuickCodePalette(_book(), exclude=["w0"])
    try:
        assert palette.model.rowCount() == DEPTH + WIDTH - 1
    finally:
        palette.deleteLater()
