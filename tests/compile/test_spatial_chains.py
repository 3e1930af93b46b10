"""Whole models of the new spatial ops: torch and TF agree on the exported forward (where TF
keeps NHWC from one 2-D op to the next, which the single-op parity cases never do) and on
every weight's gradient; the TF forward transposes only at the stack's edges."""

from __future__ import annotations

import numpy as np
import pytest

from graphlab.compile import compile_graph, generate_source
from graphlab.graph import Graph
from tests.compile.helpers import rel_err

torch = pytest.importorskip("torch")
tf = pytest.importorskip("tensorflow")

pytestmark = pytest.mark.kernels

TOL = 1e-4


def _chain(name: str, shape, layers) -> Graph:
    g = Graph(name, seed=11)
    prev = g.add_node("Input", {"name": "x", "shape": shape}, "x")
    for i, (op, attrs) in enumerate(layers):
        node = g.add_node(op, attrs, f"{op.lower()}{i}")
        g.connect(prev, "y", node, "x")
        prev = node
    out = g.add_node("Output", {"name": "y"}, "y")
    g.connect(prev, "y", out, "x")
    assert g.analysis.ok, g.analysis.errors()
    return g


IMAGE = _chain("image_stack", [-1, 3, 9, 8], [
    ("Conv2d", {"out_channels": 6, "kernel_size": [3, 2], "stride": 2, "padding": "same",
                "groups": 3}),  # depthwise, multiplier 2
    ("GroupNorm", {"num_groups": 3}),  # reads the NHWC value (channel axis 3)
    ("ReLU", {}),
    ("Upsample", {"mode": "bilinear", "scale_factor": [2, 1]}),
    ("ConvTranspose2d", {"out_channels": 4, "kernel_size": 3, "stride": 2, "dilation": 2,
                         "groups": 2, "padding": 1}),
    ("MaxPool2d", {"kernel_size": 3, "stride": 2, "padding": [1, 0, 0, 1], "ceil_mode": True,
                   "dilation": [1, 2]}),
    ("BatchNorm", {}),
    ("Conv2d", {"out_channels": 4, "kernel_size": 3, "padding": [0, 1, 1, 2], "groups": 2,
                "dilation": 2}),
    ("AvgPool2d", {"kernel_size": 2, "padding": 1, "count_include_pad": False,
                   "ceil_mode": True}),
    ("Upsample", {"scale_factor": None, "size": [5, 3]}),
    ("ConvTranspose2d", {"out_channels": 2, "kernel_size": [2, 3], "stride": [2, 1],
                         "output_padding": [1, 0]}),  # TF's own conv2d_transpose
    ("Flatten", {}),
    ("Linear", {"out_features": 3}),
])

SEQUENCE = _chain("sequence_stack", [-1, 4, 12], [
    ("Conv1d", {"out_channels": 8, "kernel_size": 3, "padding": "same", "groups": 4}),
    ("BatchNorm", {}),
    ("MaxPool1d", {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}),
    ("Conv1d", {"out_channels": 6, "kernel_size": 2, "dilation": 2, "groups": 2,
                "padding": [1, 0]}),
    ("AvgPool1d", {"kernel_size": 2, "padding": [0, 1], "count_include_pad": False}),
    ("LayerNorm", {"last_dims": 2}),
    ("GroupNorm", {"num_groups": 2}),
])


def _torch_run(cg, x, w):
    xt = torch.tensor(x, requires_grad=True)
    y = cg.model.train()(xt)
    (y * torch.tensor(w)).sum().backward()
    grads = {k: p.grad.numpy() for k, p in cg.model.named_parameters()}
    return y.detach().numpy(), xt.grad.numpy(), grads


def _tf_run(cg, x, w):
    xt = tf.constant(x)
    variables = {k: v for k, v in cg.model.named_variables().items() if v.trainable}
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = cg.model(xt, training=True)
        s = tf.reduce_sum(y * w)
    got = tape.gradient(s, [xt, *variables.values()])
    layout = getattr(cg.namespace, "TF_LAYOUT", {})
    grads = {k: np.transpose(g.numpy(), np.argsort(layout[k])) if k in layout else g.numpy()
             for k, g in zip(variables, got[1:], strict=True)}
    return y.numpy(), got[0].numpy(), grads


@pytest.mark.parametrize("graph", [IMAGE, SEQUENCE], ids=lambda g: g.name)
def test_torch_and_tf_agree_on_a_stack_forward_and_backward(graph):
    t, f = compile_graph(graph, "torch"), compile_graph(graph, "tf")
    rng = np.random.default_rng(5)
    source = next(v for v in graph.nodes() if v.spec.is_input)
    x = rng.standard_normal([4 if d == -1 else d for d in source.attrs["shape"]])
    x = x.astype(np.float32)
    w = rng.uniform(0.5, 1.5, (4, *_out(t, x))).astype(np.float32)
    y_t, dx_t, g_t = _torch_run(t, x, w)
    y_f, dx_f, g_f = _tf_run(f, x, w)
    assert rel_err(y_f, y_t) < TOL
    assert rel_err(dx_f, dx_t) < TOL
    assert set(g_t) == set(g_f) and g_t
    # a bias just before a normalisation has a zero gradient (float noise on both sides):
    # measured against the largest gradient of the model
    scale = max(float(np.max(np.abs(g))) for g in g_t.values())
    for k in g_t:
        assert np.max(np.abs(g_f[k] - g_t[k])) < TOL * scale, k


def _out(cg, x):
    with torch.no_grad():
        return tuple(cg.model.eval()(torch.from_numpy(x)).shape[1:])


def test_the_tf_forward_keeps_nhwc_through_the_image_stack():
    src = generate_source(IMAGE, "tf")
    forward = src[src.index("def forward"):src.index("def named_variables")]
    # in once at the first conv, out once at the Flatten: no transpose in between
    assert forward.count("tf.transpose(") == 2, forward
    assert "group_norm(" in forward and "axis=3" in forward
