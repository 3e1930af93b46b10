"""The graph model: mutations, refusals with reasons, events and incremental inference."""

import pytest

from graphlab.graph import Graph, GraphError
from graphlab.graph.fileformat import graph_to_dict
from tests.graph.helpers import messages


def mlp():
    g = Graph()
    x = g.add_node("Input", {"shape": [-1, 4]}, "x")
    fc = g.add_node("Linear", {"out_features": 3}, "fc")
    act = g.add_node("ReLU", {}, "act")
    out = g.add_node("Output", {}, "out")
    g.connect(x, "y", fc, "x")
    g.connect(fc, "y", act, "x")
    g.connect(act, "y", out, "x")
    return g, x, fc, act, out


# ----- refusals: each returns a reason a person can act on -------------------------------

def test_refuse_cycle():
    g, x, fc, act, out = mlp()
    add = g.add_node("Add", {}, "add")
    g.connect(act, "y", add, "a")
    reason = g.can_connect(add, "y", fc, "x")
    assert "already takes a wire" in reason  # the input is taken first...
    g.disconnect(g.input_edge(fc, "x"))
    reason = g.can_connect(add, "y", fc, "x")
    assert "cycle" in reason and '"fc"' in reason
    with pytest.raises(GraphError, match="cycle"):
        g.connect(add, "y", fc, "x")


def test_refuse_self_loop():
    g, x, fc, act, out = mlp()
    add = g.add_node("Add", {}, "add")
    assert "itself" in g.can_connect(add, "y", add, "a")


def test_refuse_taken_input_names_the_other_wire():
    g, x, fc, act, out = mlp()
    x2 = g.add_node("Input", {"name": "x2", "shape": [-1, 4]}, "x2")
    reason = g.can_connect(x2, "y", fc, "x")
    assert reason == 'input x of Linear "fc" already takes a wire from "x"; disconnect it first'


def test_refuse_unknown_ports_and_nodes():
    g, x, fc, act, out = mlp()
    assert "has no output port 'out'" in g.can_connect(x, "out", act, "x")
    assert "inputs: x" in g.can_connect(x, "y", fc, "weights")
    assert "no node with id 'zz'" in g.can_connect("zz", "y", fc, "x")
    assert "has no input port" in g.can_connect(act, "y", x, "x")  # Input has no inputs


def test_refuse_incompatible_kinds():
    g = Graph()
    x = g.add_node("Input", {"shape": [-1, 4]}, "x")
    emb = g.add_node("Embedding", {}, "emb")
    reason = g.can_connect(x, "y", emb, "indices")
    assert reason == ('input indices of Embedding "emb" takes integer tensors but Input "x" '
                      "gives float values")


def test_refuse_bad_attribute_values():
    g, x, fc, act, out = mlp()
    with pytest.raises(GraphError, match="out_features must be at least 1, got 0"):
        g.set_attr(fc, "out_features", 0)
    with pytest.raises(GraphError, match="no attribute 'units'"):
        g.set_attr(fc, "units", 3)
    with pytest.raises(GraphError, match="unknown op 'Lienar'; did you mean 'Linear'"):
        g.add_node("Lienar")
    assert g.node(fc).attrs["out_features"] == 3


def test_refuse_shrinking_variadic_with_wire():
    g = Graph()
    a = g.add_node("Input", {"shape": [-1, 2]}, "a")
    c = g.add_node("Concat", {"n": 3}, "cat")
    g.connect(a, "y", c, "x2")
    with pytest.raises(GraphError, match="x2 still has a wire"):
        g.set_attr(c, "n", 2)


def test_rename_refuses_clash_and_empty():
    g, x, fc, act, out = mlp()
    with pytest.raises(GraphError, match="already named 'act'"):
        g.rename(fc, "act")
    with pytest.raises(GraphError, match="cannot be empty"):
        g.rename(fc, "  ")
    g.rename(fc, "dense")
    assert g.node(fc).label == "dense"


def test_labels_are_made_unique():
    g = Graph()
    a = g.add_node("Linear")
    b = g.add_node("Linear")
    assert g.node(a).label == "fc" and g.node(b).label == "fc1"


def test_new_labels_take_the_lowest_free_number_after_deletes_and_renames():
    g = Graph()
    ids = [g.add_node("ReLU") for _ in range(6)]  # relu, relu1 .. relu5
    g.remove_node(ids[3])
    g.remove_node(ids[2])
    assert [g.node(g.add_node("ReLU")).label for _ in range(3)] == ["relu2", "relu3", "relu6"]
    g.rename(ids[1], "gate")
    assert g.node(g.add_node("ReLU")).label == "relu1"
    g.rename(ids[4], "relu40")  # a user's number does not hold later ones back
    assert g.node(g.add_node("ReLU")).label == "relu4"


# ----- events --------------------------------------------------------------------------

def test_events_follow_each_mutation():
    g, x, fc, act, out = mlp()
    seen = []
    g.subscribe(lambda e: seen.append(e.kind))
    g.set_attr(fc, "out_features", 7)
    g.move(fc, (10, 20))
    g.rename(fc, "dense")
    snap = g.remove_node(act)
    g.restore_node(snap)
    assert seen == ["attr_changed", "shapes_changed", "node_moved", "node_renamed",
                    "node_removed", "shapes_changed", "graph_reset"]


def test_remove_and_restore_gives_back_the_same_graph():
    g, x, fc, act, out = mlp()
    before = graph_to_dict(g)
    snap = g.remove_node(fc)
    assert g.input_edge(act, "x") is None
    g.restore_node(snap)
    assert graph_to_dict(g) == before


# ----- inference -------------------------------------------------------------------------

def test_edit_reinfers_only_downstream():
    g = Graph()
    x = g.add_node("Input", {"shape": [-1, 4]}, "x")
    left = g.add_node("Linear", {"out_features": 3}, "left")
    right = g.add_node("Linear", {"out_features": 3}, "right")
    tail = g.add_node("ReLU", {}, "tail")
    g.connect(x, "y", left, "x")
    g.connect(x, "y", right, "x")
    g.connect(left, "y", tail, "x")
    g.set_attr(left, "out_features", 9)
    assert g.analysis.last_inferred == {left, tail}
    assert g.analysis.output_type(tail, "y").shape == (32, 9)
    assert g.analysis.output_type(right, "y").shape == (32, 3)


def test_downstream_of_an_error_is_unknown_not_repeated():
    g, x, fc, act, out = mlp()
    g.set_attr(fc, "in_features", 5)
    assert messages(g) == ['Linear "fc", input x: expected last dim 5, got 4 (shape [32, 4]); '
                           "set in_features to 4"]
    assert g.analysis.node_info(act).status == "unknown"
    g.set_attr(fc, "in_features", None)
    assert messages(g) == []
    assert g.analysis.node_info(act).status == "ok"


def test_batch_size_change_reinfers_everything():
    g, x, fc, act, out = mlp()
    g.set_meta(training={"batch_size": 8})
    assert g.analysis.output_type(act, "y").shape == (8, 3)


# ----- diagnostics for common mistakes ---------------------------------------------------------

def test_mistake_unconnected_input():
    g = Graph()
    g.add_node("Linear", {}, "fc1")
    assert messages(g) == ['Linear "fc1", input x: is not connected; wire a tensor into it or '
                           "delete the node"]


def test_mistake_image_into_linear():
    g = Graph()
    x = g.add_node("Input", {"shape": [-1, 28, 28]}, "x")
    fc = g.add_node("Linear", {"in_features": 784}, "fc1")
    g.connect(x, "y", fc, "x")
    assert messages(g) == ['Linear "fc1", input x: expected last dim 784, got 28 (shape '
                           "[32, 28, 28]); add a Flatten before it"]


def test_mistake_flat_tensor_into_conv():
    g = Graph()
    x = g.add_node("Input", {"shape": [-1, 64]}, "x")
    c = g.add_node("Conv2d", {}, "conv1")
    g.connect(x, "y", c, "x")
    assert messages(g) == ['Conv2d "conv1", input x: expected a rank-4 tensor (N, C, H, W), got '
                           "rank 2 (shape [32, 64]); reshape to [N, C, H, W] first"]


def test_mistake_softmax_into_cross_entropy():
    g = Graph()
    x = g.add_node("Input", {"shape": [-1, 10]}, "x")
    t = g.add_node("Input", {"name": "t", "shape": [-1], "dtype": "int64", "role": "target"}, "t")
    sm = g.add_node("Softmax", {}, "probs")
    ce = g.add_node("CrossEntropyLoss", {}, "loss")
    g.connect(x, "y", sm, "x")
    g.connect(sm, "y", ce, "logits")
    g.connect(t, "y", ce, "target")
    (d,) = g.analysis.diagnostics()
    assert d.severity == "warning"
    assert d.message == ('CrossEntropyLoss "loss", input logits: takes logits but gets the output '
                         'of Softmax "probs"; wire the value before the Softmax instead')


def test_mistake_duplicate_output_names():
    g, x, fc, act, out = mlp()
    out2 = g.add_node("Output", {}, "out2")
    g.connect(fc, "y", out2, "x")
    assert messages(g) == ['Output "out2": name \'y\' is already used by "out"; give each Output '
                           "its own name"]


def test_mistake_broadcast_mismatch():
    g = Graph()
    a = g.add_node("Input", {"name": "a", "shape": [-1, 3]}, "a")
    b = g.add_node("Input", {"name": "b", "shape": [-1, 4]}, "b")
    add = g.add_node("Add", {}, "sum")
    g.connect(a, "y", add, "a")
    g.connect(b, "y", add, "b")
    assert messages(g) == ['Add "sum", input b: cannot broadcast shape [32, 4] with [32, 3] '
                           "(trailing sizes must be equal or 1); reshape one side or insert a "
                           "Linear to match sizes"]


# ----- big graphs: one inference per load, orders kept ------------------------------------

def test_topological_order_breaks_ties_by_creation_order_like_networkx():
    import random

    import networkx as nx

    rng = random.Random(13)
    g = Graph()
    ids = [g.add_node("Input", {"name": "x", "shape": [-1, 4]}, "x")]
    for i in range(300):
        op = rng.choice(["ReLU", "Add", "Tanh"])
        n = g.add_node(op, {}, f"n{i}")
        ports = ["a", "b"] if op == "Add" else ["x"]
        for p in ports:
            g.connect(rng.choice(ids), "y", n, p)
        ids.append(n)
    g.remove_node(ids[150])
    expected = list(nx.lexicographical_topological_sort(
        g.nx, key=lambda n: g.nx.nodes[n]["seq"]))
    assert g.topo_order() == expected
    assert g.node_ids() == sorted(g.nx.nodes, key=lambda n: g.nx.nodes[n]["seq"])


def test_loading_infers_each_node_once_and_check_reuses_it(monkeypatch, tmp_path):
    """A bulk load infers after the last wire, and ``analyze`` at the file's batch size
    (what ``graphlab check`` calls) reads that inference instead of running it again."""
    from graphlab.graph.builders import residual_blocks
    from graphlab.graph.fileformat import load, save
    from graphlab.graph.inference import Analysis, analyze

    g = Graph(training={"batch_size": 16})
    residual_blocks(g, g.add_node("Input", {"shape": [-1, 8]}, "x"), 400, 8)
    path = save(g, tmp_path / "big.graphlab.json")
    inferred = []
    original = Analysis._infer_node

    def counting(self, node_id):
        inferred.append(node_id)
        return original(self, node_id)

    monkeypatch.setattr(Analysis, "_infer_node", counting)
    loaded = load(path)
    assert sorted(inferred) == sorted(loaded.node_ids())  # once each, in one pass
    inferred.clear()
    a = analyze(loaded)
    assert inferred == [] and a.totals() == analyze(g).totals()
    assert [d.message for d in a.diagnostics()] == [d.message for d in analyze(g).diagnostics()]
    other = analyze(loaded, batch_size=4)  # another batch size is a fresh inference
    assert len(inferred) == len(loaded)
    assert other.batch_size == 4 and loaded.analysis.batch_size == 16


def test_text_a_file_could_not_hold_is_refused_where_it_is_typed():
    """A label, name or string attribute with a line break (pasted into the editor) is
    refused by the model, so the editor never holds a graph that Save must refuse."""
    import pytest

    from graphlab.graph.graph import Graph, GraphError

    g = Graph("ok")
    n = g.add_node("Input", {"name": "x", "shape": [-1, 3]}, "x")
    for bad in ("two\nlines", "c\rr", "se\u2028p", "n\x00ul"):
        with pytest.raises(GraphError, match="control character"):
            g.rename(n, bad)
        with pytest.raises(GraphError, match="control character"):
            g.add_node("ReLU", {}, bad)
        with pytest.raises(GraphError, match="control character"):
            g.set_attr(n, "name", bad)
        with pytest.raises(GraphError, match="control character"):
            g.set_meta(name=bad)
    with pytest.raises(GraphError, match="seed"):
        g.set_meta(seed=2**64)
    assert g.node(n).label == "x" and g.name == "ok" and len(g) == 1


def test_a_node_view_cannot_change_the_model_behind_its_back():
    """Attributes change through set_attr (checked, undoable, announced), never by
    writing into what node() returns."""
    import pytest

    from graphlab import example

    g = example("xor")
    n = g.find("hidden")
    before = g.node(n).attrs["out_features"]
    with pytest.raises(TypeError):
        g.node(n).attrs["out_features"] = 0
    assert g.node(n).attrs["out_features"] == before
