"""Help > Keyboard Shortcuts: every key and gesture on one sheet.

The menu entries are read from the window's actions, so the sheet cannot drift from
what the keys do; the canvas gestures (no action of their own) are listed here.
"""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from graphlab.ui.i18n import QT_TRANSLATE_NOOP, translate

GESTURES = (
    (QT_TRANSLATE_NOOP("Help", "Tab / double click"),
     QT_TRANSLATE_NOOP("Help", "add a node: search by name or category (fuzzy: 'lrl' finds "
                               "LeakyReLU)")),
    (QT_TRANSLATE_NOOP("Help", "drag from a port"),
     QT_TRANSLATE_NOOP("Help", "draw a wire; let go on empty canvas to add a node wired to it")),
    (QT_TRANSLATE_NOOP("Help", "drag from a connected input"),
     QT_TRANSLATE_NOOP("Help", "pull the wire off: drop it on another input or let go")),
    (QT_TRANSLATE_NOOP("Help", "drop a node on a wire"),
     QT_TRANSLATE_NOOP("Help", "insert it into the wire")),
    (QT_TRANSLATE_NOOP("Help", "double click / Alt+click a wire"),
     QT_TRANSLATE_NOOP("Help", "add a reroute point there; drag it to bend the wire, Delete or "
                               "right click removes it")),
    (QT_TRANSLATE_NOOP("Help", "Ctrl+J"),
     QT_TRANSLATE_NOOP("Help", "comment frame around the selected nodes (also in the right-click "
                               "menu)")),
    (QT_TRANSLATE_NOOP("Help", "double click a frame's title"),
     QT_TRANSLATE_NOOP("Help", "rename the frame; drag the title to move it with its nodes, the "
                               "corner to resize it")),
    (QT_TRANSLATE_NOOP("Help", "right click"),
     QT_TRANSLATE_NOOP("Help", "the menu for the canvas, a node or a wire")),
    (QT_TRANSLATE_NOOP("Help", "Escape"),
     QT_TRANSLATE_NOOP("Help", "drop the wire being dragged (nothing changes), else clear the "
                               "selection")),
    (QT_TRANSLATE_NOOP("Help", "middle drag / Space + drag"),
     QT_TRANSLATE_NOOP("Help", "pan")),
    (QT_TRANSLATE_NOOP("Help", "wheel"),
     QT_TRANSLATE_NOOP("Help", "zoom about the cursor")),
    (QT_TRANSLATE_NOOP("Help", "F / Shift+F"),
     QT_TRANSLATE_NOOP("Help", "frame everything / the selection")),
    (QT_TRANSLATE_NOOP("Help", "drag at the edge"),
     QT_TRANSLATE_NOOP("Help", "the canvas pans while a node, wire or box is dragged there")),
    (QT_TRANSLATE_NOOP("Help", "click the minimap"),
     QT_TRANSLATE_NOOP("Help", "show that part of the graph")),
)


def shortcut_rows(window) -> list[tuple[str, str]]:
    """(keys, what) for every window action with a shortcut, then the gestures."""
    rows = []
    seen = set()
    for act in window.menus.actions.values():
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                         for k in act.shortcuts())
        what = act.text().split("\t")[0].replace("&", "").rstrip("…")
        if keys and (keys, what) not in seen:
            seen.add((keys, what))
            rows.append((keys, what))
    return rows + [(translate("Help", k), translate("Help", w)) for k, w in GESTURES]


class ShortcutSheet(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.setWindowTitle(translate("Help", "Keyboard shortcuts"))
        self.resize(520, 560)
        lay = QVBoxLayout(self)
        self.text = QTextBrowser()
        rows = "".join(f"<tr><td><b>{escape(k)}</b></td><td>&nbsp;&nbsp;{escape(w)}</td></tr>"
                       for k, w in shortcut_rows(window))
        self.text.setHtml(f"<table>{rows}</table>")
        lay.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
