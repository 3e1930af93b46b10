"""Training checks on a CUDA GPU: probes agree with the CPU, mixed precision learns, a
real allocator limit is reported as out of memory. Prints figures; exit 1 on a failure.

    python bench/gpu_check.py [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def first_probe(device, graph="digits_cnn"):
    from graphlab.examples import example
    from graphlab.train.session import TrainingSession

    s = TrainingSession(example(graph), backend="torch", device=device, probe_every=1,
                        max_steps=1)
    frames = []
    s.subscribe(lambda f: frames.append(f) if f.kind == "probe" else None)
    r = s.run()
    assert r.status == "finished", r.message
    return r, frames[0]


def probe_agreement() -> dict:
    """Max relative difference of every summary statistic, CUDA vs CPU, on one step."""
    _, gpu = first_probe("cuda")
    _, cpu = first_probe("cpu")
    worst = 0.0
    for a, b in ((gpu.values, cpu.values), (gpu.grads, cpu.grads),
                 (gpu.param_grads, cpu.param_grads)):
        a, b = a[:, :4].astype(np.float64), b[:, :4].astype(np.float64)  # mean std min max
        mask = np.isfinite(a) & np.isfinite(b)
        rel = np.abs(a - b)[mask] / (np.abs(b[mask]) + 1e-6)
        worst = max(worst, float(rel.max()) if rel.size else 0.0)
    return {"max_rel_diff": worst, "ok": worst < 1e-3}


def mixed_precision() -> dict:
    from graphlab.examples import example
    from graphlab.train.session import TrainingSession

    r = TrainingSession(example("digits_cnn"), backend="torch", device="cuda",
                        mixed_precision=True).run()
    acc = r.metrics.get("val_accuracy")
    return {"status": r.status, "val_accuracy": acc, "seconds": r.seconds,
            "ok": r.status == "finished" and acc is not None and acc >= 0.95}


def real_oom() -> dict:
    """A CNN with a huge batch under a 64 MiB cap of torch's CUDA allocator."""
    from graphlab.graph import Graph
    from graphlab.train.session import TrainingSession

    g = Graph("big", training={"dataset": "digits", "batch_size": 1000, "epochs": 1})
    x = g.add_node("Input", {"name": "x", "shape": [-1, 1, 8, 8]}, "x")
    c = g.add_node("Conv2d", {"in_channels": 1, "out_channels": 512, "kernel_size": 3,
                              "padding": 1}, "wide_conv")
    f = g.add_node("Flatten", {}, "flat")
    fc = g.add_node("Linear", {"out_features": 10}, "fc")
    out = g.add_node("Output", {"name": "logits"}, "out")
    t = g.add_node("Input", {"name": "t", "shape": [-1], "dtype": "int64", "role": "target"},
                   "t")
    loss = g.add_node("CrossEntropyLoss", {}, "loss")
    for a, b, port in ((x, c, "x"), (c, f, "x"), (f, fc, "x"), (fc, out, "x"),
                       (fc, loss, "logits"), (t, loss, "target")):
        g.connect(a, "y", b, port)
    s = TrainingSession(g, backend="torch", device="cuda")
    s.prepare()  # the estimate check refuses a 64 MiB budget up front; what is measured
    s.config.memory_limit_mb = 64  # here is the CUDA allocator cap itself
    r = s.run()
    return {"status": r.status, "message": r.message.splitlines()[0] if r.message else "",
            "ok": r.status == "failed" and "out of memory" in r.message}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    import torch

    if not torch.cuda.is_available():
        print("gpu_check: no CUDA GPU visible to torch", file=sys.stderr)
        return 3
    res = {"device": torch.cuda.get_device_name(0), "probe_agreement": probe_agreement(),
           "mixed_precision": mixed_precision()}
    res["real_oom"] = real_oom()  # last: it caps the allocator for the rest of the process
    if args.json:
        print(json.dumps(res))
    else:
        print(f"device: {res['device']}")
        p, m, o = res["probe_agreement"], res["mixed_precision"], res["real_oom"]
        print(f"probe stats CUDA vs CPU: max relative difference {p['max_rel_diff']:.2e} "
              f"({'ok' if p['ok'] else 'FAILED'})")
        print(f"mixed precision digits_cnn: val accuracy {m['val_accuracy']}, "
              f"{m['seconds']:.1f} s ({'ok' if m['ok'] else 'FAILED'})")
        print(f"64 MiB allocator cap: {o['status']}: {o['message']} "
              f"({'ok' if o['ok'] else 'FAILED'})")
    return 0 if all(v["ok"] for v in res.values() if isinstance(v, dict)) else 1


if __name__ == "__main__":
    sys.exit(main())
