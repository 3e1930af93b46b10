"""Training throughput: graphlab sessions against hand-written training in the same process.

Network and data: the digits_mlp example (64-128-10, ReLU, cross-entropy, Adam, batch
64) on scikit-learn's digits, validation every epoch. Timed from the end of the second
step (so tracing of both step functions and warm-up are excluded) to the end of the run,
in interleaved rounds, reporting medians:

* graphlab torch session vs a hand-written torch loop doing the same job (same model,
  data order and Adam; running training loss and accuracy read every step, validation
  loss/accuracy per epoch). Goal >= 0.95. The session also checks every step that no
  gradient is non-finite before the update (``check_gradients``, on by default).
* graphlab TF session vs Keras ``model.fit`` on the same layers. Goal >= 1.0.
* probes every 1, 10, 100 steps: time per step against no probes. Goal: every 10
  steps costs at most 5 %.
* the data and decision view (graphlab/train/plane.py) on xor at the editor's cadence:
  the time the session spent computing its frames over the run's time, and the run
  against the same run without the view. Goal: at most 2 %. ``--only-view`` measures
  just this.

    python bench/training.py [--json] [--device cpu|cuda] [--epochs N] [--repeat N]
                             [--threads N] [--graph NAME] [--only-view]

``--graph`` another example (e.g. digits_cnn): only graphlab's own figures (plain
steps and probes); the hand-written loop and Keras are digits_mlp's network.

On the CPU both frameworks run with ``--threads`` intra-op threads (default 1) for every
measurement alike: on a shared 2-core machine OpenMP threads spinning under contention
made multi-threaded timings of the same loop swing by 50x between runs.
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

GRAPH = "digits_mlp"


EDITOR_BUDGET = 0.02  # graphlab/ui/live/controller.py PROBE_BUDGET


def session_time(backend, device, epochs, probe_every=0, probe_budget=None):
    """(seconds from the end of step 2 to the end of the run, steps, val accuracy,
    {step: time its frame was published}, steps that ended an epoch)."""
    from graphlab.examples import example
    from graphlab.train.session import TrainingSession

    s = TrainingSession(example(GRAPH), backend=backend, device=device, epochs=epochs,
                        probe_every=probe_every, probe_budget=probe_budget)
    marks: dict = {"times": {}, "epoch_ends": set(), "probes": 0}

    def on_frame(f):
        now = time.perf_counter()
        if f.kind in ("step", "probe"):
            marks["times"][f.step] = now
            marks["probes"] += f.kind == "probe"
            if f.step == 2:  # both step functions traced by now
                marks["first"] = now
        elif f.kind == "epoch":
            marks["epoch_ends"].add(f.step)
        elif f.kind == "end":
            marks["end"] = now
    s.subscribe(on_frame)
    r = s.run()
    assert r.status == "finished", r.message
    probes = marks["probes"]
    return (marks["end"] - marks["first"], r.steps, r.metrics.get("val_accuracy"), marks["times"],
            marks["epoch_ends"], probes)


VIEW_GRAPH, VIEW_EPOCHS = "xor", 3000  # xor: one batch an epoch


def view_run(backend, device, view: bool):
    """(run seconds after step 2, steps, frames after the first, seconds spent on them,
    the first's seconds) of xor at the editor's cadence, with or without the data view.
    The first frame also traces the view's function (TF) or warms up the framework, once
    a run: it is reported apart, as the warm-up."""
    from graphlab.examples import example
    from graphlab.train.session import TrainingSession

    s = TrainingSession(example(VIEW_GRAPH), backend=backend, device=device,
                        epochs=VIEW_EPOCHS, probe_every=1, probe_budget=EDITOR_BUDGET)
    if view:
        s.watch_plane()
    marks = {}

    def on_frame(f):
        if f.step == 2 and "first" not in marks:
            marks["first"] = time.perf_counter()
    s.subscribe(on_frame)
    r = s.run()
    assert r.status == "finished", r.message
    run_s = time.perf_counter() - marks["first"]
    p = s.plane
    return (run_s, r.steps, (p.count - 1 if p else 0), (p.seconds if p else 0.0),
            (p.warmup if p else 0.0))


def view_cost(device, repeat, backends):
    """The view's share of xor's training time: its frames' own time over the run's
    (robust), and the whole run over one without the view (carries run-to-run noise)."""
    out = {}
    med = lambda xs: float(np.median(xs))  # noqa: E731
    for b in backends:
        view_run(b, device, True)  # warm-up: imports, first compile
        rounds = []
        for _ in range(repeat):
            plain, with_view = view_run(b, device, False), view_run(b, device, True)
            rounds.append((with_view[3] / with_view[0], with_view[0] / plain[0] - 1,
                           with_view[2], with_view[3] / max(with_view[2], 1),
                           with_view[1] / with_view[0], with_view[4]))
        out[b] = {"share": med([x[0] for x in rounds]), "run_overhead": med([x[1] for x in rounds]),
                  "frames": med([x[2] for x in rounds]), "frame_ms": med([x[3] for x in rounds]) * 1e3,
                  "steps_per_s": med([x[4] for x in rounds]),
                  "warmup_ms": med([x[5] for x in rounds]) * 1e3}
    return out


def view_table(v) -> str:
    lines = [f"data view on {VIEW_GRAPH} ({VIEW_EPOCHS} steps, editor cadence): frames' time "
             "over the run's; whole run over a run without the view (noisy)"]
    for b, t in v.items():
        lines.append(f"{b:8}{t['share']:>7.2%}  ({t['frames']:.0f} frames of {t['frame_ms']:.2f} "
                     f"ms at {t['steps_per_s']:.0f} steps/s, first {t['warmup_ms']:.0f} ms; "
                     f"whole run {t['run_overhead']:+.1%})"
                     f"  goal <= 2% {'met' if t['share'] <= 0.02 else 'MISSED'}")
    lines.append("(frames after the first; the first also traces or warms up, once a run)")
    return "\n".join(lines)


def probe_extra(times, epoch_ends, k):
    """Over the k-step windows of a run with probes every k (each window starts with its
    probe step): median of (first half's time - second half's time), and median time per
    step of the second halves. A probe's cost, including what spills
    into the next steps, lands in the first half; the second half is plain steps of the
    same run under the same conditions, so run-to-run variance cancels."""
    extra, plain = [], []
    h = k // 2
    for j in range(1, max(times) // k):
        a, m, b = j * k, j * k + h, j * k + k  # the probe is step a + 1
        if all(x in times for x in (a, m, b)) and not any(a <= e <= b for e in epoch_ends):
            extra.append((times[m] - times[a]) - (times[b] - times[m]))
            plain.append((times[b] - times[m]) / (k - h))
    return float(np.median(extra)), float(np.median(plain))


def windows(times, epoch_ends, k):
    """Durations of the k-step windows (steps j*k+1 .. j*k+k) that hold no epoch's end
    (validation runs there). With probes every k, each window holds one probe step, its
    first, and whatever the probe spills into the steps after it."""
    out = []
    for j in range(1, max(times) // k):
        a, b = j * k, j * k + k
        if a in times and b in times and not any(a <= e <= b for e in epoch_ends):
            out.append(times[b] - times[a])
    return out


def prepared():
    from graphlab.examples import example
    from graphlab.train.datasets import prepare

    g = example(GRAPH)
    t = g.training
    return g, prepare(g, t["dataset"], t["val_fraction"], t["standardize"], g.seed)


def torch_loop_time(device, epochs, fused=False):
    """A hand-written torch training loop for the same network and data; ``fused`` uses
    torch's fused Adam kernel, as graphlab's sessions do."""
    import torch
    import torch.nn.functional as F
    from torch import nn

    g, d = prepared()
    dev = torch.device("cuda" if device == "cuda" else "cpu")
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10)).to(dev)
    opt = torch.optim.Adam(model.parameters(), lr=g.training["lr"], betas=(0.9, 0.999),
                           eps=1e-8, **({"fused": True} if fused else {}))
    x, y = torch.from_numpy(d.x_train).to(dev), torch.from_numpy(d.y_train).to(dev)
    xv, yv = torch.from_numpy(d.x_val).to(dev), torch.from_numpy(d.y_val).to(dev)
    bs, n = g.training["batch_size"], d.n_train
    first = last = None
    done = 0
    steps = []
    for epoch in range(1, epochs + 1):
        order = np.random.default_rng([g.seed, epoch]).permutation(n)
        model.train()
        total_loss = correct = 0.0
        for i in range(0, n, bs):
            idx = torch.from_numpy(order[i:i + bs]).to(dev)
            logits, target = model(x[idx]), y[idx]
            loss = F.cross_entropy(logits, target)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total_loss += loss.item() * len(idx)  # the running metrics a session reports
            correct += (logits.argmax(1) == target).sum().item()
            now = time.perf_counter()
            done += 1
            if done == 2:  # like the sessions: timed from the end of step 2
                first = now
            if i > 0:
                steps.append(now - last)
            last = now
        model.eval()
        with torch.no_grad():
            logits = model(xv)
            F.cross_entropy(logits, yv).item()
            (logits.argmax(1) == yv).float().mean().item()
    return time.perf_counter() - first, float(np.median(steps))


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
    marks: dict = {"steps": []}

    class Clock(tf.keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            now = time.perf_counter()
            marks.setdefault("first", now)
            if batch > 0:
                marks["steps"].append(now - marks["last"])
            marks["last"] = now

        def on_train_end(self, logs=None):
            marks["end"] = time.perf_counter()

    model.fit(d.x_train, d.y_train, batch_size=g.training["batch_size"], epochs=epochs,
              shuffle=True, validation_data=(d.x_val, d.y_val), verbose=0,
              callbacks=[Clock()])
    return marks["end"] - marks["first"], float(np.median(marks["steps"]))


def set_threads(n: int) -> None:
    import tensorflow as tf
    import torch

    torch.set_num_threads(n)
    tf.config.threading.set_intra_op_parallelism_threads(n)
    tf.config.threading.set_inter_op_parallelism_threads(n)


def best(fn, repeat):
    return min(fn() for _ in range(repeat))


def measure(device, epochs, repeat, backends=("torch", "tf")):
    """Rounds of interleaved runs (so each comparison sees the same machine load); the
    figures are medians over rounds."""
    out = {"graph": GRAPH, "epochs": epochs, "device": device, "rounds": repeat}
    med = lambda xs: float(np.median(xs))  # noqa: E731
    for b in backends:
        rounds = []
        for _ in range(repeat):
            base = session_time(b, device, epochs)
            if GRAPH != "digits_mlp":  # the baselines are digits_mlp's network
                ref, tuned = (float("nan"), float("nan")), None
            else:
                ref = torch_loop_time(device, epochs) if b == "torch" else keras_fit_time(epochs)
                tuned = torch_loop_time(device, epochs, fused=True) if b == "torch" else None
            probe10 = session_time(b, device, epochs, 10)
            probe1 = session_time(b, device, epochs, 1)
            # the editor's cadence: probe every step the 2 % budget allows
            budgeted = session_time(b, device, epochs, 1, EDITOR_BUDGET)
            step = med(windows(base[3], base[4], 1))
            extra, plain = probe_extra(probe10[3], probe10[4], 10)
            rounds.append({
                "session_s": base[0], "ref_s": ref[0], "ref_step": ref[1], "step": step,
                "tuned_step": tuned[1] if tuned else None,
                "probe10_s": probe10[0], "extra": extra, "probe_run_plain": plain,
                "probe_step1": med(windows(probe1[3], probe1[4], 1)),
                "budget_s": budgeted[0], "budget_probes": budgeted[5]})
        ref_key = "hand_loop" if b == "torch" else "keras_fit"
        r = {k: med([x[k] for x in rounds]) for k in rounds[0] if rounds[0][k] is not None}
        extra = r["extra"]
        out[b] = {
            "steps": base[1], "val_accuracy": base[2],
            "session_s": r["session_s"], f"{ref_key}_s": r["ref_s"],
            "session_step_ms": r["step"] * 1e3, f"{ref_key}_step_ms": r["ref_step"] * 1e3,
            # throughput ratio from median step times (robust to other processes' bursts)
            "ratio": med([x["ref_step"] / x["step"] for x in rounds]),
            "run_ratio": med([x["ref_s"] / x["session_s"] for x in rounds]),
            "plain_step_ms": r["step"] * 1e3,
            "probe_extra_ms": extra * 1e3,
            "probe_overhead": {
                "1": med([x["probe_step1"] / x["step"] - 1 for x in rounds]),
                **{str(k): med([x["extra"] / (k * x["probe_run_plain"]) for x in rounds])
                   for k in (10, 100)}},
            "probe10_run_overhead": med([x["probe10_s"] / x["session_s"] - 1 for x in rounds]),
            "budget_run_overhead": med([x["budget_s"] / x["session_s"] - 1 for x in rounds]),
            "budget_probes": med([x["budget_probes"] for x in rounds]),
            # the probes' share of the budgeted run: their count times one probe's whole
            # cost over the run's time (the whole-run ratio above is within run-to-run noise)
            "budget_probe_share": med([x["budget_probes"] * x["extra"] / x["budget_s"]
                                       for x in rounds]),
        }
        if b == "torch" and "tuned_step" in r:
            out[b]["tuned_loop_step_ms"] = r["tuned_step"] * 1e3
            out[b]["tuned_ratio"] = med([x["tuned_step"] / x["step"] for x in rounds])
    return out


def table(r) -> str:
    lines = [f"{r['graph']} on {r['device']}, {r['epochs']} epochs, {r.get('threads') or 'default'}"
             f" thread(s), median of {r['rounds']} interleaved rounds (time after step 2)", "",
             f"{'':34}{'step ms':>8}{'base step':>10}{'ratio':>7}{'run s':>7}{'base s':>7}"
             f"{'ratio':>7}  goal (step ratio)"]
    if r.get("free_stats"):
        lines[1:1] = ["ANALYSIS RUN (--free-stats): the statistics are a no-op; the probe "
                      "figures are what a probe costs besides its statistics"]
    for b, name, key, goal in (("torch", "torch session / hand-written loop", "hand_loop",
                                ">= 0.95"),
                               ("tf", "TF session / Keras model.fit", "keras_fit", ">= 1.0")):
        if b in r:
            t = r[b]
            lines.append(f"{name:34}{t['session_step_ms']:>8.3f}{t[key + '_step_ms']:>10.3f}"
                         f"{t['ratio']:>7.3f}{t['session_s']:>7.3f}{t[key + '_s']:>7.3f}"
                         f"{t['run_ratio']:>7.3f}  {goal}")
    if "torch" in r and "tuned_loop_step_ms" in r["torch"]:
        t = r["torch"]
        lines.append(f"{'(torch session / loop with fused Adam)':34}{t['session_step_ms']:>8.3f}"
                     f"{t['tuned_loop_step_ms']:>10.3f}{t['tuned_ratio']:>7.3f}  (not a goal: "
                     "the same optimizer kernel as the session)")
    lines.append("(ratio = baseline time / graphlab time: above 1 means graphlab is faster)")
    lines += ["", f"{'probe cost':8}{'plain ms':>9}{'extra ms':>9}{'every 1':>9}"
              f"{'every 10':>10}{'every 100':>11}{'run/10':>8}  goal (every 10)"]
    for b in ("torch", "tf"):
        if b in r:
            t = r[b]
            p = t["probe_overhead"]
            lines.append(f"{b:8}{t['plain_step_ms']:>9.3f}{t['probe_extra_ms']:>9.3f}"
                         f"{p['1']:>+9.1%}{p['10']:>+10.1%}{p['100']:>+11.1%}"
                         f"{t['probe10_run_overhead']:>+8.1%}  <= +5%")
    lines.append("(extra ms: one probe's whole cost, measured in the run with probes every "
                 "10 as the first half of each 10-step window (the probe and what spills into "
                 "the next steps) minus its second half (plain steps); every k: extra / (k x "
                 "plain step); every 1: median step with probes on every step over a run "
                 "without; run/10: whole run with probes every 10 over a run without, which "
                 "also carries run-to-run variance of a few %)")
    ok = []
    if r["graph"] == "digits_mlp":  # the only graph with hand-written baselines
        if "torch" in r:
            ok.append(f"torch ratio {'met' if r['torch']['ratio'] >= 0.95 else 'MISSED'}")
        if "tf" in r:
            ok.append(f"TF vs fit {'met' if r['tf']['ratio'] >= 1.0 else 'MISSED'}")
    ok += [f"{b} probes/10 {'met' if r[b]['probe_overhead']['10'] <= 0.05 else 'MISSED'}"
           for b in ("torch", "tf") if b in r]
    lines += ["", f"editor cadence (probe budget {EDITOR_BUDGET:.0%}): probes x extra ms over "
              "the run's time; whole run over a run without probes (noisy)"]
    for b in ("torch", "tf"):
        if b in r:
            t = r[b]
            lines.append(f"{b:8}{t['budget_probe_share']:>7.2%}  ({t['budget_probes']:.0f} "
                         f"probes in {t['steps']} steps; whole run {t['budget_run_overhead']:+.1%})"
                         f"  goal <= 2%")
    ok += [f"{b} editor cadence {'met' if r[b]['budget_probe_share'] <= 0.02 else 'MISSED'}"
           for b in ("torch", "tf") if b in r]
    lines += ["", "goals: " + (", ".join(ok) if not r.get("free_stats") else
                               "not assessed in an analysis run")]
    return "\n".join(lines)


def free_statistics() -> None:
    """Make the statistics a no-op (blank rows, every value finite): what is left of a
    probe's cost is the framework's work (tracing every value, the extra gradients) and
    graphlab's bookkeeping around it."""
    import tensorflow as tf
    import torch

    from graphlab.train.stats_layout import ROW
    from graphlab.train.tf_stats import TFStats
    from graphlab.train.torch_stats import TorchStats

    TorchStats.device_rows = lambda self, ts: torch.zeros(len(ts), ROW, device=ts[0].device)
    TFStats.device_rows = staticmethod(lambda ts: tf.zeros([len(ts), ROW]))


def main() -> None:
    global GRAPH
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--backends", default="torch,tf")
    ap.add_argument("--threads", type=int, default=1,
                    help="intra-op threads for torch and TF on the CPU (0: their default)")
    ap.add_argument("--graph", default=GRAPH,
                    help="example to train (baselines only for digits_mlp)")
    ap.add_argument("--only-view", action="store_true",
                    help="measure only the data view's cost on xor")
    ap.add_argument("--free-stats", action="store_true",
                    help="analysis: the statistics return blank rows at no cost, so the "
                         "probe figures show what a probe costs besides its statistics")
    args = ap.parse_args()
    GRAPH = args.graph
    if args.device == "cpu" and args.threads > 0:
        set_threads(args.threads)
    if args.free_stats:
        free_statistics()
    backends = tuple(args.backends.split(","))
    if args.only_view:
        v = view_cost(args.device, args.repeat, backends)
        print(json.dumps({"view": v}) if args.json else view_table(v))
        return
    r = measure(args.device, args.epochs, args.repeat, backends)
    r["threads"] = args.threads if args.device == "cpu" else None
    r["free_stats"] = args.free_stats
    r["view"] = view_cost(args.device, args.repeat, backends)
    print(json.dumps(r) if args.json else table(r) + "\n\n" + view_table(r["view"]))


if __name__ == "__main__":
    main()
