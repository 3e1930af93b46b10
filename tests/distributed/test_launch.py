"""`graphlab train --nproc N` and its launcher: the run is the exported script's, a
failed or hung process stops the run with its stderr in the message, bad flags are
refused with exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from graphlab.cli import main as cli_main
from graphlab.train.launch import LaunchError, free_ports, run_local
from tests.distributed.helpers import TIMEOUT, export, finish, spawn

# A stand-in for a distributed script: worker 1 (TF_CONFIG task index, or torchrun's
# RANK) fails at once, the others wait as a peer in a collective would.
FAILING = textwrap.dedent('''
    import json, os, sys, time
    rank = os.environ.get("RANK") or json.loads(os.environ["TF_CONFIG"])["task"]["index"]
    if str(rank) == "1":
        sys.exit("boom: worker 1 could not read its data")
    time.sleep(600)
''')


def test_train_nproc_reports_the_two_process_scripts_final_loss(tmp_path):
    pytest.importorskip("torch")
    script = export(tmp_path, "seed_mlp", "torch")
    direct = spawn(script, "torch", 2, [], "direct")
    env = {**os.environ, "OMP_NUM_THREADS": "1", "CUDA_VISIBLE_DEVICES": ""}
    launched = subprocess.run([sys.executable, "-m", "graphlab", "train", "seed_mlp",
                               "--nproc", "2", "--timeout", str(TIMEOUT)], cwd=tmp_path,
                              env=env, capture_output=True, text=True, timeout=TIMEOUT + 30)
    direct = finish(direct)
    assert launched.returncode == 0, launched.stderr[-3000:]
    ours = [ln for ln in launched.stdout.splitlines() if ln.startswith("epoch ")]
    theirs = [ln for ln in direct.out.splitlines() if ln.startswith("epoch ")]
    assert len(ours) == 20 and ours[-1] == theirs[-1]  # the same final loss line
    assert "seed_mlp: finished after 20 epoch(s), 500 steps" in launched.stdout
    assert "2 processes" in launched.stdout
    loss = theirs[-1].split("  loss ")[1].split()[0]
    assert f"train loss {float(loss):.3g}"[:14] in launched.stdout


@pytest.mark.parametrize("backend", ["tf", "torch"])
def test_a_failed_worker_stops_the_run_and_its_stderr_is_in_the_message(tmp_path, backend):
    if backend == "torch":
        pytest.importorskip("torch")
    script = tmp_path / "failing.py"
    script.write_text(FAILING)
    with pytest.raises(LaunchError) as caught:
        run_local(script, backend, 2, [], timeout=TIMEOUT, on_line=lambda line: None,
                  cwd=tmp_path, env={"OMP_NUM_THREADS": "1"})
    text = str(caught.value)
    assert "boom: worker 1 could not read its data" in text
    assert ("worker 1 failed (exit code 1)" if backend == "tf" else "rank 1 failed first") in text


def test_a_run_past_its_timeout_is_stopped(tmp_path):
    script = tmp_path / "slow.py"
    script.write_text("import sys, time\nprint('started', flush=True)\n"
                      "sys.stderr.write('still waiting for a peer\\n')\ntime.sleep(600)\n")
    lines = []
    with pytest.raises(LaunchError, match="did not finish within 3 s") as caught:
        run_local(script, "tf", 2, [], timeout=3, on_line=lines.append, cwd=tmp_path)
    assert "still waiting for a peer" in str(caught.value)
    assert lines == ["started"]  # rank 0's output was passed on as it came


def test_free_ports_are_distinct_and_bindable():
    import socket

    ports = free_ports(4)
    assert len(set(ports)) == 4
    for port in ports:
        with socket.socket() as s:
            s.bind(("127.0.0.1", port))


@pytest.mark.parametrize("argv, words", [
    (["train", "seed_mlp", "--nproc", "0"], "--nproc 0: expected a whole number"),
    (["train", "seed_mlp", "--nproc", "2", "--trace", "t.jsonl"], "--trace does not go with"),
    (["train", "seed_mlp", "--nproc", "2", "--lr", "-1"], "--lr -1.0: expected a finite"),
    (["train", "seed_mlp", "--nproc", "2", "--timeout", "0"], "--timeout 0: expected"),
    (["train", "no_such_graph", "--nproc", "2"], "no built-in example of that name"),
    (["train", "scalar_expr", "--nproc", "2"], "with training: it has no loss node"),
    (["export", "seed_mlp", "--backend", "onnx", "--distributed", "-o", "x.onnx"],
     "--distributed applies to Python source"),
])
def test_bad_distributed_flags_are_refused_with_exit_code_2(argv, words, capsys, tmp_path,
                                                            monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli_main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
