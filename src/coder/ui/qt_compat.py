"""A check for a reference-counting bug of PySide6 6.12.0 on Python 3.11.

With that release, ``None``, ``True`` and ``False`` handed between Qt and Python lose a
reference at every call of a Qt method returning ``void`` and every ``bool`` delivered to a
slot. Python 3.12 made these objects immortal and does not mind; on Python 3.11 the count
reaches zero after a few thousand calls and the process aborts ("Fatal Python error:
none_dealloc"). ``pyproject.toml`` therefore asks for PySide6-Essentials below 6.12; this
check turns an installation that has the broken release anyway into one clear sentence
instead of a crash in the middle of a coding session.
"""

from __future__ import annotations

import sys

from coder.domain.errors import CoderError


def leaks_none() -> bool:
    """True when calling a void Qt method lowers ``None``'s reference count."""
    from PySide6.QtCore import QPoint

    point = QPoint()
    before = sys.getrefcount(None)
    for _ in range(16):
        point.setX(1)
    return sys.getrefcount(None) < before


def require_working_qt() -> None:
    """Refuse to start the app on a PySide6 that would crash it."""
    if sys.version_info < (3, 12) and leaks_none():
        import PySide6

        raise CoderError(
            f"PySide6 {PySide6.__version__} has a bug that crashes coder on Python "
            f"{sys.version_info.major}.{sys.version_info.minor}; "
            "install a working release with: pip install 'PySide6-Essentials<6.12'"
        )
