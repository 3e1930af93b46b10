"""Startup imports no framework; screenshots and picture export; level of detail."""

import json
import os
import subprocess
import sys

from PySide6.QtGui import QImage, QPainter, QTransform

SCRIPT = """
import sys, json
from PySide6.QtWidgets import QApplication
app = QApplication([])
from graphlab.ui.main_window import MainWindow
w = MainWindow(autosave=False)
from graphlab import examples
w.files.open_example(examples.DEFAULT)
w.show()
app.processEvents()
w.code_view.refresh_now()
print(json.dumps({"torch": "torch" in sys.modules, "tensorflow": "tensorflow" in sys.modules,
                  "nodes": len(w.canvas.node_items())}))
"""


def _env():
    return dict(os.environ, QT_QPA_PLATFORM="offscreen")


def test_window_with_default_example_imports_no_framework():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                         env=_env(), timeout=120)
    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout.strip().splitlines()[-1])
    assert info == {"torch": False, "tensorflow": False, "nodes": 10}


def test_screenshot_cli_writes_png(tmp_path):
    out = tmp_path / "shot.png"
    res = subprocess.run([sys.executable, "-m", "graphlab", "digits_cnn", "--screenshot",
                          str(out), "--size", "1000x700"],
                         capture_output=True, text=True, env=_env(), timeout=120)
    assert res.returncode == 0, res.stderr
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1000, 700)
    bad = tmp_path / "bad.graphlab.json"
    bad.write_text("[]")
    res = subprocess.run([sys.executable, "-m", "graphlab", str(bad), "--screenshot",
                          str(tmp_path / "x.png")], capture_output=True, text=True, env=_env(),
                         timeout=120)
    assert res.returncode == 2 and "expected a JSON object" in res.stderr
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    for args, says in (([str(blocker / "x.png")], "could not write"),
                       ([str(out), "--size", "big"], "expected WxH in pixels")):
        res = subprocess.run([sys.executable, "-m", "graphlab", "xor", "--screenshot", *args],
                             capture_output=True, text=True, env=_env(), timeout=120)
        assert res.returncode == 2 and says in res.stderr and "Traceback" not in res.stderr


def test_export_png_and_svg(window, tmp_path):
    png = tmp_path / "g.png"
    svg = tmp_path / "g.svg"
    window.save_path = png
    assert window.exports.export_picture("png")
    img = QImage(str(png))
    assert img.width() > 500 and img.height() > 100
    window.save_path = svg
    assert window.exports.export_picture("svg")
    text = svg.read_text()
    assert text.startswith("<?xml") and "<svg" in text and "fc1" in text


def test_code_view_follows_edits(window, qtbot):
    view = window.code_view
    view.refresh_now()
    first = view.text.toPlainText()
    assert first
    window.editor.rename(window.graph.find("fc1"), "hidden_a")
    qtbot.waitUntil(lambda: view.text.toPlainText() != first, timeout=3000)
    assert "hidden_a" in view.text.toPlainText() and "import torch" in first
    window.editor.delete([window.graph.find("relu1")])
    qtbot.waitUntil(lambda: "cannot be compiled" in view.text.toPlainText(), timeout=3000)
    assert 'Linear "fc2", input x: is not connected' in view.text.toPlainText()
    window.editor.stack.undo()
    view.backend.setCurrentIndex(view.backend.findData("tf"))
    assert "import tensorflow as tf" in view.text.toPlainText()


def test_small_nodes_drop_text(window):
    """Level of detail: at a tiny scale a node paints no text at all."""
    from PySide6.QtWidgets import QStyleOptionGraphicsItem

    item = window.canvas.node_item(window.graph.find("fc1"))

    class Spy(QPainter):
        texts = 0

        def drawText(self, *a):
            Spy.texts += 1
            return super().drawText(*a)

    for scale, expect_text in ((1.0, True), (0.3, False)):
        img = QImage(400, 300, QImage.Format.Format_ARGB32)
        p = Spy(img)
        p.setWorldTransform(QTransform.fromScale(scale, scale))
        Spy.texts = 0
        item.paint(p, QStyleOptionGraphicsItem(), None)
        p.end()
        assert (Spy.texts > 0) == expect_text


def test_zoomed_out_large_graph_uses_overview_and_stays_selectable(window, drive):
    from PySide6.QtCore import QPoint

    g = window.graph
    for i in range(160):
        window.editor.add_node("ReLU", (i % 16 * 300.0, 400.0 + i // 16 * 130.0))
    window.view.frame_all()
    assert window.view.zoom_factor() < 0.2 and window.canvas.overview_mode
    assert window.canvas.overview().rects
    # rubber-band selection still works on items that the overview draws
    vp = window.view.viewport().rect()
    drive.drag(vp.topLeft() + QPoint(2, 2), vp.bottomRight() - QPoint(2, 2))
    assert len(window.canvas.selected_node_ids()) == len(g)
    window.view.set_zoom(1.0)
    assert not window.canvas.overview_mode
    item = window.canvas.node_item(g.find("fc1"))
    assert item.isSelected() and not item.flags() & item.GraphicsItemFlag.ItemHasNoContents


def test_a_pyside6_that_aborts_the_editor_is_refused_with_what_to_install():
    from graphlab.ui.qt_version import qt_problem

    problem = qt_problem("6.12.0", (3, 11))
    assert "PySide6 6.12.0" in problem and "pip install -c constraints.txt" in problem
    assert qt_problem("6.12.0", (3, 12)) is None  # immortal None hides the bug there
    assert qt_problem("6.11.3", (3, 11)) is None


def test_many_void_qt_calls_do_not_use_up_none():
    """The installed (pinned) PySide6 keeps None's reference count on void calls."""
    from PySide6.QtCore import QPointF

    import graphlab.ui  # noqa: F401

    p = QPointF()
    for _ in range(100_000):
        p.setX(1.0)
    assert sys.getrefcount(None) > 1000
