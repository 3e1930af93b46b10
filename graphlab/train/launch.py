"""Run an exported distributed script on N local processes (``graphlab train --nproc N``).

graphlab does not distribute anything itself: torch scripts run under torchrun
(``python -m torch.distributed.run``, static rendezvous on a free localhost port) and TF
scripts as N workers, each with its own ``TF_CONFIG`` naming all N on free localhost
ports. Rank 0's output is passed on line by line; every process's stderr goes to a file,
and when one process fails the others are stopped (a peer waiting in a collective would
otherwise wait for ever) and that process's stderr ends the error message. A run that
outlives its timeout is stopped the same way.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

TAIL_LINES = 20


class LaunchError(RuntimeError):
    """The run could not start or a process failed; the message says which and why."""


def free_ports(count: int) -> list[int]:
    """``count`` distinct free localhost ports (each bound to port 0, then released)."""
    socks = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def commands(script: str | os.PathLike, backend: str, nproc: int, script_args: list[str],
             logs: str | os.PathLike = "") -> list[tuple[list[str], dict[str, str]]]:
    """(argv, extra environment) of each process to start; the first one's stdout is
    rank 0's. torchrun writes each rank's stderr under ``logs``/torchrun."""
    script = str(script)
    if backend == "torch":
        port = free_ports(1)[0]
        argv = [sys.executable, "-m", "torch.distributed.run", "--nnodes=1",
                f"--nproc_per_node={nproc}", "--master_addr=127.0.0.1",
                f"--master_port={port}", f"--log-dir={Path(logs) / 'torchrun'}",
                "--redirects=2", script, *script_args]
        return [(argv, {"OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")})]
    workers = [f"127.0.0.1:{p}" for p in free_ports(nproc)]
    return [([sys.executable, script, *script_args],
             {"TF_CONFIG": json.dumps({"cluster": {"worker": workers},
                                       "task": {"type": "worker", "index": i}}),
              "TF_CPP_MIN_LOG_LEVEL": os.environ.get("TF_CPP_MIN_LOG_LEVEL", "2")})
            for i in range(nproc)]


def _tail(path: Path) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    lines = [ln for ln in lines if ln.strip()]
    return "\n".join(lines[-TAIL_LINES:])


def _torch_failure(logs: Path) -> tuple[str, str]:
    """(the rank torchrun names as the root cause, that rank's stderr tail); torchrun's
    own stderr when the rank's cannot be found."""
    own = (logs / "0.err").read_text(encoding="utf-8", errors="replace") \
        if (logs / "0.err").exists() else ""
    found = re.search(r"Root Cause.*?rank\s*:\s*(\d+)", own, re.S)
    rank = found.group(1) if found else "?"
    for path in sorted((logs / "torchrun").glob(f"*/attempt_*/{rank}/stderr.log")):
        if tail := _tail(path):
            return rank, tail
    return rank, _tail(logs / "0.err") or "(empty)"


def _stop(procs: list[subprocess.Popen]) -> None:
    """Stop every process still running (and its children: torchrun's workers)."""
    for p in procs:
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except (ProcessLookupError, PermissionError):
                pass
    deadline = time.monotonic() + 5
    for p in procs:
        try:
            p.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            p.wait()


def run_local(script: str | os.PathLike, backend: str, nproc: int, script_args: list[str],
              timeout: float, on_line: Callable[[str], None] = print,
              env: dict[str, str] | None = None, cwd: str | os.PathLike | None = None) -> None:
    """Run ``script`` on ``nproc`` local processes, passing rank 0's stdout lines to
    ``on_line``; returns when all exited cleanly. Raises LaunchError otherwise."""
    base = {**os.environ, **(env or {})}
    logs = Path(tempfile.mkdtemp(prefix="graphlab-launch-"))
    procs: list[subprocess.Popen] = []
    reader = None
    try:
        for i, (argv, extra) in enumerate(commands(script, backend, nproc, script_args, logs)):
            with open(logs / f"{i}.err", "wb") as err:
                procs.append(subprocess.Popen(
                    argv, cwd=cwd, env={**base, **extra}, stderr=err,
                    stdout=subprocess.PIPE if i == 0 else subprocess.DEVNULL,
                    start_new_session=True))  # its own group: _stop reaches its children
        reader = threading.Thread(target=_pass_on, args=(procs[0].stdout, on_line),
                                  daemon=True)
        reader.start()
        _watch(procs, logs, timeout, backend)
    except OSError as err:
        raise LaunchError(f"cannot start the processes: {err}") from None
    finally:
        _stop(procs)
        if reader is not None:
            reader.join(5)
        shutil.rmtree(logs, ignore_errors=True)


def _pass_on(stream, on_line) -> None:
    for raw in iter(stream.readline, b""):
        on_line(raw.decode("utf-8", errors="replace").rstrip("\n"))
    stream.close()


def _watch(procs: list[subprocess.Popen], logs: Path, timeout: float, backend: str) -> None:
    """Wait for every process; LaunchError on the first failure or at the timeout."""
    deadline = time.monotonic() + timeout
    while True:
        codes = [p.poll() for p in procs]
        for i, code in enumerate(codes):
            if code not in (None, 0):
                _stop(procs)
                if backend == "torch":
                    rank, tail = _torch_failure(logs)
                    raise LaunchError(f"torchrun failed (exit code {code}): rank {rank} failed "
                                      f"first; its stderr ends:\n{tail}")
                raise LaunchError(f"worker {i} failed (exit code {code}); its stderr ends:\n"
                                  + (_tail(logs / f"{i}.err") or "(empty)"))
        if all(code == 0 for code in codes):
            return
        if time.monotonic() > deadline:
            _stop(procs)
            tails = "\n".join(f"[{i}] {_tail(logs / f'{i}.err') or '(empty)'}"
                              for i in range(len(procs)))
            raise LaunchError(f"the run did not finish within {timeout:g} s and was stopped "
                              f"(--timeout raises the limit); stderr:\n{tails}")
        time.sleep(0.1)
