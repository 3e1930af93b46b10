"""What a user of the tensor ops sees: several output ports compile and train on both
backends, an unused port is refused by name, Reshape/Flatten through the batch run at any
batch size, and old files keep their Flatten/Reshape."""

from __future__ import annotations

import numpy as np
import pytest

from graphlab.compile import compile_graph
from graphlab.compile.errors import CompileError
from graphlab.compile.plan import build_plan
from graphlab.graph import Graph
from graphlab.graph.fileformat import graph_from_dict, graph_to_dict

torch = pytest.importorskip("torch")
tf = pytest.importorskip("tensorflow")


def _run(g, backend, *arrays):
    """The compiled model's outputs on ``arrays`` as numpy (a list, one per Output)."""
    cg = compile_graph(g, backend)
    if backend == "torch":
        with torch.no_grad():
            out = cg.model(*[torch.from_numpy(a) for a in arrays])
    else:
        out = cg.model(*[tf.constant(a) for a in arrays])
    out = out if isinstance(out, tuple | list) else [out]
    return [np.asarray(o) for o in out]


def split_graph(loss_port: str | None = "y1", sizes=(4, -1)) -> Graph:
    """seed_task x [N, 10] -> Split -> y0 and y1 each returned; a loss on one port."""
    g = Graph("split", training={"dataset": "seed_task", "optimizer": "sgd", "lr": 0.05,
                                 "epochs": 1, "optimizer_params": {}})
    x = g.add_node("Input", {"name": "x", "shape": [-1, 10]}, "x")
    sp = g.add_node("Split", {"sizes": list(sizes)}, "parts")
    g.connect(x, "y", sp, "x")
    fc = g.add_node("Linear", {"out_features": 1}, "fc")
    g.connect(sp, "y1", fc, "x")
    for port in ("y0", "y1"):
        o = g.add_node("Output", {"name": f"part_{port}"}, f"out_{port}")
        g.connect(sp, port, o, "x")
    o = g.add_node("Output", {"name": "pred"}, "out_pred")
    g.connect(fc, "y", o, "x")
    if loss_port:
        t = g.add_node("Input", {"name": "t", "shape": [-1, 1], "role": "target"}, "t")
        loss = g.add_node("MSELoss", {}, "loss")
        g.connect(fc, "y", loss, "pred")
        g.connect(t, "y", loss, "target")
    return g


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_each_output_port_of_a_split_is_its_own_value(backend):
    g = split_graph(loss_port=None)
    x = np.random.default_rng(0).standard_normal((3, 10)).astype(np.float32)
    y0, y1, pred = _run(g, backend, x)
    np.testing.assert_array_equal(y0, x[:, :4])
    np.testing.assert_array_equal(y1, x[:, 4:])
    assert pred.shape == (3, 1)


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_the_split_line_shows_the_shape_of_each_output(backend):
    from graphlab.compile import generate_source

    line = next(ln for ln in generate_source(split_graph(), backend).splitlines()
                if "split(x" in ln)
    assert line.endswith("# y0 [N, 4], y1 [N, 6]"), line


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_a_graph_with_a_split_trains_with_probes(backend):
    from graphlab.train.session import TrainingSession

    r = TrainingSession(split_graph(), backend=backend, probe_every=1).run()
    assert r.status == "finished", r.message


def test_a_loss_reading_a_port_no_output_returns_is_refused():
    """A loss may read a model value only through an Output: port y1 returned does not
    make y0 readable."""
    g = Graph("split_loss")
    x = g.add_node("Input", {"name": "x", "shape": [-1, 4]}, "x")
    sp = g.add_node("Split", {"sizes": [2, 2]}, "parts")
    g.connect(x, "y", sp, "x")
    o = g.add_node("Output", {"name": "half"}, "half")
    g.connect(sp, "y1", o, "x")
    t = g.add_node("Input", {"name": "t", "shape": [-1, 2], "role": "target"}, "t")
    loss = g.add_node("MSELoss", {}, "loss")
    g.connect(sp, "y0", loss, "pred")
    g.connect(t, "y", loss, "target")
    with pytest.raises(CompileError) as err:
        build_plan(g)
    assert 'wire "parts" to an Output' in str(err.value)


def test_a_wire_from_a_port_the_sizes_leave_unused_is_an_error_on_the_reader():
    g = split_graph(loss_port=None)
    extra = g.add_node("ReLU", {}, "late")
    g.connect(g.find("parts"), "y3", extra, "x")
    errors = g.analysis.errors()
    assert len(errors) == 1 and errors[0].node == extra and errors[0].port == "x"
    assert "reads output y3 of Split \"parts\", which gives no value" in errors[0].message
    assert "(y0, y1)" in errors[0].message
    g.set_attr(g.find("parts"), "sizes", [2, 2, 3, 3])
    assert g.analysis.ok


def _batch_graph(op, attrs, shape):
    g = Graph("through_batch", training={"batch_size": 2})
    x = g.add_node("Input", {"name": "x", "shape": shape}, "x")
    n = g.add_node(op, attrs, "node")
    o = g.add_node("Output", {"name": "y"}, "y")
    g.connect(x, "y", n, "x")
    g.connect(n, "y", o, "x")
    return g


@pytest.mark.parametrize("backend", ["torch", "tf"])
@pytest.mark.parametrize("op, attrs, want", [
    ("Reshape", {"shape": [-1, 4], "keep_batch": False}, lambda x: x.reshape(-1, 4)),
    ("Flatten", {"start_dim": 0, "end_dim": 1}, lambda x: x.reshape(-1, 4)),
    ("Flatten", {"start_dim": 0}, lambda x: x.reshape(-1)),
])
def test_reshape_and_flatten_through_the_batch_run_at_any_batch_size(backend, op, attrs, want):
    g = _batch_graph(op, attrs, [-1, 3, 4])
    for n in (2, 5):  # the graph's batch size, then another
        x = np.arange(n * 12, dtype=np.float32).reshape(n, 3, 4)
        (y,) = _run(g, backend, x)
        np.testing.assert_array_equal(y, want(x))


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_flatten_and_reshape_in_an_old_file_keep_their_meaning(backend):
    """Files written before start_dim/end_dim and keep_batch: Flatten keeps the batch and
    flattens the rest, Reshape's shape is per sample."""
    g = _batch_graph("Flatten", {}, [-1, 2, 3])
    reshape = g.add_node("Reshape", {"shape": [3, -1]}, "again")
    g.connect(g.find("node"), "y", reshape, "x")
    o = g.add_node("Output", {"name": "z"}, "z")
    g.connect(reshape, "y", o, "x")
    data = graph_to_dict(g)
    for node in data["nodes"]:
        node["attrs"].pop("start_dim", None), node["attrs"].pop("end_dim", None)
        node["attrs"].pop("keep_batch", None)
    old = graph_from_dict(data)
    x = np.arange(5 * 6, dtype=np.float32).reshape(5, 2, 3)
    y, z = _run(old, backend, x)
    np.testing.assert_array_equal(y, x.reshape(5, 6))
    np.testing.assert_array_equal(z, x.reshape(5, 3, 2))


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_the_step_through_refuses_a_split_in_words(backend):
    from graphlab.train.teach.stepper import StepThrough

    cg = compile_graph(split_graph(), backend)
    x, t = np.zeros((2, 10), np.float32), np.zeros((2, 1), np.float32)
    with pytest.raises(ValueError, match='several outputs \\(Split "parts"\\)'):
        StepThrough(cg, [x], [t])


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_accuracy_reads_the_split_port_the_loss_reads(backend):
    """A classifier head on output y1 of a Split: the metric's prediction is that port's
    value in trace(), and its index is the Output returning y1."""
    from graphlab.train.model_info import ModelInfo

    g = Graph("head")
    x = g.add_node("Input", {"name": "x", "shape": [-1, 6]}, "x")
    sp = g.add_node("Split", {"sizes": [2, 4]}, "parts")
    g.connect(x, "y", sp, "x")
    for port in ("y0", "y1"):
        o = g.add_node("Output", {"name": f"out_{port}"}, f"out_{port}")
        g.connect(sp, port, o, "x")
    t = g.add_node("Input", {"name": "t", "shape": [-1], "dtype": "int64", "role": "target"},
                   "t")
    loss = g.add_node("CrossEntropyLoss", {}, "loss")
    g.connect(sp, "y1", loss, "logits")
    g.connect(t, "y", loss, "target")
    cg = compile_graph(g, backend)
    metric = ModelInfo.from_compiled(cg, g).metric
    assert metric.pred_name == "parts[1]" and metric.output_index == 1
    x_np = np.arange(12, dtype=np.float32).reshape(2, 6)
    t_np = np.array([1, 3])
    conv = torch.from_numpy if backend == "torch" else tf.constant
    values = cg.model.trace(conv(x_np), conv(t_np))
    np.testing.assert_array_equal(np.asarray(values[metric.pred_name]), x_np[:, 2:])
