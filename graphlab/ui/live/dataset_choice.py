"""The train dock's dataset field: the built-in datasets, or a CSV/NPZ file of one's own.

A built-in dataset is saved in the training section by name. "From file..." asks for a
.csv or .npz file and, for a CSV, which column is the target (the last one unless
chosen otherwise); the section then holds ``{"path": ..., "target": ...}`` (or the bare
path of an .npz), as docs/format.md describes, and the preview shows the file's data. When the
samples are pictures (a [C, H, W] sample, or a flat one of a square size such as the
digits' 64 = 8×8 values) :class:`DatasetThumbnails` shows the first few under the
preview, each with its label. "Image folder..." asks for a folder holding one subfolder
of images per class; the section holds its path with a trailing slash (``imgs/``), and
the thumbnails show each class's first images with the class names (only those few are
decoded on the GUI thread).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from graphlab.train.datasets import REGISTRY, DatasetError, split_spec
from graphlab.train.datasets.files import check_csv, check_npz, check_path
from graphlab.train.datasets.registry import is_folder_spec
from graphlab.ui.i18n import QT_TRANSLATE_NOOP, translate
from graphlab.ui.i18n.docs import dataset_doc
from graphlab.ui.i18n.messages import translate_message

FROM_FILE = QT_TRANSLATE_NOOP("TrainPanel", "From file…")
IMAGE_FOLDER = QT_TRANSLATE_NOOP("TrainPanel", "Image folder…")
ASKS = (FROM_FILE, IMAGE_FOLDER)  # items that open a dialog instead of being a choice
SPEC = Qt.ItemDataRole.UserRole  # a file item's dataset spec
ASK = Qt.ItemDataRole.UserRole + 1  # a dialog item's dialog ("file" or "folder"), not its text


class DatasetChoice(QComboBox):
    changed = Signal()  # the person chose another dataset

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        for name, spec in REGISTRY.items():
            self.addItem(name)
            self.setItemData(self.count() - 1, dataset_doc(spec.description),
                             Qt.ItemDataRole.ToolTipRole)
        self.insertSeparator(self.count())
        self.addItem(translate("TrainPanel", FROM_FILE))
        self.setItemData(self.count() - 1, "file", ASK)
        self.setItemData(self.count() - 1, translate(
            "TrainPanel", "train on a .csv (numeric, header row) or .npz (arrays x and y) file"),
            Qt.ItemDataRole.ToolTipRole)
        self.addItem(translate("TrainPanel", IMAGE_FOLDER))
        self.setItemData(self.count() - 1, "folder", ASK)
        self.setItemData(self.count() - 1, translate(
            "TrainPanel", "train on a folder of images with one subfolder per class (resized "
            "to 28x28, grey)"), Qt.ItemDataRole.ToolTipRole)
        self._shown = self.currentIndex()
        self._quiet = False
        # the graph file's folder: relative data paths are read from there, and a file
        # chosen inside it is saved relative to it (the project folder can move)
        self.folder: Path | None = None
        self.currentIndexChanged.connect(self._index_changed)

    # ----- the spec ---------------------------------------------------------------------------
    def spec(self):
        """The dataset as the training section holds it: a name, a path or an object."""
        data = self.itemData(self.currentIndex(), SPEC)
        return data if data is not None else self.currentText()

    def set_spec(self, spec) -> None:
        """Show ``spec`` (a file gets an item of its own); emits nothing."""
        self._quiet = True
        try:
            path, _ = split_spec(spec)
            if isinstance(spec, str) and spec in REGISTRY:
                self.setCurrentIndex(self.findText(spec))
            else:
                self.setCurrentIndex(self._file_item(spec, path))
            self._shown = self.currentIndex()
        finally:
            self._quiet = False

    def choose_file(self, path: str, target=None) -> None:
        """Train on the file at ``path`` (target column ``target`` for a CSV), as if picked
        from the dialog."""
        path = self._saved_path(path)
        self._choose({"path": path, "target": target} if target is not None else path, path)

    def choose_folder(self, path: str) -> None:
        """Train on the image folder at ``path`` (one subfolder per class), as if picked
        from the dialog; saved as ``DIR/`` (see docs/format.md)."""
        path = self._saved_path(path).rstrip("/") + "/"
        self._choose(path, path)

    def _saved_path(self, path: str) -> str:
        """``path`` as the section saves it: relative to the graph's folder when inside."""
        p = Path(path).resolve()
        if self.folder is not None and p.is_relative_to(self.folder):
            p = p.relative_to(self.folder)
        return str(p)

    def _choose(self, spec, path: str) -> None:
        self._quiet = True
        try:
            self.setCurrentIndex(self._file_item(spec, path))
            self._shown = self.currentIndex()
        finally:
            self._quiet = False
        self.changed.emit()

    def loader_args(self) -> tuple[str, dict]:
        """(name or path, options) for ``load_dataset`` / ``preview``."""
        return split_spec(self.spec(), self.folder)

    # ----- internals --------------------------------------------------------------------------
    def _file_item(self, spec, path: str) -> int:
        """The index of the item for ``spec``, added just above the separator if new."""
        for i in range(self.count()):
            if self.itemData(i, SPEC) == spec:
                return i
        target = spec.get("target") if isinstance(spec, dict) else None
        label = Path(path).name + (f"  (target: {target})" if target is not None else "")
        if path.endswith(("/", "\\")):
            label += "/  (image folder)"
        at = self.count() - 1 - len(ASKS)  # before the separator and the dialog items
        self.insertItem(at, label)
        self.setItemData(at, spec, SPEC)
        self.setItemData(at, path, Qt.ItemDataRole.ToolTipRole)
        return at

    def _index_changed(self, index: int) -> None:
        if self._quiet:
            return
        ask = self.itemData(index, ASK)
        if ask:
            self._quiet = True
            self.setCurrentIndex(self._shown)  # until a file is chosen
            self._quiet = False
            if ask == "file":
                self._ask_file()
            else:
                self._ask_folder()
            return
        self._shown = index
        self.changed.emit()

    def _ask_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self,
                                              translate("TrainPanel", "Train on a data file"), "",
                                              "Data files (*.csv *.npz *.txt)")
        if not path:
            return
        target = None
        try:
            columns = file_columns(path)
        except DatasetError as err:
            QMessageBox.warning(self, translate("TrainPanel", "Cannot train on this file"),
                                translate_message(str(err)))
            return
        if len(columns) >= 2:
            target, ok = QInputDialog.getItem(
                self, translate("TrainPanel", "Target column"),
                translate("TrainPanel", "Which column holds the target?"), columns,
                len(columns) - 1, False)
            if not ok:
                return
        self.choose_file(path, target)


    def _ask_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, translate(
            "TrainPanel", "Train on a folder of images (one subfolder per class)"))
        if not path:
            return
        from graphlab.train.datasets.image_folder import listing

        try:
            listing(path)  # the files, not their pixels: a missing class is named now
        except DatasetError as err:
            QMessageBox.warning(self, translate("TrainPanel", "Cannot train on this folder"),
                                translate_message(str(err)))
            return
        self.choose_folder(path)


def file_columns(path: str) -> list[str]:
    """A chosen data file's CSV columns ([] for an .npz or .txt), or DatasetError naming what is
    wrong with it. Checked before anything reads it on the GUI thread: a FIFO or a
    device would block the editor, a broken file is better named now than at Run."""
    check_path(path)
    if path.lower().endswith(".csv"):
        return check_csv(Path(path), None)
    if path.lower().endswith(".txt"):  # next-character prediction: no columns
        return []
    check_npz(Path(path))
    return []


THUMBNAILS = 8
THUMB_PX = 32  # eight fit the train dock's width
_SMALLEST_IMAGE = 36  # a flat sample of 6x6 values or more, square, is read as a picture


def as_images(x: np.ndarray) -> np.ndarray | None:
    """[n, H, W] grey pictures of the samples ``x`` (first axis the samples), or None
    when they are not pictures: [n, C, H, W] (the channels' mean), [n, H*W] square."""
    if x is None or x.ndim < 2:
        return None
    if x.ndim == 4:
        return x.mean(axis=1)
    if x.ndim == 2 and x.shape[1] >= _SMALLEST_IMAGE:
        side = math.isqrt(x.shape[1])
        if side * side == x.shape[1]:
            return x.reshape(len(x), side, side)
    return None


class DatasetThumbnails(QWidget):
    """The first samples of an image dataset as small pictures with their labels."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(4)
        self.shown = 0  # pictures shown
        self.hide()

    def show_for(self, name: str, opts: dict) -> None:
        while self.row.count():
            item = self.row.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.shown = 0
        images, labels = None, None
        if name in REGISTRY and REGISTRY[name].kind != "none":
            try:
                from graphlab.train.datasets import load_dataset

                d = load_dataset(name, seed=0, **opts)
                images = as_images(None if d.x is None else d.x[:THUMBNAILS])
                labels = d.y[:THUMBNAILS]
            except Exception:  # noqa: BLE001 - a thumbnail must never break the dock
                images = None
        elif is_folder_spec(name):  # a few images, each class's first, with class names
            try:
                from graphlab.train.datasets.image_folder import first_images

                x, labels = first_images(name, THUMBNAILS, **opts)
                images = as_images(x)
            except Exception:  # noqa: BLE001 - the preview names what is wrong
                images = None
        if images is None:
            self.hide()
            return
        from graphlab.ui.live.feature_maps import grey_pixmap

        for img, y in zip(images, labels, strict=False):
            box = QWidget()
            cell = QVBoxLayout(box)
            cell.setContentsMargins(0, 0, 0, 0)
            pic = QLabel()
            pic.setPixmap(grey_pixmap(img, THUMB_PX))
            cell.addWidget(pic)
            label = QLabel(y if isinstance(y, str) else str(y.tolist() if np.ndim(y)
                                                             else y.item()))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            cell.addWidget(label)
            self.row.addWidget(box)
            self.shown += 1
        self.row.addStretch(1)
        self.show()


def attach_thumbnails(choice: DatasetChoice, preview: QLabel) -> DatasetThumbnails:
    """Put thumbnails under ``preview`` in its form, following ``choice``."""
    thumbs = DatasetThumbnails(preview.parentWidget())
    form = _form_of(preview.parentWidget().layout() if preview.parentWidget() else None,
                    preview)
    if form is not None:
        row, _ = form.getWidgetPosition(preview)
        form.insertRow(row + 1, thumbs)  # the whole width: eight fit a 1280x720 dock
    choice.currentIndexChanged.connect(lambda _: thumbs.show_for(*choice.loader_args()))
    thumbs.show_for(*choice.loader_args())
    return thumbs


def _form_of(layout, widget) -> QFormLayout | None:
    """The form layout (``layout`` or one nested in it) that holds ``widget``."""
    if layout is None:
        return None
    if isinstance(layout, QFormLayout) and layout.getWidgetPosition(widget)[0] >= 0:
        return layout
    for i in range(layout.count()):
        found = _form_of(layout.itemAt(i).layout(), widget)
        if found is not None:
            return found
    return None
