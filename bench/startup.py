"""How long from process start until the editor window is shown with the default
example drawn.

Each run starts a fresh ``python -m graphlab`` (offscreen) with
``GRAPHLAB_STARTUP_PROBE=1``: the app prints the wall-clock time once the window has
been shown and its event loop has run, then exits. The time is measured from just
before the process is spawned, so interpreter start and every import count. The
baseline is a hand-written PySide6 script, in a fresh process too, that shows a
QMainWindow with a QGraphicsView of ten rectangles: what any Qt app pays. Goal:
under 1.5 s, because neither torch nor TensorFlow is imported on the way.

    python bench/startup.py [--json] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

BASELINE = r"""
import time
from PySide6.QtWidgets import QApplication, QMainWindow, QGraphicsScene, QGraphicsView
from PySide6.QtCore import QTimer
app = QApplication([])
w = QMainWindow()
scene = QGraphicsScene()
for i in range(10):
    scene.addRect(i * 200, 0, 160, 60)
w.setCentralWidget(QGraphicsView(scene))
w.resize(1400, 860)
w.show()
def probe():
    import sys
    w.repaint()
    print(f"graphlab-window-shown {time.time():.6f} nodes=10 torch={'torch' in sys.modules}",
          flush=True)
    app.quit()
QTimer.singleShot(0, probe)
app.exec()
"""

def run_once(cmd: list[str]) -> tuple[float, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GRAPHLAB_STARTUP_PROBE="1")
    t0 = time.time()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    for line in out.stdout.splitlines():
        if line.startswith("graphlab-window-shown"):
            parts = line.split()
            return float(parts[1]) - t0, " ".join(parts[2:])
    raise RuntimeError(f"no probe line from {cmd}: {out.stdout}\n{out.stderr}")


def frameworks_after_window() -> dict:
    code = ("import sys, os; os.environ['QT_QPA_PLATFORM']='offscreen'\n"
            "from PySide6.QtWidgets import QApplication; app = QApplication([])\n"
            "from graphlab.ui.main_window import MainWindow\n"
            "w = MainWindow(autosave=False); w.files.open_example('seed_mlp'); w.show()\n"
            "app.processEvents(); w.code_view.refresh_now()\n"
            "print('torch' in sys.modules, 'tensorflow' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    torch, tf = out.stdout.split()[-2:]
    return {"torch_imported": torch == "True", "tensorflow_imported": tf == "True"}


FREEZE = r"""
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from graphlab.ui.main_window import MainWindow
from graphlab.ui.live import install, install_in_stages
w = MainWindow(autosave=False)
w.files.open_example("seed_mlp")
w.resize(1400, 900)
w.show()
if sys.argv[1] == "stages":
    install_in_stages(w)  # what the app does
else:
    QTimer.singleShot(0, lambda: install(w))  # the whole panel in one event-loop turn
gaps, last = [], [time.perf_counter()]
def beat():
    now = time.perf_counter()
    gaps.append(now - last[0])
    last[0] = now
t = QTimer()
t.timeout.connect(beat)
t.start(5)
QTimer.singleShot(2000, app.quit)
app.exec()
w.editor.stack.setClean()
print("worst-gap", max(gaps), hasattr(w, "live"))
"""


def freeze_after_window(mode: str) -> float:
    """The longest the event loop went without running a 5 ms heartbeat in the 2 s after
    the window was shown, while the live panel installs: how long a click would wait."""
    out = subprocess.run([sys.executable, "-c", FREEZE, mode], capture_output=True,
                         text=True, timeout=120)
    for line in out.stdout.splitlines():
        if line.startswith("worst-gap"):
            _, gap, live = line.split()
            if live != "True":
                raise RuntimeError("the live panel was not installed")
            return float(gap)
    raise RuntimeError(f"no result: {out.stdout}\n{out.stderr}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    app_times, base_times, detail = [], [], ""
    for _ in range(args.runs):
        t, detail = run_once([sys.executable, "-m", "graphlab"])
        app_times.append(t)
        base_times.append(run_once([sys.executable, "-c", BASELINE])[0])
    result = {
        "runs": args.runs,
        "graphlab_median_s": statistics.median(app_times),
        "graphlab_min_s": min(app_times),
        "graphlab_max_s": max(app_times),
        "baseline_median_s": statistics.median(base_times),
        "ratio": statistics.median(app_times) / statistics.median(base_times),
        "drawn": detail,
        "goal_s": 1.5,
        **frameworks_after_window(),
        "freeze_staged_ms": 1e3 * statistics.median(
            freeze_after_window("stages") for _ in range(args.runs)),
        "freeze_one_go_ms": 1e3 * statistics.median(
            freeze_after_window("once") for _ in range(args.runs)),
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"{'':28} {'median s':>9} {'min s':>7} {'max s':>7}")
    print(f"{'graphlab (default example)':28} {result['graphlab_median_s']:>9.3f} "
          f"{result['graphlab_min_s']:>7.3f} {result['graphlab_max_s']:>7.3f}")
    print(f"{'baseline Qt window':28} {result['baseline_median_s']:>9.3f} "
          f"{min(base_times):>7.3f} {max(base_times):>7.3f}")
    print(f"\nratio graphlab / baseline: {result['ratio']:.2f}; window drawn with {detail}; "
          f"goal < {result['goal_s']} s")
    print(f"torch imported after the window is up: {result['torch_imported']}; "
          f"tensorflow: {result['tensorflow_imported']}")
    print(f"\nlongest event-loop freeze in the 2 s after the window is shown (median of "
          f"{args.runs}): {result['freeze_staged_ms']:.0f} ms with the live panel installed in "
          f"stages (the app), {result['freeze_one_go_ms']:.0f} ms in one go")


if __name__ == "__main__":
    main()
