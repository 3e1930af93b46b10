"""The train dock's "Image folder...": the section keeps the folder (relative to the
graph's), the preview lists the classes by name and the thumbnails show a few images of
each class with the class name under it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from tests.train.test_image_folder import make_folder


def test_an_image_folder_beside_the_graph_shows_its_classes_and_thumbnails(live_window,
                                                                           tmp_path):
    from graphlab.ui.live.dataset_choice import IMAGE_FOLDER, THUMBNAILS

    w = live_window("digits_cnn")
    assert w.files.save_to(tmp_path / "mine.graphlab.json")
    make_folder(tmp_path / "imgs")  # cat, dog, owl: 4 images each
    p, thumbs = w.live.train_panel, w.live.steps.thumbnails
    assert p.dataset.findText(IMAGE_FOLDER) >= 0
    p.dataset.choose_folder(str(tmp_path / "imgs"))
    assert w.graph.training["dataset"] == "imgs/"
    assert p.dataset.currentText() == "imgs/  (image folder)"
    text = p.preview.text()
    assert "12 samples of shape [1, 28, 28]" in text and "0 cat: 4, 1 dog: 4, 2 owl: 4" in text
    assert not thumbs.isHidden() and thumbs.shown == THUMBNAILS
    names = [thumbs.row.itemAt(i).widget().findChildren(QLabel)[1].text()
             for i in range(thumbs.shown)]
    assert names == ["cat", "dog", "owl"] * 2 + ["cat", "dog"]  # each class's first in turn
    from graphlab.train.datasets import load_dataset
    from graphlab.ui.live.feature_maps import grey_pixmap

    d = load_dataset(str(tmp_path / "imgs"))  # the owl's first is sample 8
    shown = thumbs.row.itemAt(2).widget().findChildren(QLabel)[0].pixmap().toImage()
    assert shown == grey_pixmap(d.x[8, 0], 32).toImage() != grey_pixmap(d.x[9, 0], 32).toImage()
    w.editor.stack.undo()
    assert w.graph.training["dataset"] == "digits" and thumbs.shown == THUMBNAILS
    w.editor.stack.redo()
    assert p.dataset.currentText() == "imgs/  (image folder)"


def test_a_folder_that_cannot_be_used_hides_the_thumbnails_and_says_why(live_window,
                                                                       tmp_path):
    w = live_window("digits_cnn")
    (tmp_path / "one" / "only").mkdir(parents=True)
    w.live.train_panel.dataset.choose_folder(str(tmp_path / "one"))
    assert w.live.steps.thumbnails.isHidden()
    assert "has 1 class subfolder(s)" in w.live.train_panel.preview.text()


def test_the_problem_list_checks_a_folder_from_its_listing_without_decoding(tmp_path):
    """The editor checks the dataset on the GUI thread: for an image folder it lists the
    files (shape, classes) and leaves decoding to Run, so a damaged image shows there."""
    from graphlab.graph.fileformat import load, save
    from graphlab.ui.problems import document_problems
    from tests.train.test_image_folder import _graph

    make_folder(tmp_path / "imgs")
    (tmp_path / "imgs" / "dog" / "2.jpg").write_bytes(b"damaged")
    g = load(save(_graph("imgs/", shape=(3, 8, 8)), tmp_path / "g.graphlab.json"))
    text = "\n".join(d.message for d in document_problems(g))
    assert 'gives samples of shape [1, 28, 28], the Input expects [3, 8, 8]' in text
    assert '"size": [8, 8], "color": "rgb"' in text and "damaged" not in text


def test_the_image_folder_item_asks_for_a_folder_and_cancel_keeps_the_dataset(live_window,
                                                                             qtbot, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    from graphlab.ui.live.dataset_choice import IMAGE_FOLDER

    w = live_window("digits_cnn")
    p, seen = w.live.train_panel, []

    def cancel():  # the dialog is modal: answer it as a person would, with Cancel
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, cancel)
            return
        seen.append((type(dialog), getattr(dialog, "fileMode", lambda: None)()))
        dialog.reject()

    QTimer.singleShot(0, cancel)
    p.dataset.setCurrentIndex(p.dataset.findText(IMAGE_FOLDER))
    assert seen == [(QFileDialog, QFileDialog.FileMode.Directory)]
    assert p.dataset.currentText() == "digits" and w.graph.training["dataset"] == "digits"
