"""Save, reopen, corrupt files, unsaved-changes questions, recent files (recovery:
test_recovery.py)."""

from PySide6.QtCore import Qt

from graphlab.graph.fileformat import load
from tests.ui.conftest import normalised


def test_save_reopen_compare(make_window, qtbot, drive, window, tmp_path):
    drive.select("fc1")
    drive.shortcut("Ctrl+D")
    drive.shortcut("Ctrl+S")  # an example has no file yet: Save asks where
    assert window.save_path.exists()
    assert window.files.path == window.save_path
    assert not window.isWindowModified()
    assert "out.graphlab.json" in window.windowTitle()
    assert normalised(load(window.save_path)) == normalised(window.graph)
    other = make_window(None)
    assert other.files.open_path(window.save_path)
    assert normalised(other.graph) == normalised(window.graph)
    assert len(other.canvas.node_items()) == len(window.graph)
    assert other.files.recent()[0] == str(window.save_path.resolve())


def test_corrupt_file_shows_loader_message_and_keeps_graph(window, tmp_path):
    before = normalised(window.graph)
    bad = tmp_path / "bad.graphlab.json"
    bad.write_text('{"format": 2, "nodes": [{"id": "a", "op": "Lineer"}], "edges": []}')
    assert not window.files.open_path(bad)
    assert len(window.errors) == 1
    assert "unknown op 'Lineer'" in window.errors[0] and "did you mean 'Linear'" in window.errors[0]
    assert normalised(window.graph) == before
    assert len(window.canvas.node_items()) == len(window.graph)
    (tmp_path / "junk.graphlab.json").write_text("{not json")
    assert not window.files.open_path(tmp_path / "junk.graphlab.json")
    assert "not valid JSON" in window.errors[1]
    assert normalised(window.graph) == before


def test_closing_with_unsaved_changes_asks(window, drive):
    drive.select("fc1")
    drive.key(Qt.Key.Key_Delete)
    window.answers.append("cancel")
    assert not window.close()
    assert window.isVisible()
    window.answers.append("save")
    assert window.close()
    assert window.save_path.exists()


def test_new_discards_after_asking(window):
    window.editor.add_node("ReLU")
    window.answers.append("discard")
    assert window.files.new()
    assert len(window.graph) == 0 and window.editor.stack.count() == 0


def test_graph_without_positions_is_laid_out(window, tmp_path):
    from graphlab import examples
    from graphlab.graph.fileformat import save

    g = examples.example("residual")
    for n in g.node_ids():
        g.move(n, (0, 0))
    save(g, tmp_path / "flat.graphlab.json")
    assert window.files.open_path(tmp_path / "flat.graphlab.json")
    assert len({v.pos for v in window.graph.nodes()}) == len(window.graph)


def test_recent_files_menu_lists_opened_files(window, tmp_path):
    from graphlab.graph.fileformat import save

    paths = []
    for name in ("a", "b"):
        p = tmp_path / f"{name}.graphlab.json"
        save(window.graph, p)
        assert window.files.open_path(p)
        paths.append(str(p.resolve()))
    window.menus.fill_recent()
    shown = [a.text() for a in window.menus.recent_menu.actions()]
    assert shown[:2] == [paths[1], paths[0]]
    window.menus.recent_menu.actions()[1].trigger()
    assert window.files.path.resolve() == tmp_path / "a.graphlab.json"


def test_export_code_writes_generated_source(window, tmp_path):
    import pytest

    from graphlab.ui.export_actions import compiler_problem

    window.menus.update_export_actions()
    if compiler_problem() is not None:
        assert not window.actions["export_torch"].isEnabled()
        pytest.skip(compiler_problem())
    from graphlab.compile import generate_source

    for backend in ("torch", "tf"):
        window.save_path = tmp_path / f"model_{backend}.py"
        assert window.exports.export_code(backend)
        assert window.save_path.read_text() == generate_source(window.graph, backend)
    window.editor.delete([window.graph.find("relu1")])
    window.save_path = tmp_path / "broken.py"
    assert not window.exports.export_code("torch")
    assert 'Linear "fc2"' in window.errors[-1] and not window.save_path.exists()


def test_a_graph_file_dropped_on_the_canvas_opens(window, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    from graphlab import examples
    from graphlab.graph.fileformat import save

    path = save(examples.example("xor"), tmp_path / "dropped.graphlab.json")

    def drop(p):
        data = QMimeData()
        data.setUrls([QUrl.fromLocalFile(str(p))])
        event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, data,
                           Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        window.view.dropEvent(event)

    before = window.graph.name
    drop(tmp_path / "notes.txt")  # not a graph file: nothing happens
    assert window.graph.name == before
    drop(path)
    assert window.graph.name == "xor" and window.files.path == path
