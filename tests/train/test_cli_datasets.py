"""`graphlab datasets`: the list and a preview, as a user runs them."""

from __future__ import annotations

import json

from graphlab.cli import main


def test_datasets_lists_every_name(capsys):
    assert main(["datasets"]) == 0
    out = capsys.readouterr().out
    for name in ("xor", "digits", "seed_task", "none"):
        assert name in out


def test_datasets_preview_as_json(capsys):
    assert main(["datasets", "wine", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["sample_shape"] == [13] and d["n_samples"] == 178


def test_unknown_dataset_is_a_message_and_exit_2(capsys):
    assert main(["datasets", "mnist"]) == 2
    assert "no dataset named 'mnist'" in capsys.readouterr().err
