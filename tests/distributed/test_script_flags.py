"""The distributed script's own flags refuse what they cannot do, with a message that
says why, before any training (run in this interpreter: one process, no subprocess)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.distributed.helpers import export, run_here


@pytest.fixture(scope="module")
def script(tmp_path_factory):
    pytest.importorskip("torch")
    return export(tmp_path_factory.mktemp("flags"), "seed_mlp", "torch")


def test_sync_batchnorm_on_cpu_is_refused(script):
    with pytest.raises(SystemExit, match="--sync-batchnorm needs CUDA"):
        run_here(script, ["--sync-batchnorm", "--max-steps", "1"])


def test_resuming_from_a_missing_file_is_refused_by_the_parser(script, capsys):
    with pytest.raises(SystemExit) as caught:
        run_here(script, ["--resume", "no_such.npz"])
    assert caught.value.code == 2
    assert "--resume no_such.npz: no such checkpoint file" in capsys.readouterr().err


def test_resuming_from_plain_weights_says_it_is_not_a_checkpoint(script):
    weights = script.parent / "plain.npz"
    run_here(script, ["--max-steps", "1", "--save-weights", str(weights)])
    with np.load(weights) as data:
        assert data.files and all("/" not in name for name in data.files)  # weights only
    with pytest.raises(SystemExit, match="plain.npz is not a --checkpoint file"):
        run_here(script, ["--resume", str(weights)])


@pytest.mark.parametrize("flag", ["--batch-size", "--accum-steps"])
def test_a_batch_or_accumulation_below_one_is_refused(script, flag, capsys):
    with pytest.raises(SystemExit):
        run_here(script, [flag, "0"])
    assert "must be at least 1" in capsys.readouterr().err
