"""Plan -> PyTorch source sections: an nn.Module named after the graph, loss_fn, __main__."""

from __future__ import annotations

import re

from graphlab.compile import common
from graphlab.compile.escape import literal
from graphlab.compile.plan import Plan
from graphlab.compile.source_writer import SourceWriter, shape_comment
from graphlab.compile.torch_lowering import LOWERINGS, TorchLowered


def _lower_all(plan: Plan) -> dict[str, TorchLowered]:
    return {s.id: LOWERINGS[s.op](s, {p: plan.ref(src, port)
                                      for p, (src, port) in s.inputs.items()})
            for s in plan.steps}


def _loss_lowered(plan: Plan) -> dict[str, TorchLowered]:
    """Loss-side statements for loss_fn, where model values arrive as the outputs."""
    ref = common.loss_fn_refs(plan)
    return {s.id: LOWERINGS[s.op](s, {p: ref(src, port) for p, (src, port) in s.inputs.items()})
            for s in plan.loss_steps}


def optimizer_lines(plan: Plan) -> list[str]:
    """``make_optimizer(model, lr=...)``: the graph's ``torch.optim`` optimizer, every
    hyperparameter written out."""
    t = plan.training
    name = str(t["optimizer"]).lower()
    cls = {"sgd": "SGD", "adam": "Adam", "adamw": "AdamW", "rmsprop": "RMSprop"}.get(name, "SGD")
    return common.optimizer_factory(f"model, lr={float(t.get('lr', 1e-3))!r}",
                                    f"torch.optim.{cls}", ["model.parameters()", "lr=lr"],
                                    name, t.get("optimizer_params"))


def _weights_methods(body: SourceWriter, lowered: dict[str, TorchLowered]) -> None:
    """get_weights / set_weights (numpy, keyed like state_dict()) and the file methods."""
    extra = sorted({k for lo in lowered.values() for k in lo.not_weights})
    body.add("def get_weights(self):", 1)
    body.add('"""The weights as numpy arrays, keyed by attribute path ("fc1.weight")."""', 2)
    body.add("return {name: value.detach().cpu().numpy().copy()", 2)
    if extra:
        body.add("for name, value in self.state_dict().items()", 4)
        ends = ", ".join(literal("." + k) for k in extra)
        body.add(f"if not name.endswith(({ends},))}}  # counters, not weights", 4)
    else:
        body.add("for name, value in self.state_dict().items()}", 4)
    body.add()
    body.add("def set_weights(self, weights):", 1)
    body.add('"""Load numpy arrays keyed like get_weights() (from either backend\'s file)."""',
             2)
    body.add("state = self.state_dict()", 2)
    body.add("check_weights(weights, state)", 2)
    body.add("with torch.no_grad():", 2)
    body.add("for name, value in weights.items():", 3)
    body.add("state[name].copy_(torch.as_tensor(np.asarray(value)))", 4)
    body.add()
    body.extend(common.WEIGHT_FILES, 1)


def probe_section(plan: Plan) -> SourceWriter:
    """The app's own subclass (never exported): ``trace`` returns every node's value by
    name, computed by the statements forward runs, the loss side included."""
    lowered = _lower_all(plan)
    w = SourceWriter()
    features = [s.name for s in plan.feature_steps()]
    targets = [s.name for s in plan.target_steps()]
    w.add(f"class {common.PROBED}({plan.class_name}):")
    w.add('"""graphlab\'s probes: every node\'s value, by the statements of forward."""', 1)
    w.add()
    args = "".join(", " + n for n in features + targets)
    w.add(f"def trace(self{args}, training=False):", 1)
    w.add('"""Every node\'s value by name, computed by the same statements as forward."""', 2)
    computed = [s for s in plan.steps if not s.spec.is_input]
    if computed:
        # nn.Module.train() walks every submodule: switch the mode only when it differs
        w.add("switch = self.training != training", 2)
        w.add("if switch:", 2)
        w.add("self.train(training)", 3)
        w.add("try:", 2)
        for s in computed:
            w.statement(f"{s.name} = {lowered[s.id].expr}", shape_comment(s), 3, s.id)
        w.add("finally:", 2)
        w.add("if switch:", 3)
        w.add("self.train(not training)", 4)
    w.add("return {", 2)
    for key, expr in common.trace_entries(plan):
        w.add(f"{literal(key)}: {expr},", 3)
    w.add("}", 2)
    return w


def emit_torch(plan: Plan) -> dict[str, SourceWriter]:
    """The file's sections (see graphlab.compile.source.compose)."""
    lowered = _lower_all(plan)
    w = SourceWriter()  # the imports
    features = [s.name for s in plan.feature_steps()]
    targets = [s.name for s in plan.target_steps()]
    outs = common.output_refs(plan)

    body = SourceWriter()  # everything after the imports, so imports can follow usage
    body.extend(common.init_weights_lines(plan))
    body.add()
    body.add()
    body.add(common.CHECK_WEIGHTS)
    body.add()
    body.add()
    blocks = None
    if plan.flat is not None:  # one class per block definition, used ones first
        from graphlab.compile.torch_blocks import TorchBlocks

        blocks = TorchBlocks(plan)
        blocks.write_classes(body)
    body.add(f"class {plan.class_name}(nn.Module):")
    images = any(t.rank == 4 for st in plan.steps for t in st.in_types.values())
    body.add(f'"""The graph "{plan.doc_name}" as a PyTorch module'
             + (' (NCHW images)."""' if images else '."""'), 1)
    body.add()
    body.add("def __init__(self, seed=0):", 1)
    body.add("super().__init__()", 2)
    if blocks is not None:
        blocks.write_top_init(body)
    for s in plan.model_steps if blocks is None else ():
        if lowered[s.id].init:
            body.statement(lowered[s.id].init, "", 2, s.id)
    body.add("self.set_weights(init_weights(seed))", 2)
    body.add()
    body.add(f"def forward(self{''.join(', ' + n for n in features)}):", 1)
    if blocks is not None:
        blocks.write_top_forward(body)
    else:
        common.node_statements(body, plan, lambda s: lowered[s.id].expr, shape_comment)
        body.add(f"return {', '.join(outs)}", 2)
    body.add()
    _weights_methods(body, lowered)
    body.add()
    body.add()
    body.add(f"Model = {plan.class_name}")
    loss_lowered = _loss_lowered(plan) if plan.loss_ids else {}
    tail = common.tail_sections(plan, lambda s: loss_lowered[s.id].expr, optimizer_lines(plan),
                                "torch.from_numpy({})", features, targets)

    head = SourceWriter()
    head.extend(common.header(plan, "PyTorch"))
    w.add("import numpy as np")
    w.add("import torch")
    # from the code alone: a label quoted in a comment must not change the imports
    code = [lo.expr for lo in (*lowered.values(), *loss_lowered.values())]
    code += [lo.init or "" for lo in lowered.values()]
    if re.search(r"\bF\.", "\n".join(code)):
        w.add("import torch.nn.functional as F")
    w.add("from torch import nn")
    return {"header": head, "imports": w, "model": body, **tail}
