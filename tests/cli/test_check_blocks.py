"""`graphlab check` on a file with blocks, run as a user runs it (a real subprocess):
counts per definition and per instance, and a broken inner node named with its
instance."""

import json
import subprocess
import sys

import graphlab
from graphlab.graph.fileformat import save


def run(*args):
    return subprocess.run([sys.executable, "-m", "graphlab", *args], capture_output=True,
                          text=True, timeout=120)


def test_check_prints_counts_per_definition_and_per_instance():
    r = run("check", "residual")
    assert r.returncode == 0, r.stdout + r.stderr
    lines = [ln.strip() for ln in r.stdout.splitlines()]
    at = lines.index("blocks:")
    assert lines[at + 1:at + 5] == [
        "ResBlock (3 uses): parameters 2,800, FLOPs 177.41K",
        "block1: parameters 144, FLOPs 8.96K",  # 8 wide: two Linear(8, 8), 2 * (64 + 8)
        "block2: parameters 544, FLOPs 34.30K",
        "block3: parameters 2,112, FLOPs 134.14K"]
    report = json.loads(run("check", "residual", "--json").stdout)
    (block,) = report["blocks"]
    assert [i["path"] for i in block["instances"]] == ["block1", "block2", "block3"]
    assert block["params"] == sum(i["params"] for i in block["instances"]) == 2800
    # the blocks hold every weight but the stem's, the two widening layers' and the head's
    assert report["totals"]["params"] == 2800 + (2 * 8 + 8) + (8 * 16 + 16) + (
        16 * 32 + 32) + (32 * 2 + 2)


def test_nested_instances_are_counted_by_their_path(tmp_path):
    report = json.loads(run("check", "conv_stages", "--json").stdout)
    by_name = {b["name"]: b for b in report["blocks"]}
    assert [i["path"] for i in by_name["ConvBNReLU"]["instances"]] == [
        "stage1.unit1", "stage1.unit2", "stage2.unit1", "stage2.unit2"]
    assert by_name["Stage"]["uses"] == 2
    assert by_name["Stage"]["params"] == by_name["ConvBNReLU"]["params"]  # pools hold none


def test_a_broken_inner_node_is_named_with_its_instance(tmp_path):
    g = graphlab.example("residual")
    inside = g.blocks["ResBlock"].graph
    inside.set_attr(inside.find("fc2"), "in_features", 5)
    path = save(g, tmp_path / "broken.graphlab.json")
    r = run("check", str(path))
    assert r.returncode == 1
    assert ('error: inside "block1" (ResBlock): Linear "fc2", input x: expected last dim 5, '
            "got 8") in r.stdout
    assert "Traceback" not in r.stdout + r.stderr
    report = json.loads(run("check", str(path), "--json").stdout)
    assert not report["valid"] and report["blocks"] == []
    assert report["diagnostics"][0]["node"] == g.find("block1")
