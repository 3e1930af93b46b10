"""Compiled models: both backends agree from the same seed, weights move between them,
errors inside generated code name their node, and the framework compilers run."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphlab import examples
from graphlab.compile import GeneratedCodeError, compile_graph
from graphlab.graph import Graph
from tests.compile.helpers import as_tuple, example_inputs, rel_err, to_numpy

torch = pytest.importorskip("torch")
tf = pytest.importorskip("tensorflow")

TOL = 1e-4


def _run(cg, arrays, targets=False):
    """Both backends in evaluation mode (a torch module starts in training mode: its
    BatchNorm would use the batch's statistics where TF's call uses the running ones)."""
    plan = cg.plan
    if cg.backend == "torch":
        cg.model.eval()
    conv = torch.from_numpy if cg.backend == "torch" else tf.constant
    feats = [conv(arrays[s.name]) for s in plan.feature_steps()]
    outs = as_tuple(cg.model(*feats))
    res = {"outputs": [to_numpy(o) for o in outs]}
    if targets and cg.loss_fn is not None:
        tg = [conv(arrays[s.name]) for s in plan.target_steps()]
        res["loss"] = to_numpy(cg.loss_fn(*outs, *tg))
        res["trace"] = {k: to_numpy(v) for k, v in cg.model.trace(*feats, *tg).items()}
    return res


@pytest.mark.parametrize("name", examples.names())
def test_examples_agree_across_backends_from_the_same_seed(name):
    g = examples.example(name)
    t, f = compile_graph(g, "torch"), compile_graph(g, "tf")
    wt, wf = t.model.get_weights(), f.model.get_weights()
    # the same names (torch's state_dict lists a module's own Parameters before its
    # submodules', so the order may differ)
    assert sorted(wt) == sorted(wf) == sorted(t.plan.weight_names())
    for k in wt:
        assert np.array_equal(wt[k], wf[k]), k
    arrays = example_inputs(t.plan, seed=1)
    rt, rf = _run(t, arrays, targets=True), _run(f, arrays, targets=True)
    for a, b in zip(rt["outputs"], rf["outputs"], strict=True):
        assert rel_err(b, a) < TOL
    if "loss" in rt:
        assert rel_err(rf["loss"], rt["loss"]) < TOL
        assert rt["trace"].keys() == rf["trace"].keys()
        names = {n for n in t.plan.names.values()} - set(t.plan.output_names.values())
        assert set(rt["trace"]) == names  # every node but the Outputs, by python name
        for k in rt["trace"]:
            assert rel_err(rf["trace"][k], rt["trace"][k]) < TOL, k


def test_weights_move_between_backends_and_seeds_differ():
    g = examples.example("digits_cnn")
    t = compile_graph(g, "torch", seed=5)
    f = compile_graph(g, "tf", seed=6)
    assert not np.array_equal(t.model.get_weights()["conv1.weight"],
                              f.model.get_weights()["conv1.weight"])
    f.model.set_weights(t.model.get_weights())
    arrays = example_inputs(t.plan, seed=2)
    assert rel_err(_run(f, arrays)["outputs"][0], _run(t, arrays)["outputs"][0]) < TOL
    assert np.array_equal(compile_graph(g, "torch", seed=5).model.get_weights()["fc.weight"],
                          t.model.get_weights()["fc.weight"])


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_runtime_error_in_generated_code_names_the_node(backend):
    cg = compile_graph(examples.example("seed_mlp"), backend)
    bad = np.zeros((5, 7), np.float32)  # the model takes 10 features
    x = torch.from_numpy(bad) if backend == "torch" else tf.constant(bad)
    with pytest.raises(GeneratedCodeError) as info:
        cg.run(cg.model, x)
    assert str(info.value).startswith('Linear "fc1": ')
    assert info.value.node_id == cg.plan.ids_by_name["fc1"]
    assert cg.node_for_error(info.value.original) == info.value.node_id


def test_a_bce_loss_fed_outside_0_1_says_what_to_do():
    """torch's BCELoss refuses values outside [0, 1] (a NaN too) with words that do not
    say what to change; the error names the loss node and adds what it means."""
    cg = compile_graph(examples.example("seed_mlp"), "torch")
    pred, target = torch.full((4, 1), 1.5), torch.ones(4, 1)
    with pytest.raises(GeneratedCodeError) as info:
        cg.run(cg.loss_fn, pred, target)
    assert str(info.value).startswith('BCELoss "loss": RuntimeError: all elements of input')
    assert "feed it a Sigmoid's output (or use BCEWithLogitsLoss on logits)" in str(info.value)


def test_tracebacks_show_the_generated_statement():
    import traceback

    cg = compile_graph(examples.example("seed_mlp"), "torch")
    try:
        cg.model(torch.zeros(5, 7))
    except RuntimeError as exc:
        text = "".join(traceback.format_exception(exc))
    assert "fc1 = self.fc1(x)  # [N, 10]" in text
    assert cg.filename in text


def test_torch_compile_fullgraph_runs_on_digits_cnn():
    # Inductor builds here too (about 20 s on 2 cores, checked by hand); the test uses
    # the aot_eager backend so it stays fast while still tracing the whole graph.
    g = examples.example("digits_cnn")
    plain = compile_graph(g, "torch")
    cg = compile_graph(g, "torch", torch_compile={"fullgraph": True, "backend": "aot_eager"})
    x = torch.from_numpy(example_inputs(cg.plan, seed=3)["image"])
    y = cg.model(x)
    assert rel_err(to_numpy(y), to_numpy(plain.model(x))) < TOL
    label = torch.zeros(x.shape[0], dtype=torch.int64)
    cg.loss_fn(y, label).backward()
    assert cg.model.conv1.weight.grad is not None


def test_tf_jit_compile_runs_on_digits_cnn():
    g = examples.example("digits_cnn")
    plain = compile_graph(g, "tf")
    cg = compile_graph(g, "tf", jit_compile=True)
    x = tf.constant(example_inputs(cg.plan, seed=3)["image"])
    assert rel_err(cg.model(x).numpy(), plain.model(x).numpy()) < TOL
    assert "jit_compile=jit_compile" in cg.source
    with tf.GradientTape() as tape:
        loss = cg.loss_fn(cg.model(x, training=True), tf.zeros([x.shape[0]], tf.int64))
    grads = tape.gradient(loss, list(cg.model.named_variables().values()))
    assert all(gr is not None for gr in grads)


def test_tf_probe_trace_is_in_the_graph_layout_and_agrees_with_forward():
    """forward keeps a conv stack NHWC; the app's trace (the probes read it) gives every
    value in the graph's NCHW layout, with forward's output and the same loss."""
    g = examples.example("digits_cnn")
    cg = compile_graph(g, "tf")
    arrays = example_inputs(cg.plan, seed=4)
    feats = [tf.constant(arrays[s.name]) for s in cg.plan.feature_steps()]
    tg = [tf.zeros([feats[0].shape[0]], tf.int64)]
    values = cg.model.trace(*feats, *tg)
    assert tuple(values["conv1"].shape) == (5, 16, 8, 8)
    out = cg.model(*feats)
    assert rel_err(to_numpy(values["fc"]), to_numpy(out)) < TOL
    assert rel_err(to_numpy(values["loss"]), to_numpy(cg.loss_fn(out, *tg))) < TOL
    assert not hasattr(cg.namespace.Model, "trace")  # the exported class has no probes


# ----- randomised: random valid graphs agree across backends ---------------------------

UNARY = ["ReLU", "Tanh", "Sigmoid", "LeakyReLU", "GELU", "LayerNorm", "Exp", "Neg"]


@st.composite
def random_graphs(draw):
    """A small random DAG: chains and branches of shape-preserving ops and Linear."""
    g = Graph("random", seed=draw(st.integers(0, 1000)), training={"batch_size": 4})
    width = draw(st.integers(2, 5))
    nodes = [(g.add_node("Input", {"name": "x", "shape": [-1, width]}, "x"), width)]
    for i in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["unary", "linear", "binary"]))
        src, w = nodes[draw(st.integers(0, len(nodes) - 1))]
        if kind == "unary":
            n = g.add_node(draw(st.sampled_from(UNARY)), {}, f"u{i}")
            g.connect(src, "y", n, "x")
            nodes.append((n, w))
        elif kind == "linear":
            out = draw(st.integers(2, 5))
            n = g.add_node("Linear", {"out_features": out}, f"fc{i}")
            g.connect(src, "y", n, "x")
            nodes.append((n, out))
        else:
            same = [m for m, mw in nodes if mw == w]
            other = same[draw(st.integers(0, len(same) - 1))]
            n = g.add_node(draw(st.sampled_from(["Add", "Sub", "Mul"])), {}, f"b{i}")
            g.connect(src, "y", n, "a")
            g.connect(other, "y", n, "b")
            nodes.append((n, w))
    out = g.add_node("Output", {"name": "y"}, "y")
    g.connect(nodes[-1][0], "y", out, "x")
    if draw(st.booleans()) and len(nodes) > 2:
        out2 = g.add_node("Output", {"name": "y2"}, "y2")
        g.connect(nodes[len(nodes) // 2][0], "y", out2, "x")
    return g


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_graphs())
def test_random_graphs_compile_and_agree_across_backends(g):
    assert g.analysis.ok
    t, f = compile_graph(g, "torch"), compile_graph(g, "tf")
    arrays = example_inputs(t.plan, seed=g.seed)
    rt, rf = _run(t, arrays), _run(f, arrays)
    for a, b in zip(rt["outputs"], rf["outputs"], strict=True):
        assert rel_err(b, a) < TOL


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_public_api_and_line_map(backend):
    import graphlab

    g = examples.example("digits_cnn")
    cg = graphlab.build(g, backend)
    assert cg.backend == backend and cg.source.startswith('"""digits_cnn')
    assert cg.model.get_weights()["fc.bias"].shape == (10,)
    lines = cg.source.splitlines()
    names = cg.plan.names
    inputs = set(cg.plan.feature_ids + cg.plan.target_ids)  # arguments, not statements
    assert set(cg.line_map.values()) == set(g.node_ids()) - set(cg.plan.output_ids) - inputs
    statements: dict[str, str] = {}  # a wrapped statement's lines all map to its node
    for lineno, node in cg.line_map.items():
        statements[node] = statements.get(node, "") + lines[lineno - 1].strip()
    for node, text in statements.items():
        assert names[node] in text, (node, text)
    fc1 = [ln for ln, n in cg.line_map.items() if n == cg.plan.ids_by_name["conv1"]]
    assert any(lines[ln - 1].strip().startswith("conv1 = ") for ln in fc1)


@st.composite
def random_image_graphs(draw):
    """Random conv DAGs: branches joined by Add/Mul/Concat, NCHW-only ops (Softmax over
    channels) in between, so TF's layout pass must transpose in the right places."""
    g = Graph("images", seed=draw(st.integers(0, 1000)), training={"batch_size": 3})
    c0 = draw(st.integers(1, 3))
    nodes = [(g.add_node("Input", {"name": "x", "shape": [-1, c0, 6, 6]}, "x"), (c0, 6))]
    for i in range(draw(st.integers(1, 7))):
        kind = draw(st.sampled_from(["conv", "pool", "unary", "join", "softmax"]))
        src, (c, hw) = nodes[draw(st.integers(0, len(nodes) - 1))]
        if kind == "conv":
            out = draw(st.integers(1, 4))
            k = draw(st.sampled_from([1, 2, 3]))
            n = g.add_node("Conv2d", {"out_channels": out, "kernel_size": k,
                                      "padding": "same"}, f"conv{i}")
            shape = (out, hw)
        elif kind == "pool" and hw >= 2:
            n = g.add_node(draw(st.sampled_from(["MaxPool2d", "AvgPool2d"])),
                           {"kernel_size": 2}, f"pool{i}")
            shape = (c, hw // 2)
        elif kind == "unary":
            n = g.add_node(draw(st.sampled_from(["ReLU", "BatchNorm", "Tanh"])), {}, f"u{i}")
            shape = (c, hw)
        elif kind == "softmax":
            n = g.add_node("Softmax", {"axis": 1}, f"sm{i}")
            shape = (c, hw)
        else:
            same_hw = [(m, mc) for m, (mc, mhw) in nodes if mhw == hw]
            other, oc = same_hw[draw(st.integers(0, len(same_hw) - 1))]
            if oc == c and draw(st.booleans()):
                n = g.add_node(draw(st.sampled_from(["Add", "Mul"])), {}, f"j{i}")
                g.connect(src, "y", n, "a")
                g.connect(other, "y", n, "b")
                shape = (c, hw)
            else:
                n = g.add_node("Concat", {"axis": 1, "n": 2}, f"cat{i}")
                g.connect(src, "y", n, "x0")
                g.connect(other, "y", n, "x1")
                shape = (c + oc, hw)
            nodes.append((n, shape))
            continue
        g.connect(src, "y", n, "x")
        nodes.append((n, shape))
    head = g.add_node(draw(st.sampled_from(["Flatten", "GlobalAvgPool"])), {}, "head")
    g.connect(nodes[-1][0], "y", head, "x")
    fc = g.add_node("Linear", {"out_features": 3}, "fc")
    g.connect(head, "y", fc, "x")
    out = g.add_node("Output", {"name": "y"}, "y")
    g.connect(fc, "y", out, "x")
    if len(nodes) > 2:  # a second, 4-D output read straight from the middle of the stack
        out2 = g.add_node("Output", {"name": "mid"}, "mid")
        g.connect(nodes[len(nodes) // 2][0], "y", out2, "x")
    return g, draw(st.booleans())


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_image_graphs())
def test_random_conv_graphs_agree_across_backends(case):
    g, training = case
    assert g.analysis.ok, g.analysis.errors()
    t, f = compile_graph(g, "torch"), compile_graph(g, "tf")
    x = example_inputs(t.plan, seed=g.seed)["x"]
    t.model.train(training)
    yt = as_tuple(t.model(torch.from_numpy(x)))
    yf = as_tuple(f.model(tf.constant(x), training=training))
    for a, b in zip(yt, yf, strict=True):
        assert rel_err(to_numpy(b), to_numpy(a)) < TOL
    tt = t.model.trace(torch.from_numpy(x), training=False)
    tr = f.model.trace(tf.constant(x), training=False)
    for k in tt:
        assert rel_err(to_numpy(tr[k]), to_numpy(tt[k])) < TOL, k


def test_compiling_again_and_again_leaks_no_module_or_source_lines():
    """The editor compiles on every run and step-through: a compiled graph that is gone
    leaves nothing behind in sys.modules or linecache."""
    import gc
    import linecache
    import sys

    g = examples.example("digits_mlp")
    compile_graph(g, "torch")  # imports torch first
    gc.collect()
    before = set(sys.modules), {k for k in linecache.cache if k.startswith("graphlab-gen")}
    for _ in range(3):
        cg = compile_graph(g, "torch")
        assert cg.filename in linecache.cache  # while it lives, tracebacks show its lines
    del cg
    gc.collect()
    after = set(sys.modules), {k for k in linecache.cache if k.startswith("graphlab-gen")}
    assert after == before
