"""The lesson graphs that are not examples: built in code (no Qt), laid out, unsaved.

``micrograd``: micrograd's README expression, one node per operation. ``fan_out``: one
value read by two ops, so its gradient is a sum. ``learning_rate``: the same network at
a learning rate too small or too large. ``initialization``: weights that all start at
zero, so nothing learns.

``dead_relu``: a ReLU network on the moons data trained with plain SGD at a learning
rate far too high; after a few large updates most ReLUs output zero for every input
and stop learning. ``exploding``: a deep plain Linear chain (no activations) on a
regression task with a large SGD step; gradients grow layer by layer until the loss
becomes NaN, and the first node where it appeared is named.
"""

from __future__ import annotations

from graphlab.graph.builders import chain, classifier_tail, target_tail, two_layer_classifier
from graphlab.graph.graph import Graph
from graphlab.graph.layout import apply_layout


def dead_relu() -> Graph:
    g = Graph("lesson_dead_relu", seed=3, training={
        "dataset": "moons", "optimizer": "sgd", "optimizer_params": {"momentum": 0.0},
        "lr": 4.0, "batch_size": 32, "epochs": 20, "val_fraction": 0.2,
        "standardize": True})
    x = g.add_node("Input", {"name": "x", "shape": [-1, 2]}, "x")
    two_layer_classifier(g, x, 2, 32, "ReLU", "relu")
    apply_layout(g)
    return g


def exploding() -> Graph:
    g = Graph("lesson_exploding", seed=0, training={
        "dataset": "sine", "optimizer": "sgd", "optimizer_params": {"momentum": 0.0},
        "lr": 0.5, "batch_size": 32, "epochs": 10, "val_fraction": 0.2,
        "standardize": True})
    x = g.add_node("Input", {"name": "x", "shape": [-1, 1]}, "x")
    steps = [("Linear", {"in_features": 1, "out_features": 16}, "fc1")]
    for i in range(2, 7):
        steps.append(("Linear", {"in_features": 16, "out_features": 16}, f"fc{i}"))
    steps.append(("Linear", {"in_features": 16, "out_features": 1}, "head"))
    y = chain(g, x, *steps)
    target_tail(g, y, "MSELoss")
    apply_layout(g)
    return g



_NO_DATA = {"dataset": "none", "optimizer": "sgd", "optimizer_params": {"momentum": 0.0},
            "lr": 0.01, "batch_size": 1, "epochs": 1, "val_fraction": 0.0,
            "standardize": False}


def _op(g: Graph, op: str, label: str, *inputs: str, **attrs) -> str:
    """Node ``op`` fed by ``inputs`` in its port order (a, b or x)."""
    from graphlab.graph.ops import get_op

    n = g.add_node(op, attrs, label)
    for src, port in zip(inputs, get_op(op).input_ports(attrs), strict=False):
        g.connect(src, "y", n, port.name)
    return n


def micrograd() -> Graph:
    """The expression of micrograd's README (github.com/karpathy/micrograd), one node per
    operation: g = 24.7041, dg/da = 138.8338, dg/db = 645.5773."""
    g = Graph("lesson_micrograd", seed=0, training=dict(_NO_DATA))
    a = g.add_node("Parameter", {"shape": [], "init": "constant", "value": -4.0}, "a")
    b = g.add_node("Parameter", {"shape": [], "init": "constant", "value": 2.0}, "b")
    k = {v: g.add_node("Constant", {"value": float(v), "shape": []}, f"k{v}")
         for v in (1, 2, 3, 10)}
    c1 = _op(g, "Add", "c1", a, b)  # c = a + b
    d1 = _op(g, "Add", "d1", _op(g, "Mul", "ab", a, b),
             _op(g, "Pow", "b3", b, exponent=3.0))  # d = a*b + b**3
    c2 = _op(g, "Add", "c2", c1, _op(g, "Add", "c1_plus1", c1, k[1]))  # c += c + 1
    c3 = _op(g, "Add", "c3", c2, _op(g, "Add", "t3", _op(g, "Add", "one_plus_c2", k[1], c2),
                                     _op(g, "Neg", "neg_a", a)))  # c += 1 + c + (-a)
    d2 = _op(g, "Add", "d2", d1, _op(g, "Add", "t6", _op(g, "Mul", "d1x2", d1, k[2]),
                                     _op(g, "ReLU", "relu_ba", _op(g, "Add", "b_plus_a", b, a))))
    d3 = _op(g, "Add", "d3", d2, _op(g, "Add", "t9", _op(g, "Mul", "x3d2", k[3], d2),
                                     _op(g, "ReLU", "relu_bma", _op(g, "Sub", "b_minus_a", b, a))))
    f = _op(g, "Pow", "f", _op(g, "Sub", "e", c3, d3), exponent=2.0)  # e = c - d; f = e**2
    out = _op(g, "Add", "g", _op(g, "Div", "f_half", f, k[2]),
              _op(g, "Div", "ten_over_f", k[10], f))  # g = f / 2 + 10 / f
    _op(g, "Output", "g_out", out, name="g")
    apply_layout(g)
    return g


def fan_out() -> Graph:
    """x feeds two consumers (tanh and a product), so dL/dx is the sum of what each sends
    back: (1 − tanh²(x)) + w."""
    g = Graph("lesson_fan_out", seed=0, training=dict(_NO_DATA))
    x = g.add_node("Parameter", {"shape": [], "init": "constant", "value": 0.5}, "x")
    w = g.add_node("Parameter", {"shape": [], "init": "constant", "value": -2.0}, "w")
    loss = _op(g, "Add", "L", _op(g, "Tanh", "h", x), _op(g, "Mul", "m", x, w))
    _op(g, "Output", "L_out", loss, name="L")
    apply_layout(g)
    return g


def learning_rate(lr: float) -> Graph:
    """Two tanh layers on the moons data, plain SGD at ``lr``."""
    g = Graph(f"lesson_lr_{lr:g}".replace(".", "_"), seed=1, training={
        "dataset": "moons", "optimizer": "sgd", "optimizer_params": {"momentum": 0.0},
        "lr": lr, "batch_size": 32, "epochs": 30, "val_fraction": 0.2, "standardize": True})
    x = g.add_node("Input", {"name": "x", "shape": [-1, 2]}, "x")
    two_layer_classifier(g, x, 2, 16, "Tanh", "tanh")
    apply_layout(g)
    return g


def lr_too_small() -> Graph:
    return learning_rate(0.001)


def lr_too_large() -> Graph:
    return learning_rate(30.0)


def initialization(init: str = "zeros", depth: int = 3, width: int = 16) -> Graph:
    """A deep tanh network whose weight matrices are Parameter nodes, all starting at
    ``init``. At zeros every unit computes the same (nothing) and every weight's gradient
    is zero: its input is zero, or the gradient coming back through a zero weight is."""
    g = Graph("lesson_initialization", seed=0, training={
        "dataset": "moons", "optimizer": "sgd", "optimizer_params": {"momentum": 0.9},
        "lr": 0.05, "batch_size": 32, "epochs": 30, "val_fraction": 0.2, "standardize": True})
    cur = g.add_node("Input", {"name": "x", "shape": [-1, 2]}, "x")
    fan = 2
    for i in range(1, depth + 1):
        w = g.add_node("Parameter", {"shape": [fan, width], "init": init}, f"W{i}")
        cur = _op(g, "Tanh", f"tanh{i}", _op(g, "MatMul", f"z{i}", cur, w))
        fan = width
    head = g.add_node("Linear", {"in_features": width, "out_features": 2}, "head")
    g.connect(cur, "y", head, "x")
    classifier_tail(g, head)
    apply_layout(g)
    return g
