"""Conv/pool geometry attributes as a user meets them: typed in the inspector, read from a
file (refused with the field named), old files keeping their meaning, and shape errors
that say what to change."""

import json
import re
import subprocess
import sys

import pytest

from graphlab.compile import generate_source
from graphlab.graph import Graph
from graphlab.graph.fileformat import LoadError, graph_to_dict, loads
from graphlab.graph.ops import REGISTRY
from graphlab.ui.docks.attr_widgets import ParseError, parse_text
from tests.graph.helpers import out_shape, wired

# A Conv2d / pools / LayerNorm file as graphlab wrote it before per-axis geometry: every
# value an int, no groups, ceil_mode, count_include_pad or last_dims.
OLD_FILE = {
    "format": 2, "name": "old_cnn", "seed": 0,
    "nodes": [
        {"id": "x", "op": "Input", "attrs": {"name": "x", "shape": [-1, 3, 9, 9]}},
        {"id": "c", "op": "Conv2d", "label": "conv", "attrs": {
            "in_channels": 3, "out_channels": 4, "kernel_size": 3, "stride": 2,
            "padding": 1, "dilation": 1, "bias": True}},
        {"id": "m", "op": "MaxPool2d", "label": "mp", "attrs": {"kernel_size": 2, "padding": 1}},
        {"id": "a", "op": "AvgPool2d", "label": "ap", "attrs": {"kernel_size": 3, "stride": 1,
                                                               "padding": 1}},
        {"id": "n", "op": "LayerNorm", "label": "ln", "attrs": {"eps": 1e-5, "affine": True}},
        {"id": "y", "op": "Output", "attrs": {"name": "y"}},
    ],
    "edges": [{"src": [s, "y"], "dst": [d, "x"]}
              for s, d in [("x", "c"), ("c", "m"), ("m", "a"), ("a", "n"), ("n", "y")]],
}


def _old_graph():
    return loads(json.dumps(OLD_FILE))


def test_an_old_file_keeps_its_shapes_and_its_generated_layers():
    g = _old_graph()
    assert [str(d) for d in g.analysis.diagnostics()] == []
    ids = {v.label: v.id for v in g.nodes()}
    assert out_shape(g, ids["conv"]) == [32, 4, 5, 5]
    assert out_shape(g, ids["mp"]) == [32, 4, 3, 3]  # floor mode, as before
    assert out_shape(g, ids["ap"]) == [32, 4, 3, 3]
    # the new attributes took the values that mean what the file always meant
    attrs = g.node(ids["ap"]).attrs
    assert attrs["count_include_pad"] is True and attrs["ceil_mode"] is False
    assert g.node(ids["ln"]).attrs["last_dims"] == 1
    assert g.node(ids["conv"]).attrs["groups"] == 1
    src = " ".join(re.sub(r"\(\s+|,?\s+(?=\))", lambda m: m[0].strip().rstrip(","),
                          generate_source(g, "torch")).split())  # unwrapped
    assert ("nn.Conv2d(3, 4, kernel_size=3, stride=2, padding=(1, 1), dilation=1, groups=1, "
            "bias=True)") in src
    assert "nn.LayerNorm(3, eps=1e-05, elementwise_affine=True)" in src
    assert "F.max_pool2d(conv, kernel_size=2, stride=2, padding=(1, 1), dilation=1, " \
           "ceil_mode=False)" in src
    assert "count_include_pad=True" in src


def test_per_axis_values_round_trip_through_a_file():
    g = Graph("geom")
    x = g.add_node("Input", {"name": "x", "shape": [-1, 2, 8, 7]}, "x")
    c = g.add_node("Conv2d", {"out_channels": 4, "kernel_size": [3, 1], "stride": [2, 1],
                              "padding": [0, 1, 2, 0], "dilation": [1, 2], "groups": 2}, "c")
    g.connect(x, "y", c, "x")
    again = loads(json.dumps(graph_to_dict(g)))
    node = next(v for v in again.nodes() if v.label == "c")
    assert node.attrs["padding"] == [0, 1, 2, 0] and node.attrs["kernel_size"] == [3, 1]
    # H: (8 + 0 + 1 - 3) // 2 + 1 = 4; W: (7 + 2 + 0 - 2 * 0 - 1) // 1 + 1 = 9 - 1 + 1
    assert out_shape(again, node.id) == [32, 4, 4, 9]


@pytest.mark.parametrize("op, key, value, words", [
    ("Conv2d", "padding", [1, 2, 3], "[h, w] or [top, bottom, left, right]"),
    ("Conv2d", "padding", -1, 'a whole number >= 0, "same", "valid"'),
    ("Conv2d", "padding", "full", '"same", "valid"'),
    ("Conv2d", "kernel_size", [3, 0], "at least 1"),
    ("Conv2d", "kernel_size", [3, 3, 3], "a pair [h, w]"),
    ("Conv2d", "stride", True, "a whole number or a pair"),
    ("Conv1d", "padding", [1, 2, 3, 4], "[left, right]"),
    ("MaxPool2d", "padding", [0, -1], "whole numbers >= 0"),
    ("AvgPool2d", "count_include_pad", "yes", "true or false"),
])
def test_a_file_with_a_bad_geometry_value_is_refused_naming_the_field(op, key, value, words):
    d = json.loads(json.dumps(OLD_FILE))
    d["nodes"].append({"id": "bad", "op": op, "attrs": {key: value}})
    with pytest.raises(LoadError) as info:
        loads(json.dumps(d))
    found = [p for p in info.value.problems if f"attrs.{key}" in p]
    assert found and words in found[0], info.value.problems


def test_graphlab_check_on_a_bad_padding_exits_2_with_one_line(tmp_path):
    d = json.loads(json.dumps(OLD_FILE))
    d["nodes"][1]["attrs"]["padding"] = [1, 1, 1]
    path = tmp_path / "bad.graphlab.json"
    path.write_text(json.dumps(d))
    r = subprocess.run([sys.executable, "-m", "graphlab", "check", str(path)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    assert "attrs.padding" in r.stderr + r.stdout


@pytest.mark.parametrize("kind, text, value", [
    ("pair", "3", 3), ("pair", "3, 1", [3, 1]), ("pair", "[2 2]", [2, 2]),
    ("padding", "same", "same"), ("padding", "Valid", "valid"), ("padding", "1", 1),
    ("padding", "1, 2", [1, 2]), ("padding", "0 1 2 1", [0, 1, 2, 1]),
    ("padding1d", "0, 2", [0, 2]),
])
def test_the_inspector_reads_what_a_user_types(kind, text, value):
    op = {"pair": "Conv2d", "padding": "Conv2d", "padding1d": "Conv1d"}[kind]
    attr = next(a for a in REGISTRY[op].attrs if a.kind == kind)
    assert parse_text(attr, text) == value


def test_the_inspector_refuses_what_it_cannot_read_with_the_forms_it_takes():
    attr = REGISTRY["Conv2d"].attr("padding")
    with pytest.raises(ParseError, match='padding must be a whole number, "same", "valid"'):
        parse_text(attr, "1, x")
    with pytest.raises(ParseError, match="kernel_size must be a whole number or two"):
        parse_text(REGISTRY["Conv2d"].attr("kernel_size"), "")


# op, attrs, input shape, port, words of the message (what is wrong and what to set)
BAD = [
    ("Conv2d", {"groups": 3}, [-1, 4, 6, 6], "x", "set groups to a divisor of 4"),
    ("Conv2d", {"groups": 2, "out_channels": 5}, [-1, 4, 6, 6], "x",
     "set out_channels to a multiple of 2"),
    ("Conv2d", {"kernel_size": [3, 7]}, [-1, 1, 6, 6], "x", "larger than the input"),
    ("Conv1d", {}, [-1, 4, 6, 6], "x", "rank-3"),
    ("ConvTranspose2d", {"stride": 2, "output_padding": 2}, [-1, 2, 4, 4], "x",
     "lower output_padding"),
    ("ConvTranspose2d", {"padding": 3, "kernel_size": 2}, [-1, 2, 1, 1], "x",
     "use less padding"),
    ("MaxPool2d", {"kernel_size": 2, "padding": [0, 2]}, [-1, 1, 6, 6], "x",
     "more than half the window"),
    ("AvgPool1d", {"kernel_size": 5}, [-1, 1, 3], "x", "larger than the input"),
    ("Upsample", {"size": [4, 4]}, [-1, 1, 2, 2], None, "exactly one of size and scale_factor"),
    ("Upsample", {"align_corners": True}, [-1, 1, 2, 2], None, "bilinear only"),
    ("GroupNorm", {"num_groups": 4}, [-1, 6, 2, 2], "x", "set num_groups to a divisor of 6"),
    ("LayerNorm", {"last_dims": 2}, [-1, 5], "x", "set last_dims to at most 1"),
]


@pytest.mark.parametrize("op, attrs, shape, port, words", BAD,
                         ids=[f"{b[0]}-{b[4][:20]}" for b in BAD])
def test_a_geometry_that_cannot_work_is_refused_with_the_fix(op, attrs, shape, port, words):
    g, n = wired(op, attrs, {"x": shape})
    (d,) = g.analysis.errors()
    assert d.node == n and d.port == port and words in d.message, d.message
    assert out_shape(g, n) is None


@pytest.mark.parametrize("op, attrs, shape, want", [
    ("MaxPool2d", {"kernel_size": 2, "ceil_mode": True}, [-1, 1, 5, 5], [32, 1, 3, 3]),
    ("MaxPool2d", {"kernel_size": 2, "ceil_mode": False}, [-1, 1, 5, 5], [32, 1, 2, 2]),
    # ceil_mode's last window must start inside the input or its leading padding
    ("AvgPool1d", {"kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True},
     [-1, 1, 4], [32, 1, 3]),
    ("Conv2d", {"kernel_size": 3, "padding": "valid"}, [-1, 2, 5, 6], [32, 8, 3, 4]),
    ("Conv2d", {"kernel_size": [1, 3], "stride": [1, 2], "padding": "same"},
     [-1, 2, 5, 7], [32, 8, 5, 4]),
    ("ConvTranspose2d", {"kernel_size": 3, "stride": 2, "padding": 1, "output_padding": 1},
     [-1, 2, 4, 4], [32, 8, 8, 8]),
    ("Upsample", {"scale_factor": [2, 3]}, [-1, 2, 3, 4], [32, 2, 6, 12]),
    ("Upsample", {"scale_factor": None, "size": [5, 7], "mode": "bilinear"},
     [-1, 2, 3, 4], [32, 2, 5, 7]),
    ("LayerNorm", {"last_dims": 2}, [-1, 3, 4], [32, 3, 4]),
    ("BatchNorm", {}, [-1, 3, 5], [32, 3, 5]),  # after a Conv1d
])
def test_output_sizes(op, attrs, shape, want):
    g, n = wired(op, attrs, {"x": shape})
    assert g.analysis.errors() == []
    assert out_shape(g, n) == want


def test_depthwise_and_grouped_weights_have_torch_shapes_and_fan_in():
    g, n = wired("Conv2d", {"out_channels": 8, "kernel_size": [3, 2], "groups": 4},
                 {"x": [-1, 4, 6, 6]})
    (w, b) = REGISTRY["Conv2d"].params(g.node(n).attrs, {"x": g.analysis.output_type(
        g.in_edges(n)[0].src, "y")})
    assert w.shape == (8, 1, 3, 2) and w.fan_in == 6 and b.fan_in == 6
    g, n = wired("ConvTranspose2d", {"out_channels": 6, "kernel_size": 3, "groups": 2},
                 {"x": [-1, 4, 5, 5]})
    (w, _) = REGISTRY["ConvTranspose2d"].params(g.node(n).attrs, {
        "x": g.analysis.output_type(g.in_edges(n)[0].src, "y")})
    assert w.shape == (4, 3, 3, 3) and w.fan_in == 27  # torch: weight.size(1) * k * k
