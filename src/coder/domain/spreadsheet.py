"""Text cells that spreadsheet programs must not take for formulas (CSV injection).

Excel, LibreOffice and Google Sheets evaluate a CSV cell that starts with ``=``, ``+``, ``-`` or
``@`` as a formula, and a tab or carriage return at the start can hide such a start. A coded
passage, a memo or a name from an imported file may start that way, so a text cell that does gets a
single quote in front (as OWASP advises): the program then shows the text, quote hidden or shown,
and computes nothing. Only text cells are changed; numbers are written as numbers.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """``value`` as a CSV text cell: a single quote in front if it could start a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
