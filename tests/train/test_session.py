"""TrainingSession: learning, backend parity, control from another thread, checkpoints."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from graphlab import example
from graphlab.train.checkpoints import load_checkpoint
from graphlab.train.frames import EPOCH, STEP
from graphlab.train.session import TrainingError, TrainingSession


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_xor_reaches_full_accuracy(backend):
    r = TrainingSession(example("xor"), backend=backend).run()
    assert r.status == "finished", r.message
    assert r.metrics["train_accuracy"] == 1.0
    assert r.steps == 300


def test_pause_step_resume_stop_from_another_thread():
    s = TrainingSession(example("xor"), backend="torch", epochs=100000)
    seen = []
    s.subscribe(lambda f: seen.append(f.step) if f.kind == STEP else None)
    s.start(paused=True)
    assert not s.done and s.latest() is None
    for expected in (1, 2, 3):
        got = threading.Event()
        s.subscribe(lambda f, e=expected, ev=got: ev.set() if f.step == e else None)
        s.step()
        assert got.wait(60)
    assert seen == [1, 2, 3]
    assert s.state == "paused"
    s.resume()
    while not seen or seen[-1] < 20:
        threading.Event().wait(0.05)
    s.stop()
    r = s.wait(60)
    assert r.status == "stopped" and r.steps >= 20
    assert s.latest().kind == "end"


def test_checkpoint_continues_in_the_other_backend(tmp_path):
    ck = tmp_path / "ck.npz"
    a = TrainingSession(example("digits_mlp"), backend="torch", epochs=2,
                        checkpoint_path=str(ck))
    ra = a.run()
    assert ra.status == "finished"
    weights, meta = load_checkpoint(ck)
    assert meta["epoch"] == 2 and meta["backend"] == "torch"
    for k, v in ra.weights.items():
        np.testing.assert_array_equal(weights[k], v)
    # TF starts from the torch weights: its first loss continues torch's curve
    b = TrainingSession(example("digits_mlp"), backend="tf", epochs=1, init_weights=str(ck))
    rb = b.run()
    assert rb.status == "finished"
    first_tf = b.losses.items()[0][1]
    last_torch = a.losses.items()[-1][1]
    fresh = TrainingSession(example("digits_mlp"), backend="tf", max_steps=1)
    fresh.run()
    assert first_tf < 0.5 * fresh.losses.items()[0][1]
    assert abs(first_tf - last_torch) < 0.5


def test_epoch_frames_carry_validation_metrics_and_history_is_bounded():
    s = TrainingSession(example("residual"), backend="torch", epochs=6, history=4)
    s.run()
    frames = s.history.items()
    assert len(frames) == 4  # ring buffer capacity
    epochs = [f for f in frames if f.kind == EPOCH]
    assert epochs and {"val_loss", "val_accuracy", "train_loss"} <= set(epochs[-1].metrics)


def test_scalar_graph_without_inputs_trains_on_no_data():
    r = TrainingSession(example("scalar_expr"), backend="torch", epochs=3).run()
    assert r.status == "finished" and r.steps == 3
    # L = (a*b + c) * f decreases under SGD
    assert r.metrics["train_loss"] < -8.0


def test_bad_settings_fail_before_starting():
    with pytest.raises(TrainingError, match="choose one of sgd, adam"):
        TrainingSession(example("xor"), optimizer="lbfgs")
    with pytest.raises(TrainingError, match="batch_size 0: expected a whole number from 1"):
        TrainingSession(example("xor"), batch_size=0)
    with pytest.raises(TrainingError, match='Input "x": dataset wine gives samples of shape '
                                            r"\[13\], the Input expects \[2\]"):
        TrainingSession(example("xor"), dataset="wine").start()


def test_mixed_precision_outside_cuda_is_noted():
    # tf: tests/train/test_tf_mixed_precision.py
    r = TrainingSession(example("xor"), backend="torch", mixed_precision=True,
                        max_steps=2).run()
    assert r.status == "finished"
    assert any("mixed precision needs a CUDA device" in n for n in r.notes)


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_missing_device_is_a_clear_failure_not_a_crash(backend):
    import torch

    if torch.cuda.is_available():
        pytest.skip("a CUDA GPU is present")
    r = TrainingSession(example("xor"), backend=backend, device="cuda").run()
    assert r.status == "failed"
    assert "device cuda was requested but" in r.message and "use --device auto or cpu" in \
        r.message


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_mps_where_there_is_none_is_a_clear_failure(backend):
    import torch

    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        pytest.skip("an Apple GPU is present")
    r = TrainingSession(example("xor"), backend=backend, device="mps").run()
    assert r.status == "failed" and "Traceback" not in r.message
    assert ("device mps was requested but torch sees no Apple GPU" in r.message
            if backend == "torch" else "device mps is for torch" in r.message)


EXIT_WHILE_TRAINING = """
import time
from graphlab import example
from graphlab.train.session import TrainingSession
s = TrainingSession(example("digits_cnn"), epochs=1000)
s.start()
while s.latest() is None:
    time.sleep(0.05)
print("exiting with the run going")
"""


def test_a_script_that_exits_during_a_run_exits_cleanly():
    """Runs still going at exit are stopped and joined first: a worker inside torch while
    Python finalised aborted the process."""
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-c", EXIT_WHILE_TRAINING], capture_output=True,
                         text=True, timeout=180)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "terminate called" not in res.stderr


def test_an_empty_graph_is_told_what_to_draw():
    from graphlab.graph import Graph

    with pytest.raises(TrainingError, match="the graph is empty: draw an Input"):
        TrainingSession(Graph("blank")).prepare()


def test_a_failing_listener_is_logged_and_the_run_goes_on(caplog):
    s = TrainingSession(example("xor"), backend="torch", max_steps=3)

    def broken(frame):
        raise RuntimeError("listener bug")

    s.subscribe(broken)
    with caplog.at_level("ERROR", logger="graphlab.train.session"):
        r = s.run()
    assert r.status == "finished" and r.steps == 3
    assert "a frame listener failed" in caplog.text and "listener bug" in caplog.text
