"""Colours, sizes and fonts shared by the canvas and the docks, in one place.

Every colour graphlab's UI draws or styles with is named here: the canvas and panels
paint with these constants, and ``assets/style.qss`` refers to them by name
(``@TEXT_DIM``), filled in by :func:`fill_style_sheet`.
"""

from __future__ import annotations

import functools
import re

from PySide6.QtGui import QColor, QFont

CATEGORY_COLOURS = {
    "source": "#3f7f5f",
    "layer": "#3b6ea5",
    "activation": "#a0662a",
    "math": "#6b5b95",
    "loss": "#a63d40",
    "output": "#4f6d7a",
    "block": "#2f7f86",  # a block instance (a graph of its own)
}

BACKGROUND = QColor("#26282b")
GRID_MINOR = QColor("#2e3034")
GRID_MAJOR = QColor("#383b40")
NODE_BODY = QColor("#3a3d42")
NODE_BORDER = QColor("#17181a")
NODE_SELECTED = QColor("#f0c35a")
TEXT = QColor("#e8e8e8")
TEXT_DIM = QColor("#a9adb3")
WIRE = QColor("#b8bcc2")
WIRE_BAD = QColor("#e0484b")
WIRE_UNKNOWN = QColor("#6d7177")
LABEL_BG = QColor(30, 32, 35, 220)
PORT_FLOAT = QColor("#9fd3ff")
PORT_INT = QColor("#ffd27f")
PORT_ANY = QColor("#c9c9c9")
ERROR = QColor("#e0484b")
WARNING = QColor("#e8b339")
NODE_OP_TEXT = QColor(255, 255, 255, 170)  # the op's name on a node's header
BADGE_MARK = QColor("#ffffff")  # the "!" on a node's error or warning badge
TOAST_BACKGROUND = QColor(160, 40, 40, 230)  # the canvas's refusal message
TOAST_TEXT = QColor("#ffffff")

# the code view (a dark theme in the colours of common Python editors)
CODE_BACKGROUND = "#2b2b2b"
CODE_TEXT = "#a9b7c6"
CODE_SYNTAX = {"keyword": "#cc7832", "constant": "#94558d", "number": "#6897bb",
               "decorator": "#bbb529", "function": "#ffc66d", "string": "#6a8759",
               "comment": "#808080", "docstring": "#629755"}
POPUP_BACKGROUND = "#2f3237"
POPUP_BORDER = "#111111"

# the live panel: values, gradients, cues and plots
VALUE_LOW = QColor("#2f6f7e")
VALUE_HIGH = QColor("#ffd35a")
GRAD_POS = QColor("#f28e2b")  # orange: positive gradient
GRAD_NEG = QColor("#4e9be6")  # blue: negative gradient
GRAD_NONE = QColor("#777b82")
NONFINITE = QColor("#ff3df2")
CUE_COLOURS = {"dead_relu": "#e8b339", "saturated": "#e8b339", "vanishing": "#7fb2f0",
               "exploding": "#e0484b", "first_nan": "#ff3df2"}
FORWARD_GLOW = QColor(255, 211, 90)  # a node's halo while its value is computed
BACKWARD_GLOW = QColor(120, 190, 255)  # ... and while its gradient is
PANEL_EDGE = QColor(90, 94, 100)  # the legend's and the badges' outline
PANEL_FILL = QColor(22, 24, 27, 215)  # the legend's translucent background
MINIMAP_FILL = QColor(20, 22, 25, 200)  # the minimap's translucent background
BADGE_FILL = QColor(22, 24, 27, 225)  # a node's live badge
SWATCH_FILL = QColor(22, 24, 27)  # the legend's "no gradient" swatch
NO_GLOW = QColor(0, 0, 0, 0)
PLOT_BACKGROUND = "#232427"
PLOT_FOREGROUND = "#c8c8c8"
PLOT_TRAIN = "#f0c35a"
PLOT_VAL = "#7fb2f0"
PLOT_EPOCH = "#ffffff"
PLOT_MARK = "#e0484b"  # the fault and the timeline's chosen step
PLOT_BARS = "#f28e2b"
PLOT_CHANGE = "#8fd18a"  # a live learning-rate / momentum change on the timeline
# the data view: one colour per class (points and the model's regions), the fitted curve
CLASS_COLOURS = ("#f28e2b", "#4e9be6", "#59a14f", "#e15759", "#b07aa1", "#edc948",
                 "#76b7b2", "#ff9da7", "#9c755f", "#bab0ac")
PLOT_FIT = "#ffffff"

NODE_WIDTH = 150.0
HEADER_HEIGHT = 24.0
PORT_ROW = 18.0
PORT_RADIUS = 5.0
PORT_HIT_RADIUS = 10.0
GRID = 20.0

# Below these scales (screen pixels per scene unit) text and port labels are dropped.
LOD_TEXT = 0.45
LOD_PORTS = 0.2
# Below this zoom, for graphs of more than OVERVIEW_MIN_NODES nodes, the view draws a
# batched overview instead of each item (small graphs are cheap to draw item by item).
LOD_OVERVIEW = 0.3
OVERVIEW_MIN_NODES = 150


_STYLE_NAME = re.compile(r"@([A-Z][A-Z0-9_]*)")


def css_colour(colour: QColor | str) -> str:
    """``colour`` as a style sheet writes it: ``#rrggbb``, or ``rgba(...)`` when it is
    translucent."""
    c = QColor(colour)
    if c.alpha() == 255:
        return c.name()
    return f"rgba({c.red()}, {c.green()}, {c.blue()}, {c.alpha()})"


def fill_style_sheet(text: str, source: str = "style sheet") -> str:
    """``text`` with each ``@NAME`` replaced by this module's colour ``NAME``, so the
    style sheet has no colour of its own. An unknown name is a ValueError naming it and
    ``source`` (a typo would otherwise silently drop the rule)."""

    def colour(m: re.Match) -> str:
        value = globals().get(m.group(1))
        if not isinstance(value, QColor | str) or not QColor(value).isValid():
            raise ValueError(f"{source}: @{m.group(1)} is not a colour in graphlab/ui/theme.py;"
                             f" use one of its colour names or add it there")
        return css_colour(value)

    return _STYLE_NAME.sub(colour, text)


def category_colour(category: str) -> QColor:
    return QColor(CATEGORY_COLOURS.get(category, "#555555"))


def port_colour(kind: str) -> QColor:
    return {"float": PORT_FLOAT, "int": PORT_INT}.get(kind, PORT_ANY)


@functools.cache
def ui_font(size: float = 9.0, bold: bool = False) -> QFont:
    """The app's font at ``size`` points, made once per size and shared (painters use
    it on every repaint): copy it, ``QFont(f)``, before changing it."""
    f = QFont()
    f.setPointSizeF(size)
    f.setBold(bold)
    return f


@functools.cache
def mono_font(size: float = 9.5) -> QFont:
    """The monospaced font at ``size`` points, shared like :func:`ui_font`."""
    f = QFont("DejaVu Sans Mono")
    f.setStyleHint(QFont.StyleHint.Monospace)
    f.setPointSizeF(size)
    return f


def apply_app_style(app) -> None:
    """Fusion with a dark palette, so the canvas and the docks match, and the app's
    style sheet (``assets/style.qss``)."""
    from PySide6.QtGui import QPalette

    from graphlab.ui import resources

    app.setStyle("Fusion")
    p = QPalette()
    R = QPalette.ColorRole
    for role, colour in ((R.Window, "#2b2d31"), (R.WindowText, "#e2e2e2"), (R.Base, "#232427"),
                         (R.AlternateBase, "#2a2c30"), (R.ToolTipBase, "#34373c"),
                         (R.ToolTipText, "#eeeeee"), (R.Text, "#e2e2e2"), (R.Button, "#34373c"),
                         (R.ButtonText, "#e2e2e2"), (R.Highlight, "#3d6fb4"),
                         (R.HighlightedText, "#ffffff"), (R.PlaceholderText, "#8a8d93"),
                         (R.Link, "#7fb2f0")):
        p.setColor(role, QColor(colour))
    p.setColor(QPalette.ColorGroup.Disabled, R.Text, QColor("#777"))
    p.setColor(QPalette.ColorGroup.Disabled, R.ButtonText, QColor("#777"))
    app.setPalette(p)
    app.setStyleSheet(resources.style_sheet())
