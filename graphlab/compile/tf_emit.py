"""Plan -> TensorFlow source sections: a tf.Module with tf.Variables and a tf.function call."""

from __future__ import annotations

from graphlab.compile import common, tf_optimizer
from graphlab.compile.escape import literal
from graphlab.compile.plan import Plan, Step
from graphlab.compile.source_writer import SourceWriter, lit, shape_comment, warning_lines
from graphlab.compile.tf_lowering import ANY, HELPERS, LOWERINGS, NCHW, NHWC, TFLowered

TO_NHWC = "[0, 2, 3, 1]"
TO_NCHW = "[0, 3, 1, 2]"


def _convert(expr: str, have: str, want: str) -> str:
    if have == want:
        return expr
    return f"tf.transpose({expr}, {TO_NHWC if want == NHWC else TO_NCHW})"


class LayoutPass:
    """Lowers steps in order, tracking each value's physical layout.

    ``logical=True`` keeps every value in the graph's NCHW layout after each statement
    (for ``trace``, whose values the probes read); otherwise values stay NHWC between
    NHWC ops and are transposed only where an op needs NCHW.
    """

    def __init__(self, plan: Plan, logical: bool, names: dict[str, str] | None = None):
        self.plan = plan
        self.logical = logical
        self.names = names or {s.id: s.name for s in plan.steps}
        self.layout: dict[str, str] = {}
        self.nhwc_consumers: set[str] = {
            src for s in plan.steps if LOWERINGS[s.op].layout == NHWC
            for src, _ in s.inputs.values()}

    def lower(self, s: Step) -> TFLowered:
        entry = LOWERINGS[s.op]
        srcs = {p: src for p, (src, _) in s.inputs.items()}
        have = {p: self.layout.get(src, NCHW) for p, src in srcs.items()}
        ranks = {p: s.in_types[p].rank for p in srcs}
        if entry.picks_layout:
            # Reshape reads NCHW; it may write NHWC when a conv or pool reads it.
            args = {"x": _convert(self.names[srcs["x"]], have["x"], NCHW)}
            hint = NHWC if s.id in self.nhwc_consumers and not self.logical else NCHW
            out = entry.lower(s, args, hint)
            self.layout[s.id] = out.layout or NCHW
            return out
        if entry.layout == ANY:
            four = [p for p in srcs if ranks[p] == 4]
            others_scalar = all(ranks[p] == 0 for p in srcs if p not in four)
            want = NHWC if four and others_scalar and all(have[p] == NHWC for p in four) else NCHW
        else:
            want = entry.layout
        args = {p: _convert(self.names[src], have[p], want if ranks[p] == 4 else have[p])
                for p, src in srcs.items()}
        out = entry.lower(s, args, want)
        out_layout = want if s.out_type is not None and s.out_type.rank == 4 else NCHW
        if self.logical and out_layout == NHWC:
            out = TFLowered(_convert(out.expr, NHWC, NCHW), out.variables, out.helpers, out.note)
            out_layout = NCHW
        self.layout[s.id] = out_layout
        return out

    def value(self, node_id: str) -> str:
        """The value of a node in the graph's layout (for returning it)."""
        return _convert(self.names[node_id], self.layout.get(node_id, NCHW), NCHW)


def emit_tf(plan: Plan) -> dict[str, SourceWriter]:
    """The file's sections (see graphlab.compile.source.compose)."""
    fast = LayoutPass(plan, logical=False)  # forward's layouts; trace_native shows them
    native = {s.id: fast.lower(s) for s in plan.steps}
    logical = LayoutPass(plan, logical=True)
    traced = {s.id: logical.lower(s) for s in plan.steps}
    nhwc_values = [s.name for s in plan.steps if fast.layout.get(s.id) == NHWC]
    helpers = sorted({h for lo in traced.values() for h in lo.helpers})
    features = [s.name for s in plan.feature_steps()]
    targets = [s.name for s in plan.target_steps()]

    head, imports, w = SourceWriter(), SourceWriter(), SourceWriter()  # w: the model
    head.extend(common.header(plan, "TensorFlow"))
    imports.add("import numpy as np")
    imports.add("import tensorflow as tf")
    w.add("WEIGHTS = {")
    w.add("    # canonical weight name -> (attribute, permutation from canonical to TF layout)")
    for s in plan.param_steps:
        for v in traced[s.id].variables:
            w.add(f"    {literal(f'{s.name}.{v.param}')}: ({literal(v.attr)}, "
                  f"{lit(v.perm) if v.perm else None}),")
    w.add("}")
    w.add()
    w.add()
    w.extend(common.init_weights_lines(plan))
    for h in helpers:
        w.add()
        w.add()
        w.add(HELPERS[h])
    w.add()
    w.add()
    w.add(f"class {plan.class_name}(tf.Module):")
    if any(LOWERINGS[s.op].layout == NHWC for s in plan.steps):
        w.add(f'"""The graph "{plan.doc_name}" as a tf.Module. Values are NCHW as in the '
              "graph;", 1)
        w.add('convolutions and pooling run in NHWC, transposed only at the edges of a conv '
              'stack."""', 1)
    else:
        w.add(f'"""The graph "{plan.doc_name}" as a tf.Module."""', 1)
    w.add()
    if nhwc_values:
        names = ", ".join(literal(n) for n in nhwc_values) + ("," if len(nhwc_values) == 1 else "")
        w.add(f"NHWC_VALUES = ({names})  # values trace_native leaves NHWC", 1)
        w.add()
    w.add("def __init__(self, seed=0, jit_compile=False):", 1)
    w.add(f"super().__init__(name={literal(plan.class_name)})", 2)
    for s in plan.param_steps:
        for v in traced[s.id].variables:
            note = "" if not v.perm else f"  # canonical layout transposed by {lit(v.perm)}"
            w.add(f"self.{v.attr} = tf.Variable(tf.zeros({lit(v.shape)}), "
                  f"trainable={v.trainable}, name={literal(f'{s.name}.{v.param}')}){note}", 2,
                  s.id)
    w.add("self.set_weights(init_weights(seed))", 2)
    w.add("# Straight-line code: no autograph needed, and errors keep their real tracebacks.", 2)
    w.add("self.call = tf.function(self.forward, jit_compile=jit_compile, autograph=False)", 2)
    w.add()
    sig = "".join(", " + n for n in features)
    w.add(f"def __call__(self{sig}, training=False):", 1)
    w.add('"""Runs the compiled (tf.function) forward pass."""', 2)
    w.add(f"return self.call({''.join(n + ', ' for n in features)}training=training)", 2)
    w.add()
    w.add(f"def forward(self{sig}, training=False):", 1)
    for s in plan.model_steps:
        if not s.spec.is_input:
            for line in warning_lines(s):
                w.add(line, 2, s.id)
            w.add(f"{s.name} = {native[s.id].expr}{shape_comment(s)}{native[s.id].note}", 2,
                  s.id)
    outs = [fast.value(plan.output_sources[o]) for o in plan.output_ids]
    w.add(f"return {', '.join(outs)}", 2)
    w.add()
    args = "".join(", " + n for n in features + targets)
    w.add(f"def trace(self{args}, training=False):", 1)
    w.add('"""Every node\'s value by name (NCHW), computed by the same ops as forward."""', 2)
    _trace_body(w, plan, traced)
    if nhwc_values:
        w.add()
        w.add(f"def trace_native(self{args}, training=False):", 1)
        w.add('"""Every node\'s value by name, computed as forward computes it: the values '
              "named in", 2)
        w.add("NHWC_VALUES are NHWC (trace's NCHW value transposed by [0, 2, 3, 1]). The "
              "probes", 2)
        w.add('read these, so recording them adds no transposes to the step."""', 2)
        _trace_body(w, plan, native)
    w.add()
    w.add("def named_variables(self):", 1)
    w.add('"""The tf.Variables by canonical weight name (stored in TF layout)."""', 2)
    w.add("return {name: getattr(self, attr) for name, (attr, _) in WEIGHTS.items()}", 2)
    w.add()
    w.add("def get_weights(self):", 1)
    w.add('"""Weights as numpy arrays in canonical layout, keyed "<node>.<param>"."""', 2)
    w.add("out = {}", 2)
    w.add("for name, (attr, perm) in WEIGHTS.items():", 2)
    w.add("value = getattr(self, attr).numpy()", 3)
    w.add("out[name] = np.transpose(value, np.argsort(perm)).copy() if perm else value.copy()", 3)
    w.add("return out", 2)
    w.add()
    w.add("def set_weights(self, weights):", 1)
    w.add('"""Load numpy arrays in canonical layout (e.g. from get_weights of any backend)."""',
          2)
    w.add("for name, value in weights.items():", 2)
    w.add("attr, perm = WEIGHTS[name]", 3)
    w.add("value = np.asarray(value, np.float32)", 3)
    w.add("getattr(self, attr).assign(np.transpose(value, perm) if perm else value)", 3)
    w.add()
    w.add()
    w.add(f"Model = {plan.class_name}")
    loss_pass = LayoutPass(plan, logical=True, names=common.loss_fn_names(plan))
    tail = common.tail_sections(plan, lambda s: loss_pass.lower(s).expr, optimizer_lines(plan),
                                "tf.constant({})", features, targets)
    return {"header": head, "imports": imports, "model": w, **tail}


def _trace_body(w: SourceWriter, plan: Plan, lowered: dict[str, TFLowered]) -> None:
    """Every step's statement, then the dict of every node's value by name."""
    for s in plan.steps:
        if not s.spec.is_input:
            w.add(f"{s.name} = {lowered[s.id].expr}{shape_comment(s)}{lowered[s.id].note}", 2,
                  s.id)
    w.add("return {", 2)
    for s in plan.steps:
        w.add(f"{literal(s.name)}: {s.name},", 3)
    w.add("}", 2)


def optimizer_lines(plan: Plan) -> list[str]:
    """``TorchOptimizer`` (torch's update rules, see :mod:`graphlab.compile.tf_optimizer`)
    and ``make_optimizer()`` with the graph's settings."""
    t = plan.training
    return (tf_optimizer.SOURCE.splitlines() + ["", ""]
            + tf_optimizer.make_optimizer_lines(str(t["optimizer"]),
                                                float(t["lr"]),
                                                t.get("optimizer_params")))
