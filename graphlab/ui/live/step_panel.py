"""The step-through panel: backpropagation op by op on the canvas, with a chain-rule card.

Start asks the worker for a step-through of one batch (or one sample) with the current
weights; it comes back as a :class:`~graphlab.train.teach.record.StepRecord` that a
:class:`~graphlab.train.teach.record.Replay` reveals node by node. Each Step shows one node: forward steps put the node's value
on its badge and light its outgoing wires by magnitude; backward steps add the
gradient of the loss and restyle the incoming wires by the gradient's sign and size.
For the current node the card shows, for the chosen element, the upstream gradient,
the local derivative and their product for each consumer, their sum, the gradient
shown on the canvas, and a finite-difference check with its relative error.
"""

from __future__ import annotations

import re

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from graphlab.train.teach import BACKWARD, FORWARD
from graphlab.ui import theme
from graphlab.ui.live import encode

WHOLE_BATCH = -1


class StepPanel(QWidget):
    start_requested = Signal()
    stepped = Signal(object)  # the TeachStep just done
    check_requested = Signal(str, int)  # node id, flat element index: a gradient check

    def __init__(self, overlay, parent=None) -> None:
        super().__init__(parent)
        self.overlay = overlay
        self.stepper = None
        self.current: str | None = None
        self.last_check = None
        self.check_error = ""
        self.checking = False
        self._source = ""
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        row = QHBoxLayout()
        row.addWidget(QLabel("Sample"))
        self.sample = QSpinBox(minimum=WHOLE_BATCH, maximum=100000)
        self.sample.setSpecialValueText("whole batch")
        self.sample.setValue(WHOLE_BATCH)
        row.addWidget(self.sample)
        self.start_button = QPushButton("Start step-through")
        self.start_button.setToolTip("pause training (if running) and step through one batch")
        row.addWidget(self.start_button, 1)
        lay.addLayout(row)
        row = QHBoxLayout()
        self.back_button = QPushButton("◀ Back")
        self.step_button = QPushButton("Step ▶")
        self.forward_button = QPushButton("Forward all")
        self.end_button = QPushButton("To the end")
        for b in (self.back_button, self.step_button, self.forward_button, self.end_button):
            row.addWidget(b)
        lay.addLayout(row)
        self.where = QLabel("press Start to step through backpropagation")
        self.where.setWordWrap(True)
        # the generated statement as it is (reduction="mean"), never read as HTML
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.where)
        row = QHBoxLayout()
        row.addWidget(QLabel("Element"))
        self.element = QSpinBox(minimum=0, maximum=0)
        self.element.setToolTip("flat index of the element the card explains")
        row.addWidget(self.element, 1)
        self.check_button = QPushButton("Gradient check")
        row.addWidget(self.check_button)
        lay.addLayout(row)
        self.card = QTextEdit()
        self.card.setReadOnly(True)
        self.card.setFont(theme.mono_font(9.0))
        lay.addWidget(self.card, 1)
        self.start_button.clicked.connect(self.start_requested)
        self.step_button.clicked.connect(self.step)
        self.back_button.clicked.connect(self.back)
        self.forward_button.clicked.connect(self.forward_all)
        self.end_button.clicked.connect(self.to_end)
        self.element.valueChanged.connect(lambda _: self.show_card())
        self.check_button.clicked.connect(self.grad_check)
        self._enable()

    # ----- driving ----------------------------------------------------------------------------
    @property
    def sample_index(self) -> int | None:
        v = self.sample.value()
        return None if v == WHOLE_BATCH else v

    def begin(self, stepper, source: str = "") -> None:
        """Show a fresh :class:`Replay` (nothing revealed yet) on the canvas; ``source``
        says which data it ran on (e.g. "the batch of step 120")."""
        stepper.seek(0)
        self.stepper = stepper
        self._source = source
        self.current = None
        self.last_check = None
        self.check_error = ""
        self.overlay.ensure()
        self.overlay.clear()
        on = f" on {source}" if source else ""
        self.where.setText(f"{len(stepper.steps)} steps{on}: {len(stepper.order)} forward, "
                           f"{len(stepper.steps) - len(stepper.order)} backward. Press Step.")
        self.card.clear()
        self._enable()

    def step(self):
        if self.stepper is None or self.stepper.done:
            return None
        s = self.stepper.step()
        self._show_step(s)
        self.stepped.emit(s)
        return s

    def forward_all(self) -> None:
        while self.stepper is not None and not self.stepper.done and (
                self.stepper.steps[self.stepper.position].phase == FORWARD):
            self.step()

    def to_end(self) -> None:
        while self.stepper is not None and not self.stepper.done:
            self.step()

    def back(self) -> None:
        """One step back: show the record again up to the previous position."""
        st = self.stepper
        if st is None or st.position == 0:
            return
        target = st.position - 1
        self.begin(st, self._source)
        while st.position < target:
            self.step()

    def stop(self) -> None:
        self.stepper = None
        self.current = None
        self.checking = False
        self.overlay.clear()
        self.where.setText("press Start to step through backpropagation")
        self.card.clear()
        self._enable()

    def _enable(self) -> None:
        on = self.stepper is not None
        more = on and not self.stepper.done
        self.step_button.setEnabled(more)
        self.forward_button.setEnabled(more)
        self.end_button.setEnabled(more)
        self.back_button.setEnabled(on and self.stepper.position > 0)
        self.check_button.setEnabled(on and not self.checking and self.current is not None
                                     and self.stepper.grad(self.current) is not None)

    # ----- canvas -------------------------------------------------------------------------------
    def _show_step(self, s) -> None:
        st = self.stepper
        ov = self.overlay
        if self.current is not None and self.current in ov.halos:
            prev_phase = FORWARD if st.grad(self.current) is None else BACKWARD
            glow = encode.FORWARD_GLOW if prev_phase == FORWARD else encode.BACKWARD_GLOW
            ov.halos[self.current].set_glow(glow, 0.2)
            self._badge(self.current, highlight=False)
        self.current = s.node_id
        n = s.node_id
        if n in ov.halos:
            glow = encode.FORWARD_GLOW if s.phase == FORWARD else encode.BACKWARD_GLOW
            ov.halos[n].set_glow(glow, 0.9)
            self._badge(n, highlight=True)
            if s.phase == FORWARD:
                width, colour = encode.value_pen(encode.stats_of(st.value(n)))
                for w in ov.wires_out(n):
                    w.set_style(width, colour)
            else:  # each outgoing wire shows what its consumer sent back
                parts = {c.consumer: c.grad for c in st.contributions.get(n, [])}
                for w in ov.wires_out(n):
                    g = parts.get(w.edge.dst)
                    width, colour = encode.grad_pen(None if g is None else encode.stats_of(g))
                    w.set_style(width, colour)
        k = st.position
        phase = "forward" if s.phase == FORWARD else "backward"
        text = statement_with_shape(st.text(n), st.record.names.get(n, ""), st.value(n))
        self.where.setText(f"step {k}/{len(st.steps)} ({phase}): {text}")
        size = int(np.size(st.value(n)))
        self.element.blockSignals(True)
        self.element.setMaximum(max(size - 1, 0))
        if self.element.value() >= size:
            self.element.setValue(0)
        self.element.blockSignals(False)
        self.last_check = None
        self.check_error = ""
        self.show_card()
        self._enable()

    def _badge(self, node_id: str, highlight: bool) -> None:
        st = self.stepper
        v, g = st.value(node_id), st.grad(node_id)
        lines = []
        if v is not None:
            if np.size(v) == 1:
                lines.append(f"= {encode.num(float(np.ravel(v)[0]))}")
            else:
                lines.append(encode.value_line(encode.stats_of(v)))
        if g is not None:
            if np.size(g) == 1:
                lines.append(f"∂L = {encode.num(float(np.ravel(g)[0]))}")
            else:
                lines.append(encode.grad_line(encode.stats_of(g)))
        self.overlay.badges[node_id].set_text(lines, highlight=highlight)
        tip = encode.stats_tooltip(f"{st.op(node_id)} \"{st.title(node_id)}\" (step-through)",
                                   None if v is None else encode.stats_of(v),
                                   None if g is None else encode.stats_of(g))
        self.overlay.set_node_tooltip(node_id, tip)

    # ----- the card -----------------------------------------------------------------------------
    def card_for(self, node_id: str | None = None):
        st = self.stepper
        node_id = node_id or self.current
        if st is None or node_id is None or st.grad(node_id) is None:
            return None
        return st.card(node_id, self.element.value())

    def show_card(self) -> None:
        st = self.stepper
        n = self.current
        if st is None or n is None:
            return
        idx = self.element.value()
        v = st.value(n)
        lines = []
        if v is not None:
            flat = np.ravel(v)
            at = tuple(int(i) for i in np.unravel_index(idx, np.shape(v))) if np.ndim(v) else ()
            lines.append(f"{st.op(n)} \"{st.title(n)}\"  shape {list(np.shape(v))}")
            lines.append(f"value{list(at) if at else ''} = {encode.num(float(flat[idx]))}")
        card = self.card_for(n)
        if card is not None:
            lines.append("")
            lines.append("chain rule:")
            lines += ["  " + s for s in card.lines()]
        elif v is not None:
            lines.append("")
            lines.append("(the gradient arrives in the backward pass)")
        if self.checking:
            lines += ["", "gradient check: computing the finite difference..."]
        elif self.check_error:
            lines += ["", self.check_error]
        elif self.last_check is not None:
            c = self.last_check
            lines.append("")
            lines.append(f"gradient check: analytic {encode.num(c.analytic)}, finite "
                         f"difference {c.numeric:.6g} (step {c.eps:g}), relative error "
                         f"{c.rel_error:.2e}")
        self.card.setPlainText("\n".join(lines))

    def grad_check(self) -> bool:
        """Ask for a finite-difference check of the card's element (the worker holds the
        model); :meth:`show_check` shows the answer."""
        st = self.stepper
        if st is None or self.current is None or st.grad(self.current) is None:
            return False
        self.checking = True
        self.last_check, self.check_error = None, ""
        self.check_requested.emit(self.current, self.element.value())
        self.show_card()
        self._enable()
        return True

    def show_check(self, check=None, error: str = "") -> None:
        self.checking = False
        self.last_check, self.check_error = check, error
        self.show_card()
        self._enable()

    def select(self, node_id: str) -> None:
        """Show the card of a node the user clicked (if it has been reached)."""
        st = self.stepper
        if st is None or node_id not in st.values:
            return
        self.current = node_id
        size = int(np.size(st.value(node_id)))
        self.element.blockSignals(True)
        self.element.setMaximum(max(size - 1, 0))
        self.element.setValue(min(self.element.value(), size - 1))
        self.element.blockSignals(False)
        self.last_check = None
        self.check_error = ""
        self.show_card()
        self._enable()


_SHAPE_COMMENT = re.compile(r"  # \[[^\]]*\]")


def statement_with_shape(text: str, name: str, value) -> str:
    """The node's generated statement with its shape comment (``# [N, 1]``, the shape
    for any batch) replaced by the shape it has here (``# [1, 1]`` for one sample), so
    the header and the card say the same shape."""
    if value is None or not name:
        return text
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"{name} = ") and _SHAPE_COMMENT.search(line):
            lines[i] = _SHAPE_COMMENT.sub(f"  # {list(np.shape(value))}", line, count=1)
    return "\n".join(lines)
