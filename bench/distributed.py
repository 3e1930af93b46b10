"""Throughput of an exported distributed script (export --distributed) on 1, 2, ...
processes, on this machine's CPU or GPUs: the scaling docs/scale-out.md quotes.

Each size is a fresh run of the same script through graphlab's launcher (torchrun for
torch, N TF_CONFIG workers for tf; on GPUs torch runs one process per GPU and TF one
MirroredStrategy process over the first N GPUs). On CPU each of N processes gets
cores / N threads, so every size uses the whole machine. The figure is the script's own
"samples/s" (training steps only, not start-up) and the speed-up over one process.

    python bench/distributed.py [--backend torch|tf] [--graph digits_mlp] [--epochs 3]
                                [--sizes 1,2] [--device cpu|cuda] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphlab import examples  # noqa: E402
from graphlab.compile.distributed import distributed_file  # noqa: E402
from graphlab.train.launch import LaunchError, run_local  # noqa: E402

TRAINED = re.compile(r"trained (\d+) steps, (\d+) samples in ([\d.]+) s")


def measure(script: Path, backend: str, size: int, device: str, epochs: int,
            timeout: float) -> dict:
    """One run of ``script`` on ``size`` processes (or GPUs); its figures."""
    cores = os.cpu_count() or 1
    env = {"TF_CPP_MIN_LOG_LEVEL": "3"}
    nproc = size
    if device == "cpu":
        threads = str(max(1, cores // size))  # torch reads OMP's, TF its own variables
        env.update(CUDA_VISIBLE_DEVICES="", OMP_NUM_THREADS=threads,
                   TF_NUM_INTRAOP_THREADS=threads, TF_NUM_INTEROP_THREADS=threads)
    elif backend == "tf":  # one process, MirroredStrategy over the first `size` GPUs
        env["CUDA_VISIBLE_DEVICES"] = ",".join(str(i) for i in range(size))
        nproc = 1
    lines: list[str] = []
    run_local(script, backend, nproc, ["--epochs", str(epochs)], timeout, lines.append,
              env=env, cwd=script.parent)
    found = next((TRAINED.search(ln) for ln in reversed(lines) if TRAINED.search(ln)), None)
    if found is None:
        raise LaunchError(f"the script printed no 'trained ...' line: {lines[-3:]}")
    steps, samples, seconds = int(found[1]), int(found[2]), float(found[3])
    loss = next((ln.split("  loss ")[1].split()[0] for ln in reversed(lines)
                 if ln.startswith("epoch ")), None)
    return {"size": size, "processes": nproc, "threads": env.get("OMP_NUM_THREADS"),
            "steps": steps, "seconds": seconds, "samples_per_s": samples / max(seconds, 1e-9),
            "final_loss": float(loss) if loss else None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("torch", "tf"), default="torch")
    parser.add_argument("--graph", default="digits_mlp", choices=examples.names())
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--sizes", default="1,2", help="process (GPU) counts, comma-separated")
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs per size; the fastest counts (a busy machine's noise)")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    try:
        sizes = [int(s) for s in args.sizes.split(",")]
    except ValueError:
        parser.error(f"--sizes {args.sizes}: expected whole numbers such as 1,2,4")
    with tempfile.TemporaryDirectory(prefix="bench-distributed-") as tmp:
        script = Path(tmp) / f"{args.graph}_{args.backend}_dist.py"
        script.write_text(distributed_file(examples.example(args.graph), args.backend))
        try:
            rows = [max((measure(script, args.backend, n, args.device, args.epochs,
                                 args.timeout) for _ in range(max(1, args.repeat))),
                        key=lambda row: row["samples_per_s"]) for n in sizes]
        except LaunchError as err:
            print(f"bench/distributed.py: {err}", file=sys.stderr)
            return 1
    base = rows[0]["samples_per_s"]
    for row in rows:
        row["speedup"] = row["samples_per_s"] / base
    out = {"graph": args.graph, "backend": args.backend, "device": args.device,
           "epochs": args.epochs, "cores": os.cpu_count(), "rows": rows}
    if args.json:
        print(json.dumps(out))
        return 0
    unit = "GPUs" if args.device == "cuda" else "procs"
    print(f"{args.graph} ({args.backend}, {args.device}, {args.epochs} epochs, "
          f"{os.cpu_count()} cores)")
    print(f"{unit:>6} {'threads':>8} {'steps':>6} {'seconds':>8} {'samples/s':>10} "
          f"{'speed-up':>9} {'final loss':>11}")
    for r in rows:
        print(f"{r['size']:>6} {r['threads'] or '-':>8} {r['steps']:>6} {r['seconds']:>8.2f} "
              f"{r['samples_per_s']:>10.0f} {r['speedup']:>8.2f}x {r['final_loss']:>11.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
