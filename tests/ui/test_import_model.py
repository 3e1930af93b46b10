"""File > Import Model: an ONNX file opens as an unsaved document with its weights, which
Save writes beside the graph; a refused model shows the whole list and keeps the graph."""

from __future__ import annotations

import numpy as np
import pytest

from graphlab import example
from graphlab.compile.export import write_onnx
from graphlab.graph.fileformat import load
from tests.ui.conftest import normalised

pytest.importorskip("onnx")


def test_an_imported_onnx_model_opens_with_its_weights_and_saves(window, qtbot, tmp_path):
    src = write_onnx(example("digits_mlp"), tmp_path / "mlp.onnx", seed=5)
    with qtbot.waitSignal(window.imports.finished, timeout=120_000) as done:
        window.imports.start(str(src))
    assert done.args == [True]
    g = window.graph
    assert [g.node(n).op for n in g.node_ids()].count("Linear") == 2
    assert window.files.path is None and "imported" in window.windowTitle()
    assert window.isWindowModified()  # the weights are not in a file yet
    weights = window.weights.named()
    assert set(weights) == {"fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"}
    assert window.files.save_to(tmp_path / "mlp.graphlab.json")
    again = load(tmp_path / "mlp.graphlab.json")
    np.testing.assert_array_equal(again.saved_weights["fc1.weight"], weights["fc1.weight"])


def test_a_refused_model_shows_why_and_keeps_the_document(window, qtbot, tmp_path):
    before = normalised(window.graph)
    bad = tmp_path / "broken.onnx"
    bad.write_bytes(b"this is not a protobuf" * 20)
    with qtbot.waitSignal(window.imports.finished, timeout=120_000) as done:
        window.imports.start(str(bad))
    assert done.args == [False]
    assert "not an ONNX model" in window.errors[-1]
    assert normalised(window.graph) == before
