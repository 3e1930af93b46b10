"""Run on N GPUs: offered when the worker sees several GPUs; it trains the saved file on
N processes (graphlab train --nproc N) and the document keeps what they trained."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

WAIT = 180_000


def test_the_worker_says_how_many_gpus_and_one_or_none_offers_nothing(qtbot, live_window):
    torch = pytest.importorskip("torch")
    w = live_window("xor")
    live = w.live
    live.train_panel.epochs.setValue(2)
    live.train_panel.epochs.editingFinished.emit()
    live.run()
    qtbot.waitUntil(lambda: "torch" in live.multi_gpu.gpus, timeout=WAIT)  # asked after it
    here = torch.cuda.device_count() if torch.cuda.is_available() else 0
    assert live.multi_gpu.gpus["torch"] == here
    assert live.train_panel.multi_gpu_button.isHidden() == (here < 2)


def test_a_run_on_two_processes_trains_the_saved_file_and_the_document_keeps_it(
        qtbot, live_window, tmp_path, monkeypatch):
    pytest.importorskip("torch")
    import graphlab

    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # two processes on two cores
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    w = live_window("seed_mlp")
    panel = w.live.train_panel
    path = tmp_path / "seed.graphlab.json"
    assert w.files.save_to(path)
    seed = graphlab.build(w.graph, "torch").model.get_weights()
    panel.offer_gpus(2)  # what the worker answers on a machine with two GPUs
    assert not panel.multi_gpu_button.isHidden() and panel.multi_gpu_button.text() == \
        "Run on 2 GPUs"
    qtbot.mouseClick(panel.multi_gpu_button, Qt.MouseButton.LeftButton)
    assert w.live.multi_gpu.running and not panel.run_button.isEnabled()
    qtbot.waitUntil(lambda: not w.live.multi_gpu.running, timeout=WAIT)
    lines = w.live.multi_gpu.lines
    assert any(ln.startswith("epoch 20/20") for ln in lines), lines[-5:]
    assert "seed_mlp: finished after 20 epoch(s), 500 steps" in "\n".join(lines)
    assert panel.run_button.isEnabled() and panel.multi_gpu_button.text() == "Run on 2 GPUs"
    trained = w.weights.named()
    assert set(trained) == set(seed)
    assert any(not np.allclose(trained[k], seed[k]) for k in seed)  # it has learned
    assert w.weights.unsaved and w.isWindowModified()  # kept, to be saved
    assert w.files.save()
    reopened = graphlab.load(path)
    for k, v in trained.items():
        np.testing.assert_array_equal(reopened.saved_weights[k], v)
