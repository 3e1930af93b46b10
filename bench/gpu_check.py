"""Training checks on a CUDA GPU: probes agree with the CPU, mixed precision learns
(torch autocast; TF's float16 graph rewrite with graphlab's loss scaling, and whether
the rewrite converted anything), a real allocator limit is reported as out of memory.
Prints figures; exit 1 on a failure, 3 without a CUDA GPU.

    python bench/gpu_check.py [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time

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


# grappler's own lines (auto_mixed_precision.cc): the first is VLOG(1), the others INFO
_RUNNING = re.compile(r"Running auto_mixed_precision graph optimizer on (\S+)")
_CONVERTED = re.compile(r"Converted (\d+)/(\d+) nodes to (float16|bfloat16) precision")
_SKIPPED = ("No (suitable) GPUs detected", "No allowlist ops found")


def tf_child(mixed: bool) -> dict:
    """In a fresh process (TF's log lines on its stderr, the rewrite option and TF's
    GPU memory its own): digits_cnn on TF on CUDA, then the steady time of 200 steps."""
    import numpy as np

    from graphlab.examples import example
    from graphlab.train.session import TrainingSession

    s = TrainingSession(example("digits_cnn"), backend="tf", device="cuda",
                        mixed_precision=mixed)
    r = s.run()
    out = {"status": r.status, "message": r.message.splitlines()[0] if r.message else "",
           "val_accuracy": r.metrics.get("val_accuracy"), "seconds": r.seconds,
           "device": r.device, "notes": r.notes}
    runner = s._runner
    if r.status == "finished" and runner is not None:
        idx = np.arange(64)
        for _ in range(20):
            runner.train_step(idx)
        t0 = time.perf_counter()
        for _ in range(200):
            runner.train_step(idx)
        out["ms_per_step"] = (time.perf_counter() - t0) / 200 * 1e3
        out["amp"] = runner.amp
        out["loss_scale"] = runner.scaler.scale if runner.scaler is not None else None
    return out


def _run_tf_child(mixed: bool) -> tuple[dict | None, str]:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="0",
               TF_CPP_VMODULE="auto_mixed_precision=1")
    cmd = [sys.executable, os.path.abspath(__file__), "--tf-child",
           "mixed" if mixed else "float32"]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=150,
                           cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    except subprocess.TimeoutExpired:
        return None, "timed out after 150 s"
    lines = [x for x in p.stdout.splitlines() if x.startswith("{")]
    if p.returncode != 0 or not lines:
        return None, (p.stderr.strip().splitlines() or [f"exit {p.returncode}"])[-1]
    return json.loads(lines[-1]), p.stderr


def rewrite_report(log: str) -> tuple[dict[str, str], list[str]]:
    """From grappler's log: {traced function: "converted/all nodes to float16"} and the
    reasons it gave for converting nothing."""
    converted, current = {}, None
    for line in log.splitlines():
        m = _RUNNING.search(line)
        if m:
            current = m.group(1)
        m = _CONVERTED.search(line)
        if m:
            converted[current or "?"] = f"{m.group(1)}/{m.group(2)} to {m.group(3)}"
    return converted, sorted({s for s in _SKIPPED if s in log})


def tf_mixed_precision() -> dict:
    """digits_cnn on TF with --mixed-precision against float32: it learns, the rewrite
    converted nodes of the training step to float16 (grappler's log), and the step time
    of each (a model this small may not get faster: the figure is for the record)."""
    mixed, log = _run_tf_child(True)
    if mixed is None:
        return {"ok": False, "status": "failed", "message": log}
    if mixed["status"] != "finished" and "sees no GPU" in mixed["message"]:
        return {"ok": True, "status": "skipped", "message": mixed["message"]}
    plain, _ = _run_tf_child(False)
    converted, skips = rewrite_report(log)
    step = {k: v for k, v in converted.items() if "_plain_step" in k or "_probe_step" in k}
    acc = mixed["val_accuracy"]
    return {"status": mixed["status"], "message": mixed["message"], "val_accuracy": acc,
            "seconds": mixed["seconds"], "notes": mixed["notes"],
            "loss_scale": mixed.get("loss_scale"),
            "ms_per_step": mixed.get("ms_per_step"),
            "float32_ms_per_step": plain.get("ms_per_step") if plain else None,
            "float32_val_accuracy": plain.get("val_accuracy") if plain else None,
            "converted": converted, "rewrite_skipped": skips, "rewrite_fired": bool(step),
            "ok": mixed["status"] == "finished" and acc is not None and acc >= 0.95
            and bool(mixed.get("amp")) and bool(step)}


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


def _ms(v) -> str:
    return "?" if v is None else f"{v:.2f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--tf-child", choices=("mixed", "float32"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.tf_child:
        print(json.dumps(tf_child(args.tf_child == "mixed")))
        return 0
    import torch

    if not torch.cuda.is_available():
        print("gpu_check: no CUDA GPU visible to torch", file=sys.stderr)
        return 3
    res = {"device": torch.cuda.get_device_name(0), "probe_agreement": probe_agreement(),
           "mixed_precision": mixed_precision()}
    torch.cuda.empty_cache()  # TF's child process takes the GPU memory it finds free
    res["tf_mixed_precision"] = tf_mixed_precision()
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
        t = res["tf_mixed_precision"]
        if t["status"] == "skipped":
            print(f"TF mixed precision: skipped: {t['message']}")
        elif "converted" not in t:
            print(f"TF mixed precision digits_cnn: {t['status']}: {t['message']} (FAILED)")
        else:
            fired = "; ".join(f"{k}: {v}" for k, v in t["converted"].items()) or "none"
            print(f"TF mixed precision digits_cnn: val accuracy {t['val_accuracy']} "
                  f"(float32 {t['float32_val_accuracy']}), {t['seconds']:.1f} s, loss scale "
                  f"{t['loss_scale']}, {_ms(t['ms_per_step'])} ms/step vs float32 "
                  f"{_ms(t['float32_ms_per_step'])}; rewrite converted: {fired}"
                  f"{'; ' + ', '.join(t['rewrite_skipped']) if t['rewrite_skipped'] else ''}"
                  f" ({'ok' if t['ok'] else 'FAILED'})")
        print(f"64 MiB allocator cap: {o['status']}: {o['message']} "
              f"({'ok' if o['ok'] else 'FAILED'})")
    return 0 if all(v["ok"] for v in res.values() if isinstance(v, dict)) else 1


if __name__ == "__main__":
    sys.exit(main())
