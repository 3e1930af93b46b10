"""Plan -> TensorFlow source sections: a tf.Module with tf.Variables and a tf.function call."""

from __future__ import annotations

from graphlab.compile import common, tf_optimizer
from graphlab.compile.escape import literal
from graphlab.compile.plan import Plan, Step
from graphlab.compile.source_writer import SourceWriter, lit, shape_comment
from graphlab.compile.tf_lowering import HELPERS, LOWERINGS
from graphlab.compile.tf_lowering_base import ANY, NCHW, NHWC, TFLowered

LAYER = '''def layer(name, shapes, frozen=()):
    """A tf.Module `name` holding a zero tf.Variable per entry of `shapes` (attribute ->
    shape), filled by set_weights; those named in `frozen` are not trained."""
    module = tf.Module(name=name)
    for attr, shape in shapes.items():
        setattr(module, attr, tf.Variable(tf.zeros(shape), trainable=attr not in frozen,
                                          name=f"{name}.{attr}"))
    return module'''

TO_NHWC = "[0, 2, 3, 1]"
TO_NCHW = "[0, 3, 1, 2]"


def _convert(expr: str, have: str, want: str) -> str:
    if have == want:
        return expr
    return f"tf.transpose({expr}, {TO_NHWC if want == NHWC else TO_NCHW})"


class LayoutPass:
    """Lowers steps in order, tracking each value's physical layout.

    ``logical=True`` keeps every value in the graph's NCHW layout after each statement
    (for the app's ``trace``, whose values the probes read); otherwise values stay NHWC
    between NHWC ops and are transposed only where an op needs NCHW.
    """

    def __init__(self, plan: Plan, logical: bool, names: dict[str, str] | None = None,
                 ref=None):
        self.plan = plan
        self.logical = logical
        self.names = names or {s.id: s.name for s in plan.steps}
        # how a statement reads output port of a node (several outputs: name[i])
        self.ref = ref or (lambda node_id, port: plan.ref(node_id, port, self.names))
        self.layout: dict[str, str] = {}
        self.nhwc_consumers: set[str] = {
            src for s in plan.steps if LOWERINGS[s.op].layout == NHWC
            for src, _ in s.inputs.values()}

    def lower(self, s: Step) -> TFLowered:
        entry = LOWERINGS[s.op]
        srcs = {p: src for p, (src, _) in s.inputs.items()}
        refs = {p: self.ref(src, port) for p, (src, port) in s.inputs.items()}
        have = {p: self.layout.get(src, NCHW) for p, src in srcs.items()}
        ranks = {p: s.in_types[p].rank for p in srcs}
        if entry.picks_layout:
            # Reshape reads NCHW; it may write NHWC when a conv or pool reads it.
            args = {"x": _convert(refs["x"], have["x"], NCHW)}
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
        args = {p: _convert(refs[p], have[p], want if ranks[p] == 4 else have[p])
                for p in srcs}
        out = entry.lower(s, args, want)
        out_layout = want if s.out_type is not None and s.out_type.rank == 4 else NCHW
        if self.logical and out_layout == NHWC:
            out = TFLowered(_convert(out.expr, NHWC, NCHW), out.variables, out.helpers, out.note)
            out_layout = NCHW
        self.layout[s.id] = out_layout
        return out

    def value(self, node_id: str, port: str | None = None) -> str:
        """The value of a node's output port in the graph's layout (for returning it)."""
        return _convert(self.ref(node_id, port), self.layout.get(node_id, NCHW), NCHW)


def _weights_methods(w: SourceWriter, plan: Plan, variables: list) -> None:
    """named_variables, get_weights / set_weights (PyTorch's layout) and the file methods."""
    w.add("def named_variables(self):", 1)
    w.add('"""Every tf.Variable by weight name (the keys of get_weights())."""', 2)
    if variables:
        w.add("return {", 2)
        for s, v in variables:
            w.add(f"{literal(v.attr)}: self.{v.attr},", 3, s.id)
        w.add("}", 2)
    else:
        w.add("return {}", 2)
    w.add()
    w.add("def get_weights(self):", 1)
    w.add('"""The weights as numpy arrays in PyTorch\'s layout, keyed by attribute path."""', 2)
    if any(v.perm for _, v in variables):
        w.add("return {name: np.transpose(v.numpy(), np.argsort(TF_LAYOUT[name])) "
              "if name in TF_LAYOUT", 2)
        w.add("else v.numpy() for name, v in self.named_variables().items()}", 4)
    else:
        w.add("return {name: v.numpy() for name, v in self.named_variables().items()}", 2)
    w.add()
    w.add("def set_weights(self, weights):", 1)
    w.add('"""Load numpy arrays keyed like get_weights() (from either backend\'s file)."""', 2)
    w.add("check_weights(weights, self.get_weights())", 2)
    w.add("variables = self.named_variables()", 2)
    w.add("for name, value in weights.items():", 2)
    w.add("value = np.asarray(value, np.float32)", 3)
    if any(v.perm for _, v in variables):
        w.add("if name in TF_LAYOUT:", 3)
        w.add("value = np.transpose(value, TF_LAYOUT[name])", 4)
    w.add("variables[name].assign(value)", 3)
    w.add()
    w.extend(common.WEIGHT_FILES, 1)


def emit_tf(plan: Plan) -> dict[str, SourceWriter]:
    """The file's sections (see graphlab.compile.source.compose)."""
    fast = LayoutPass(plan, logical=False)  # forward's layouts
    native = {s.id: fast.lower(s) for s in plan.steps}
    helpers = sorted({h for lo in native.values() for h in lo.helpers})
    features = [s.name for s in plan.feature_steps()]
    targets = [s.name for s in plan.target_steps()]
    variables = [(s, v) for s in plan.param_steps for v in native[s.id].variables]

    head, imports, w = SourceWriter(), SourceWriter(), SourceWriter()  # w: the model
    head.extend(common.header(plan, "TensorFlow"))
    imports.add("import numpy as np")
    imports.add("import tensorflow as tf")
    permuted = [(s, v) for s, v in variables if v.perm]
    if permuted:
        w.add("# Weights TensorFlow keeps in another layout than PyTorch's (get_weights() and")
        w.add("# .npz files use PyTorch's): name -> the axes that take PyTorch's layout to TF's.")
        w.add("TF_LAYOUT = {")
        for s, v in permuted:
            w.add(f"    {literal(v.attr)}: {lit(v.perm)},", 0, s.id)
        w.add("}")
        w.add()
        w.add()
    w.extend(common.init_weights_lines(plan))
    w.add()
    w.add()
    w.add(common.CHECK_WEIGHTS)
    if any(not s.spec.is_parameter for s in plan.param_steps):
        w.add()
        w.add()
        w.add(LAYER)
    for h in helpers:
        w.add()
        w.add()
        w.add(HELPERS[h])
    w.add()
    w.add()
    blocks = None
    if plan.flat is not None:  # one class per block definition, used ones first
        from graphlab.compile.tf_blocks import TFBlocks

        blocks = TFBlocks(plan)
        blocks.write_classes(w)
    w.add(f"class {plan.class_name}(tf.Module):")
    if any(LOWERINGS[s.op].layout == NHWC for s in plan.steps):
        w.add(f'"""The graph "{plan.doc_name}" as a tf.Module. Inputs and outputs are NCHW as '
              "in the graph;", 1)
        w.add('convolutions and pooling run in NHWC, transposed only at the edges of a conv '
              'stack."""', 1)
    else:
        w.add(f'"""The graph "{plan.doc_name}" as a tf.Module."""', 1)
    w.add()
    w.add("def __init__(self, seed=0, jit_compile=False):", 1)
    w.add(f"super().__init__(name={literal(plan.class_name)})", 2)
    if blocks is not None:
        blocks.write_top_init(w)
    for s in plan.param_steps if blocks is None else ():
        w.statement(init_statement(s, native[s.id].variables), "", 2, s.id)
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
    if blocks is not None:  # its statements and return
        blocks.write_top_forward(w)
    else:
        common.node_statements(
            w, plan, lambda s: native[s.id].expr,
            lambda s: shape_comment(s, nhwc=fast.layout.get(s.id) == NHWC) + native[s.id].note,
            ref=fast.ref)
    outs = [fast.value(plan.output_sources[o], plan.output_ports.get(o)) for o in plan.output_ids]
    if blocks is None:
        w.add(f"return {', '.join(outs)}", 2)
    w.add()
    _weights_methods(w, plan, variables)
    w.add()
    w.add()
    w.add(f"Model = {plan.class_name}")
    loss_pass = LayoutPass(plan, logical=True, names=common.loss_fn_names(plan),
                           ref=common.loss_fn_refs(plan))
    tail = common.tail_sections(plan, lambda s: loss_pass.lower(s).expr, optimizer_lines(plan),
                                "tf.constant({})", features, targets)
    return {"header": head, "imports": imports, "model": w, **tail}


def probe_section(plan: Plan) -> SourceWriter:
    """The app's own subclass (never exported): ``trace`` returns every node's value by
    name in the graph's layout (NCHW), the loss side included, for the probes."""
    logical = LayoutPass(plan, logical=True)
    traced = {s.id: logical.lower(s) for s in plan.steps}
    w = SourceWriter()
    args = "".join(", " + s.name for s in plan.feature_steps() + plan.target_steps())
    w.add(f"class {common.PROBED}({plan.class_name}):")
    w.add('"""graphlab\'s probes: every node\'s value, by the statements of forward."""', 1)
    w.add()
    w.add(f"def trace(self{args}, training=False):", 1)
    w.add('"""Every node\'s value by name (NCHW), computed by the same ops as forward."""', 2)
    for s in plan.steps:
        if not s.spec.is_input:
            w.statement(f"{s.name} = {traced[s.id].expr}", shape_comment(s) + traced[s.id].note,
                        2, s.id)
    w.add("return {", 2)
    for key, expr in common.trace_entries(plan):
        w.add(f"{literal(key)}: {expr},", 3)
    w.add("}", 2)
    return w


def optimizer_lines(plan: Plan) -> list[str]:
    """The optimizer class the graph uses (torch's rule, see
    :mod:`graphlab.compile.tf_optimizer`) and ``make_optimizer(model, lr=...)``."""
    t = plan.training
    return tf_optimizer.optimizer_lines(str(t["optimizer"]), float(t["lr"]),
                                        t.get("optimizer_params"))


def init_statement(s: Step, found) -> str:
    """The ``__init__`` statement making a node's variables: a Parameter's own
    tf.Variable, else a ``layer`` of them (variables of one shape, as BatchNorm's four,
    listed once with ``dict.fromkeys``)."""
    if s.spec.is_parameter:
        v = found[0]
        return f"self.{v.attr} = tf.Variable(tf.zeros({lit(v.shape)}), name={literal(v.attr)})"
    shapes = {lit(v.shape) for v in found}
    if len(found) > 2 and len(shapes) == 1:
        names = ", ".join(literal(v.param) for v in found)
        table = f"dict.fromkeys(({names}), {shapes.pop()})"
    else:
        table = "{" + ", ".join(f"{literal(v.param)}: {lit(v.shape)}" for v in found) + "}"
    frozen = [literal(v.param) for v in found if not v.trainable]
    frozen_arg = ""
    if frozen:
        frozen_arg = f", frozen=({frozen[0]},)" if len(frozen) == 1 else \
            f", frozen=({', '.join(frozen)})"
    return f"self.{s.name} = layer({literal(s.name)}, {table}{frozen_arg})"
