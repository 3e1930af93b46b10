"""Ctrl-C during `graphlab train`, in a real process: exit 130, no traceback, no abort,
and the weights and trace it promised are written for the steps done."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from graphlab.train.checkpoints import load_checkpoint

ROOT = Path(__file__).resolve().parents[2]


def whole_lines(path: Path) -> list[str]:
    """The trace's complete lines (a line still being written has no newline yet)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return text.split("\n")[:-1]


def start_run(tmp_path: Path) -> tuple[subprocess.Popen, Path, Path]:
    weights, trace = tmp_path / "w.npz", tmp_path / "t.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphlab", "train", "digits_mlp", "--epochs", "1000",
         "--save-weights", str(weights), "--trace", str(trace), "--probe-every", "5"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 180  # generous: torch's import on a busy machine
    while len(whole_lines(trace)) < 3:
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out, err = proc.communicate()
            pytest.fail(f"the run did not start tracing (rc {proc.returncode}):\n{err}")
        time.sleep(0.05)
    return proc, weights, trace


def check_clean_stop(proc, weights: Path, trace: Path) -> None:
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("the run did not stop after Ctrl-C")
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "terminate called" not in err, err
    assert "interrupted; stopping after the current step" in err
    assert "digits_mlp: stopped after" in out
    steps = int(out.split(" steps in ")[0].rsplit(" ", 1)[1])
    frames = [json.loads(line) for line in whole_lines(trace)]
    assert trace.read_text(encoding="utf-8").endswith("\n")  # no half-written last line
    assert len(frames) >= 3 and [f["step"] for f in frames] == list(range(1, steps + 1, 5))
    w, meta = load_checkpoint(weights)  # the weights after exactly those steps
    assert meta["step"] == steps and w["fc1.weight"].shape == (128, 64)
    with np.load(weights) as f:
        assert np.all(np.isfinite(f["fc2.weight"]))


def test_ctrl_c_stops_the_run_and_keeps_its_weights_and_trace(tmp_path):
    proc, weights, trace = start_run(tmp_path)
    proc.send_signal(signal.SIGINT)
    check_clean_stop(proc, weights, trace)


def test_ctrl_c_twice_also_exits_cleanly(tmp_path):
    proc, weights, trace = start_run(tmp_path)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.2)  # a person pressing twice; the run may already be saving or gone
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
    check_clean_stop(proc, weights, trace)
