"""How the reports print a figure: three decimals, a dash when undefined, and never "-0.000"."""

from __future__ import annotations

UNDEFINED = "—"


def three_decimals(value: float | None, undefined: str = UNDEFINED) -> str:
    """``0.409`` for 0.40909…; ``undefined`` for ``None``; a figure that rounds to zero is ``0.000``.

    A small negative figure such as -0.0002 is printed by Python as ``-0.000``, which reads
    as a distinct value; it is shown as ``0.000`` like any other figure that rounds to zero.
    """
    if value is None:
        return undefined
    text = f"{value:.3f}"
    return text[1:] if text == "-0.000" else text
