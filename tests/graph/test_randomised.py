"""Randomised tests: random valid graphs survive save/load; random corruptions of a file give
a clear message and exit code 1 or 2, never a traceback."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graphlab
from graphlab.cli import main
from graphlab.graph import Graph
from graphlab.graph.fileformat import graph_to_dict, loads

UNARY = ["ReLU", "Tanh", "Sigmoid", "GELU", "LayerNorm", "Dropout", "Neg", "Exp"]


@st.composite
def valid_graphs(draw):
    # a name is one line of text: no controls, separators, bidi overrides or surrogates
    name = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
                                 blacklist_characters="\u202a\u202b\u202c\u202d\u202e"
                                                      "\u2066\u2067\u2068\u2069"),
                   min_size=1, max_size=8)
    g = Graph(name=draw(name), seed=draw(st.integers(0, 10**6)),
              training={"batch_size": draw(st.integers(1, 64))})
    width = draw(st.integers(1, 6))
    nodes = [(g.add_node("Input", {"shape": [-1, width]}, "x"), width)]
    for i in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["unary", "linear", "add"]))
        src, w = nodes[draw(st.integers(0, len(nodes) - 1))]
        pos = (draw(st.floats(-1e4, 1e4)), draw(st.floats(-1e4, 1e4)))
        if kind == "unary":
            n = g.add_node(draw(st.sampled_from(UNARY)), {}, None, pos)
            g.connect(src, "y", n, "x")
        elif kind == "linear":
            out = draw(st.integers(1, 6))
            n = g.add_node("Linear", {"out_features": out, "bias": draw(st.booleans())}, None, pos)
            g.connect(src, "y", n, "x")
            w = out
        else:
            same = [m for m, mw in nodes if mw == w]
            other = same[draw(st.integers(0, len(same) - 1))]
            n = g.add_node("Add", {}, f"add{i}", pos)
            g.connect(src, "y", n, "a")
            g.connect(other, "y", n, "b")
        nodes.append((n, w))
    out = g.add_node("Output", {}, "out")
    g.connect(nodes[-1][0], "y", out, "x")
    return g


@settings(max_examples=40, deadline=None)
@given(valid_graphs())
def test_random_valid_graphs_survive_save_and_load(g):
    assert g.analysis.errors() == []
    text = json.dumps(graph_to_dict(g))
    g2 = loads(text)
    assert graph_to_dict(g2) == graph_to_dict(g)
    assert g2.analysis.errors() == []


BASE = graph_to_dict(graphlab.example("seed_mlp"))


def corrupt(draw_kind, data, rnd):
    d = json.loads(json.dumps(data))
    nodes, edges = d["nodes"], d["edges"]
    if draw_kind == "truncate":
        text = json.dumps(d)
        return text[: rnd.randrange(0, len(text) - 1)]
    if draw_kind == "wrong_type":
        node = rnd.choice(nodes)
        key = rnd.choice(["id", "op", "attrs", "pos", "label", "version"])
        node[key] = rnd.choice([None, 3.5, [], {}, True, "??"])
    elif draw_kind == "unknown_op":
        rnd.choice(nodes)["op"] = rnd.choice(["Dense", "Lineer", "", "relu"])
    elif draw_kind == "cycle":
        edges.append({"src": [nodes[-4]["id"], "y"], "dst": [nodes[1]["id"], "x"]})
    elif draw_kind == "dangling":
        e = rnd.choice(edges)
        e[rnd.choice(["src", "dst"])][0] = "ghost"
    elif draw_kind == "duplicate_id":
        nodes[rnd.randrange(1, len(nodes))]["id"] = nodes[0]["id"]
    elif draw_kind == "top_level":
        d[rnd.choice(["nodes", "edges", "training", "seed", "format"])] = rnd.choice(
            ["x", -1, None, {"a": 1}])
    return json.dumps(d)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["truncate", "wrong_type", "unknown_op", "cycle", "dangling",
                             "duplicate_id", "top_level"]), rnd=st.randoms(use_true_random=False))
def test_random_corruptions_give_a_message_not_a_traceback(tmp_path, capsys, kind, rnd):
    path = tmp_path / "broken.graphlab.json"
    path.write_text(corrupt(kind, BASE, rnd))
    code = main(["check", str(path)])
    out = capsys.readouterr()
    assert code in (0, 1, 2)
    assert "Traceback" not in out.err + out.out
    if code == 2:
        assert "cannot load" in out.err and "$" in out.err
    if kind in ("unknown_op", "cycle", "dangling", "duplicate_id"):
        assert code == 2
