"""Render the live panel's screenshots offscreen into docs/screenshots/.

Run: QT_QPA_PLATFORM=offscreen python scripts/live_screenshots.py [--size WxH] [NAME...]
Makes live_training.png (seed_mlp training, mid-sweep), step_through_scalar_expr.png
(the chain-rule card on scalar_expr) and lesson_deep_sigmoid.png (vanishing gradients),
optimizer_step.png (the step-through's last step: Adam's update of one weight),
decision_view.png (the Data dock on spirals mid-training) and feature_maps.png
(digits_cnn's conv1 maps for one row, as hovering shows them), at
1920x1080; another size (a 1280x720 projector) is written as NAME_WxH.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
DEFAULT_SIZE = (1920, 1080)
SIZE = DEFAULT_SIZE


def pump(app, seconds: float, until=None) -> None:
    end = time.time() + seconds
    while time.time() < end and not (until and until()):
        app.processEvents()
        time.sleep(0.005)


def window(app, example: str):
    from PySide6.QtCore import QSettings

    from graphlab.ui.live import install
    from graphlab.ui.main_window import MainWindow

    ini = Path(tempfile.mkdtemp()) / "shots.ini"  # the person's own settings stay untouched
    w = MainWindow(settings=QSettings(str(ini), QSettings.Format.IniFormat), autosave=False,
                   remember_layout=False)
    # no modal question offscreen (trained weights are unsaved when a picture is done)
    w.ask_choice = lambda title, text, choices: "discard"
    w.resize(*SIZE)
    w.files.open_example(example)
    w.show()
    pump(app, 0.2)
    install(w)  # as the app does: once the window is up
    w.live.docks.fit()
    pump(app, 0.2)
    w.view.frame_readable()
    return w


def frame_labels(w, *labels: str) -> None:
    w.view.frame(w.canvas.nodes_rect([w.graph.find(lb) for lb in labels]), max_scale=1.6)


def save(w, name: str) -> None:
    w.live.legend.place()
    if SIZE != DEFAULT_SIZE:
        name = name.replace(".png", f"_{SIZE[0]}x{SIZE[1]}.png")
    path = OUT / name
    w.grab().save(str(path))
    print(f"wrote {path}")


def training(app) -> None:
    w = window(app, "seed_mlp")
    live = w.live
    live.train_panel.epochs.setValue(100000)  # still running when the picture is taken
    live.train_panel.epochs.editingFinished.emit()
    live.run()
    pump(app, 0.3)
    frame_labels(w, "x", "fc1", "relu1", "fc2", "relu2")
    pump(app, 60, until=lambda: live.animator.shown >= 1)
    pump(app, 10, until=lambda: live.animator._phase == "backward" and live.animator._lit >= 4)
    live.docks.insights.setCurrentIndex(0)
    save(w, "live_training.png")
    live.stop(wait=True)
    w.editor.stack.setClean()
    w.close()


def step_through(app) -> None:
    w = window(app, "scalar_expr")
    live = w.live
    live.start_step_through()  # the worker records it; the replay comes back
    pump(app, 120, until=lambda: not live.steps.waiting)
    panel = live.step_panel
    st = panel.stepper
    a = w.graph.find("a")
    while not st.done and not (st.grad(a) is not None):
        panel.step()
    w.canvas.select_nodes([a])
    panel.grad_check()
    pump(app, 60, until=lambda: not panel.checking)
    live.docks.step_dock.raise_()
    pump(app, 0.3)
    save(w, "step_through_scalar_expr.png")
    w.editor.stack.setClean()
    w.close()


def deep_sigmoid(app) -> None:
    w = window(app, "xor")
    live = w.live
    live.open_lesson("deep_sigmoid")
    pump(app, 0.3)
    frame_labels(w, "x", "fc1", "sig1", "fc2", "sig2")
    live.run()
    pump(app, 60, until=lambda: live.animator.shown >= 3 and not live.animator.busy)
    live.pause()
    pump(app, 5, until=lambda: not live.animator.busy)
    live.docks.insights.setCurrentIndex(0)
    save(w, "lesson_deep_sigmoid.png")
    live.stop(wait=True)
    w.editor.stack.setClean()
    w.close()


def optimizer_step(app) -> None:
    w = window(app, "seed_mlp")
    live = w.live
    live.start_step_through()
    pump(app, 120, until=lambda: not live.steps.waiting)
    panel = live.step_panel
    panel.to_end()  # the last step: Adam's update
    panel.weight_key.setCurrentText("fc2.weight")
    live.docks.step_dock.raise_()
    from PySide6.QtCore import Qt  # the card gets the column's height (a teacher drags it)

    w.resizeDocks([live.docks.step_dock], [int(SIZE[1] * 0.7)], Qt.Orientation.Vertical)
    frame_labels(w, "x", "fc1", "relu1", "fc2", "relu2", "fc3")
    pump(app, 0.3)
    save(w, "optimizer_step.png")
    w.editor.stack.setClean()
    w.close()


def feature_maps(app) -> None:
    w = window(app, "digits_cnn")
    live = w.live
    live.step_panel.pick_row(3)
    frame_labels(w, "image", "to_image", "conv1", "relu1", "pool1")
    pump(app, 0.2)
    maps = live.steps.maps
    maps.show_for(w.graph.find("conv1"))
    pump(app, 120, until=lambda: maps.popup.shown is not None)
    pump(app, 0.3)
    maps.place(w.graph.find("conv1"))
    pump(app, 0.2)
    save(w, "feature_maps.png")
    w.editor.stack.setClean()
    w.close()


def spirals_graph():
    """A small Tanh network on the two spirals: it finds them within a minute or two."""
    from graphlab.graph.builders import two_layer_classifier
    from graphlab.graph.graph import Graph
    from graphlab.graph.layout import apply_layout

    g = Graph("spirals", seed=1, training={
        "dataset": "spirals", "optimizer": "adam", "lr": 0.01, "batch_size": 32,
        "epochs": 100000, "val_fraction": 0.2, "standardize": True})
    x = g.add_node("Input", {"name": "x", "shape": [-1, 2]}, "x")
    two_layer_classifier(g, x, 2, 16, "Tanh", "tanh")
    apply_layout(g)
    return g


def decision_view(app) -> None:
    """spirals mid-training: the Data dock's regions and points beside the canvas."""
    w = window(app, "xor")
    live = w.live
    w.files.show_graph(spirals_graph(), None, "spirals")
    pump(app, 0.3)
    w.view.frame_readable()
    live.docks.data_dock.raise_()
    live.run()
    view = live.docks.data_view
    pump(app, 240, until=lambda: view.frame is not None and view.frame.step >= 420)
    pump(app, 10, until=lambda: not live.animator.busy)
    pump(app, 0.5)
    save(w, "decision_view.png")
    live.stop(wait=True)
    w.editor.stack.setClean()
    w.close()


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from graphlab.ui import theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    theme.apply_app_style(app)
    OUT.mkdir(parents=True, exist_ok=True)
    global SIZE
    args = sys.argv[1:]
    if args[:1] == ["--size"]:
        SIZE = tuple(int(v) for v in args[1].lower().split("x"))
        args = args[2:]
    which = args or ["training", "step_through", "deep_sigmoid"]
    for name in which:
        globals()[name](app)
    (OUT / ".shots.ini").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
