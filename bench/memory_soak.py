"""Memory over a long training run with the live panel open: growth must stay bounded.

Trains the residual example (moons, cross-entropy: stable for hours) on the CPU for ``--minutes`` (the acceptance figure is 20)
from the editor's train dock with the live panel open offscreen, probing every 5 steps,
so the canvas sweeps, curves, timeline, gradient flow and health cues all keep
working. The process's resident memory (RSS, from /proc) is sampled every
``--every`` seconds. Growth is measured from the sample at ``--settle`` seconds (the
ring buffers of frames and losses fill in the first seconds) to the end, and from the
start too. Goal: under 50 MB.

    QT_QPA_PLATFORM=offscreen python bench/memory_soak.py [--minutes M] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ui_latency import open_panel, wait_done  # noqa: E402

GRAPH = "residual"


def rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=20.0)
    ap.add_argument("--every", type=float, default=10.0, help="seconds between samples")
    ap.add_argument("--settle", type=float, default=60.0,
                    help="seconds before the baseline sample")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    app, w, live = open_panel(GRAPH)
    p = live.train_panel
    p.device.setCurrentText("cpu")
    p.epochs.setValue(100000)
    p.epochs.editingFinished.emit()
    p.probe_every.setValue(5)
    start_rss = rss_mb()
    samples: list[tuple[float, float, int]] = []
    t0 = time.perf_counter()
    end = t0 + args.minutes * 60

    def sample():
        now = time.perf_counter()
        if not samples or now - t0 - samples[-1][0] >= args.every:
            step = live.session.losses.latest[0] if live.session.losses.latest else 0
            samples.append((now - t0, rss_mb(), step))
        if now >= end:
            live.stop()

    live.run()
    wait_done(live, poll_ms=200, every=sample)
    samples.append((time.perf_counter() - t0, rss_mb(), live.session.result.steps))
    base = next((s for s in samples if s[0] >= args.settle), samples[0])
    peak = max(s[1] for s in samples)
    res = {"graph": GRAPH, "minutes": round(samples[-1][0] / 60, 2),
           "steps": live.session.result.steps, "status": live.session.result.status,
           "rss_start_mb": round(start_rss, 1), "rss_baseline_mb": round(base[1], 1),
           "baseline_at_s": round(base[0], 1), "rss_end_mb": round(samples[-1][1], 1),
           "rss_peak_mb": round(peak, 1),
           "growth_after_baseline_mb": round(samples[-1][1] - base[1], 1),
           "growth_from_start_mb": round(samples[-1][1] - start_rss, 1),
           "history_frames": len(live.session.history),
           "frames_shown": live.animator.shown, "frames_skipped": live.animator.skipped}
    res["goal_met"] = res["growth_after_baseline_mb"] < 50
    w.editor.stack.setClean()
    w.close()
    if args.json:
        print(json.dumps(res))
        return 0
    print(f"{GRAPH} with the live panel open, {res['minutes']} min, {res['steps']} steps "
          f"({res['status']})")
    if res["status"] not in ("stopped", "finished"):
        print(f"  the run ended early: {live.session.result.message}")
    print(f"{'t s':>8}{'RSS MB':>9}{'step':>9}")
    stride = max(1, len(samples) // 12)
    for t, m, s in samples[::stride] + ([samples[-1]] if len(samples) % stride != 1 else []):
        print(f"{t:>8.0f}{m:>9.1f}{s:>9}")
    print(f"RSS before training {res['rss_start_mb']} MB, at {res['baseline_at_s']} s "
          f"{res['rss_baseline_mb']} MB, end {res['rss_end_mb']} MB, peak {res['rss_peak_mb']} MB")
    print(f"growth after the first {args.settle:.0f} s: {res['growth_after_baseline_mb']} MB "
          f"(goal < 50 MB); from before training: {res['growth_from_start_mb']} MB")
    print(f"frames in the history ring: {res['history_frames']}; probe frames swept: "
          f"{res['frames_shown']}, skipped: {res['frames_skipped']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
