"""The margin's stripes and names as researchers read them (issue 8, item 12)."""

from __future__ import annotations

import itertools
import math
from typing import Any

import yaml
from workspace_support import Demo

from coder.codebook_yaml import bundled_codebook_text
from coder.domain.model import ImportedText
from coder.services import codebook, coders, codings, sources
from coder.ui.app import build_window
from coder.ui.settings import AppSettings
from coder.ui.views.swatches import stripe_colour

LONG_NAME = "Entrapment-abandonment balance and its many consequences for both partners"


def test_adjacent_codings_make_two_stripes(window: Any, demo: Demo) -> None:
    session, view = window.session, window.document
    session.add_coding(demo.first, demo.codes["Alpha"], 0, 7, coding_id="left")
    session.add_coding(demo.first, demo.codes["Gamma"], 7, 12, coding_id="right")  # starts where left ends
    stripes = {s.coding.id: s for s in view.margin.stripes()}
    left, right = stripes["left"].rect, stripes["right"].rect
    assert not left.intersects(right)
    apart_sideways = left.right() < right.left() or right.right() < left.left()
    assert apart_sideways or right.top() - left.bottom() >= 2  # a visible gap between the two


def test_stripes_of_neighbouring_codes_are_told_apart() -> None:
    """Codes of one family in the study codebook differ mostly in lightness; their stripes stay apart."""
    book = yaml.safe_load(bundled_codebook_text())
    families: list[list[str]] = []

    def walk(codes: list[dict[str, Any]]) -> None:
        families.append([c["colour"] for c in codes])
        for code in codes:
            walk(code.get("children") or [])

    walk(book["codes"])

    def distance(a: str, b: str) -> float:
        x, y = stripe_colour(a), stripe_colour(b)
        return math.dist((x.red(), x.green(), x.blue()), (y.red(), y.green(), y.blue()))

    closest = min(distance(a, b) for family in families for a, b in itertools.combinations(family, 2))
    assert closest >= 20  # darkening by a factor left siblings under 10 apart
    assert stripe_colour("#cccccc").saturation() == 0  # a grey stays grey


def test_a_long_name_is_not_cut_short(window: Any, demo: Demo) -> None:
    session, view = window.session, window.document
    code = session.add_code(LONG_NAME, None, code_id="long")
    session.add_coding(demo.first, code.id, 0, 7, coding_id="c")
    [stripe] = view.margin.stripes()
    assert len(stripe.lines) == 2  # room below it: the name takes two lines
    assert stripe.lines[0].startswith("Entrapment-")
    rest = stripe.lines[-1].split("…")[-1]  # the end is kept, the middle elided if need be
    assert LONG_NAME.endswith(rest) and len(rest) > 4
    session.add_coding(demo.first, demo.codes["Gamma"], 8, 12, coding_id="close")  # a name right below
    labels = {s.coding.id: s for s in view.margin.stripes()}
    [crowded] = labels["c"].lines
    head, tail = crowded.split("…")  # one line now, its middle elided: beginning and end both kept
    assert LONG_NAME.startswith(head) and LONG_NAME.endswith(tail) and len(head) > 4 and len(tail) > 4


def test_the_margin_is_thin_without_codings_and_steady_as_lanes_are_added(window: Any, demo: Demo) -> None:
    session, view = window.session, window.document
    assert len(view.index) == 0
    assert view.viewportMargins().left() <= 12  # an empty margin takes almost nothing
    session.add_coding(demo.first, demo.codes["Alpha"], 0, 40, coding_id="one")
    width = view.viewportMargins().left()
    assert width > 12
    for number, end in enumerate((38, 36, 34)):  # three more codings nested inside: four lanes
        session.add_coding(demo.first, demo.codes["Gamma"], 1 + number, end, coding_id=f"n{number}")
        assert view.viewportMargins().left() == width  # the text does not move sideways
    assert len({s.lane for s in view.margin.stripes()}) == 4


def test_the_text_is_rewrapped_when_the_margin_changes_width(
    qtbot: Any, demo: Demo, settings: AppSettings
) -> None:
    """A window opening on a coded source: its margin grows while the window is first laid out."""
    codebook.add_code(demo.project, LONG_NAME)  # names this long make the label column grow
    long = next(c for c in codebook.get_codebook(demo.project).codes if c.name == LONG_NAME)
    coder = coders.ensure_coder(demo.project, "Alice")
    paragraph = "A paragraph long enough to wrap over many lines of the document view. " * 40
    [first] = sources.store(demo.project, [ImportedText(name="0-long.txt", format="txt", text=paragraph)])
    codings.add_coding(demo.project, first.id, long.id, coder.id, 0, 7)
    window = build_window(demo.project, settings, "Alice")  # opens 0-long.txt, the first source
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    view = window.document
    for width in (0, 1000, 1500, 1100):  # the label column follows the view's width
        if width:
            window.resize(width, 800)
            qtbot.waitUntil(lambda width=width: window.width() == width)
        qtbot.wait(1)
        assert len(view.index) == 1
        text_width = view.document().documentLayout().documentSize().width()
        assert text_width <= view.viewport().width()  # wrapped to the viewport, nothing behind a scroll
        assert view.horizontalScrollBar().maximum() == 0
