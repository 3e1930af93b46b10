"""More node-editor habits (issue 20, item 5): a selection raises the Inspector, fuzzy Tab
search with categories, the graph's name editable, a shortcut sheet, a minimap and
auto-pan at the edge."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QMouseEvent

LEFT = Qt.MouseButton.LeftButton


def test_selecting_a_node_raises_the_inspector_tab(window, qtbot, drive):
    window.tabifyDockWidget(window.inspector_dock, window.code_dock)
    window.code_dock.raise_()
    qtbot.waitUntil(lambda: window.inspector.visibleRegion().isEmpty())  # behind Code
    drive.select("fc1")
    qtbot.waitUntil(lambda: not window.inspector.visibleRegion().isEmpty())
    assert window.inspector.node_id == window.graph.find("fc1")


def test_tab_search_is_fuzzy_and_shows_categories(window, qtbot, drive):
    drive.hover(drive.empty_spot())
    drive.key(Qt.Key.Key_Tab)
    search = window.view.search
    qtbot.keyClicks(search.edit, "lrl")
    assert search.shown_ops()[0] == "LeakyReLU"
    assert "activation" in search.list.item(0).text()
    search.edit.clear()
    qtbot.keyClicks(search.edit, "loss")  # a category finds its ops
    assert {"MSELoss", "BCELoss", "CrossEntropyLoss"} <= set(search.shown_ops())
    qtbot.keyClick(search.edit, Qt.Key.Key_Escape)


def test_graph_name_is_edited_in_the_inspector_and_in_file_properties(window, qtbot, drive):
    g = window.graph
    drive.click(drive.empty_spot())  # nothing selected: the Inspector shows the graph
    insp = window.inspector
    assert insp.node_id is None and insp.name_edit.isEnabled()
    assert insp.label_text(insp.name_edit) == "Graph name"
    assert insp.name_edit.text() == g.name
    insp.name_edit.setFocus()
    insp.name_edit.selectAll()
    qtbot.keyClicks(insp.name_edit, "classifier")
    qtbot.keyClick(insp.name_edit, Qt.Key.Key_Return)
    assert g.name == "classifier"
    assert window.editor.stack.text(window.editor.stack.index() - 1) == \
        "Rename graph seed_mlp to classifier"
    # File > Properties
    window.menus.actions["properties"].trigger()
    dialog = window.menus.dialog
    assert dialog.isVisible() and dialog.name.text() == "classifier"
    dialog.name.clear()  # an empty name is refused with the reason, the dialog stays
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), LEFT)
    assert g.name == "classifier" and dialog.isVisible()
    assert "cannot be empty" in dialog.error.text()
    dialog.name.setText("spam filter")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), LEFT)
    assert g.name == "spam filter" and not dialog.isVisible()
    assert insp.name_edit.text() == "spam filter"
    drive.shortcut("Ctrl+Z")
    assert g.name == "classifier"


def test_help_menu_has_a_shortcut_sheet(window, qtbot):
    menu_titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert "Help" in menu_titles
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F1)
    sheet = window.menus.dialog
    assert sheet is not None and sheet.isVisible()
    text = sheet.text.toPlainText()
    for needle in ("Ctrl+Del", "Delete and Reconnect", "Tab", "Ctrl+Z", "minimap"):
        assert needle in text
    sheet.close()


def test_minimap_click_shows_that_part_of_the_graph(window, qtbot):
    mini = window.view.minimap
    window.view.frame_all()
    qtbot.waitUntil(lambda: not mini.isVisible())  # all of it on screen: no minimap over it
    g = window.graph
    target = window.canvas.node_item(g.find("loss")).sceneBoundingRect().center()
    window.view.centerOn(window.canvas.node_item(g.find("x")).sceneBoundingRect().center())
    window.view.zoom_by(2.0)
    qtbot.waitUntil(mini.isVisible)
    assert mini.geometry().top() < 20 and mini.geometry().right() > window.view.viewport().width() - 20
    spot = mini.to_map(window.canvas.node_item(g.find("loss")).sceneBoundingRect()).center()
    qtbot.mouseClick(mini, LEFT, pos=spot.toPoint())
    centre = window.view.mapToScene(window.view.viewport().rect().center())
    assert abs(centre.x() - target.x()) < 40 and abs(centre.y() - target.y()) < 40
    window.menus.actions["minimap"].trigger()
    assert not mini.isVisible()


def test_dragging_a_node_to_the_edge_pans_the_canvas(window, qtbot, drive):
    g = window.graph
    fc2 = g.find("fc2")
    before = g.node(fc2).pos
    vp = drive.viewport
    grab = drive.header("fc2")
    edge = QPoint(vp.width() - 5, grab.y())
    start = window.view.mapToScene(vp.rect().center())
    # how far the node would go if the canvas stood still
    still = window.view.mapToScene(edge).x() - window.view.mapToScene(grab).x()
    drive._send(QMouseEvent.Type.MouseButtonPress, grab, LEFT)
    for i in range(1, 7):
        p = QPoint(grab.x() + (edge.x() - grab.x()) * i // 6, grab.y())
        drive._send(QMouseEvent.Type.MouseMove, p, LEFT)
    qtbot.waitUntil(lambda: window.view.mapToScene(vp.rect().center()).x() > start.x() + 100)
    drive._send(QMouseEvent.Type.MouseButtonRelease, edge, Qt.MouseButton.NoButton)
    assert g.node(fc2).pos[0] - before[0] > still + 100  # the canvas panned under the drag
    assert not window.view._autopan.isActive()
    drive.shortcut("Ctrl+Z")
    assert g.node(fc2).pos == before


def test_reset_layout_puts_closed_and_floating_docks_back(window, qtbot):
    from PySide6.QtCore import Qt as _Qt

    right = _Qt.DockWidgetArea.RightDockWidgetArea
    assert window.dockWidgetArea(window.inspector_dock) == right
    window.code_dock.close()
    window.inspector_dock.setFloating(True)
    window.removeDockWidget(window.diagnostics_dock)
    (act,) = [a for a in window.menus.view_menu.actions() if a.text() == "&Reset Layout"]
    act.trigger()
    qtbot.waitUntil(lambda: window.code_dock.isVisible())
    assert not window.inspector_dock.isFloating()
    assert window.dockWidgetArea(window.inspector_dock) == right
    assert window.diagnostics_dock.isVisible()
