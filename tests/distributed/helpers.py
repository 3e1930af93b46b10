"""Run exported distributed scripts as real processes, where graphlab cannot be imported.

``spawn`` starts one run (1 process, or N ranks / workers on localhost with free ports)
and returns a handle; ``finish`` waits for it with a timeout, stops every process of a
run that failed or hung, and raises with each process's stderr. Runs that do not depend
on each other are started together, so a module's runs overlap on the cores.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import runpy
import subprocess
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from graphlab import examples
from graphlab.compile.distributed import distributed_file
from graphlab.train.launch import free_ports

TIMEOUT = 240  # seconds for one run; never reached by a healthy run


def bare_env(**extra: str) -> dict[str, str]:
    """The venv's packages without graphlab (no .pth processing with python -S)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "TF_CONFIG", "RANK", "WORLD_SIZE", "LOCAL_RANK")}
    env.update(PYTHONPATH=sysconfig.get_paths()["purelib"], TF_CPP_MIN_LOG_LEVEL="3",
               OMP_NUM_THREADS="1", CUDA_VISIBLE_DEVICES="", **extra)
    return env


def export(folder: Path, name: str, backend: str) -> Path:
    path = folder / f"{name}_{backend}_dist.py"
    path.write_text(distributed_file(examples.example(name), backend), encoding="utf-8")
    return path


@dataclass
class Run:
    procs: list[subprocess.Popen]
    logs: list[Path]
    label: str
    out: str = ""
    records: list[dict] = field(default_factory=list)


def spawn(script: Path, backend: str, nproc: int, args: list[str], label: str) -> Run:
    """Start ``script`` on ``nproc`` processes (torch: ranks joined over env://; tf:
    workers named in TF_CONFIG), in the script's folder."""
    folder = script.parent
    procs, logs = [], []
    ports = free_ports(nproc if backend == "tf" else 1)
    for rank in range(nproc):
        if nproc == 1:
            extra = {}
        elif backend == "torch":
            extra = dict(RANK=str(rank), LOCAL_RANK=str(rank), WORLD_SIZE=str(nproc),
                         MASTER_ADDR="127.0.0.1", MASTER_PORT=str(ports[0]))
        else:
            extra = {"TF_CONFIG": json.dumps({
                "cluster": {"worker": [f"127.0.0.1:{p}" for p in ports]},
                "task": {"type": "worker", "index": rank}})}
        log = folder / f"{label}.{rank}.err"
        with open(log, "wb") as err:
            procs.append(subprocess.Popen(
                [sys.executable, "-S", script.name, *args], cwd=folder, env=bare_env(**extra),
                stdout=subprocess.PIPE if rank == 0 else subprocess.DEVNULL, stderr=err))
        logs.append(log)
    return Run(procs, logs, label)


def finish(run: Run, metrics: Path | None = None) -> Run:
    """Wait for every process of ``run``; AssertionError with their stderr if one fails
    or the run outlives TIMEOUT (then every process is killed)."""
    try:
        run.out = run.procs[0].communicate(timeout=TIMEOUT)[0].decode()
        codes = [p.wait(timeout=TIMEOUT) for p in run.procs]
    except subprocess.TimeoutExpired:
        codes = None
    finally:
        for p in run.procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    if codes is None or any(codes):
        errs = "\n".join(f"--- {run.label} process {i} ---\n"
                         + log.read_text(errors="replace")[-3000:]
                         for i, log in enumerate(run.logs))
        raise AssertionError(f"{run.label}: exit codes {codes}\n{errs}")
    if metrics is not None:
        run.records = [json.loads(line) for line in metrics.read_text().splitlines()]
    return run


def weights(path: Path, prefix: str = "") -> dict[str, np.ndarray]:
    with np.load(path) as data:
        return {k[len(prefix):]: data[k] for k in data.files if k.startswith(prefix)}


def assert_close(a: dict, b: dict, rtol: float) -> None:
    """Every array of ``a`` equals ``b``'s within ``rtol`` of that array's size (a
    relative norm: single entries near 0 do not make the comparison meaningless)."""
    assert a.keys() == b.keys()
    for k in a:
        err = np.linalg.norm(a[k] - b[k]) / max(np.linalg.norm(b[k]), 1e-12)
        assert err <= rtol, (k, err)


def run_here(script: Path, args: list[str]) -> str:
    """``python SCRIPT ARGS`` on one process, in this interpreter (the framework is
    imported already); its stdout."""
    argv, cwd = sys.argv, os.getcwd()
    out = io.StringIO()
    try:
        sys.argv = [script.name, *args]
        os.chdir(script.parent)
        with contextlib.redirect_stdout(out):
            runpy.run_path(str(script), run_name="__main__")
    finally:
        sys.argv = argv
        os.chdir(cwd)
    return out.getvalue()


def digits_runs(folder: Path, backend: str) -> dict[str, Run]:
    """Every run the distributed tests compare, on digits_mlp (1437 training samples):

    one1 / one2: one step of a 37-sample batch on 1 process / 2 (shares of 19 and 18,
    the 2-process one in 3 micro-batches each); epoch1: one epoch on 1 process; two: two
    epochs on 2 processes, a checkpoint after each; resumed: two processes resuming
    two's first checkpoint. The one-process runs run in this interpreter while the
    2-process ones (bare interpreters, without graphlab) run."""
    script = export(folder, "digits_mlp", backend)
    step = ["--max-steps", "1", "--batch-size", "37"]
    one2 = spawn(script, backend, 2, [*step, "--accum-steps", "3", "--save-weights",
                                      "one2.npz"], "one2")
    two = spawn(script, backend, 2, ["--epochs", "2", "--metrics", "two.jsonl",
                                     "--checkpoint", "two_{epoch}.npz"], "two")
    started = [one2, two]
    try:
        runs = {"one1": Run([], [], "one1", run_here(script, [*step, "--save-weights",
                                                              "one1.npz"])),
                "epoch1": Run([], [], "epoch1", run_here(script, [
                    "--epochs", "1", "--metrics", "epoch1.jsonl", "--checkpoint",
                    "epoch1_{epoch}.npz"]))}
        runs["epoch1"].records = [json.loads(ln) for ln in
                                  (folder / "epoch1.jsonl").read_text().splitlines()]
        runs["two"] = finish(two, folder / "two.jsonl")
        started.append(spawn(script, backend, 2, [
            "--epochs", "2", "--resume", "two_1.npz", "--metrics", "resumed.jsonl",
            "--checkpoint", "resumed_{epoch}.npz"], "resumed"))
        runs["one2"] = finish(one2)
        runs["resumed"] = finish(started[-1], folder / "resumed.jsonl")
    finally:
        for run in started:  # a failed run or assertion leaves nothing running
            for p in run.procs:
                if p.poll() is None:
                    p.kill()
                    p.wait()
    return runs
