import pytest
from PySide6.QtCore import QSettings

from graphlab.graph.fileformat import graph_to_dict
from tests.ui.driver import Driver


def normalised(graph) -> dict:
    """graph_to_dict with nodes in id order (undo may restore a node at another index)."""
    d = graph_to_dict(graph)
    d["nodes"] = sorted(d["nodes"], key=lambda n: n["id"])
    return d


@pytest.fixture
def make_window(qtbot, tmp_path):
    from graphlab.ui.main_window import MainWindow

    def make(example: str | None = "seed_mlp", recovery_dir=None):
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        w = MainWindow(settings=settings, recovery_dir=recovery_dir or tmp_path / "recovery",
                       autosave=False)
        w.errors = []
        w.answers = []
        w.show_error = lambda title, text: w.errors.append(text)
        w.ask_choice = lambda title, text, choices: w.answers.pop(0) if w.answers else "discard"
        w.ask_save_path = lambda suggest, *a: str(w.save_path)
        w.save_path = tmp_path / "out.graphlab.json"
        w.resize(1300, 800)
        qtbot.addWidget(w)
        if example:
            w.files.open_example(example)
        w.show()
        qtbot.waitExposed(w)
        w.view.frame_all()
        qtbot.wait(1)
        w.editor.stack.setClean()
        return w

    return make


@pytest.fixture
def window(make_window):
    return make_window()


@pytest.fixture
def drive(qtbot, window):
    return Driver(qtbot, window)


@pytest.fixture(autouse=True, scope="session")
def _empty_clipboard_at_exit():
    """Qt's offscreen platform crashes at interpreter exit if the clipboard still owns
    our MIME data; empty it once the session is over (the app does the same on quit)."""
    yield
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        app.clipboard().clear()
        app.processEvents()
