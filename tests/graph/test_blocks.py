"""Blocks in the model: grouping, parameters, nesting, files, flattening, undo data."""

from __future__ import annotations

import json

import pytest

from graphlab.graph import Graph
from graphlab.graph.blocks import BlockDef, BlockParam, ParamRef
from graphlab.graph.fileformat import LoadError, dumps, graph_to_dict, loads
from graphlab.graph.flatten import flatten
from graphlab.graph.graph import GraphError
from graphlab.graph.grouping import group, make_unique, ungroup


def mlp() -> Graph:
    g = Graph("mlp")
    g.set_meta(training={"batch_size": 4})
    x = g.add_node("Input", {"name": "x", "shape": [-1, 6]}, "x")
    prev = x
    for i, width in enumerate((8, 8, 3), 1):
        fc = g.add_node("Linear", {"out_features": width}, f"fc{i}")
        g.connect(prev, "y", fc, "x")
        prev = fc
        if i < 3:
            act = g.add_node("ReLU", {}, f"relu{i}")
            g.connect(fc, "y", act, "x")
            prev = act
    out = g.add_node("Output", {"name": "logits"}, "out")
    g.connect(prev, "y", out, "x")
    return g


def shape_into(g: Graph, label: str) -> tuple[int, ...]:
    e = g.input_edge(g.find(label), "x")
    return g.analysis.edge_type(e).shape


def residual_block() -> tuple[Graph, str]:
    """A graph using one Dense block (param width) twice, with different widths."""
    g = Graph("twice")
    g.set_meta(training={"batch_size": 2})
    inner = Graph("Dense", blocks=g.blocks, definition="Dense")
    d = BlockDef("Dense", inner, (BlockParam("width", "int", 4),))
    g.blocks._defs["Dense"] = d  # params known while the inside is built
    i = inner.add_node("Input", {"name": "x", "shape": [-1, 5]}, "x")
    fc = inner.add_node("Linear", {"out_features": ParamRef("width")}, "fc")
    act = inner.add_node("Tanh", {}, "act")
    o = inner.add_node("Output", {"name": "y"}, "out")
    inner.connect(i, "y", fc, "x")
    inner.connect(fc, "y", act, "x")
    inner.connect(act, "y", o, "x")
    g.blocks._defs.pop("Dense")
    g.blocks.define(d)
    x = g.add_node("Input", {"name": "x", "shape": [-1, 5]}, "x")
    b1 = g.add_node("Dense", {"width": 7}, "dense1")
    b2 = g.add_node("Dense", {"width": 3}, "dense2")
    out = g.add_node("Output", {"name": "y"}, "out")
    g.connect(x, "y", b1, "x")
    g.connect(b1, "y", b2, "x")
    g.connect(b2, "y", out, "x")
    return g, b2


def test_grouping_keeps_every_shape_and_the_file_round_trips():
    g = mlp()
    before = shape_into(g, "out")
    inst = group(g, [g.find("fc2"), g.find("relu2")], "Hidden")
    assert g.analysis.ok, g.analysis.errors()
    assert g.node(inst).op == "Hidden" and g.node(inst).spec.category == "block"
    assert shape_into(g, "out") == before
    assert {p.name for p in g.node(inst).spec.inputs} == {"relu1"}
    # the instance carries the inside's weights and their count
    assert g.analysis.node_info(inst).param_count == 8 * 8 + 8
    again = loads(dumps(g))
    assert graph_to_dict(again) == graph_to_dict(g)
    assert shape_into(again, "out") == before


def test_ungroup_puts_the_same_nodes_back():
    g = mlp()
    ops_before = sorted(v.op for v in g.nodes())
    inst = group(g, [g.find("fc1"), g.find("relu1"), g.find("fc2")], "Front")
    new = ungroup(g, inst)
    assert len(new) == 3 and g.analysis.ok
    assert sorted(v.op for v in g.nodes()) == ops_before
    assert shape_into(g, "out") == (4, 3)


def test_block_parameters_give_each_instance_its_own_shapes_and_weights():
    g, b2 = residual_block()
    assert g.analysis.ok, g.analysis.errors()
    assert shape_into(g, "out") == (2, 3)
    b1 = g.find("dense1")
    assert g.analysis.output_type(b1, "y").shape == (2, 7)
    assert g.analysis.node_info(b1).param_count == 5 * 7 + 7
    assert g.analysis.node_info(b2).param_count == 7 * 3 + 3
    g.set_attr(b1, "width", 9)
    assert g.analysis.node_info(b2).param_count == 9 * 3 + 3


def test_editing_the_inside_updates_every_instance():
    g, b2 = residual_block()
    seen = []
    g.subscribe(lambda ev: seen.append(ev.kind))
    inner = g.blocks["Dense"].graph
    act = inner.find("act")
    out = inner.find("out")
    inner.disconnect(inner.input_edge(out, "x"))
    extra = inner.add_node("Linear", {"out_features": 2}, "squeeze")
    inner.connect(act, "y", extra, "x")
    inner.connect(extra, "y", out, "x")
    assert "block_changed" in seen
    assert g.analysis.ok, g.analysis.errors()
    assert g.analysis.output_type(g.find("dense1"), "y").shape == (2, 2)
    assert shape_into(g, "out") == (2, 2)


def test_a_broken_inside_names_the_instance_and_the_inner_node():
    g, b2 = residual_block()
    inner = g.blocks["Dense"].graph
    inner.set_attr(inner.find("fc"), "in_features", 5)  # dense2 is fed 7 features
    errors = g.analysis.errors()
    assert len(errors) == 1 and errors[0].node == b2
    assert errors[0].message.startswith('inside "dense2" (Dense): Linear "fc"')
    assert "expected last dim 5, got 7" in errors[0].message


def test_a_block_cannot_contain_itself():
    g, _ = residual_block()
    inner = g.blocks["Dense"].graph
    with pytest.raises(GraphError, match="cannot contain itself"):
        inner.add_node("Dense", {})
    outer = group(g, [g.find("dense1")], "Pair")
    assert g.node(outer).op == "Pair"
    with pytest.raises(GraphError, match="Dense.*Pair.*loop"):
        inner.add_node("Pair", {})


def test_a_parameter_reference_must_exist_and_fit():
    g, _ = residual_block()
    inner = g.blocks["Dense"].graph
    fc = inner.find("fc")
    with pytest.raises(GraphError, match="no parameter 'depth'"):
        inner.set_attr(fc, "out_features", ParamRef("depth"))
    with pytest.raises(GraphError, match="only a node inside a block"):
        g.add_node("Linear", {"out_features": ParamRef("width")})


def test_make_unique_forks_the_definition():
    g, b2 = residual_block()
    name = make_unique(g, b2)
    assert name == "Dense2" and g.node(b2).op == "Dense2"
    fork = g.blocks[name].graph
    fork.set_attr(fork.find("fc"), "out_features", 11)  # the ParamRef replaced here only
    assert g.analysis.output_type(b2, "y").shape == (2, 11)
    assert g.analysis.output_type(g.find("dense1"), "y").shape == (2, 7)


def test_flatten_inlines_nested_blocks_with_attribute_paths():
    g, b2 = residual_block()
    outer = group(g, [g.find("dense1"), b2], "Pair")
    flat = flatten(g)
    fg = flat.graph
    assert not any(fg.is_instance(n) for n in fg.node_ids())
    fc = f"{outer}/{g.blocks['Pair'].graph.find('dense1')}/{g.blocks['Dense'].graph.find('fc')}"
    assert fc in fg and flat.path(fc) == ("pair", "dense1", "fc")
    assert fg.raw(fc)["attrs"]["out_features"] == 7
    assert fg.analysis.ok and shape_into(fg, "out") == shape_into(g, "out") == (2, 3)
    inner_b2 = g.blocks["Pair"].graph.find("dense2")
    assert flat.value_of(outer) == flat.value_of(f"{outer}/{inner_b2}", "y")
    assert flat.path(flat.value_of(outer)) == ("pair", "dense2", "act")


def test_snapshot_and_restore_put_the_document_back_in_place():
    g = mlp()
    start = graph_to_dict(g)
    snap = g.snapshot()
    inst = group(g, [g.find("fc2"), g.find("relu2")], "Hidden")
    after = g.snapshot()
    g.restore(snap)
    assert graph_to_dict(g) == start and "Hidden" not in g.blocks
    g.restore(after)
    assert g.is_instance(inst) and shape_into(g, "out") == (4, 3)
    kept = g.blocks["Hidden"].graph
    g.restore(after)
    assert g.blocks["Hidden"].graph is kept  # an open view of the inside stays valid


def _with_blocks(blocks, nodes=()):
    return json.dumps({"format": 4, "name": "b", "seed": 0, "blocks": blocks,
                       "nodes": list(nodes), "edges": [], "training": {}})


def _block(name, nodes=(), params=()):
    return {"name": name, "doc": "", "params": list(params), "nodes": list(nodes), "edges": []}


@pytest.mark.parametrize("blocks, needle", [
    ([_block("os.system")], "must be a plain identifier"),
    ([_block("Linear")], "name of a built-in op"),
    ([_block("A", [{"id": "n1", "op": "B"}]), _block("B", [{"id": "n1", "op": "A"}])],
     "loop: A uses B uses A"),
    ([_block("A", params=[{"name": "w", "kind": "str", "default": "x"}])], "kind: expected"),
    ([_block("A", [{"id": "n1", "op": "Linear", "attrs": {"out_features": {"$param": "w"}}}])],
     "no parameter 'w'"),
])
def test_hostile_block_sections_are_refused_by_path(blocks, needle):
    with pytest.raises(LoadError) as err:
        loads(_with_blocks(blocks))
    assert needle in str(err.value), str(err.value)


def test_nesting_that_would_explode_is_refused_unbuilt():
    blocks = [_block("B0", [{"id": f"n{i}", "op": "ReLU"} for i in range(10)])]
    for level in range(1, 7):
        blocks.append(_block(f"B{level}", [{"id": f"n{i}", "op": f"B{level - 1}"}
                                           for i in range(10)]))
    with pytest.raises(LoadError, match="would flatten to 10,000,000 nodes"):
        loads(_with_blocks(blocks))


def test_a_format_3_file_loads_with_no_blocks():
    data = json.loads(dumps(mlp()))
    data["format"] = 3
    del data["blocks"]
    g = loads(json.dumps(data))
    assert len(g.blocks) == 0 and json.loads(dumps(g))["blocks"] == []
