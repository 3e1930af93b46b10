"""Wire labels that can be read (graphlab issue 20, item 9): on transformer_waveforms
the shape labels used to sit at every wire's middle, over each other and over nodes;
now each takes the first free spot along its wire, and one with no free spot shows
while the pointer is on its wire."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from graphlab.ui.canvas.wire_labels import LABEL_HEIGHT, place_labels


def _node_rects(scene) -> list[QRectF]:
    out = []
    for it in scene.node_items():  # what is drawn of a node (its port dots are on top)
        out.append(it.body_rect().translated(*it.xy))
    return out


def _problems(scene) -> list[str]:
    """Labels drawn over another label, a node or another wire."""
    shown = [w for w in scene.wire_items() if w.label_shown]
    found = []
    for a, b in itertools.combinations(shown, 2):
        if a.label_rect().intersects(b.label_rect()):
            found.append(f"{a.text} over {b.text}")
    for w in shown:
        found += [f"{w.text} over a node" for r in _node_rects(scene)
                  if r.intersects(w.label_rect())]
        found += [f"{w.text} over the wire carrying {o.text}" for o in scene.wire_items()
                  if o is not w and o.shape().intersects(w.label_rect().adjusted(3, 3, -3, -3))]
    return found


def _pointer_to(view, p: QPoint) -> None:
    """The pointer moves to ``p``: real mouse-move events through the viewport (QTest's
    cursor moves are not delivered to an inactive offscreen window)."""
    vp = view.viewport()
    for q in (p - QPoint(1, 0), p):
        QApplication.sendEvent(vp, QMouseEvent(
            QMouseEvent.Type.MouseMove, QPointF(q), QPointF(vp.mapToGlobal(q)),
            Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))


def _click(qtbot, view, p: QPoint) -> None:
    """Press and release (QTest's mouseClick, sent after the synthetic moves above, did
    not reach the scene)."""
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=p)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=p)


def _settled(qtbot, scene) -> None:
    qtbot.waitUntil(lambda: not scene.notes.labels_pending(), timeout=5000)


def test_transformer_labels_overlap_nothing_where_the_middles_did(make_window, qtbot):
    w = make_window("transformer_waveforms")
    scene = w.canvas
    _settled(qtbot, scene)
    wires = scene.wire_items()
    # every label at its wire's middle (the old drawing) overlaps another or a node
    middles = []
    for wire in wires:
        x, y = wire.point_at(0.5)
        half = wire.label_width() / 2
        middles.append(QRectF(x - half, y - LABEL_HEIGHT / 2, 2 * half, LABEL_HEIGHT))
    nodes = _node_rects(scene)
    assert any(a.intersects(b) for a, b in itertools.combinations(middles, 2)) or any(
        m.intersects(r) for m in middles for r in nodes)
    assert _problems(scene) == []
    assert sum(wire.label_shown for wire in wires) >= 3  # it is not done by hiding them all
    placed = [(wire.edge, wire.label_rect(), wire.label_shown) for wire in wires]
    place_labels(scene.node_items(), scene.wire_items())  # the same answer every time
    assert [(wire.edge, wire.label_rect(), wire.label_shown) for wire in wires] == placed


def test_after_a_node_is_dragged_labels_find_free_spots_again(make_window, qtbot, drive):
    w = make_window("transformer_waveforms")
    scene = w.canvas
    _settled(qtbot, scene)
    shown = next(wire for wire in scene.wire_items() if wire.label_shown)
    spot = shown.label_rect().center()
    node = scene.node_item(w.graph.find("embed"))
    # drag embed by its header so that it lands on the label
    header = w.view.mapFromScene(node.mapToScene(QPointF(60, 10)))
    target = w.view.mapFromScene(spot)
    drive.drag(header, header + (target - w.view.mapFromScene(node.mapToScene(
        QPointF(60, 10)))) + QPoint(0, 5))
    _settled(qtbot, scene)
    assert _problems(scene) == []
    w.editor.stack.undo()
    _settled(qtbot, scene)
    assert _problems(scene) == []


def test_a_label_with_no_free_spot_shows_under_the_pointer(make_window, qtbot, drive):
    w = make_window("transformer_waveforms")
    scene, view = w.canvas, w.view
    _settled(qtbot, scene)
    hidden = [wire for wire in scene.wire_items() if not wire.label_shown]
    assert hidden
    wire = hidden[0]
    rect = view.mapFromScene(wire.label_rect()).boundingRect()
    _pointer_to(view, drive.empty_spot())
    qtbot.wait(20)
    before = view.viewport().grab(rect).toImage()
    assert not wire.label_drawn
    on_wire = next(p for p in (QPointF(*wire.point_at(s / 20)) for s in range(2, 19))
                   if scene.node_at(p) is None and scene.port_at(p) is None)
    _pointer_to(view, view.mapFromScene(on_wire))
    qtbot.waitUntil(lambda: view.viewport().grab(rect).toImage() != before, timeout=3000)
    assert wire.label_drawn and wire.zValue() > 0  # drawn above the nodes it hid under
    _pointer_to(view, drive.empty_spot())
    assert not wire.label_drawn and wire.zValue() < 0
    # a click selects the wire: its label shows until something else is selected
    _click(qtbot, view, view.mapFromScene(on_wire))
    _pointer_to(view, drive.empty_spot())
    assert wire.isSelected() and wire.label_drawn and wire.zValue() > 0
    _click(qtbot, view, drive.empty_spot())
    assert not wire.isSelected() and not wire.label_drawn and wire.zValue() < 0
    assert wire.toolTip().endswith(wire.text)
