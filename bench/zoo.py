"""The model zoo's full runs: every zoo example trained with its own training section on
both backends, against the target its description states ("validation accuracy 0.9 or
more", "validation MSE 0.02 or less"). The baseline is the target itself: the ratio
column is reached / target (at least 1.0 for accuracies, at most 1.0 for losses).

    python bench/zoo.py [--json] [--backend torch|tf] [NAME ...]

One torch thread (small models on a shared CPU are faster so); the time is the run's own.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ZOO = ["lenet5", "resnet_digits", "mobilenet_digits", "transformer_waveforms",
       "lstm_waveforms", "conv_autoencoder"]
TARGET = re.compile(r"validation (accuracy|MSE) ([0-9.]+) or (more|less)")


def target(name: str) -> tuple[str, float, bool]:
    from graphlab.examples import DESCRIPTIONS

    m = TARGET.search(DESCRIPTIONS[name])
    if m is None:
        raise SystemExit(f"{name}'s description states no target")
    return ("val_accuracy" if m.group(1) == "accuracy" else "val_loss", float(m.group(2)),
            m.group(3) == "more")


def run(name: str, backend: str) -> dict:
    from graphlab import example
    from graphlab.train.session import TrainingSession

    metric, goal, higher = target(name)
    t0 = time.perf_counter()
    result = TrainingSession(example(name), backend=backend).run()
    seconds = time.perf_counter() - t0
    value = result.metrics.get(metric)
    reached = value is not None and (value >= goal if higher else value <= goal)
    return {"example": name, "backend": backend, "epochs": result.epochs,
            "seconds": round(seconds, 1), "metric": metric,
            "value": None if value is None else round(float(value), 4), "target": goal,
            "ratio": None if value is None else round(float(value) / goal, 3),
            "reached": bool(reached), "status": result.status}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", default=ZOO)
    ap.add_argument("--backend", choices=("torch", "tf"), action="append")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    import torch

    torch.set_num_threads(1)
    rows = [run(n, b) for n in args.names for b in (args.backend or ["torch", "tf"])]
    if args.json:
        print(json.dumps({"rows": rows, "all_reached": all(r["reached"] for r in rows)}))
        return 0
    print(f"{'example':<24}{'backend':<9}{'epochs':>7}{'seconds':>9}  {'metric':<13}"
          f"{'value':>8}{'target':>8}{'ratio':>7}  reached")
    for r in rows:
        print(f"{r['example']:<24}{r['backend']:<9}{r['epochs']:>7}{r['seconds']:>9.1f}  "
              f"{r['metric']:<13}{r['value']!s:>8}{r['target']:>8}{r['ratio']!s:>7}  "
              f"{'yes' if r['reached'] else 'NO'}")
    return 0 if all(r["reached"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
