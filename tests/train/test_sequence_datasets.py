"""The sequence datasets: seeded, shaped for recurrent and attention layers, int64 token
ids for an Embedding; a graph binds to them or is told in words what to change; and a
tiny LSTM and a tiny attention classifier built with graphlab.graph.Graph learn them
through `graphlab train` on both backends."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from graphlab.cli import main
from graphlab.graph import Graph
from graphlab.graph.fileformat import save
from graphlab.train.datasets import DatasetError, DatasetMismatch, bind, load_dataset, prepare
from graphlab.train.datasets.source import dataset_source


def test_adding_problem_targets_are_the_sum_of_the_two_marked_values():
    d = load_dataset("adding", seed=3, n_samples=50, length=10)
    assert d.x.shape == (50, 10, 2) and d.y.shape == (50, 1) and d.task == "regression"
    values, markers = d.x[..., 0], d.x[..., 1]
    assert (markers.sum(axis=1) == 2).all()
    assert (markers[:, :5].sum(axis=1) == 1).all()  # one marker in each half
    np.testing.assert_allclose(d.y[:, 0], (values * markers).sum(axis=1), rtol=1e-6)
    again = load_dataset("adding", seed=3, n_samples=50, length=10)
    assert np.array_equal(again.x, d.x) and not np.array_equal(
        load_dataset("adding", seed=4, n_samples=50, length=10).x, d.x)


def test_parity_and_waveforms_are_labelled_sequences():
    p = load_dataset("parity", n_samples=64, length=5)
    assert p.x.shape == (64, 5, 1) and p.y.dtype == np.int64
    assert np.array_equal(p.y, p.x[..., 0].sum(axis=1).astype(np.int64) % 2)
    w = load_dataset("waveforms", n_samples=300)
    assert w.x.shape == (300, 32, 1) and set(np.unique(w.y)) == {0, 1, 2}
    square = w.x[w.y == 1, :, 0]
    assert np.mean(np.abs(np.abs(square) - 1.0) < 0.4) > 0.95  # mostly +-1 plus noise


def test_text_chars_windows_are_followed_by_their_next_character(tmp_path):
    d = load_dataset("text_chars", n_samples=200, context=8)
    assert d.x.shape == (200, 8) and d.x.dtype == np.int64 and d.y.dtype == np.int64
    text = tmp_path / "abcd.txt"
    text.write_text("ABCD" * 20 + "\n", encoding="utf-8")
    f = load_dataset(str(text), context=3, n_samples=40)
    # lower-cased, alphabet "abcd" -> ids 0..3: each window is followed by the next letter
    assert f.x.shape == (40, 3) and set(np.unique(f.x)) == {0, 1, 2, 3}
    assert np.array_equal(f.y, (f.x[:, -1] + 1) % 4)
    assert np.array_equal(f.x[:, 1:], (f.x[:, :-1] + 1) % 4)
    with pytest.raises(DatasetError, match="context must be at least 1"):
        load_dataset(str(text), context=0)
    with pytest.raises(DatasetError, match="takes the options context and n_samples"):
        load_dataset(str(text), length=3)
    (tmp_path / "bin.txt").write_bytes(b"\xff\xfe\x00abc")
    with pytest.raises(DatasetError, match="is not UTF-8 text"):
        load_dataset(str(tmp_path / "bin.txt"))
    with pytest.raises(DatasetError, match="length must be at least 2"):
        load_dataset("adding", length=1)


def _classifier(name, dataset, shape, body, classes, dtype="float32"):
    """Input -> body (a list of (op, attrs, in port)) -> Linear(classes) -> CE loss."""
    g = Graph(name=name, seed=0, training={"dataset": dataset, "batch_size": 32, "lr": 0.02,
                                           "optimizer": "adam", "epochs": 1})
    prev = g.add_node("Input", {"name": "seq", "shape": shape, "dtype": dtype}, "seq")
    for op, attrs, port in body:
        node = g.add_node(op, attrs, op.lower())
        g.connect(prev, "y", node, port)
        prev = node
    fc = g.add_node("Linear", {"out_features": classes}, "fc")
    target = g.add_node("Input", {"name": "label", "shape": [-1], "dtype": "int64",
                                  "role": "target"}, "label")
    out = g.add_node("Output", {"name": "logits"}, "logits")
    loss = g.add_node("CrossEntropyLoss", {}, "loss")
    g.connect(prev, "y", fc, "x")
    g.connect(fc, "y", out, "x")
    g.connect(fc, "y", loss, "logits")
    g.connect(target, "y", loss, "target")
    assert g.analysis.ok, g.analysis.errors()
    return g


def lstm_tokens(num_embeddings=41):
    return _classifier("lstm_chars", "text_chars", [-1, 16], [
        ("Embedding", {"num_embeddings": num_embeddings, "embedding_dim": 8}, "indices"),
        ("LSTM", {"hidden_size": 16, "output": "last"}, "x")], 41, dtype="int64")


def attention_waves():
    return _classifier("attention_waves", "waveforms", [-1, 32, 1], [
        ("Linear", {"out_features": 8}, "x"),
        ("MultiHeadAttention", {"num_heads": 2}, "query"),
        ("Mean", {"axes": [1]}, "x")], 3)


@pytest.fixture
def one_torch_thread():
    """torch's intra-op pool costs a tiny LSTM far more than it gives on a shared 2-core
    machine (20 steps: 7 s on 2 threads under load, 0.25 s on 1); restored after."""
    torch = pytest.importorskip("torch")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.mark.usefixtures("one_torch_thread")
@pytest.mark.parametrize("backend", ["torch", "tf"])
@pytest.mark.parametrize("build, chance", [(lstm_tokens, math.log(41)),
                                           (attention_waves, math.log(3))],
                         ids=["lstm-text_chars", "attention-waveforms"])
def test_tiny_sequence_classifiers_learn_through_graphlab_train(build, chance, backend,
                                                                tmp_path, capsys):
    path, trace = tmp_path / "g.graphlab.json", tmp_path / "t.jsonl"
    save(build(), path)
    assert main(["train", str(path), "--backend", backend, "--max-steps", "20", "--json",
                 "--probe-every", "1000", "--trace", str(trace)]) == 0
    result = json.loads(capsys.readouterr().out)
    first = json.loads(trace.read_text().splitlines()[0])
    assert first["step"] == 1 and first["loss"] == pytest.approx(chance, rel=0.15)
    assert result["status"] == "finished" and result["steps"] == 20
    assert result["val_loss"] < 0.85 * first["loss"], (first["loss"], result)


def test_shapes_and_dtypes_that_do_not_fit_are_named():
    waves = load_dataset("waveforms", n_samples=64)
    chars = load_dataset("text_chars", n_samples=64)
    g = attention_waves()
    b = prepare(g, waves, val_fraction=0.25)
    assert b.x_train.shape == (48, 32, 1) and b.x_train.dtype == np.float32
    t = prepare(lstm_tokens(), chars, val_fraction=0.25)
    assert t.x_train.dtype == np.int64 and t.x_train.shape == (48, 16)
    assert np.array_equal(np.sort(np.concatenate([t.x_train, t.x_val]), axis=0),
                          np.sort(chars.x, axis=0))  # ids, never standardised
    with pytest.raises(DatasetMismatch, match=r'Input "seq": dataset parity gives samples of '
                       r"shape \[8, 1\], the Input expects \[32, 1\]; set the Input's shape "
                       r"to \[-1, 8, 1\]"):
        bind(g, load_dataset("parity", n_samples=10))
    with pytest.raises(DatasetMismatch, match='Input "seq" takes int64 ids but dataset '
                       "waveforms gives float32 values"):
        bind(lstm_tokens(), waves)
    with pytest.raises(DatasetMismatch, match=r'Embedding "embedding": dataset text_chars has '
                       r"ids up to \d+ but num_embeddings is 20; set num_embeddings to at "
                       r"least \d+"):
        bind(lstm_tokens(num_embeddings=20), chars)


def test_the_cli_refuses_a_misfit_with_exit_2(tmp_path, capsys):
    path = tmp_path / "g.graphlab.json"
    save(attention_waves(), path)
    assert main(["train", str(path), "--dataset", "adding"]) == 2
    err = capsys.readouterr().err
    assert "dataset adding gives samples of shape [20, 2]" in err and "Traceback" not in err


def test_exported_data_functions_rebuild_the_same_token_arrays():
    src = dataset_source("text_chars", lstm_tokens())
    namespace: dict = {}
    exec(compile(src, "data.py", "exec"), namespace)
    x_train, y_train, x_val, y_val = namespace["load_data"]()
    prepared = prepare(lstm_tokens(), "text_chars")
    assert x_train.dtype == np.int64
    assert np.array_equal(x_train, prepared.x_train) and np.array_equal(y_val, prepared.y_val)


def test_previews_show_sequences_step_by_step_and_the_dock_takes_a_text_file(tmp_path):
    from graphlab.train.datasets import preview
    from graphlab.ui.live.dataset_choice import file_columns

    shown = str(preview("adding", n=1))
    assert "samples of shape [20, 2]" in shown and "... 20 steps] -> [" in shown
    assert shown.splitlines()[1].startswith("  [(")  # (value, marker) per step
    text = tmp_path / "notes.txt"
    text.write_text("hello world, hello graphlab", encoding="utf-8")
    assert file_columns(str(text)) == []  # no target column to ask for
    assert "samples of shape [16] (int64)" in str(preview(str(text)))
