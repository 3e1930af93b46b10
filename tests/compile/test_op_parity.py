"""Every registry op: torch, TF and a float64 numpy reference agree on the forward value
and on the gradient of a scalar of it, sum(y * w), w.r.t. each input and parameter."""

from __future__ import annotations

import numpy as np
import pytest

from graphlab.compile import compile_graph
from graphlab.graph.ops import REGISTRY
from tests.compile.cases import build
from tests.compile.helpers import rel_err
from tests.compile.numpy_ref import batch_norm_running, numeric_grad
from tests.compile.parity_tables import CASES, REFS
from tests.seeds import case_seed

torch = pytest.importorskip("torch")
tf = pytest.importorskip("tensorflow")

TOL = 1e-4

pytestmark = pytest.mark.kernels



def test_every_registry_op_has_a_case():
    assert {c.op for c in CASES} == set(REGISTRY)


def _setup(case, seed):
    g, node = build(case)
    rng = np.random.default_rng(seed)
    arrays = {port: spec.draw(rng) for port, spec in case.inputs.items()}
    return g, node, arrays, rng


def _param(key: str) -> str:
    """The op's parameter a weight key names: fc.weight -> weight; a Parameter node's
    key is the node's own name, its parameter "value"."""
    return key.split(".", 1)[1] if "." in key else "value"


def _run_torch(case, g, node, arrays, w):
    cg = compile_graph(g, "torch")
    m, plan = cg.model, cg.plan
    weights0 = m.get_weights()
    ts = {p: torch.tensor(a, requires_grad=a.dtype == np.float32) for p, a in arrays.items()}
    # by label (the port): the python name differs where the port is a reserved word (value)
    order = [plan.step(i).label for i in plan.feature_ids + plan.target_ids]
    if case.op == "Output" or case.port:  # a chosen output port: the model's Output
        y = m(*[ts[n] for n in order])
    else:
        y = m.trace(*[ts[n] for n in order], training=case.training)[plan.step(node).name]
    grads = {}
    if case.grad and y.requires_grad:
        (y * torch.tensor(w)).sum().backward()
        grads = {f"in:{p}": t.grad.numpy() for p, t in ts.items() if t.requires_grad}
        for key, p in m.named_parameters():  # keyed like the weights
            grads[f"param:{_param(key)}"] = p.grad.numpy()
    return y.detach().numpy(), grads, weights0, m.get_weights()


def _run_tf(case, g, node, arrays, w):
    cg = compile_graph(g, "tf")
    m, plan = cg.model, cg.plan
    ts = {p: tf.constant(a) for p, a in arrays.items()}
    order = [plan.step(i).label for i in plan.feature_ids + plan.target_ids]
    variables = {k: v for k, v in m.named_variables().items() if v.trainable}
    floats = [p for p, a in arrays.items() if a.dtype == np.float32]
    with tf.GradientTape() as tape:
        for p in floats:
            tape.watch(ts[p])
        if case.op == "Output" or case.port:
            y = m(*[ts[n] for n in order])
        else:
            y = m.trace(*[ts[n] for n in order], training=case.training)[plan.step(node).name]
        s = tf.reduce_sum(y * w) if y.dtype.is_floating else None
    grads = {}
    if case.grad and s is not None:
        got = tape.gradient(s, [ts[p] for p in floats] + list(variables.values()))
        for p, gr in zip(floats, got[:len(floats)], strict=True):
            grads[f"in:{p}"] = tf.convert_to_tensor(gr).numpy()  # Gather's is sparse
        for key, gr in zip(variables, got[len(floats):], strict=True):
            perm = getattr(cg.namespace, "TF_LAYOUT", {}).get(key)
            gr = tf.convert_to_tensor(gr).numpy()  # Embedding's gradient is sparse
            grads[f"param:{_param(key)}"] = np.transpose(gr, np.argsort(perm)) if perm else gr
    return y.numpy(), grads, m.get_weights()


def _run_ref(case, g, node, arrays, weights, w):
    from graphlab.compile.plan import build_plan

    attrs = build_plan(g).step(node).attrs if case.op != "Output" else {}
    x = {p: (a.astype(np.float64) if a.dtype == np.float32 else a) for p, a in arrays.items()}
    params = {_param(k): v.astype(np.float64) for k, v in weights.items()}
    def ref(*args):
        y = REFS[case.op](*args)
        # an op with several outputs: its reference gives them by port
        return y[case.port or next(iter(y))] if isinstance(y, dict) else y

    def scalar():
        return float(np.sum(ref(attrs, x, params, case.training) * w))

    y = ref(attrs, x, params, case.training)
    grads = {}
    if case.grad and np.asarray(y).dtype.kind == "f":
        for p, a in x.items():
            if a.dtype == np.float64:
                grads[f"in:{p}"] = numeric_grad(scalar, x, p)
        for name in params:
            if name not in ("running_mean", "running_var"):
                grads[f"param:{name}"] = numeric_grad(scalar, params, name)
    return y, grads, attrs, x, params


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_op_parity(case):
    seed = case_seed(case.id)
    g, node, arrays, rng = _setup(case, seed)
    w = _weights_like(g, node, rng, case)
    y_t, g_t, w0, w_after = _run_torch(case, g, node, arrays, w)
    y_f, g_f, w_after_tf = _run_tf(case, g, node, arrays, w)
    y_r, g_r, attrs, x64, p64 = _run_ref(case, g, node, arrays, w0, w)
    where = f"{case.id} (seed {seed})"
    assert rel_err(y_t, y_r) < TOL, f"torch forward differs from numpy for {where}"
    assert rel_err(y_f, y_r) < TOL, f"TF forward differs from numpy for {where}"
    if case.grad and (g_t or g_r):
        assert set(g_t) == set(g_r) == set(g_f), (where, set(g_t), set(g_f), set(g_r))
        assert g_r, f"no gradients checked for {where}"
        for key in g_r:
            assert rel_err(g_t[key], g_r[key]) < TOL, f"torch d/d{key} differs for {where}"
            assert rel_err(g_f[key], g_r[key]) < TOL, f"TF d/d{key} differs for {where}"
    if case.op == "BatchNorm" and case.training:
        mean, var = batch_norm_running(attrs, x64["x"], p64)
        for after in (w_after, w_after_tf):
            assert rel_err(after["node.running_mean"], mean) < TOL, where
            assert rel_err(after["node.running_var"], var) < TOL, where


def _weights_like(g, node, rng, case):
    spec = g.node(node).spec
    t = g.analysis.output_type(node, "loss" if spec.is_loss else
                               case.port or (spec.outputs[0].name if spec.outputs else "y"))
    if t is None:  # Output node: same type as its input
        t = g.analysis.output_type(g.in_edges(node)[0].src, "y")
    return rng.uniform(0.5, 1.5, t.shape).astype(np.float32)
