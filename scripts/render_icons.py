"""Render ``resources/coder.svg`` to the PNG sizes packages need: ``python scripts/render_icons.py``.

Writes ``resources/coder-{64,128,256}.png`` and copies the SVG and the PNGs the running app uses as
its window icon to ``src/coder/resources/icons/``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "coder.svg"
RUNTIME = ROOT / "src" / "coder" / "resources" / "icons"
SIZES = (64, 128, 256)


def render(size: int, out: Path) -> None:
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(out)):
        raise SystemExit(f"cannot write {out}")


def main() -> None:
    QGuiApplication([])
    RUNTIME.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, RUNTIME / "coder.svg")
    for size in SIZES:
        out = ROOT / "resources" / f"coder-{size}.png"
        render(size, out)
        shutil.copyfile(out, RUNTIME / out.name)
        print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
