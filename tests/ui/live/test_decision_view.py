"""The Data dock while xor trains (real worker): the points, and decision regions that
move as the model learns until each corner sits in its own class's region; hovering a
hidden node shows its units over the same plane."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication

from graphlab.train.plane import GRID

WAIT = 60_000


def corner_classes(view) -> list[int]:
    """The class the shown frame gives the grid point nearest each training point."""
    s, f = view.setup, view.frame
    x0, x1, y0, y1 = s.bounds
    out = []
    for px, py in s.x_train:
        ix = int(round((px - x0) / (x1 - x0) * (GRID - 1)))
        iy = int(round((py - y0) / (y1 - y0) * (GRID - 1)))
        out.append(int(f.probs[:, iy, ix].argmax()))
    return out


def test_xor_points_and_a_boundary_that_moves_as_it_trains(qtbot, live_window):
    w = live_window("xor")
    live = w.live
    view = live.docks.data_view
    assert live.docks.data_dock.toggleViewAction() in w.menus.view_menu.actions()
    qtbot.mouseClick(live.train_panel.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.frame is not None, timeout=WAIT)
    first = view.frame.probs.copy()
    xs, ys = view.train_points.getData()
    assert sorted(zip(xs.tolist(), ys.tolist(), strict=True)) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    brushes = [b.color().name() for b in view.train_points.data["brush"]]
    assert brushes[0] != brushes[1] and brushes[1] == brushes[2]  # coloured by class
    assert view.regions.image is not None and view.regions.image.shape == (GRID, GRID, 3)
    qtbot.waitUntil(lambda: live.session.done, timeout=WAIT)
    qtbot.waitUntil(lambda: view.frame.step == live.session.result.steps, timeout=WAIT)
    assert np.abs(view.frame.probs.astype(int) - first).mean() > 10  # the regions moved
    assert corner_classes(view) == [int(c) for c in view.setup.y_train]  # xor is solved
    # hover a hidden node: one map per unit, over the same plane
    hidden = w.graph.find("hidden")
    item = w.canvas.node_item(hidden)
    pos = w.view.mapFromScene(item.sceneBoundingRect().center())
    assert live.docks.unit_hover.show_at(pos)
    popup = live.docks.unit_hover.popup
    maps, ranges = view.frame.units[hidden]
    assert popup.isVisible() and popup.node_id == hidden and f"{len(maps)} unit(s)" in \
        popup.title.text()
    assert not live.docks.unit_hover.show_at(QPoint(2, 2))  # empty canvas: no popup
    popup.hide()
    # the way Qt asks: a tooltip event on the canvas's viewport
    vp = w.view.viewport()
    QApplication.sendEvent(vp, QHelpEvent(QEvent.Type.ToolTip, pos, vp.mapToGlobal(pos)))
    assert popup.isVisible() and popup.node_id == hidden
    # clicking a training point picks its row for the step-through
    rows = []
    view.row_clicked.connect(rows.append)
    view.train_points.sigClicked.emit(view.train_points, view.train_points.points()[2:3], None)
    assert rows == [2] and live.step_panel.row.value() == 2
