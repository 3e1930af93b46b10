"""Pictures of the canvas (PNG, SVG) and of the whole window (``--screenshot``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsScene, QWidget

from graphlab.ui import theme

MARGIN = 40.0


def _source_rect(scene) -> QRectF:
    rect = scene.content_rect() if hasattr(scene, "content_rect") else scene.itemsBoundingRect()
    if rect.isEmpty():
        rect = QRectF(0, 0, 400, 300)
    return rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


def _render(scene: QGraphicsScene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    painter.fillRect(target, theme.BACKGROUND)
    selected = scene.selectedItems()
    for it in selected:
        it.setSelected(False)
    overview = getattr(scene, "overview_mode", False)
    if overview:  # items must paint themselves into the picture
        scene.set_overview(False)
    scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
    if overview:
        scene.set_overview(True)
    for it in selected:
        it.setSelected(True)


def export_png(scene: QGraphicsScene, path: str | Path, scale: float = 2.0) -> Path:
    source = _source_rect(scene)
    size = QSize(max(1, int(source.width() * scale)), max(1, int(source.height() * scale)))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(theme.BACKGROUND)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    _render(scene, painter, QRectF(0, 0, size.width(), size.height()), source)
    painter.end()
    if not image.save(str(path)):
        raise OSError(f"could not write {path}")
    return Path(path)


def export_svg(scene: QGraphicsScene, path: str | Path, title: str = "graphlab graph") -> Path:
    from PySide6.QtSvg import QSvgGenerator  # part of PySide6-Essentials

    source = _source_rect(scene)
    gen = QSvgGenerator()
    gen.setFileName(str(path))
    gen.setSize(QSize(int(source.width()), int(source.height())))
    gen.setViewBox(QRectF(0, 0, source.width(), source.height()))
    gen.setTitle(title)
    painter = QPainter(gen)
    _render(scene, painter, QRectF(0, 0, source.width(), source.height()), source)
    painter.end()
    return Path(path)


def screenshot(window: QWidget, path: str | Path) -> Path:
    """The window as it is drawn (works offscreen)."""
    pixmap = window.grab()
    if not pixmap.save(str(path)):
        raise OSError(f"could not write {path}")
    return Path(path)
