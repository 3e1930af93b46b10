"""The generated-code view: torch or TF source for the current graph, highlighted.

``graphlab.compile.generate_source`` is imported lazily (it does no framework
import) and called at most every 300 ms after edits. If the compiler is missing or
the graph has errors, the view shows that text instead of code. A graph of more than
``AUTO_NODES`` nodes gets its code when asked (Generate): regenerating and highlighting
10,000 nodes' code took 1.6 s after every edit, 100,000 nodes' about 17 s.
"""

from __future__ import annotations

import keyword
import re

from PySide6.QtCore import QRegularExpression, QTimer
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from graphlab.graph.graph import Graph
from graphlab.ui import theme
from graphlab.ui.i18n import translate
from graphlab.ui.i18n.messages import translate_message
from graphlab.ui.short_text import shorten_lines

BACKENDS = (("PyTorch", "torch"), ("TensorFlow", "tf"))
DEBOUNCE_MS = 300
AUTO_NODES = 2_000  # above this many nodes the code is made on request
HIGHLIGHT_LINES = 20_000  # longer code is shown without colours


def _fmt(colour: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    f = QTextCharFormat()
    f.setForeground(QColor(colour))
    if bold:
        f.setFontWeight(700)
    f.setFontItalic(italic)
    return f


class PythonHighlighter(QSyntaxHighlighter):
    """Keywords, builtins, numbers, strings, comments and decorators."""

    def __init__(self, document) -> None:
        super().__init__(document)
        kw = "|".join(keyword.kwlist)
        self.rules = [
            (QRegularExpression(rf"\b({kw})\b"), _fmt(theme.CODE_SYNTAX["keyword"], bold=True)),
            (QRegularExpression(r"\b(self|True|False|None)\b"), _fmt(theme.CODE_SYNTAX["constant"])),
            (QRegularExpression(r"\b[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?\b"), _fmt(theme.CODE_SYNTAX["number"])),
            (QRegularExpression(r"@\w+(\.\w+)*"), _fmt(theme.CODE_SYNTAX["decorator"])),
            (QRegularExpression(r"\bdef\s+(\w+)"), _fmt(theme.CODE_SYNTAX["function"])),
            (QRegularExpression(r"\"[^\"\n]*\"|'[^'\n]*'"), _fmt(theme.CODE_SYNTAX["string"])),
            (QRegularExpression(r"#[^\n]*"), _fmt(theme.CODE_SYNTAX["comment"], italic=True)),
        ]
        self.triple = _fmt(theme.CODE_SYNTAX["docstring"], italic=True)

    def highlightBlock(self, text: str) -> None:
        for rx, fmt in self.rules:
            it = rx.globalMatch(text)
            while it.hasNext():
                m = it.next()
                self.setFormat(m.capturedStart(), m.capturedLength(), fmt)
        # triple-quoted docstrings spanning lines
        self.setCurrentBlockState(0)
        start = 0 if self.previousBlockState() == 1 else -1
        pos = 0
        while True:
            if start < 0:
                m = re.search(r'"""|\'\'\'', text[pos:])
                if not m:
                    break
                start = pos + m.start()
                pos = start + 3
            m = re.search(r'"""|\'\'\'', text[pos:])
            if m:
                end = pos + m.end()
                self.setFormat(start, end - start, self.triple)
                pos, start = end, -1
            else:
                self.setFormat(start, len(text) - start, self.triple)
                self.setCurrentBlockState(1)
                break


def generate(graph: Graph, backend: str) -> tuple[str, bool]:
    """(text, ok): the source, or the compiler's message when it cannot give one."""
    try:
        from graphlab.compile import generate_source
    except ImportError as err:
        return "# " + translate(
            "CodeView", "The code generator is not available yet ({err}).").format(
            err=err), False
    try:
        return generate_source(graph, backend), True
    except Exception as err:  # CompileError carries the per-node message
        return "# " + translate(
            "CodeView", "This graph cannot be compiled yet:") + "\n" + "\n".join(
            f"# {translate_message(line)}" for line in str(err).splitlines()), False


class CodeView(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.backend = QComboBox(self)
        for title, key in BACKENDS:
            self.backend.addItem(title, key)
        self.status = QLabel(self)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setFont(theme.mono_font())
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setStyleSheet(f"QPlainTextEdit {{ background: {theme.CODE_BACKGROUND}; "
                                f"color: {theme.CODE_TEXT}; }}")
        self.highlighter = PythonHighlighter(self.text.document())
        self.generate_button = QPushButton(translate("CodeView", "Generate"), self)
        self.generate_button.setToolTip(translate(
            "CodeView", "make the code of this large graph now"))
        self.generate_button.clicked.connect(self.refresh_now)
        self.generate_button.hide()
        top = QHBoxLayout()
        top.addWidget(self.backend)
        top.addWidget(self.status, 1)
        top.addWidget(self.generate_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.text, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh_now)
        self.backend.currentIndexChanged.connect(lambda _: self.refresh_now())
        self._graph: Graph | None = None
        self._waiting = False  # showing "press Generate" instead of code
        self._new_document = False  # the next text shown is from the top

    def current_backend(self) -> str:
        return self.backend.currentData()

    def set_graph(self, graph: Graph) -> None:
        """Another document: its code starts at the top (the old one's scroll stays out)."""
        self._graph = graph
        self._new_document = True
        self.schedule()

    def schedule(self) -> None:
        """Refresh after edits settle (debounced); a large graph waits for Generate."""
        if self._graph is not None and len(self._graph) > AUTO_NODES:
            self.timer.stop()
            self.status.setText(translate("CodeView", "{n} nodes: press Generate").format(
                n=f"{len(self._graph):,}"))
            self.generate_button.show()
            if not self._waiting:
                self._waiting = True
                self._show(f"# This graph has {len(self._graph):,} nodes: its code is made "
                           "when you press Generate\n# (above "
                           f"{AUTO_NODES:,} nodes it is not remade after every edit).", False)
            return
        self.generate_button.hide()
        self.timer.start()

    def refresh_now(self) -> None:
        self.timer.stop()
        if self._graph is None:
            return
        self.generate_button.hide()
        self._waiting = False
        text, ok = generate(self._graph, self.current_backend())
        # a line of a million characters (a node's name in a comment or a message) took
        # minutes to lay out and highlight; the export writes the whole line
        text = shorten_lines(text)
        self.status.setText("" if ok else translate("CodeView", "not compiled"))
        self._show(text, ok)

    def _show(self, text: str, ok: bool) -> None:
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap if ok
                                  else QPlainTextEdit.LineWrapMode.WidgetWidth)
        if text != self.text.toPlainText():
            big = text.count("\n") > HIGHLIGHT_LINES
            self.highlighter.setDocument(None if big else self.text.document())
            bar = 0 if self._new_document else self.text.verticalScrollBar().value()
            self.text.setPlainText(text)
            self.text.verticalScrollBar().setValue(bar)
        if self._new_document:
            self._new_document = False
            self.text.verticalScrollBar().setValue(0)
            self.text.horizontalScrollBar().setValue(0)
