"""Faults end a run with a message naming the node, never with an exception."""

from __future__ import annotations

import numpy as np
import pytest

from graphlab import example
from graphlab.graph import Graph
from graphlab.train.checkpoints import load_checkpoint
from graphlab.train.memory import is_out_of_memory, oom_report
from graphlab.train.session import TrainingError, TrainingSession


def overflow_graph() -> Graph:
    """seed_task features -> Linear -> x1000 -> Exp: the Exp overflows float32 at once."""
    g = Graph("overflow", training={"dataset": "seed_task", "optimizer": "sgd",
                                    "optimizer_params": {}, "lr": 0.1, "epochs": 2})
    x = g.add_node("Input", {"name": "x", "shape": [-1, 10]}, "x")
    fc = g.add_node("Linear", {"in_features": 10, "out_features": 1}, "fc")
    k = g.add_node("Constant", {"value": 1000.0, "shape": []}, "k")
    mul = g.add_node("Mul", {}, "scale")
    boom = g.add_node("Exp", {}, "boom")
    out = g.add_node("Output", {"name": "y"}, "y")
    t = g.add_node("Input", {"name": "t", "shape": [-1, 1], "role": "target"}, "t")
    loss = g.add_node("MSELoss", {}, "loss")
    g.connect(x, "y", fc, "x")
    g.connect(fc, "y", mul, "a")
    g.connect(k, "y", mul, "b")
    g.connect(mul, "y", boom, "x")
    g.connect(boom, "y", out, "x")
    g.connect(boom, "y", loss, "pred")
    g.connect(t, "y", loss, "target")
    return g


@pytest.mark.parametrize("backend", ["torch", "tf"])
@pytest.mark.parametrize("probe_every", [0, 1])
def test_overflow_names_the_first_non_finite_node(backend, probe_every):
    g = overflow_graph()
    r = TrainingSession(g, backend=backend, probe_every=probe_every).run()
    assert r.status == "failed"
    assert r.fault_node == g.find("boom")
    assert 'Exp "boom": its output is non-finite (inf' in r.message
    assert r.message.startswith("step 1 (epoch 1)")


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_nan_in_the_data_is_blamed_on_the_data_not_the_learning_rate(backend):
    g = example("digits_mlp")
    s = TrainingSession(g, backend=backend, shuffle=False)
    s.prepare()
    s.data.x_train[3, 2] = np.nan  # files with NaN are refused on load; arrays in memory
    r = s.run()
    assert r.status == "failed" and r.fault_node == g.find("image")
    assert 'Input "image": the data fed to it holds 1 NaN or inf value(s) (of 4096 in this ' \
           "batch)" in r.message
    assert "dataset needs cleaning" in r.message and "learning rate" not in r.message


def growing_scalar() -> Graph:
    """L = -exp(w): SGD with lr 1 drives w up until exp(w) overflows at step 4."""
    g = Graph("grow", training={"dataset": "none", "optimizer": "sgd", "optimizer_params": {},
                                "lr": 1.0, "epochs": 10, "val_fraction": 0.0})
    w = g.add_node("Parameter", {"shape": [], "init": "constant", "value": 1.0}, "w")
    e = g.add_node("Exp", {}, "e")
    n = g.add_node("Neg", {}, "L")
    out = g.add_node("Output", {"name": "L"}, "L_out")
    g.connect(w, "y", e, "x")
    g.connect(e, "y", n, "x")
    g.connect(n, "y", out, "x")
    return g


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_checkpoint_written_before_the_fault_is_kept(tmp_path, backend):
    g = growing_scalar()
    ck = tmp_path / "ck.npz"
    s = TrainingSession(g, backend=backend, checkpoint_path=str(ck))
    r = s.run()
    assert r.status == "failed" and r.steps == 4
    assert r.fault_node == g.find("e") and 'Exp "e"' in r.message
    weights, meta = load_checkpoint(ck)
    assert meta["epoch"] == 3
    assert np.isfinite(weights["w"]) and weights["w"] > 1e18
    # the weights in memory were not overwritten by the failed step either
    np.testing.assert_array_equal(r.weights["w"], weights["w"])
    assert s.latest().kind == "fault" and s.latest().message == r.message


def test_out_of_memory_is_reported_with_numbers_and_advice():
    # what a run that really runs out (e.g. on a GPU) reports; a budget the estimate
    # exceeds is refused before the run (tests/train/test_memory_refusal.py)
    msg = oom_report(example("digits_cnn"), 64, MemoryError("no room"), "cuda:0")
    assert msg.startswith("out of memory on cuda:0 at batch size 64: MemoryError: no room")
    assert 'Conv2d "conv1":' in msg and "MiB" in msg
    assert "lower the batch size (at 32" in msg


def test_every_framework_out_of_memory_error_is_recognised():
    import tensorflow as tf
    import torch

    assert is_out_of_memory(torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to ..."))
    assert is_out_of_memory(RuntimeError("CUDA error: out of memory"))
    assert is_out_of_memory(RuntimeError("DefaultCPUAllocator: can't allocate memory: you "
                                         "tried to allocate 10 bytes"))
    assert is_out_of_memory(tf.errors.ResourceExhaustedError(None, None, "OOM when allocating"))
    assert is_out_of_memory(MemoryError())
    assert not is_out_of_memory(RuntimeError("mat1 and mat2 shapes cannot be multiplied"))


def test_csv_with_wrong_columns_fails_before_training(tmp_path):
    path = tmp_path / "data.csv"
    rows = np.column_stack([np.ones((10, 7)), np.arange(10) % 2])
    np.savetxt(path, rows, delimiter=",", header=",".join(f"c{i}" for i in range(8)),
               comments="")
    s = TrainingSession(example("seed_mlp"), dataset=str(path))
    with pytest.raises(TrainingError, match=r'Input "x": dataset data.csv gives samples of '
                                            r"shape \[7\], the Input expects \[10\]"):
        s.start()
    assert s.result is None  # nothing ran


def test_a_failing_listener_does_not_end_the_run():
    s = TrainingSession(example("xor"), backend="torch", max_steps=5)
    s.subscribe(lambda f: 1 / 0)
    assert s.run().status == "finished"


def sqrt_at_zero() -> Graph:
    """L = sqrt(w) with w = 0: every value is finite, dL/dw is inf."""
    g = Graph("sqrt0", training={"dataset": "none", "optimizer": "sgd", "optimizer_params": {},
                                 "lr": 0.1, "epochs": 3, "val_fraction": 0.0})
    w = g.add_node("Parameter", {"shape": [], "init": "constant", "value": 0.0}, "w")
    p = g.add_node("Pow", {"exponent": 0.5}, "root")
    out = g.add_node("Output", {"name": "L"}, "L_out")
    g.connect(w, "y", p, "x")
    g.connect(p, "y", out, "x")
    return g


@pytest.mark.parametrize("backend", ["torch", "tf"])
@pytest.mark.parametrize("probe_every", [0, 1])
def test_non_finite_gradient_names_the_op_whose_backward_made_it(backend, probe_every):
    g = sqrt_at_zero()
    r = TrainingSession(g, backend=backend, probe_every=probe_every).run()
    assert r.status == "failed" and r.steps == 1
    assert r.fault_node == g.find("root")
    assert 'Pow "root": its backward pass makes the gradient for its input from Parameter "w"' \
        in r.message
    assert r.weights["w"] == 0.0  # the update was not applied


def test_without_the_gradient_check_the_bad_update_lands_and_is_caught_a_step_later():
    g = sqrt_at_zero()
    r = TrainingSession(g, backend="torch", check_gradients=False).run()
    assert r.status == "failed" and r.steps == 2
    assert r.fault_node == g.find("w")  # the weight itself went non-finite
    assert not np.isfinite(r.weights["w"])
