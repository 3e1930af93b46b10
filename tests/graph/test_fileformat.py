"""Files: round trips, atomic saves, JSON-path errors, migration of old versions."""

import json
import os

import pytest

import graphlab
from graphlab.examples import names
from graphlab.graph.fileformat import (
    FORMAT_VERSION,
    LoadError,
    graph_to_dict,
    load,
    loads,
    save,
)


@pytest.mark.parametrize("name", names())
def test_examples_round_trip(tmp_path, name):
    g = graphlab.example(name)
    path = save(g, tmp_path / f"{name}.graphlab.json")
    g2 = load(path)
    assert graph_to_dict(g2) == graph_to_dict(g)
    assert [str(d) for d in g2.analysis.diagnostics()] == []


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path):
    g = graphlab.example("xor")
    target = tmp_path / "xor.graphlab.json"
    target.write_text("old contents", encoding="utf-8")
    save(g, target)
    assert json.loads(target.read_text(encoding="utf-8"))["name"] == "xor"
    assert os.listdir(tmp_path) == ["xor.graphlab.json"]


def test_failed_save_keeps_the_old_file(tmp_path, monkeypatch):
    g = graphlab.example("xor")
    target = tmp_path / "xor.graphlab.json"
    target.write_text("precious", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        save(g, target)
    assert target.read_text(encoding="utf-8") == "precious"
    assert os.listdir(tmp_path) == ["xor.graphlab.json"]


def example_dict(name="seed_mlp"):
    return graph_to_dict(graphlab.example(name))


def problems_of(data):
    with pytest.raises(LoadError) as info:
        loads(json.dumps(data))
    return info.value.problems


def test_errors_carry_json_paths():
    d = example_dict()
    d["nodes"][1]["attrs"]["out_features"] = 0
    d["nodes"][2]["op"] = "Relu"
    d["edges"][0]["dst"] = ["nope", "x"]
    d["training"]["lr"] = -1
    probs = problems_of(d)
    assert "$.training.lr: expected a finite number > 0, got -1" in probs
    assert "$.nodes[1].attrs.out_features: out_features must be at least 1, got 0" in probs
    assert "$.nodes[2].op: unknown op 'Relu'; did you mean 'ReLU'?" in probs
    assert "$.edges[0].dst: no node with id 'nope' (dangling edge)" in probs


def test_duplicate_ids_and_cycles_are_refused():
    d = example_dict()
    d["nodes"].append(dict(d["nodes"][1]))
    assert any("duplicate id 'n2'" in p for p in problems_of(d))
    d = example_dict()
    d["edges"].append({"src": ["n3", "y"], "dst": ["n2", "x"]})
    assert any("cycle" in p or "already takes a wire" in p for p in problems_of(d))


def test_not_json_and_wrong_top_level():
    with pytest.raises(LoadError, match=r"\$: not valid JSON"):
        loads('{"format": 2,')
    with pytest.raises(LoadError, match=r"\$: expected a JSON object, got a list"):
        loads("[]")
    with pytest.raises(LoadError, match=rf"made by a newer graphlab \(format {FORMAT_VERSION + 1}\); "
                       rf"this graphlab reads format {FORMAT_VERSION} and older"):
        loads(json.dumps({"format": FORMAT_VERSION + 1, "nodes": []}))


def test_loading_never_executes_anything(tmp_path):
    marker = tmp_path / "pwned"
    d = example_dict()
    d["name"] = f"__import__('os').system('touch {marker}')"
    d["nodes"][0]["attrs"]["name"] = "x"
    g = loads(json.dumps(d))
    assert g.name.startswith("__import__") and not marker.exists()


def test_migrates_format_1():
    old = {
        "format": 1, "name": "old", "seed": 3,
        "nodes": [
            {"id": "a", "op": "Input", "attrs": {"shape": [-1, 2]}, "pos": [0, 0]},
            {"id": "b", "op": "Linear", "attrs": {"out_features": 1}, "pos": [200, 0]},
        ],
        "links": [{"from": "a:y", "to": "b:x"}],
    }
    g = loads(json.dumps(old))
    assert g.seed == 3 and g.name == "old"
    assert [(e.src, e.src_port, e.dst, e.dst_port) for e in g.edges()] == [("a", "y", "b", "x")]
    assert graph_to_dict(g)["format"] == FORMAT_VERSION
    assert g.training["batch_size"] == 32


def test_missing_file_is_a_load_error(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        load(tmp_path / "missing.graphlab.json")


def test_format_doc_lists_every_optimizer_parameter_and_default():
    """docs/format.md's optimizer table is what graphlab.graph.optimizer_settings says."""
    from pathlib import Path

    from graphlab.graph.optimizer_settings import DEFAULTS

    doc = (Path(__file__).resolve().parents[2] / "docs" / "format.md").read_text(encoding="utf-8")
    rows = {}
    for line in doc.splitlines():
        cells = [c.strip() for c in line.split("|")[1:-1]]
        if len(cells) == 2 and cells[0].strip("`") in DEFAULTS:
            rows[cells[0].strip("`")] = cells[1]
    assert set(rows) == set(DEFAULTS)
    for name, params in DEFAULTS.items():
        assert rows[name] == ", ".join(f"`{k}` {json.dumps(v)}" for k, v in params.items()), name


def test_a_dataset_object_is_checked_like_the_rest(tmp_path):
    g = graphlab.example("xor")
    g.set_meta(training={**g.training, "dataset": {"path": "d.csv", "target": "y"}})
    path = save(g, tmp_path / "ok.graphlab.json")
    assert load(path).training["dataset"] == {"path": "d.csv", "target": "y"}
    data = json.loads(path.read_text(encoding="utf-8"))
    data["training"]["dataset"] = {"target": True, "task": "guess", "sep": ";"}
    with pytest.raises(LoadError) as err:
        loads(json.dumps(data))
    text = str(err.value)
    for part in ("$.training.dataset.path: expected the path of a .csv or .npz file",
                 "$.training.dataset.target: expected a column name or index, got True",
                 "$.training.dataset.task: expected auto, classification or regression",
                 "$.training.dataset.sep: unknown setting"):
        assert part in text
