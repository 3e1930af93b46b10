"""Help > Keyboard Shortcuts: every key and gesture on one sheet.

The menu entries are read from the window's actions, so the sheet cannot drift from
what the keys do; the canvas gestures (no action of their own) are listed here.
"""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

GESTURES = (
    ("Tab / double click", "add a node: search by name or category (fuzzy: 'lrl' finds "
     "LeakyReLU)"),
    ("drag from a port", "draw a wire; let go on empty canvas to add a node wired to it"),
    ("drag from a connected input", "pull the wire off: drop it on another input or let go"),
    ("drop a node on a wire", "insert it into the wire"),
    ("double click / Alt+click a wire", "add a reroute point there; drag it to bend the "
     "wire, Delete or right click removes it"),
    ("Ctrl+J", "comment frame around the selected nodes (also in the right-click menu)"),
    ("double click a frame's title", "rename the frame; drag the title to move it with "
     "its nodes, the corner to resize it"),
    ("right click", "the menu for the canvas, a node or a wire"),
    ("Escape", "drop the wire being dragged (nothing changes), else clear the selection"),
    ("middle drag / Space + drag", "pan"),
    ("wheel", "zoom about the cursor"),
    ("F / Shift+F", "frame everything / the selection"),
    ("drag at the edge", "the canvas pans while a node, wire or box is dragged there"),
    ("click the minimap", "show that part of the graph"),
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
    return rows + list(GESTURES)


class ShortcutSheet(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
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
