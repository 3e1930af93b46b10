"""The files in the top-level ``assets/`` folder: app icon, style sheet, desktop entry.

The folder is installed as the package ``graphlab.assets`` (see ``setup.py``), so a
wheel and an editable install read it through importlib.resources; a source checkout
run without installing (``PYTHONPATH=.``) reads the folder beside the package.
``python -m graphlab.ui.resources`` renders the icon's PNGs again after the SVG changed.
"""

from __future__ import annotations

import functools
import sys
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

ICON_SIZES = (16, 32, 48, 64, 128, 256)
ICON_SVG = "icons/graphlab.svg"
STYLE_SHEET = "style.qss"
DESKTOP_ENTRY = "graphlab.desktop"


def asset(name: str) -> Traversable:
    """The installed file ``assets/NAME`` (``/``-separated)."""
    try:
        root = resources.files("graphlab.assets")
    except ModuleNotFoundError:  # not installed: the checkout's own folder
        root = Path(__file__).resolve().parents[2] / "assets"
    return root.joinpath(*name.split("/"))


def icon_png(size: int) -> str:
    return f"icons/graphlab-{size}.png"


def style_sheet() -> str:
    """The app's style sheet with theme.py's colours filled in."""
    from graphlab.ui import theme

    return theme.fill_style_sheet(asset(STYLE_SHEET).read_text(encoding="utf-8"),
                                  source=f"assets/{STYLE_SHEET}")


@functools.cache
def app_icon():
    """The app icon at every rendered size (Qt picks the nearest for title bars, task
    bars and the alt-tab switcher). Made once; needs a QGuiApplication."""
    from PySide6.QtGui import QIcon, QPixmap

    icon = QIcon()
    for size in ICON_SIZES:
        pixmap = QPixmap()
        if not pixmap.loadFromData(asset(icon_png(size)).read_bytes(), "PNG"):
            raise OSError(f"assets/{icon_png(size)} is not a readable PNG; run "
                          f"python -m graphlab.ui.resources to render it again")
        icon.addPixmap(pixmap)
    return icon


def render_icon_pngs(svg: Path, out_dir: Path) -> list[Path]:
    """Render ``svg`` to ``graphlab-N.png`` in ``out_dir`` for each of ICON_SIZES."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not an SVG that Qt can draw")
    written = []
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = out_dir / Path(icon_png(size)).name
        if not image.save(str(path)):
            raise OSError(f"could not write {path}")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Re-render the PNGs beside the SVG of the assets folder this graphlab runs from."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication([])
    svg = Path(str(asset(ICON_SVG)))
    for path in render_icon_pngs(svg, svg.parent):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
