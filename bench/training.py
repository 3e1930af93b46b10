"""Training throughput: graphlab sessions against hand-written training in the same process.

Network and data: the digits_mlp example (64-128-10, ReLU, cross-entropy, Adam, batch
64) on scikit-learn's digits, validation every epoch. Measured from the end of the first
step (tracing and warm-up excluded) to the end of the run, best of ``--repeat``:

* graphlab torch session vs a hand-written torch loop (same model, data order, Adam,
  ``loss.item()`` per step, validation loss/accuracy per epoch). Goal >= 0.95.
* graphlab TF session vs Keras ``model.fit`` on the same layers. Goal >= 1.0.
* probes every 1, 10, 100 steps: time per step against no probes. Goal: every 10
  steps costs at most 5 %.

    python bench/training.py [--json] [--device cpu|cuda] [--epochs N] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

GRAPH = "digits_mlp"


def session_time(backend, device, epochs, probe_every=0):
    """Seconds from the end of step 1 to the end of the run, and the number of steps."""
    from graphlab.examples import example
    from graphlab.train.session import TrainingSession

    s = TrainingSession(example(GRAPH), backend=backend, device=device, epochs=epochs,
                        probe_every=probe_every)
    marks = {}

    def on_frame(f):
        if f.step == 1 and "first" not in marks:
            marks["first"] = time.perf_counter()
        if f.kind == "end":
            marks["end"] = time.perf_counter()
    s.subscribe(on_frame)
    r = s.run()
    assert r.status == "finished", r.message
    return marks["end"] - marks["first"], r.steps, r.metrics["val_accuracy"]


def prepared():
    from graphlab.examples import example
    from graphlab.train.datasets import prepare

    g = example(GRAPH)
    t = g.training
    return g, prepare(g, t["dataset"], t["val_fraction"], t["standardize"], g.seed)


def torch_loop_time(device, epochs):
    """A hand-written torch training loop for the same network and data."""
    import torch
    import torch.nn.functional as F
    from torch import nn

    g, d = prepared()
    dev = torch.device("cuda" if device == "cuda" else "cpu")
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10)).to(dev)
    opt = torch.optim.Adam(model.parameters(), lr=g.training["lr"], betas=(0.9, 0.999),
                           eps=1e-8)
    x, y = torch.from_numpy(d.x_train).to(dev), torch.from_numpy(d.y_train).to(dev)
    xv, yv = torch.from_numpy(d.x_val).to(dev), torch.from_numpy(d.y_val).to(dev)
    bs, n = g.training["batch_size"], d.n_train
    first = None
    for epoch in range(1, epochs + 1):
        order = np.random.default_rng([g.seed, epoch]).permutation(n)
        model.train()
        for i in range(0, n, bs):
            idx = torch.from_numpy(order[i:i + bs]).to(dev)
            loss = F.cross_entropy(model(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss.item()
            if first is None:
                first = time.perf_counter()
        model.eval()
        with torch.no_grad():
            logits = model(xv)
            F.cross_entropy(logits, yv).item()
            (logits.argmax(1) == yv).float().mean().item()
    return time.perf_counter() - first


def keras_fit_time(epochs):
    """Keras model.fit on the same layers, data, batch size and Adam settings."""
    import tensorflow as tf

    g, d = prepared()
    tf.random.set_seed(0)
    model = tf.keras.Sequential([tf.keras.Input((64,)), tf.keras.layers.Dense(128, "relu"),
                                 tf.keras.layers.Dense(10)])
    model.compile(optimizer=tf.keras.optimizers.Adam(g.training["lr"], epsilon=1e-8),
                  loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    marks = {}

    class Clock(tf.keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            marks.setdefault("first", time.perf_counter())

        def on_train_end(self, logs=None):
            marks["end"] = time.perf_counter()

    model.fit(d.x_train, d.y_train, batch_size=g.training["batch_size"], epochs=epochs,
              shuffle=True, validation_data=(d.x_val, d.y_val), verbose=0,
              callbacks=[Clock()])
    return marks["end"] - marks["first"]


def best(fn, repeat):
    return min(fn() for _ in range(repeat))


def measure(device, epochs, repeat, backends=("torch", "tf")):
    out = {"graph": GRAPH, "epochs": epochs, "device": device}
    if "torch" in backends:
        sess = min((session_time("torch", device, epochs) for _ in range(repeat)),
                   key=lambda t: t[0])
        loop = best(lambda: torch_loop_time(device, epochs), repeat)
        steps = sess[1]
        out["torch"] = {"steps": steps, "session_s": sess[0], "hand_loop_s": loop,
                        "ratio": loop / sess[0], "val_accuracy": sess[2]}
    if "tf" in backends:
        sess = min((session_time("tf", device, epochs) for _ in range(repeat)),
                   key=lambda t: t[0])
        fit = best(lambda: keras_fit_time(epochs), repeat)
        out["tf"] = {"steps": sess[1], "session_s": sess[0], "keras_fit_s": fit,
                     "ratio": fit / sess[0], "val_accuracy": sess[2]}
    for b in backends:
        base = out[b]["session_s"]
        out[b]["probe_overhead"] = {}
        for k in (1, 10, 100):
            t = min(session_time(b, device, epochs, k)[0] for _ in range(repeat))
            out[b]["probe_overhead"][str(k)] = t / base - 1.0
    return out


def table(r) -> str:
    lines = [f"{r['graph']} on {r['device']}, {r['epochs']} epochs (best of runs; time after "
             "step 1)", "",
             f"{'':34}{'graphlab s':>11}{'baseline s':>12}{'ratio':>8}  goal"]
    if "torch" in r:
        t = r["torch"]
        lines.append(f"{'torch session / hand-written loop':34}{t['session_s']:>11.3f}"
                     f"{t['hand_loop_s']:>12.3f}{t['ratio']:>8.3f}  >= 0.95")
    if "tf" in r:
        t = r["tf"]
        lines.append(f"{'TF session / Keras model.fit':34}{t['session_s']:>11.3f}"
                     f"{t['keras_fit_s']:>12.3f}{t['ratio']:>8.3f}  >= 1.0")
    lines += ["", f"{'probe cost (time per step vs none)':38}{'every 1':>9}{'every 10':>10}"
              f"{'every 100':>11}  goal (every 10)"]
    for b in ("torch", "tf"):
        if b in r:
            p = r[b]["probe_overhead"]
            lines.append(f"{b:38}{p['1']:>+9.1%}{p['10']:>+10.1%}{p['100']:>+11.1%}  <= +5%")
    ok = []
    if "torch" in r:
        ok.append(f"torch ratio {'met' if r['torch']['ratio'] >= 0.95 else 'MISSED'}")
    if "tf" in r:
        ok.append(f"TF vs fit {'met' if r['tf']['ratio'] >= 1.0 else 'MISSED'}")
    ok += [f"{b} probes/10 {'met' if r[b]['probe_overhead']['10'] <= 0.05 else 'MISSED'}"
           for b in ("torch", "tf") if b in r]
    lines += ["", "goals: " + ", ".join(ok)]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--backends", default="torch,tf")
    args = ap.parse_args()
    r = measure(args.device, args.epochs, args.repeat, tuple(args.backends.split(",")))
    print(json.dumps(r) if args.json else table(r))


if __name__ == "__main__":
    main()
