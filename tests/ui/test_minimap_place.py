"""The minimap stays in its corner of the canvas when the docks resize the canvas."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from graphlab.ui.app import show_as_opened
from graphlab.ui.minimap import Minimap


def test_the_minimap_follows_the_canvas_corner_as_the_window_shrinks(make_window):
    w = make_window("digits_cnn")
    app = QApplication.instance()
    show_as_opened(app, w, (1920, 1080))
    show_as_opened(app, w, (1366, 768))  # the docks take the canvas's width
    for _ in range(10):
        app.processEvents()
    m = w.view.viewport().findChild(Minimap)
    vp = w.view.viewport()
    assert m.isVisible()  # digits_cnn at a readable zoom does not fit 1366 px
    assert 0 <= m.x() and m.x() + m.width() <= vp.width()
    assert vp.width() - (m.x() + m.width()) < 20  # in the top-right corner, not left behind
