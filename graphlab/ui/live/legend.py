"""The legend in the canvas corner: what wire widths, colours, glows and badges mean.

Drawn from the same constants as :mod:`graphlab.ui.live.encode`.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import QWidget

from graphlab.ui import theme
from graphlab.ui.i18n import QT_TRANSLATE_NOOP, translate
from graphlab.ui.live import encode

ROWS = (
    ("value", QT_TRANSLATE_NOOP("Legend", "forward: width, colour = size of value")),
    ("grad", QT_TRANSLATE_NOOP("Legend", "backward: width = log |∂L|; orange +, blue −")),
    ("nan", QT_TRANSLATE_NOOP("Legend", "NaN or Inf")),
    ("glow", QT_TRANSLATE_NOOP("Legend", "glow: forward sweep, backward sweep")),
    ("badge", QT_TRANSLATE_NOOP("Legend", "μ mean ± std · ‖∂L‖ grad norm · ⚠ cue")),
)


class Legend(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._font = theme.ui_font(7.5)
        fm = QFontMetricsF(self._font)
        self.row_h = max(14.0, fm.height() + 2)
        self.rows = [(kind, translate("Legend", text)) for kind, text in ROWS]
        w = max(fm.horizontalAdvance(t) for _, t in self.rows) + 70
        self.resize(int(w), int(self.row_h * len(ROWS) + 12))

    def place(self) -> None:
        """Bottom-right corner of the parent (the canvas viewport)."""
        p = self.parentWidget()
        if p is not None:
            pos = QPoint(max(0, p.width() - self.width() - 10),
                         max(0, p.height() - self.height() - 10))
            if pos != self.pos():
                self.move(pos)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(theme.PANEL_EDGE, 1))
        p.setBrush(theme.PANEL_FILL)
        p.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        p.setFont(self._font)
        for i, (kind, text) in enumerate(self.rows):
            y = 6 + i * self.row_h + self.row_h / 2
            self._swatch(p, kind, QRectF(8, y - 6, 50, 12))
            p.setPen(theme.TEXT)
            p.drawText(QRectF(64, y - self.row_h / 2, self.width() - 68, self.row_h),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        p.end()

    def _swatch(self, p: QPainter, kind: str, r: QRectF) -> None:
        if kind == "value":
            g = QLinearGradient(r.topLeft(), r.topRight())
            g.setColorAt(0, encode.VALUE_LOW)
            g.setColorAt(1, encode.VALUE_HIGH)
            # five segments inside the swatch (at k / 4 of its width the last one ran
            # over the first letters of "forward")
            pts = [(r.left() + k * r.width() / 5, 1.5 + k * 2.0) for k in range(5)]
            for x, w in pts:
                p.setPen(QPen(g, w, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
                p.drawLine(QPointF(x, r.center().y()), QPointF(x + r.width() / 5,
                                                                r.center().y()))
        elif kind == "grad":
            half = r.width() / 2
            p.setPen(QPen(encode.GRAD_POS, 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
            p.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.left() + half - 3,
                                                                   r.center().y()))
            p.setPen(QPen(encode.GRAD_NEG, 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
            p.drawLine(QPointF(r.left() + half + 3, r.center().y()), QPointF(r.right(),
                                                                          r.center().y()))
        elif kind == "nan":
            p.setPen(QPen(encode.NONFINITE, 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
            p.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()))
        elif kind == "glow":
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(encode.FORWARD_GLOW.red(), encode.FORWARD_GLOW.green(),
                              encode.FORWARD_GLOW.blue(), 200))
            p.drawRoundedRect(QRectF(r.left(), r.top(), r.width() / 2 - 2, r.height()), 3, 3)
            p.setBrush(QColor(encode.BACKWARD_GLOW.red(), encode.BACKWARD_GLOW.green(),
                              encode.BACKWARD_GLOW.blue(), 200))
            p.drawRoundedRect(QRectF(r.center().x() + 2, r.top(), r.width() / 2 - 2,
                                     r.height()), 3, 3)
        else:
            p.setPen(QPen(theme.PANEL_EDGE, 1))
            p.setBrush(theme.SWATCH_FILL)
            p.drawRoundedRect(r, 3, 3)
            p.setPen(theme.TEXT)
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, "μ ±")
