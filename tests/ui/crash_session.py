"""A graphlab window in its own process that autosaves and then dies without closing.

    python -m tests.ui.crash_session RECOVERY_DIR SETTINGS.ini [--example NAME]
        [--save-to FILE] [--add LABEL] [--trained VALUE] [--recover] [--wait]

Steps in order: open the example, save it to a file, add a Tanh node labelled LABEL,
take trained weights (every weight VALUE, as a run would hand them over), offer
recovery answering yes, write the autosave. Then print one JSON line (the node
labels, the recovery file) and either wait for a line on stdin before being killed
(``--wait``: a live instance) or kill itself with SIGKILL (a crash: nothing runs at exit).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("recovery")
    ap.add_argument("settings")
    ap.add_argument("--example")
    ap.add_argument("--save-to")
    ap.add_argument("--add")
    ap.add_argument("--trained", type=float)
    ap.add_argument("--recover", action="store_true")
    ap.add_argument("--wait", action="store_true")
    args = ap.parse_args()
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from graphlab.ui.main_window import MainWindow

    app = QApplication([])
    w = MainWindow(settings=QSettings(args.settings, QSettings.Format.IniFormat),
                   recovery_dir=args.recovery, autosave=False)
    w.ask_choice = lambda title, text, choices: "yes"
    w.show_error = lambda title, text: print(f"error: {text}", file=sys.stderr)
    if args.example:
        w.files.open_example(args.example)
    if args.save_to:
        assert w.files.save_to(args.save_to)
    if args.add:
        w.editor.add_node("Tanh", (10, 10), label=args.add)
    if args.trained is not None:
        import numpy as np

        from graphlab.train.weights_store import param_shapes, weight_keys

        shapes, keys = param_shapes(w.graph), weight_keys(w.graph)
        w.weights.take_named(w.graph, {keys[n][p]: np.full(shape, args.trained, np.float32)
                                       for n, ps in shapes.items() for p, shape in ps.items()})
    recovered = w.offer_recovery() if args.recover else False
    w.autosaver.tick()
    app.processEvents()
    print(json.dumps({"labels": sorted(v.label for v in w.graph.nodes()),
                      "recovered": recovered, "file": str(w.autosaver.recovery_file)}),
          flush=True)
    if args.wait:
        sys.stdin.readline()
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main()
