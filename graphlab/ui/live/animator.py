"""Forward and backward sweeps of one probe frame across the canvas, paced for the eye.

``show(frame)`` starts a sweep, or, while one is running, replaces the one pending
frame (training that outruns the animation skips frames; nothing queues). A sweep
lights the nodes in topological order, restyling each node's outgoing wires by the
magnitude of its value, then walks back in reverse order restyling wires by the
gradient. One QTimer drives it 20 times a second (a node takes ~70 ms, so each tick lights at most
one or two) and each tick only restyles the nodes the sweep reached since the last tick.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QColor

from graphlab.train.teach.health import Cue
from graphlab.ui import theme
from graphlab.ui.blocks.live_map import canvas_frame
from graphlab.ui.i18n import QT_TRANSLATE_NOOP, translate
from graphlab.ui.i18n.messages import translate_message
from graphlab.ui.live import encode
from graphlab.ui.live.overlay import LiveOverlay

TICK_MS = 50  # 20 Hz: smooth enough for one node per tick, and less repainting
NODE_MS = 70  # time per node in a sweep, within the bounds below
SWEEP_MIN_MS, SWEEP_MAX_MS = 300, 1000
HOLD_MS = 150
CUE_COLOURS = theme.CUE_COLOURS
CUE_WORDS = {
    "dead_relu": QT_TRANSLATE_NOOP("Animator", "dead"),
    "saturated": QT_TRANSLATE_NOOP("Animator", "saturated"),
    "vanishing": QT_TRANSLATE_NOOP("Animator", "vanishing ∂"),
    "exploding": QT_TRANSLATE_NOOP("Animator", "exploding ∂"),
    "first_nan": QT_TRANSLATE_NOOP("Animator", "NaN starts here"),
}


class SweepAnimator(QObject):
    frame_shown = Signal(object)  # a frame whose sweeps finished (or was applied at once)

    def __init__(self, overlay: LiveOverlay, parent=None) -> None:
        super().__init__(parent)
        self.overlay = overlay
        self.animate = True
        self.frame = None
        self.pending = None
        self.order: list[str] = []
        self.cues: dict[str, Cue] = {}
        self.shown = 0
        self.skipped = 0
        self.last_shown = None  # the newest frame whose sweeps completed
        self._phase = None
        self._t0 = 0.0
        self._lit = 0
        self._sweep_ms = SWEEP_MIN_MS
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    @property
    def busy(self) -> bool:
        return self._phase is not None

    def set_cues(self, cues: list[Cue]) -> None:
        self.cues = {}
        for c in cues:  # keep the strongest cue per node
            if c.node_id not in self.cues or c.severity > self.cues[c.node_id].severity:
                self.cues[c.node_id] = c

    def show(self, frame, replay: bool = False) -> None:
        """Sweep ``frame``; while a sweep runs, it becomes the (only) pending frame."""
        if frame is None or not frame.has_stats:
            return
        if self.busy and not replay:
            if self.pending is not None:
                self.skipped += 1
            self.pending = frame
            return
        if replay:
            self.pending = None
        self._start(frame)

    def stop(self) -> None:
        self._timer.stop()
        self._phase = None
        self.pending = None

    def _start(self, frame) -> None:
        self.overlay.ensure()
        # read by the canvas's node ids: a document with blocks trains its flat graph
        self.frame = frame = canvas_frame(frame, self.overlay.scene)
        scene_nodes = self.overlay.halos
        self.order = [n for n in frame.node_ids if n in scene_nodes]
        self._sweep_ms = min(SWEEP_MAX_MS, max(SWEEP_MIN_MS, NODE_MS * len(self.order)))
        for n in self.order:
            self._tooltip(n)
        if not self.animate:
            self._apply_all()
            return
        for h in self.overlay.halos.values():
            h.set_glow(encode.FORWARD_GLOW, 0.0)
        self._phase = "forward"
        self._lit = 0
        self._t0 = time.perf_counter()
        self._timer.start()

    def _tick(self) -> None:
        if self._phase is None:
            self._timer.stop()
            return
        elapsed = (time.perf_counter() - self._t0) * 1000.0
        n = len(self.order)
        if self._phase in ("forward", "backward"):
            reach = min(n, int(elapsed / self._sweep_ms * n) + 1)
            seq = self.order if self._phase == "forward" else list(reversed(self.order))
            for i in range(self._lit, reach):
                self._light(seq[i], self._phase, current=True)
                if i > 0:
                    self._dim(seq[i - 1], self._phase)
            self._lit = max(self._lit, reach)
            if elapsed >= self._sweep_ms:
                if seq:
                    self._dim(seq[-1], self._phase)
                if self._phase == "forward":
                    self._phase, self._lit, self._t0 = "backward", 0, time.perf_counter()
                else:
                    self._phase, self._t0 = "hold", time.perf_counter()
        elif elapsed >= HOLD_MS:
            self._finish()

    def _finish(self) -> None:
        self._phase = None
        self._timer.stop()
        self.shown += 1
        self.last_shown = self.frame
        self.frame_shown.emit(self.frame)
        if self.pending is not None:
            nxt, self.pending = self.pending, None
            self._start(nxt)

    def _apply_all(self) -> None:
        for n in self.order:
            self._light(n, "forward", current=False)
        for n in reversed(self.order):
            self._light(n, "backward", current=False)
            self._dim(n, "backward")
        self.shown += 1
        self.last_shown = self.frame
        self.frame_shown.emit(self.frame)

    # ----- per node restyling -------------------------------------------------------------
    def _light(self, node_id: str, phase: str, current: bool) -> None:
        f = self.frame
        ov = self.overlay
        if node_id not in ov.halos:
            return  # deleted while its sweep was running
        if phase == "forward":
            ov.halos[node_id].set_glow(encode.FORWARD_GLOW, 0.85 if current else 0.25)
            width, colour = encode.value_pen(f.value_stats(node_id))
            for w in ov.wires_out(node_id):
                w.set_style(width, colour)
            self._badge(node_id, with_grad=False)
        else:
            ov.halos[node_id].set_glow(encode.BACKWARD_GLOW, 0.85 if current else 0.25)
            for w in ov.wires_in(node_id):
                width, colour = encode.grad_pen(f.grad_stats(w.edge.src))
                w.set_style(width, colour)
            self._badge(node_id, with_grad=True)

    def _dim(self, node_id: str, phase: str) -> None:
        glow = encode.FORWARD_GLOW if phase == "forward" else encode.BACKWARD_GLOW
        if node_id in self.overlay.halos:
            self.overlay.halos[node_id].set_glow(glow, 0.18)

    def _badge(self, node_id: str, with_grad: bool) -> None:
        f = self.frame
        lines = [encode.value_line(f.value_stats(node_id))]
        if with_grad:
            lines.append(encode.grad_line(f.grad_stats(node_id)))
        else:
            old = self.overlay.badges[node_id].lines
            lines += [s for s in old[1:2] if s.startswith(("∂", "‖"))]
        cue = self.cues.get(node_id)
        text = ""
        colour = None
        if cue is not None:
            share = f" {cue.severity:.0%}" if cue.kind in ("dead_relu", "saturated") else ""
            text = "⚠ " + translate("Animator", CUE_WORDS.get(cue.kind, cue.kind)) + share
            colour = QColor(CUE_COLOURS.get(cue.kind, theme.CUE_COLOURS["saturated"]))
        self.overlay.badges[node_id].set_text(lines, text, colour)

    def _tooltip(self, node_id: str) -> None:
        f = self.frame
        item = self.overlay.scene.node_item(node_id)
        title = translate("Animator", '{op} "{label}" at step {step}').format(
            op=item.look.op, label=item.look.label, step=f.step)
        tip = encode.stats_tooltip(title, f.value_stats(node_id), f.grad_stats(node_id))
        cue = self.cues.get(node_id)
        if cue is not None:
            tip += "\n⚠ " + translate_message(cue.text)
        self.overlay.set_node_tooltip(node_id, tip)
