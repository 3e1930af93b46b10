"""One table of training settings drives the file format, the session config and the
CLI: each entry is checked in every place it must reach."""

from __future__ import annotations

import json
from dataclasses import fields

import pytest

import graphlab
from graphlab.graph.fileformat import LoadError, graph_to_dict, loads
from graphlab.graph.graph import DEFAULT_TRAINING
from graphlab.graph.training_settings import BY_NAME, DEVICES, SETTINGS

BAD = {"dataset": 3, "backend": "jax", "optimizer": "lbfgs", "optimizer_params": [],
       "lr": 0, "batch_size": 0, "epochs": 2.5, "val_fraction": 1.0, "standardize": "yes",
       "device": "tpu"}


def test_the_table_is_the_graph_default_and_each_default_is_valid():
    assert list(DEFAULT_TRAINING) == [s.name for s in SETTINGS]
    for s in SETTINGS:
        assert s.problem(s.default) is None, s.name
        assert DEFAULT_TRAINING[s.name] == s.default


@pytest.mark.parametrize("name", [s.name for s in SETTINGS])
def test_a_bad_value_of_every_setting_is_refused_by_the_file_format(name):
    assert name in BAD, f"add a bad value for the new setting {name}"
    d = graph_to_dict(graphlab.example("xor"))
    d["training"][name] = BAD[name]
    with pytest.raises(LoadError) as err:
        loads(json.dumps(d))
    assert f"$.training.{name}: " in str(err.value)


def test_the_session_config_takes_its_defaults_from_the_table():
    from graphlab.train.config import TrainConfig

    defaults = {f.name: f.default for f in fields(TrainConfig)}
    for s in SETTINGS:
        if s.kind != "params":
            assert defaults[s.name] == s.default, s.name


def test_devices_agree_everywhere():
    """The file format, the config and the dock accept one list: auto, cpu, cuda, cuda:N,
    mps (they disagreed: the config took gpu and cuda:N, the file format refused both)."""
    from graphlab.train.config import ConfigError, TrainConfig

    d = graph_to_dict(graphlab.example("xor"))
    for device in (*DEVICES, "cuda:1"):
        d["training"]["device"] = device
        assert loads(json.dumps(d)).training["device"] == device
        TrainConfig(device=device).check()
    for device in ("gpu", "cuda:x", "/GPU:0"):
        assert BY_NAME["device"].problem(device)
        with pytest.raises(ConfigError, match="device"):
            TrainConfig(device=device).check()
