"""A dataset file with column targets and no validation split trains (issue 19, defect 1)."""

from __future__ import annotations

import json

import numpy as np

from graphlab import example
from graphlab.cli import main
from graphlab.train.datasets import generators as gen
from graphlab.train.session import TrainingSession


def _column_npz(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 2)).astype(np.float32)
    y = (x[:, :1] * x[:, 1:] > 0).astype(np.float32)  # shape [40, 1]
    path = tmp_path / "column.npz"
    np.savez(path, x=x, y=y)
    return path


def test_shape_targets_keeps_the_column_of_an_empty_split():
    for y in (np.zeros((0, 1)), np.zeros((0,)), np.zeros((0, 3))):
        assert gen.shape_targets(y, "column").shape == (0, y.shape[1] if y.ndim > 1 else 1)
    assert gen.shape_targets(np.ones((5, 1)), "column").shape == (5, 1)


def test_session_prepares_a_column_npz_without_validation(tmp_path):
    session = TrainingSession(example("xor"), dataset=str(_column_npz(tmp_path)),
                              val_fraction=0.0)
    session.prepare()
    assert session.data.y_train.shape == (40, 1) and session.data.n_val == 0


def test_cli_trains_a_column_npz_without_validation(tmp_path, capsys):
    path = _column_npz(tmp_path)
    assert main(["train", "xor", "--dataset", str(path), "--val-fraction", "0",
                 "--epochs", "2", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["status"] == "finished" and d["steps"] > 0
