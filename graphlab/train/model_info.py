"""What a session needs to know about a compiled graph, independent of the backend.

Which trace values to watch and in what order (the graph's topological order, so the
first non-finite one is where a NaN started), how the loss is formed, how accuracy is
measured, and which parameters are trained.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphlab.graph.ops.spec import NO_METRIC


class TrainabilityError(ValueError):
    """The graph cannot be trained as drawn; the message says what to add."""


@dataclass
class Metric:
    """Accuracy from the prediction feeding the first classifying loss."""

    rule: str  # the loss's OpSpec.metric: argmax | prob | logit
    output_index: int | None  # index into the model's outputs, if returned
    pred_name: str  # python name of the prediction in trace()
    target_name: str  # python name of the target Input in trace()


@dataclass
class ModelInfo:
    node_ids: tuple[str, ...]  # watched nodes, topological order
    names: tuple[str, ...]  # their python names in trace(), same order
    titles: dict[str, str]  # node id -> 'Op "label"'
    loss_names: tuple[str, ...]  # loss node names in trace(); empty: loss is the Output
    scalar_output: str | None  # python name of the Output's source when there is no loss
    n_outputs: int
    metric: Metric | None
    param_names: tuple[str, ...]  # weight keys ("fc1.weight"), trainable only
    feature_names: tuple[str, ...]
    target_names: tuple[str, ...]

    @classmethod
    def from_compiled(cls, compiled, graph) -> ModelInfo:
        plan = compiled.plan
        names = plan.names
        outputs = set(plan.output_ids)
        order = [n for n in graph.topo_order() if n in plan.by_id and n not in outputs]
        titles = {n: plan.step(n).title for n in order}
        scalar = None
        if not plan.loss_ids:
            if len(plan.output_ids) != 1:
                raise TrainabilityError(
                    "the graph has no loss node; add one (e.g. MSELoss or CrossEntropyLoss), "
                    "or give it a single scalar Output to minimise")
            src = plan.output_sources[plan.output_ids[0]]
            t = plan.step(src).out_type
            if t is not None and t.shape != ():
                raise TrainabilityError(
                    f"the graph has no loss node and its Output {titles[src]} has shape "
                    f"{list(t.shape)}; add a loss node, or reduce it to a scalar (Sum/Mean)")
            scalar = names[src]
        params = tuple(s.weight_key(p.name) for s in plan.param_steps for p in s.params
                       if p.trainable)
        return cls(tuple(order), tuple(names[n] for n in order), titles,
                   tuple(names[n] for n in plan.loss_ids), scalar, len(plan.output_ids),
                   _metric(plan, graph), params,
                   tuple(names[n] for n in plan.feature_ids),
                   tuple(names[n] for n in plan.target_ids))


def _metric(plan, graph) -> Metric | None:
    """The first loss with a metric (OpSpec.metric) whose target is fed by an Input."""
    for lid in plan.loss_ids:
        spec = graph.node(lid).spec
        if spec.metric in ("", NO_METRIC):
            continue
        pe = graph.input_edge(lid, spec.prediction_port.name)
        te = graph.input_edge(lid, spec.target_port.name)
        if pe is None or te is None or not graph.node(te.src).spec.is_input:
            continue
        rule = spec.metric
        idx = next((i for i, o in enumerate(plan.output_ids)  # the output of that port
                    if (plan.output_sources[o], plan.output_ports.get(o, pe.src_port))
                    == (pe.src, pe.src_port)), None)
        return Metric(rule, idx, plan.ref(pe.src, pe.src_port), plan.names[te.src])
    return None
