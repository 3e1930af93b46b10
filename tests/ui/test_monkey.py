"""A seeded random user: clicks, drags between ports, keys. Nothing may raise (pytest-qt
fails the test on an exception inside a Qt handler), the canvas must match the model,
and undoing everything must give back the starting graph."""

import random

from PySide6.QtCore import QPoint, Qt

from tests.ui.conftest import normalised

KEYS = [(Qt.Key.Key_Delete, None), (Qt.Key.Key_F, None), ("Ctrl+D", "s"), ("Ctrl+Z", "s"),
        ("Ctrl+Y", "s"), ("Ctrl+C", "s"), ("Ctrl+V", "s"), ("Ctrl+L", "s")]


def test_random_user_session(window, qtbot, drive):
    rng = random.Random(4)
    g = window.graph
    start = normalised(g)
    for _ in range(120):
        items = window.canvas.node_items()
        action = rng.choice(["wire", "wire", "click", "drag", "key", "tab"])
        if action == "wire" and len(items) > 1:
            a, b = rng.sample(items, 2)
            outs, ins = a.look.outputs, b.look.inputs
            if outs and ins:
                drive.drag(drive.to_view(a.port_scene_pos(rng.choice(outs)[0], True)),
                           drive.to_view(b.port_scene_pos(rng.choice(ins)[0], False)))
        elif action == "click" and items:
            drive.click(drive.to_view(rng.choice(items).mapToScene(40, 8)))
        elif action == "drag" and items:
            p = drive.to_view(rng.choice(items).mapToScene(40, 8))
            drive.drag(p, p + QPoint(rng.randint(-80, 80), rng.randint(-80, 80)))
        elif action == "key":
            key, kind = rng.choice(KEYS)
            drive.shortcut(key) if kind else drive.key(key)
        elif action == "tab":
            drive.hover(drive.empty_spot())
            drive.key(Qt.Key.Key_Tab)
            qtbot.keyClicks(window.view.search.edit, rng.choice(["relu", "lin", "add", "zz"]))
            qtbot.keyClick(window.view.search.edit, Qt.Key.Key_Return)
            window.view.search.hide()
        assert len(window.canvas.node_items()) == len(g)
        assert {w.edge for w in window.canvas.wire_items()} == set(g.edges())
    assert window.editor.stack.index() >= 15  # the session did edit the graph
    while window.editor.stack.canUndo():
        window.editor.stack.undo()
    assert normalised(g) == start
