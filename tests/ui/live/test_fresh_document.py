"""A new document starts clean; running changes nothing; overlays follow edits at once;
the start of a run says what it is doing; empty plots say so; the legend reads."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from graphlab.ui.live.insights import WAITING
from tests.ui.driver import Driver

WAIT = 60_000  # ms: torch is imported by the worker on first use


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_running_a_lesson_leaves_it_unedited(qtbot, live_window):
    w = live_window("xor")
    live = w.live
    asked = []
    w.ask_choice = lambda title, text, choices: asked.append(text) or "cancel"
    live.open_lesson("deep_sigmoid")
    click(qtbot, live.train_panel.run_button)
    qtbot.waitUntil(lambda: live.deliveries >= 1, timeout=WAIT)
    live.stop(wait=True)
    assert w.editor.stack.count() == 0 and w.editor.stack.isClean()  # no "Change training"
    assert not w.isWindowModified()
    assert w.files.new() and not asked  # leaving the lesson asks nothing
    live.open_lesson("exploding")  # probes every step, which is the lesson's own cadence
    assert live.train_panel.probe_every.value() == 1
    assert w.files.new() and not asked
    assert live.train_panel.probe_every.value() == 5


def test_a_new_document_shows_nothing_of_the_previous_run(qtbot, live_window):
    w = live_window("xor")
    live, panel, curves = w.live, w.live.train_panel, w.live.curves
    assert curves.empty_label.isVisibleTo(curves) and not curves.loss_plot.isVisibleTo(curves)
    assert live.flow.empty_label.isVisibleTo(live.flow)
    hist = live.histograms
    assert not hist.layout_widget.isVisibleTo(hist)  # no made-up axes before a run
    seen = []
    click(qtbot, panel.run_button)
    # the start says what it is doing, with a moving bar, until the first batch
    assert panel.status.text().startswith("starting: ") and panel.progress.maximum() == 0

    def done():
        if panel.status.text() not in seen:
            seen.append(panel.status.text())
        return live.state.done and not live.animator.busy

    qtbot.waitUntil(done, timeout=WAIT)
    assert live.state == "finished", seen
    assert any("compiling the model for torch" in s for s in seen), seen
    assert "accuracy" in panel.status.text() and panel.progress.value() > 0
    assert not curves.empty_label.isVisibleTo(curves) and curves.loss_plot.isVisibleTo(curves)
    health = [live.health.list.item(i).text() for i in range(live.health.list.count())]
    assert health and WAITING not in health and all(health)  # never blank after a run
    w.canvas.select_nodes([w.graph.find("hidden")])
    assert hist.layout_widget.isVisibleTo(hist) and "probes" in hist.title.text()
    # a click on the loss curve picks the probe step nearest it on the timeline
    probe = curves.probes[len(curves.probes) // 2]
    vb = curves.loss_plot.getViewBox()
    at = curves.loss_plot.mapFromScene(vb.mapViewToScene(
        vb.mapSceneToView(vb.sceneBoundingRect().center()).__class__(probe.step, 0.5)))
    qtbot.mouseClick(curves.loss_plot.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert curves.chosen is not None and abs(curves.chosen.step - probe.step) <= (
        curves.probes[1].step - curves.probes[0].step)
    assert curves.slider.value() == curves.probes.index(curves.chosen)
    w.statusBar().showMessage("cannot connect: the last refusal")
    code = w.code_view.text
    code.verticalScrollBar().setValue(code.verticalScrollBar().maximum())
    assert code.verticalScrollBar().value() > 0

    assert w.files.new()
    w.code_view.refresh_now()
    assert panel.status.text() == "idle" and panel.progress.value() <= 0
    assert curves.empty_label.isVisibleTo(curves) and curves.chosen is None
    assert not curves.slider.isEnabled() and curves.step_label.text() == "—"
    x_lo, x_hi = curves.loss_plot.getViewBox().viewRange()[0]
    assert x_hi < 5  # the old run's step range is gone
    assert [live.health.list.item(i).text() for i in range(live.health.list.count())] == [
        WAITING]
    assert live.flow.empty_label.isVisibleTo(live.flow) and not live.flow.values
    assert not hist.layout_widget.isVisibleTo(hist)
    assert w.statusBar().currentMessage() == ""
    assert code.verticalScrollBar().value() == 0
    assert not live.lesson_dock.isVisible()


def test_overlays_follow_a_drag_and_forget_a_deleted_wire(qtbot, live_window):
    w = live_window("xor")
    live = w.live
    panel = live.train_panel
    panel.epochs.setValue(100000)
    panel.epochs.editingFinished.emit()
    click(qtbot, panel.run_button)
    qtbot.waitUntil(lambda: live.animator.shown >= 1, timeout=WAIT)
    live.pause()
    qtbot.waitUntil(lambda: not live.animator.busy, timeout=WAIT)
    hidden = w.graph.find("hidden")
    item = w.canvas.node_item(hidden)
    drive = Driver(qtbot, w)
    before = item.pos()
    start = drive.header("hidden")
    drive._send(QMouseEventType.press, start, Qt.MouseButton.LeftButton)
    drive._send(QMouseEventType.move, start + QPoint(60, 80), Qt.MouseButton.LeftButton)
    # mid-drag, before any new frame: the glow and badge are with the node
    assert item.pos() != before
    assert live.overlay.halos[hidden].pos() == item.pos()
    assert live.overlay.badges[hidden].pos().x() == item.pos().x()
    out = next(e for e in w.graph.edges() if e.src == hidden)
    flow = live.overlay.wires[out]
    assert flow.path().pointAtPercent(0) == item.port_scene_pos(out.src_port, True)
    drive._send(QMouseEventType.release, start + QPoint(60, 80), Qt.MouseButton.NoButton)
    edge = next(e for e in w.graph.edges() if e.dst == hidden)
    assert live.overlay.badges[hidden].lines
    w.editor.disconnect(edge)
    assert edge not in live.overlay.wires  # no orange stub left on the canvas
    assert not live.overlay.badges[hidden].lines  # nor its old numbers
    w.editor.delete([hidden])
    assert hidden not in live.overlay.halos and hidden not in live.overlay.badges
    assert not [e for e in live.overlay.wires if hidden in (e.src, e.dst)]
    live.stop(wait=True)


def test_the_legend_swatch_leaves_its_text_alone(live_window):
    w = live_window("xor")
    legend = w.live.legend
    image = legend.grab().toImage()
    y = int(6 + legend.row_h / 2)  # the "forward" row's middle
    fill = image.pixel(image.width() - 4, y)  # the panel behind the rows
    # the gap between the swatch (ends at x=58) and the text (starts at x=64) is empty
    assert all(image.pixel(x, y) == fill for x in range(59, 63))
    QApplication.processEvents()


class QMouseEventType:
    from PySide6.QtGui import QMouseEvent

    press = QMouseEvent.Type.MouseButtonPress
    move = QMouseEvent.Type.MouseMove
    release = QMouseEvent.Type.MouseButtonRelease
