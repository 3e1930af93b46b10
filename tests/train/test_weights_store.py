"""The document's weights by node id: they follow renames, survive a delete (for undo),
and a node whose parameter shapes changed starts from the seed. Qt- and torch-free."""

import numpy as np

import graphlab
from graphlab.train.weights_store import WeightStore


def _trained(graph, value):
    out = {}
    for nid in graph.node_ids():
        for p in graph.analysis.node_info(nid).params:
            out[f"{graph.node(nid).label}.{p.name}"] = np.full(p.shape, value, np.float32)
    return out


def test_weights_follow_renames_and_shape_changes():
    g = graphlab.example("xor")
    store = WeightStore.from_named(g, _trained(g, 0.25))
    hidden, logit = g.find("hidden"), g.find("logit")
    g.rename(hidden, "first")
    named = store.named(g)
    assert set(named) == {"first.weight", "first.bias", "logit.weight", "logit.bias"}
    assert store.fresh_nodes(g) == []
    g.set_attr(hidden, "out_features", 5)  # both Linears change shape
    g.set_attr(logit, "in_features", 5)
    assert store.named(g) == {} and set(store.fresh_nodes(g)) == {hidden, logit}
    g.set_attr(hidden, "out_features", 4)  # back as it was: the weights are there again
    g.set_attr(logit, "in_features", 4)
    np.testing.assert_array_equal(store.named(g)["logit.bias"], np.full((1,), 0.25))


def test_a_copy_is_independent_and_a_graph_with_errors_has_no_names():
    g = graphlab.example("xor")
    store = WeightStore.from_named(g, _trained(g, 1.0))
    twin = store.copy()
    twin.by_node.clear()
    assert store and not twin
    g.set_attr(g.find("logit"), "in_features", 3)  # a shape error: no plan, no names
    assert g.analysis.errors() and store.named(g) == {}
