"""Training, the live statistics, the weights files and the step-through on a graph with
blocks: they all see the flat plan, whose steps inside an instance keep their block's
name and their nested module's attribute path."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import numpy as np
import pytest

from graphlab import examples
from graphlab.compile import compile_graph
from graphlab.compile.export import python_source
from graphlab.train.datasets import prepare
from graphlab.train.frames import PROBE
from graphlab.train.session import TrainingSession
from graphlab.train.teach import StepThrough


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_a_run_probes_every_node_inside_every_instance(backend):
    g = examples.example("residual")
    s = TrainingSession(g, backend=backend, epochs=1, max_steps=3, probe_every=1)
    r = s.run()
    assert r.status == "finished", r.message
    probes = [f for f in s.history.items() if f.kind == PROBE]
    assert probes
    frame = probes[-1]
    plan = compile_graph(g, backend).plan
    inside = [st.id for st in plan.steps if st.where.startswith("block3 ")]
    assert inside and set(inside) <= set(frame.node_ids)
    rows = [frame.node_ids.index(n) for n in inside]
    assert np.isfinite(frame.values[rows]).all() and np.isfinite(frame.grads[rows]).all()
    assert "block3.fc2.weight" in frame.param_names
    assert set(r.weights or s.current_weights() or {}) >= {"block1.fc1.weight", "head.weight"}


def test_trained_weights_file_loads_into_the_exported_nested_model(tmp_path):
    out = tmp_path / "w.npz"
    r = subprocess.run([sys.executable, "-m", "graphlab", "train", "residual", "--epochs", "1",
                        "--backend", "torch", "--save-weights", str(out), "--json"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    assert json.loads(r.stdout.strip().splitlines()[-1])["status"] == "finished"
    with np.load(out, allow_pickle=False) as data:  # "__step" and the like: run metadata
        weights = {k: data[k] for k in data.files if not k.startswith("__")}
    assert {"block1.fc1.weight", "block2.fc2.bias", "widen3.weight"} <= set(weights)
    g = examples.example("residual")
    path = tmp_path / "residual_export.py"
    path.write_text(python_source(g, "torch"))
    spec = importlib.util.spec_from_file_location("residual_export", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    model = mod.Model(seed=0).eval()
    np.savez(tmp_path / "plain.npz", **weights)
    model.load_weights(tmp_path / "plain.npz")  # complete: the nested modules' state_dict
    app = compile_graph(g, "torch")
    app.model.set_weights(weights)
    app.model.eval()
    import torch

    x = torch.from_numpy(np.random.default_rng(1).standard_normal((4, 2)).astype(np.float32))
    with torch.no_grad():
        np.testing.assert_array_equal(model(x).numpy(), app.model(x).numpy())


def test_step_through_walks_the_inner_ops_in_flat_order_naming_the_block():
    g = examples.example("residual")
    data = prepare(g, g.training["dataset"], seed=0)
    c = compile_graph(g, "torch")
    s = StepThrough(c, [data.x_train[:4]], [data.y_train[:4]]).run_all()
    titles = [c.plan.by_id[n].title for n in s.order]
    first = titles.index('inside block1 (ResBlock): Linear "fc1"')
    assert titles[first:first + 5] == [
        'inside block1 (ResBlock): Linear "fc1"', 'inside block1 (ResBlock): ReLU "relu"',
        'inside block1 (ResBlock): Linear "fc2"', 'inside block1 (ResBlock): Add "skip_add"',
        'inside block1 (ResBlock): ReLU "post_relu"']
    assert titles[first + 5] == 'Linear "widen2"'
    fc2 = next(n for n in s.order if c.plan.by_id[n].path == "block2.fc2")
    assert s.value(fc2).shape == (4, 16)


def test_the_step_through_card_names_the_block_a_step_runs_inside():
    from graphlab.train.teach.record import Replay, StepRecord

    g = examples.example("residual")
    data = prepare(g, g.training["dataset"], seed=0)
    c = compile_graph(g, "torch")
    s = StepThrough(c, [data.x_train[:4]], [data.y_train[:4]]).run_all()
    fc2 = next(n for n in s.order if c.plan.by_id[n].path == "block2.fc2")
    widen = next(n for n in s.order if c.plan.by_id[n].path == "widen2")
    assert s.where(fc2) == "block2 (ResBlock)" and s.where(widen) == ""
    replay = Replay(StepRecord.of(s))  # what the editor's panel reads from the worker
    assert replay.where(fc2) == "block2 (ResBlock)"
