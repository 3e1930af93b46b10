"""Reroute points and comment frames in the file (format 5): saved, read back, refused
with the JSON path when bad, older files still open, and the compiler never sees them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graphlab.graph.file_limits import MAX_FRAMES, MAX_VIA_POINTS, MAX_VIA_TOTAL
from graphlab.graph.fileformat import FORMAT_VERSION, LoadError, dumps, load, loads, save
from graphlab.graph.graph import Graph, GraphError
from graphlab.graph.graph_frames import Frame

EXAMPLE = Path(__file__).resolve().parents[2] / "graphlab" / "examples" / \
    "transformer_waveforms.graphlab.json"


def _noted() -> tuple[Graph, object]:
    g = load(EXAMPLE)
    edge = sorted(g.edges())[0]
    g.set_via(edge, [(10, 20), (30.5, -4)])
    g.add_frame(Frame("Encoder <b>&amp;</b>", (-50, -60, 400, 300), "#7f5f3f"))
    return g, edge


def test_points_and_frames_survive_save_and_open(tmp_path):
    g, edge = _noted()
    path = save(g, tmp_path / "t.graphlab.json")
    d = json.loads(path.read_text())
    assert d["format"] == FORMAT_VERSION == 5
    (entry,) = [e for e in d["edges"] if e["src"] == [edge.src, edge.src_port]
                and e["dst"] == [edge.dst, edge.dst_port]]
    assert entry["via"] == [[10, 20], [30.5, -4]]
    assert d["frames"] == [{"title": "Encoder <b>&amp;</b>", "rect": [-50, -60, 400, 300],
                            "color": "#7f5f3f"}]
    again = load(path)
    assert again.via(edge) == ((10.0, 20.0), (30.5, -4.0))
    assert again.frames() == g.frames()
    assert dumps(again) == path.read_text()
    assert not again.load_warnings  # known keys, not kept as unknown ones


def test_a_graph_without_notes_saves_no_new_keys():
    d = json.loads(dumps(load(EXAMPLE)))
    assert "frames" not in d and all("via" not in e for e in d["edges"])


def test_format_4_files_still_open():
    d = json.loads(EXAMPLE.read_text())
    d["format"] = 4
    g = loads(json.dumps(d))
    assert g.frames() == [] and all(g.via(e) == () for e in g.edges())


def test_deleting_a_wire_drops_its_points_and_undoing_a_node_delete_restores_them():
    g, edge = _noted()
    snap = g.remove_node(edge.src)
    g.restore_node(snap)
    assert g.via(edge) == ((10.0, 20.0), (30.5, -4.0))
    g.disconnect(edge)
    g.connect(*edge)
    assert g.via(edge) == ()


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["edges"][0].__setitem__("via", "up"), r"\$\.edges\[0\]\.via: expected a list"),
    (lambda d: d["edges"][0].__setitem__("via", [[1, "a"]]),
     r"\$\.edges\[0\]\.via: point 0: expected a number"),
    (lambda d: d["edges"][0].__setitem__("via", [[0, 0]] * (MAX_VIA_POINTS + 1)),
     rf"at most {MAX_VIA_POINTS} reroute points"),
    (lambda d: d["edges"][0].__setitem__("via", [[1e300, 0]]), r"point 0: expected a number between"),
    (lambda d: d.__setitem__("frames", {"title": "x"}), r"\$\.frames: expected a list"),
    (lambda d: d.__setitem__("frames", [{"title": "x", "rect": [0, 0, 100]}]),
     r"\$\.frames\[0\]: the rect: expected \[x, y, width, height\]"),
    (lambda d: d.__setitem__("frames", [{"title": "x", "rect": [0, 0, 5, 100]}]),
     r"\$\.frames\[0\]: the rect: width and height must be at least"),
    (lambda d: d.__setitem__("frames", [{"title": 3, "rect": [0, 0, 100, 100]}]),
     r"\$\.frames\[0\]: the title: expected text"),
    (lambda d: d.__setitem__("frames", [{"title": "x" * 201, "rect": [0, 0, 100, 100]}]),
     r"\$\.frames\[0\]: the title has 201 characters"),
    (lambda d: d.__setitem__("frames", [{"title": "a\u202eb", "rect": [0, 0, 100, 100]}]),
     r"\$\.frames\[0\]\.title: contains a control character"),
    (lambda d: d.__setitem__("frames", [{"title": "x", "rect": [0, 0, 99, 99],
                                         "color": "red; drop"}]),
     r"\$\.frames\[0\]: the color: expected a colour"),
    (lambda d: d.__setitem__("frames", [{"title": "x", "rect": [0, 0, 99, 99], "z": 1}]),
     r"\$\.frames\[0\]\.z: not a key of a comment frame"),
    (lambda d: d.__setitem__("frames", [{"title": "x", "rect": [0, 0, 99, 99]}] *
                             (MAX_FRAMES + 1)), rf"at most {MAX_FRAMES:,} comment frames"),
])
def test_bad_points_and_frames_are_refused_with_their_path(change, expected):
    d = json.loads(dumps(load(EXAMPLE)))
    change(d)
    with pytest.raises(LoadError, match=expected):
        loads(json.dumps(d))


def test_a_file_with_too_many_reroute_points_in_all_is_refused():
    g = Graph("many")
    with g.bulk_edit():
        prev = g.add_node("Input")
        for _ in range(MAX_VIA_TOTAL // MAX_VIA_POINTS + 1):
            n = g.add_node("ReLU")
            g.set_via(g.connect(prev, "y", n, "x"), [(1.0, 2.0)] * MAX_VIA_POINTS)
            prev = n
    with pytest.raises(LoadError, match=rf"at most {MAX_VIA_TOTAL:,} reroute points in all"):
        loads(dumps(g))


def test_the_model_refuses_what_loading_would():
    g, edge = _noted()
    with pytest.raises(GraphError, match="at most 64 reroute points"):
        g.set_via(edge, [(0, 0)] * 65)
    with pytest.raises(GraphError, match="the color"):
        g.add_frame(Frame("t", (0, 0, 100, 100), "blue"))
    with pytest.raises(GraphError, match="control character"):
        g.set_frame(0, Frame("a\nb", (0, 0, 100, 100)))
    assert len(g.frames()) == 1


def test_check_refuses_a_bad_frame_with_exit_code_2(tmp_path):
    d = json.loads(dumps(load(EXAMPLE)))
    d["frames"] = [{"title": "x", "rect": [0, 0, "wide", 100]}]
    bad = tmp_path / "bad.graphlab.json"
    bad.write_text(json.dumps(d))
    run = subprocess.run([sys.executable, "-m", "graphlab", "check", str(bad)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert "$.frames[0]: the rect: expected a number" in run.stderr + run.stdout
    assert "Traceback" not in run.stderr


def test_a_frame_title_never_reaches_generated_code():
    from graphlab.compile import source

    g, _ = _noted()
    g.set_frame(0, Frame("Qzx title'); import shutil", (0, 0, 100, 100)))
    for backend in ("torch", "tf"):
        code = source(g, backend)
        assert "Qzx" not in code and "shutil" not in code
