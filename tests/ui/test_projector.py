"""The editor on a 1280x720 projector and a 1366x768 laptop: docks side by side, never
over each other; plots, code and node titles big enough to read; the window shrinks."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDockWidget

from graphlab.ui import theme


@pytest.fixture
def opened(qtbot, tmp_path):
    from graphlab.ui.app import show_as_opened
    from graphlab.ui.main_window import MainWindow

    made = []

    def make(example: str, size: tuple[int, int]):
        settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
        w = MainWindow(settings=settings, autosave=False, remember_layout=False)
        qtbot.addWidget(w)
        w.files.open_example(example)
        assert show_as_opened(QApplication.instance(), w, size)
        qtbot.waitExposed(w)
        made.append(w)
        return w

    yield make
    for w in made:
        w.live.stop(wait=True)
        w.editor.stack.setClean()


def shown_docks(w) -> list[QDockWidget]:
    """The docks a person sees (a tab behind another one is not seen)."""
    return [d for d in w.findChildren(QDockWidget)
            if d.isVisible() and not d.visibleRegion().isEmpty()]


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768)])
def test_the_whole_app_fits_a_small_screen_without_overlaps(opened, size):
    w = opened("digits_cnn", size)
    assert (w.width(), w.height()) == size  # it did not grow past the screen
    assert w.minimumSizeHint().height() < 600
    docks = shown_docks(w)
    titles = {d.windowTitle() for d in docks}
    assert {"Train", "Curves", "Insights", "Code", "Ops"} <= titles
    for i, a in enumerate(docks):
        assert w.rect().contains(a.geometry()), a.windowTitle()
        for b in docks[i + 1:]:
            assert not a.geometry().intersects(b.geometry()), (a.windowTitle(),
                                                               b.windowTitle())
    # what the docks hold stays readable: ten lines of code, plots a hand tall
    code = w.code_view.text
    assert code.viewport().height() >= 10 * code.fontMetrics().lineSpacing()
    curves = w.live.curves
    assert curves.height() >= 170
    # the canvas opens at a zoom where node titles are drawn, with the inputs in view
    assert w.view.zoom_factor() > theme.LOD_TEXT
    image = w.view.mapFromScene(w.canvas.node_item(w.graph.find("image")).pos())
    assert w.view.viewport().rect().contains(image)
    # the Run button is in view without scrolling the Train dock
    run = w.live.train_panel.run_button
    top = run.mapTo(w, run.rect().topLeft())
    assert w.live.docks.train_dock.geometry().contains(top)
    # ... nor sideways: Stop and the dataset's thumbnails are in the dock's width
    area = w.live.train_panel.parentWidget().parentWidget()  # the dock's scroll area
    assert not area.horizontalScrollBar().isVisible()
    stop = w.live.train_panel.stop_button
    right = stop.mapTo(area.viewport(), stop.rect().topRight())
    assert area.viewport().rect().contains(right)


def test_a_short_wide_curves_dock_puts_its_plots_side_by_side(opened):
    w = opened("xor", (1280, 720))
    curves = w.live.curves
    curves.set_losses([(i, 1.0 / (i + 1)) for i in range(50)])
    QApplication.processEvents()
    loss, acc = curves.loss_plot, curves.acc_plot
    assert loss.height() >= 120 and acc.height() >= 120  # not a 20 px accuracy strip
    # the timeline's ends sit under the loss plot's x range
    vb = loss.getViewBox()
    box = vb.mapRectToScene(vb.boundingRect())
    left = loss.mapTo(curves, loss.mapFromScene(box.topLeft())).x()
    right = loss.mapTo(curves, loss.mapFromScene(box.topRight())).x()
    slider = curves.slider.geometry()
    handle = curves.slider.style().pixelMetric(
        curves.slider.style().PixelMetric.PM_SliderLength, None, curves.slider)
    assert abs(slider.left() + handle / 2 - left) <= 4
    assert abs(slider.right() - handle / 2 - right) <= 4


def test_screenshot_cli_renders_the_whole_app_at_1280x720(tmp_path):
    out = tmp_path / "shot.png"
    res = subprocess.run([sys.executable, "-m", "graphlab", "digits_cnn", "--screenshot",
                          str(out), "--size", "1280x720"], capture_output=True, text=True,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
                         timeout=120)
    assert res.returncode == 0, res.stderr
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1280, 720)
    assert "Traceback" not in res.stderr


def test_a_document_with_errors_opens_with_its_problems_in_front(opened):
    from pathlib import Path

    w = opened("xor", (1280, 720))
    assert w.live.curves_dock in shown_docks(w)
    broken = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / \
        "cnn_missing_flatten.graphlab.json"
    w.files.open_path(str(broken))
    QApplication.processEvents()
    shown = shown_docks(w)
    assert w.diagnostics_dock in shown and w.live.curves_dock not in shown
    assert w.files.new()
    QApplication.processEvents()
    assert w.live.curves_dock in shown_docks(w)


def test_a_node_selected_on_opening_shows_its_inspector_rows_whole(qtbot, tmp_path):
    """--select at 1280x720: the Inspector's fields at their full height (they were
    drawn squashed: the picture was taken before the rows were laid out)."""
    from graphlab.ui.app import show_as_opened
    from graphlab.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, autosave=False, remember_layout=False)
    qtbot.addWidget(w)
    w.files.open_path("docs/screenshots/cnn_missing_flatten.graphlab.json")
    assert show_as_opened(QApplication.instance(), w, (1280, 720), "fc")
    for name, field in w.inspector.fields.items():
        assert field.widget.height() >= field.widget.minimumSizeHint().height(), name
    w.editor.stack.setClean()
