"""Pieces both emitters write the same way: weight init, optimizer, the tail sections."""

from __future__ import annotations

from graphlab.compile.escape import doc_text, literal
from graphlab.compile.plan import LOSS, Plan
from graphlab.compile.source_writer import SourceWriter, lit, shape_comment, warning_lines
from graphlab.graph.optimizer_settings import OptimizerError, resolve


def draw_expr(p) -> str:
    """The numpy expression drawing one parameter (canonical layout, float32)."""
    shape = lit(tuple(p.shape))
    if p.init == "kaiming_uniform":
        return f"uniform(rng, {max(p.fan_in, 1)}, {shape})"
    if p.init == "zeros":
        return f"np.zeros({shape}, np.float32)"
    if p.init == "ones":
        return f"np.ones({shape}, np.float32)"
    if p.init == "normal":
        return f"rng.standard_normal({shape}).astype(np.float32)"
    raise ValueError(p.init)


# The app's subclass with ``trace`` (the probes), appended to the file only in the app.
PROBED = "ProbedModel"

UNIFORM = [
    "def uniform(rng, fan_in, shape):",
    '    """Uniform in [-1/sqrt(fan_in), 1/sqrt(fan_in)], torch\'s default for Linear and Conv."""',
    "    bound = 1.0 / np.sqrt(fan_in)",
    "    return rng.uniform(-bound, bound, shape).astype(np.float32)",
    "",
    "",
]


def init_weights_lines(plan: Plan) -> list[str]:
    uses_uniform = any(p.init == "kaiming_uniform" for s in plan.param_steps for p in s.params)
    lines = (UNIFORM if uses_uniform else []) + ["def init_weights(seed=0):",
             '    """Initial weights drawn by numpy from `seed`, in PyTorch\'s layout and graph',
             '    order, so every backend and every exported file starts from the same numbers."""']
    draws = []
    for s in plan.param_steps:
        for p in s.params:
            if p.init == "constant":
                expr = f"np.full({lit(tuple(p.shape))}, {float(s.attrs['value'])!r}, np.float32)"
            else:
                expr = draw_expr(p)
            draws.append((s.weight_key(p.name), expr))
    if any("rng" in e for _, e in draws):
        lines.append("    rng = np.random.default_rng(seed)")
    if not draws:
        lines.append("    return {}")
        return lines
    lines.append("    return {")
    for key, expr in draws:
        code, _, comment = expr.partition("  # ")
        lines.append(f"        {literal(key)}: {code}," + (f"  # {comment}" if comment else ""))
    lines.append("    }")
    return lines


CHECK_WEIGHTS = '''def check_weights(weights, expected, complete=False):
    """Raise ValueError naming every weight that `expected` (name -> array) lacks, whose
    shape differs or, when `complete`, that is missing, before any value is copied."""
    problems = []
    for name, value in weights.items():
        if name not in expected:
            problems.append(f"{name} is not a weight of this model")
        elif tuple(np.shape(value)) != tuple(np.shape(expected[name])):
            problems.append(f"{name} has shape {list(np.shape(value))}, the model's is "
                            f"{list(np.shape(expected[name]))}")
    if complete:
        problems += [f"{name} is missing" for name in expected if name not in weights]
    if problems:
        raise ValueError("the weights do not fit this model: " + "; ".join(problems))'''

# Methods both backends' classes share, after their own get_weights / set_weights.
WEIGHT_FILES = [
    "def save_weights(self, path):",
    '    """Write the weights to an .npz file, keyed like get_weights()."""',
    "    np.savez(path, **self.get_weights())",
    "",
    "def load_weights(self, path):",
    '    """Load every weight from an .npz file written by save_weights() or graphlab',
    '    (graphlab train --save-weights also stores __step, __epoch, ...: not weights)."""',
    "    with np.load(path, allow_pickle=False) as data:",
    '        weights = {name: data[name] for name in data.files if not name.startswith("__")}',
    "    check_weights(weights, self.get_weights(), complete=True)",
    "    self.set_weights(weights)",
]


def example_input_lines(plan: Plan, to_tensor: str) -> list[str]:
    """__main__ lines that make random inputs of the declared shapes (batch = training's)."""
    lines = ["    rng = np.random.default_rng(0)"]
    for s in plan.feature_steps():
        shape = tuple(plan.batch_size if d == -1 else d for d in s.attrs["shape"])
        if s.attrs["dtype"] == "int64":
            high = _index_bound(plan, s.id)
            arr = f"rng.integers(0, {high}, {lit(shape)})"
        else:
            arr = f"rng.standard_normal({lit(shape)}).astype(np.float32)"
        lines.append(f"    {s.name} = {to_tensor.format(arr)}")
    return lines


def _index_bound(plan: Plan, input_id: str) -> int:
    """The largest index count the Input may feed: the smallest bound (Port.bound, e.g.
    an Embedding's num_embeddings) of the ports it feeds; 2 when none is bounded."""
    bounds = []
    for s in plan.steps:
        for port, (src, _) in s.inputs.items():
            p = s.spec.input_port(s.attrs, port)
            if src == input_id and p is not None and p.bound:
                bounds.append(s.attrs[p.bound])
    return min(bounds) if bounds else 2


def node_statements(w: SourceWriter, plan: Plan, expr, comment, indent: int = 2,
                    ref=None) -> None:
    """One statement per model node (``name = expr  # comment``), its warnings first: the
    forward body of both backends. ``expr(step)`` and ``comment(step)`` give the text;
    ``ref(src, port)`` how a statement reads a value (default :meth:`Plan.ref`). Layers
    that repeat are one loop (compile/repeats.py)."""
    from graphlab.compile.repeats import find_repeats

    ref = ref or plan.ref
    steps = [s for s in plan.model_steps if not s.spec.is_input]
    repeats = find_repeats(plan, steps, expr, lambda s: ref(*next(iter(s.inputs.values()))))
    i = 0
    while i < len(steps):
        if i in repeats:
            i += _loop(w, repeats[i], comment, indent)
            continue
        s = steps[i]
        for line in warning_lines(s):
            w.add(line, indent, s.id)
        w.statement(f"{s.name} = {expr(s)}", comment(s), indent, s.id)
        i += 1


def _loop(w: SourceWriter, rep, comment, indent: int) -> int:
    """``h = x; for fc in (self.fc2, ...): h = fc(h)  ...; sig10 = h``; the steps written."""
    segs = rep.segments
    first, last = segs[0], segs[-1]
    w.add(f"# {first[0].name} ... {last[-1].name}: {' + '.join(s.op for s in first)}, "
          f"{len(segs)} times", indent)
    w.statement(f"{rep.value} = {rep.input_ref}", "", indent, first[0].id)
    mods = [[f"self.{path}" for path in paths] for paths in rep.owners]
    if not rep.loop_vars:
        head = f"for _ in range({len(segs)}):"
    elif len(rep.loop_vars) == 1:
        head = f"for {rep.loop_vars[0]} in ({', '.join(m[0] for m in mods)}):"
    else:
        items = ", ".join("(" + ", ".join(m) + ")" for m in mods)
        head = f"for {', '.join(rep.loop_vars)} in ({items}):"
    w.statement(head, "", indent, first[0].id)
    for s, text in zip(first, rep.body, strict=True):
        w.statement(f"{rep.value} = {text}", comment(s), indent + 1, s.id)
    w.statement(f"{last[-1].name} = {rep.value}", "", indent, last[-1].id)
    return sum(len(seg) for seg in segs)


def output_refs(plan: Plan) -> list[str]:
    """Python names of the values the model returns, in Output order."""
    return [plan.ref(plan.output_sources[o], plan.output_ports.get(o)) for o in plan.output_ids]


def trace_entries(plan: Plan) -> list[tuple[str, str]]:
    """(key, expression) of trace()'s dict: every step's value by name (an op with several
    outputs: its first), and each output of those under its reference (``parts[1]``), which
    :meth:`Plan.ref` gives, for a metric that reads one."""
    out = []
    for s in plan.steps:
        out.append((s.name, plan.ref(s.id)))
        out += [(plan.ref(s.id, port),) * 2 for port in s.port_dims]  # the ports with a value
    return out


def call_args(names: list[str]) -> str:
    return ", ".join(names)


def header(plan: Plan, framework: str, usage: list[str] | None = None) -> list[str]:
    """The module docstring. ``usage``, the lines of its second paragraph, says what the
    file needs and what running it does (by default: one forward pass)."""
    if usage is None:
        usage = [f"Needs only numpy and {framework}. Run it to build the model from seed "
                 f"{plan.seed} and run", "one forward pass on random input of the declared shape."]
    title = [f'"""{plan.doc_name}: {framework} code generated by graphlab from the graph '
             f'"{plan.doc_name}".']
    if len(title[0]) > 100:  # a long graph name: the same words on two lines
        title = [f'"""{plan.doc_name}: {framework} code generated by graphlab',
                 f'from the graph "{plan.doc_name}".']
    return [*title, "", *usage[:-1], usage[-1] + _unused_note(plan) + '"""', ""]


def _unused_note(plan: Plan) -> str:
    if not plan.unused_labels:
        return ""
    return ("\n\nLeft out (they feed no Output and no loss): "
            + ", ".join(doc_text(t) for t in plan.unused_labels) + ".")


def loss_fn_names(plan: Plan) -> dict[str, str]:
    """Variable names inside loss_fn: model values arrive as its Output arguments."""
    names = {s.id: s.name for s in plan.steps}
    for o in reversed(plan.output_ids):
        names[plan.output_sources[o]] = plan.output_names[o]
    return names


def loss_fn_refs(plan: Plan):
    """``ref(node id, port)``: how loss_fn reads a value, a returned model value by its
    Output's name (the port it returns), any other by :meth:`Plan.ref`."""
    names = loss_fn_names(plan)
    returned = {(plan.output_sources[o], plan.output_ports.get(o)): plan.output_names[o]
                for o in reversed(plan.output_ids)}

    def ref(node_id: str, port: str | None) -> str:
        step = plan.step(node_id)
        first = step.spec.outputs[0].name if step.spec.outputs else None
        found = returned.get((node_id, port)) or (
            returned.get((node_id, None)) if port in (None, first) else None)
        return found or plan.ref(node_id, port, names)

    return ref


def loss_ref(plan: Plan, loss_id: str) -> str:
    """How loss_fn refers to a loss node's value."""
    step = plan.step(loss_id)
    if step.side == LOSS:
        return step.name
    return loss_fn_names(plan).get(loss_id, step.name)


def tail_sections(plan: Plan, loss_expr, optimizer: list[str], to_tensor: str,
                  features: list[str], targets: list[str]) -> dict[str, SourceWriter]:
    """The sections that follow the class in both backends' files: ``loss`` (``loss_fn``;
    empty when the graph has no losses; ``loss_expr(step)`` lowers one loss-side step),
    ``optimizer`` (``make_optimizer``) and ``main``, a ``__main__`` block that runs one
    forward pass on random input of the declared shape."""
    out_vars = [plan.output_names[o] for o in plan.output_ids]
    loss, opt, main = SourceWriter(), SourceWriter(), SourceWriter()
    if plan.loss_ids:
        loss.add(f"def loss_fn({', '.join(out_vars + targets)}):")
        loss.add('    """The training loss: the sum of the graph\'s loss nodes."""')
        for s in plan.loss_steps:
            if not s.spec.is_input:
                for line in warning_lines(s):
                    loss.add(line, 1, s.id)
                loss.statement(f"{s.name} = {loss_expr(s)}", shape_comment(s), 1, s.id)
        loss.add(f"return {' + '.join(loss_ref(plan, n) for n in plan.loss_ids)}", 1)
    opt.extend(optimizer)
    main.add('if __name__ == "__main__":')
    main.add(f"    model = Model(seed={plan.seed})")
    main.extend(example_input_lines(plan, to_tensor))
    main.add(f"    {', '.join(out_vars)} = model({', '.join(features)})")
    for name in out_vars:
        main.add(f"    print({literal(name)}, tuple({name}.shape))")
    return {"loss": loss, "optimizer": opt, "main": main}


def optimizer_factory(arg: str, callee: str, first: list[str], name: str,
                      params: dict | None, setup: list[str] = ()) -> list[str]:
    """``def make_optimizer(arg)`` returning ``callee(*first, ...)`` with every
    hyperparameter of optimizer ``name`` written out (torch's defaults filled in), after
    the ``setup`` lines. A training section naming an unknown optimizer or parameter
    still compiles: the function raises its message, so the model itself stays usable."""
    head = [f"def make_optimizer({arg}):",
            f'    """The graph\'s optimizer ({doc_text(name)}), every setting written out."""']
    try:
        hp = resolve(name, params)
    except OptimizerError as err:
        return head + [f"    raise ValueError({literal(err)})"]
    args = first + [f"{k}={_literal(v)}" for k, v in hp.items()]
    lines = head + [f"    {line}" for line in setup]
    one_line = f"    return {callee}({', '.join(args)})"
    if len(one_line) <= 99:
        return lines + [one_line]
    return lines + [f"    return {callee}("] + ["        " + part for part in _join_args(args, 91)]


def _join_args(args: list[str], width: int) -> list[str]:
    """``args`` joined by ", " into lines of at most ``width`` characters (the last
    ending with the call's closing parenthesis)."""
    out, line = [], ""
    for i, a in enumerate(args):
        piece = a + (")" if i == len(args) - 1 else ",")
        if line and len(line) + 1 + len(piece) > width:
            out.append(line)
            line = piece
        else:
            line = f"{line} {piece}" if line else piece
    return out + [line]


def _literal(v) -> str:
    if isinstance(v, (list, tuple)):
        return "(" + ", ".join(repr(float(x)) for x in v) + ")"
    if isinstance(v, bool):
        return repr(v)
    return repr(float(v))
