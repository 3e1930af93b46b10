"""Hovering a Conv2d node shows its feature maps for the chosen sample, and its filters."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication


def hover(qtbot, w, node_id):
    """Move the pointer onto the node: a real mouse-move event through the view and the
    scene (QTest's cursor moves deliver none when the window is not the active one, as
    late in a long test run)."""
    view = w.view
    item = w.canvas.node_item(node_id)
    view.centerOn(item)
    qtbot.wait(1)
    at = QPointF(view.mapFromScene(item.sceneBoundingRect().center()))
    for pos in (QPointF(2, 2), at):  # from off the node onto it
        event = QMouseEvent(QEvent.Type.MouseMove, pos, view.viewport().mapToGlobal(pos),
                            Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(view.viewport(), event)
        qtbot.wait(1)


def test_hovering_a_conv_shows_its_maps_and_filters(qtbot, live_window):
    import graphlab
    from graphlab.compile import compile_graph
    from graphlab.train.datasets import prepare
    from graphlab.train.teach import StepThrough

    w = live_window("digits_cnn")
    maps = w.live.steps.maps
    conv1 = w.graph.find("conv1")
    w.live.step_panel.pick_row(5)
    hover(qtbot, w, conv1)
    qtbot.waitUntil(lambda: maps.popup.shown is not None, timeout=120_000)
    fm = maps.popup.shown
    assert fm.node_id == conv1 and fm.maps.shape == (16, 8, 8) and fm.channels == 16
    assert maps.popup.isVisible() and "for training row 5" in maps.popup.title.text()
    np.testing.assert_array_equal(fm.image, data_row_picture(w, 5))
    # what the layer computes for that row, here in the test process
    t = w.graph.training
    data = prepare(w.graph, t["dataset"], t["val_fraction"], t["standardize"], w.graph.seed)
    c = compile_graph(graphlab.example("digits_cnn"), "torch")
    s = StepThrough(c, [data.x_train[5:6]], [data.y_train[5:6]]).run_forward()
    np.testing.assert_allclose(fm.maps, s.value(conv1)[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(fm.filters, c.model.get_weights()["conv1.weight"])
    assert maps.popup.maps.count() == 16 and maps.popup.filters.count() == 16
    assert "filters conv1.weight [16, 1, 3, 3]" in maps.popup.filter_title.text()
    # off the node, or on one that is no image: no popup
    hover(qtbot, w, w.graph.find("fc"))
    assert not maps.popup.isVisible()
    assert not maps.show_for(w.graph.find("fc"))


def test_a_relu_after_the_conv_shows_maps_without_filters(qtbot, live_window):
    w = live_window("digits_cnn")
    maps = w.live.steps.maps
    relu = w.graph.find("relu1")
    assert maps.show_for(relu)
    qtbot.waitUntil(lambda: maps.popup.shown is not None, timeout=120_000)
    assert maps.popup.shown.filters is None and np.all(maps.popup.shown.maps >= 0)
    assert "sample 0 of the first training batch" in maps.popup.title.text()
    assert "no filters of its own" in maps.popup.filter_title.text()


def test_an_image_dataset_shows_thumbnails_with_labels(qtbot, live_window):
    from graphlab.train.datasets import load_dataset
    from graphlab.ui.live.dataset_choice import as_images

    w = live_window("digits_cnn")
    thumbs = w.live.steps.thumbnails
    assert not thumbs.isHidden() and thumbs.shown == 8  # (its dock may be a hidden tab)
    d = load_dataset("digits", seed=0)
    first = thumbs.row.itemAt(0).widget().findChildren(type(w.live.step_panel.where))
    assert first[1].text() == str(int(d.y[0]))  # the picture's label under it
    assert as_images(d.x[:2]).shape == (2, 8, 8)
    assert as_images(np.zeros((3, 2), np.float32)) is None  # moons' points are no pictures
    w.live.train_panel.dataset.setCurrentText("moons")
    assert thumbs.isHidden() and thumbs.shown == 0


def test_the_thumbnails_sit_in_the_train_dock(qtbot, live_window):
    w = live_window("digits_cnn")
    thumbs = w.live.steps.thumbnails
    assert not thumbs.isWindow() and thumbs.window() is w
    assert w.live.train_panel.isAncestorOf(thumbs)


def data_row_picture(w, row):
    from graphlab.train.datasets import prepare

    t = w.graph.training
    data = prepare(w.graph, t["dataset"], t["val_fraction"], t["standardize"], w.graph.seed)
    return data.x_train[row].reshape(8, 8)
