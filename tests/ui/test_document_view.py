"""The document view highlights what is on screen only, from an interval index over the codings."""

from __future__ import annotations

import random
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractSlider
from workspace_support import Demo, store_sources

from coder.domain.model import Coding, ImportedText, new_id
from coder.services import codings
from coder.ui.views.coding_index import CodingIndex
from coder.ui.views.highlighter import coloured_runs


def coding(start: int, end: int, code: str = "c", coding_id: str | None = None) -> Coding:
    return Coding(coding_id or new_id(), "s", code, "k", start, end)


def mix(colours: list[str]) -> str:
    """The rule for a passage under several codes: the mean colour, a little darker per extra layer."""
    parsed = [QColor(c) for c in colours]
    mean = QColor(
        round(sum(c.red() for c in parsed) / len(parsed)),
        round(sum(c.green() for c in parsed) / len(parsed)),
        round(sum(c.blue() for c in parsed) / len(parsed)),
    )
    return (mean.darker(100 + 6 * min(len(parsed) - 1, 4)) if len(parsed) > 1 else mean).name()


def test_the_index_finds_overlaps_and_gives_overlapping_codings_different_lanes() -> None:
    long = coding(0, 10_000, coding_id="long")
    items = [
        long,
        coding(10, 20, coding_id="a"),
        coding(15, 30, coding_id="b"),
        coding(40, 50, coding_id="c"),
    ]
    index = CodingIndex(items, bucket=16)
    assert [c.id for c in index.overlapping(18, 19)] == ["long", "a", "b"]
    assert [c.id for c in index.at(9_000)] == ["long"]
    assert index.overlapping(30, 40) == [long]  # end is exclusive, so b and c do not meet [30, 40)
    lanes = index.lanes
    assert len({lanes["long"], lanes["a"], lanes["b"]}) == 3
    assert lanes["c"] == lanes["a"]  # a free lane is used again
    index.add(coding(12, 14, coding_id="d"))
    assert index.lanes["d"] not in {lanes["long"], lanes["a"]}
    index.remove("long")
    assert [c.id for c in index.at(9_000)] == [] and len(index) == 4


def test_runs_cut_the_range_at_coding_boundaries() -> None:
    items = [coding(0, 10, "red"), coding(5, 15, "blue"), coding(20, 30, "red")]
    palette = {"red": "#ff0000", "blue": "#0000ff"}
    painted = [(a, b, colour.name()) for a, b, colour in coloured_runs(items, 2, 25, palette.__getitem__)]
    assert painted == [
        (2, 5, "#ff0000"),
        (5, 10, mix(["#ff0000", "#0000ff"])),
        (10, 15, "#0000ff"),
        (20, 25, "#ff0000"),
    ]


def test_only_visible_codings_are_highlighted_while_scrolling(qtbot: Any, window: Any, demo: Demo) -> None:
    text = "".join(f"Paragraph {n}: " + "words and more words " * 12 + "\n\n" for n in range(800))
    [source] = store_sources(window.session, [ImportedText(name="c-long.txt", format="txt", text=text)])
    rng = random.Random(3)
    coder_id = window.session.coder.id
    made = []
    for _ in range(3000):
        start = rng.randrange(0, len(text) - 300)
        made.append(
            Coding(new_id(), source.id, demo.codes["Alpha"], coder_id, start, start + rng.randint(5, 300))
        )
    codings.restore_codings(demo.project, made)
    window.sources.choose(source.id)
    view = window.document
    assert len(view.index) == 3000
    first, last = view.visible_range()
    assert last - first < len(text) / 20
    shown = view.margin.stripes()
    assert shown and all(s.coding.start < last and s.coding.end > first for s in shown)
    assert 0 < len(view.highlights()) < 200  # a few screens' worth, not 3,000
    bar = view.verticalScrollBar()

    def at_the_end() -> bool:
        # The layout is lazy: the scroll range grows as the last paragraphs get laid out.
        bar.triggerAction(QAbstractSlider.SliderAction.SliderToMaximum)
        return view.visible_range()[1] == len(text)

    qtbot.waitUntil(at_the_end)
    end_first, end_last = view.visible_range()
    assert end_last == len(text) and end_first > len(text) * 0.9
    assert all(s.coding.end > end_first for s in view.margin.stripes())
    highlighted = [end for _start, end, _colour in view.highlights()]
    assert highlighted and min(highlighted) > len(text) * 0.85


def test_coloured_runs_paint_each_run_in_the_mix_of_the_codes_over_it() -> None:
    """The sweep with running colour sums gives every character the mix of its codes' colours."""
    palette = {f"k{n}": f"#{(n * 1_234_567) % 0xFFFFFF:06x}" for n in range(12)}
    palette["same"] = palette["k3"]  # two codes of one colour are mixed as two
    rng = random.Random(5)
    for _ in range(60):
        items = []
        for _ in range(rng.randint(0, 40)):
            start = rng.randrange(0, 300)
            items.append(coding(start, start + rng.randint(1, 80), rng.choice(sorted(palette))))
        start, end = rng.randrange(0, 150), rng.randrange(150, 400)
        painted = coloured_runs(items, start, end, palette.__getitem__)
        expected: dict[int, str] = {}
        for offset in range(start, end):
            codes = dict.fromkeys(c.code_id for c in items if c.start <= offset < c.end)
            if codes:
                expected[offset] = mix([palette[code] for code in codes])
        got = {
            offset: colour.name()
            for run_start, run_end, colour in painted
            for offset in range(run_start, run_end)
        }
        assert got == expected
        neighbours = zip(painted, painted[1:], strict=False)
        assert all(a[1] < b[0] or a[2].name() != b[2].name() for a, b in neighbours)  # merged


def test_screen_lines_place_every_offset_on_screen_where_qt_s_cursor_is(window: Any, demo: Demo) -> None:
    text = "".join(f"Line {n} 🚢 " + "word " * (n % 37) + "\n" for n in range(400))
    [source] = store_sources(window.session, [ImportedText(name="lines.txt", format="txt", text=text)])
    window.sources.choose(source.id)
    view = window.document
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 3)
    first, last = view.visible_range()
    assert last - first > 200
    lines = view.screen_lines()
    for offset in range(first, last):
        assert (lines.top(offset), lines.bottom(offset)) == (view.line_top(offset), view.line_bottom(offset))
    assert lines.top(0) == view.line_top(0)  # off screen: asked of Qt
