"""A shape problem names the node and attribute it came from and carries its fix."""

from graphlab import examples
from graphlab.graph.inference import analyze


def _apply(g, fix):
    g.set_attr(fix.node, fix.attr, fix.value)


def test_a_loss_mismatch_is_traced_to_the_last_linear():
    g = examples.example("seed_mlp")
    fc3 = g.find("fc3")
    g.set_attr(fc3, "out_features", 10)
    (d,) = g.analysis.errors()
    assert d.node == g.find("loss")
    assert 'Linear "fc3"\'s out_features=10' in d.message
    assert (d.fix.node, d.fix.attr, d.fix.value) == (fc3, "out_features", 1)
    assert d.to_dict()["fix"] == {"node": fc3, "attr": "out_features", "value": 1,
                                  "text": d.fix.text}
    _apply(g, d.fix)
    assert g.analysis.ok


def test_a_node_refusing_its_input_offers_its_own_attribute():
    g = examples.example("digits_cnn")
    conv = next(v for v in g.nodes() if v.op == "Conv2d" and v.attrs["in_channels"] == 16)
    g.set_attr(conv.id, "in_channels", 8)
    (d,) = g.analysis.errors()
    assert d.node == conv.id and (d.fix.attr, d.fix.value) == ("in_channels", 16)
    _apply(g, d.fix)
    assert g.analysis.ok


def test_no_fix_is_offered_where_no_single_value_works():
    g = examples.example("seed_mlp")
    g.disconnect(g.input_edge(g.find("fc2"), "x"))
    (d,) = g.analysis.errors()
    assert "is not connected" in d.message and d.fix is None
    assert "fix" not in d.to_dict()
    assert analyze(g) is g.analysis
