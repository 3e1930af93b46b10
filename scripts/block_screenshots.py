"""Render the blocks screenshots offscreen into docs/screenshots/.

Run: QT_QPA_PLATFORM=offscreen python scripts/block_screenshots.py [--size WxH]
Makes blocks_residual.png (the residual example: three ResBlock instances, one
selected, the palette's Blocks section) and blocks_inside.png (inside block2, laid out
with Ctrl+L, the breadcrumb above the canvas, an inner Linear whose widths come from the
block's ``channels``) at 1920x1080; another size is written as NAME_WxH.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
DEFAULT_SIZE = (1920, 1080)


def pump(app, seconds: float) -> None:
    end = time.time() + seconds
    while time.time() < end:
        app.processEvents()
        time.sleep(0.005)


def shots(app, size: tuple[int, int]) -> None:
    from PySide6.QtCore import QSettings

    from graphlab.ui.live import install
    from graphlab.ui.main_window import MainWindow

    ini = Path(tempfile.mkdtemp()) / "shots.ini"  # the person's own settings stay untouched
    w = MainWindow(settings=QSettings(str(ini), QSettings.Format.IniFormat), autosave=False,
                   remember_layout=False)
    w.ask_choice = lambda title, text, choices: "discard"
    w.blocks.user_dir = w.palette.user_dir = Path(tempfile.mkdtemp())  # built-ins only
    w.resize(*size)
    w.files.open_example("residual")
    w.show()
    pump(app, 0.2)
    install(w)
    w.live.docks.fit()
    w.palette_dock.raise_()
    pump(app, 0.2)
    g = w.graph
    block2 = g.find("block2")
    w.view.frame_readable()
    w.canvas.select_nodes([block2])
    w.view.centerOn(w.canvas.node_item(block2))
    pump(app, 0.3)
    save(w, "blocks_residual.png", size)

    w.blocks.enter(block2)
    pump(app, 0.2)
    w.editor.auto_layout()  # the example's inside has no positions of its own yet
    w.view.frame_readable()
    inner = w.editor.current
    w.canvas.select_nodes([inner.find("fc1")])
    pump(app, 0.3)
    save(w, "blocks_inside.png", size)
    w.editor.stack.setClean()
    w.close()


def save(w, name: str, size) -> None:
    if size != DEFAULT_SIZE:
        name = name.replace(".png", f"_{size[0]}x{size[1]}.png")
    path = OUT / name
    w.grab().save(str(path))
    print(f"wrote {path}")


def main(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    from graphlab.ui.theme import apply_app_style

    size = DEFAULT_SIZE
    if len(argv) == 2 and argv[0] == "--size":
        size = tuple(int(v) for v in argv[1].split("x"))
    app = QApplication.instance() or QApplication([])
    apply_app_style(app)
    OUT.mkdir(parents=True, exist_ok=True)
    shots(app, size)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
