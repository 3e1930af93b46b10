"""Format 3: a graph file names its trained weights beside it; format 2 files migrate."""

import json

import numpy as np

import graphlab
from graphlab.graph.fileformat import FORMAT_VERSION, graph_to_dict, load, save


def _weights(graph, value=0.5):
    out = {}
    for nid in graph.node_ids():
        for p in graph.analysis.node_info(nid).params:
            out[f"{graph.node(nid).label}.{p.name}"] = np.full(p.shape, value, np.float32)
    return out


def test_format_2_file_loads_and_saves_as_current_without_weights(tmp_path):
    g = graphlab.example("xor")
    d = graph_to_dict(g)
    d["format"] = 2
    path = tmp_path / "old.graphlab.json"
    path.write_text(json.dumps(d))
    old = load(path)
    assert FORMAT_VERSION >= 3 and old.saved_weights is None and old.weights_problem is None
    again = json.loads(save(old, tmp_path / "new.graphlab.json").read_text())
    assert again["format"] == FORMAT_VERSION and "weights" not in again["training"]


def test_saved_weights_come_back_and_follow_a_save_as(tmp_path):
    g = graphlab.example("xor")
    w = _weights(g)
    path = save(g, tmp_path / "a.graphlab.json", weights=w)
    assert json.loads(path.read_text())["training"]["weights"] == "a.weights.npz"
    back = load(path)
    assert back.weights_problem is None and set(back.saved_weights) == set(w)
    np.testing.assert_array_equal(back.saved_weights["hidden.weight"], w["hidden.weight"])
    (tmp_path / "b").mkdir()
    moved = save(back, tmp_path / "b" / "b.graphlab.json", weights=back.saved_weights)
    assert (tmp_path / "b" / "b.weights.npz").is_file()
    assert load(moved).saved_weights.keys() == w.keys()
    # the section itself holds no weights key: an example or a copy never names a file
    assert "weights" not in back.training and "weights" not in graph_to_dict(back)["training"]


def test_a_pickled_weights_file_is_never_unpickled(tmp_path):
    g = graphlab.example("xor")
    path = save(g, tmp_path / "p.graphlab.json", weights=_weights(g))
    np.savez(tmp_path / "p.weights.npz", **{"hidden.weight": np.array([object()], dtype=object)})
    back = load(path)
    assert back.saved_weights is None
    assert "$.training.weights" in back.weights_problem
    assert "Python objects" in back.weights_problem
