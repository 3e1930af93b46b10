"""Memory: an optional budget for training steps and the out-of-memory report.

``MemoryGuard`` enforces ``memory_limit_mb``. On a CUDA device torch's own allocator is
capped (``set_per_process_memory_fraction``), so a real allocation fails. Everywhere
else the guard compares the step's estimated need (``analyze(graph, batch)``:
weights, gradients, optimizer moments, activations and their gradients) with the
budget before the step runs and raises ``MemoryError``, the same error a failed host
allocation gives. Either way the session reports it with :func:`oom_report`.

Before that, :func:`refusal` compares the whole run's estimate with the budget (or, with
no budget, the host's free memory) so a model that cannot fit is refused before any
weight is created: a ``Linear`` with 10**9 outputs must not start allocating.
"""

from __future__ import annotations

import os

from graphlab.graph.inference import analyze
from graphlab.units import human_bytes

MIB = 1024 * 1024


def available_bytes() -> int | None:
    """Memory the host can still give this process (Linux MemAvailable, else the
    POSIX free page count); None when neither can be read."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        return None


def gpu_may_train(device: str) -> bool:
    """Whether ``device`` may put activations on a GPU with memory of its own (then only
    the weights, which the host also holds, are checked against host memory)."""
    if device in ("cuda", "gpu") or device.startswith(("cuda:", "/GPU:")):
        return True
    if device != "auto":
        return False  # cpu, /CPU:n, and mps (whose memory is the host's)
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    return visible not in ("", "-1") and os.path.exists("/dev/nvidiactl")


def refusal(graph, batch_size: int, limit_mb: float | None, device: str = "auto",
            available: int | None = None) -> str | None:
    """Why a run of ``graph`` at ``batch_size`` cannot fit (None when it can).

    Shapes only: nothing is allocated. ``available`` defaults to :func:`available_bytes`.
    """
    a = analyze(graph, batch_size)
    totals = a.totals()
    need = int(totals["training_memory_bytes"])
    what = "weights, gradients, optimizer state and activations"
    if limit_mb is not None:
        limit = float(limit_mb) * MIB
        where = f"the limit is {human_bytes(limit)} (--memory-limit-mb)"
    else:
        limit = available_bytes() if available is None else available
        if limit is None:
            return None
        where = f"this machine has {human_bytes(limit)} free"
        if gpu_may_train(device):  # activations may live on the GPU; weights live here too
            need, what = int(totals["param_bytes"]), "the weights"
    if need <= limit:
        return None
    hint = "lower the batch size or the layer sizes"
    if what != "the weights" and batch_size > 1:
        smaller = max(1, batch_size // 2)
        hint = (f"lower the batch size (at {smaller} the estimate is "
                f"{human_bytes(training_bytes(graph, smaller))}) or the layer sizes")
    sizes = [(a.node_info(n).activation_bytes * 2 + a.node_info(n).param_bytes * 4, n)
             for n in graph.topo_order()]
    nbytes, nid = max(sizes, default=(0, None))
    if nid is not None and nbytes > 0:
        v = graph.node(nid)
        hint += f"; the largest node is {v.op} \"{v.label}\" ({human_bytes(nbytes)})"
    return (f"the model needs about {human_bytes(need)} for {what} at batch {batch_size}; "
            f"{where}; {hint}")


def is_out_of_memory(exc: BaseException) -> bool:
    """True for every way the frameworks say they ran out of memory."""
    if isinstance(exc, MemoryError):
        return True
    name = type(exc).__name__
    if name in ("OutOfMemoryError", "ResourceExhaustedError"):
        return True
    text = str(exc).lower()
    return isinstance(exc, RuntimeError) and ("out of memory" in text
                                               or "can't allocate memory" in text)


def training_bytes(graph, batch_size: int) -> int:
    return int(analyze(graph, batch_size).totals()["training_memory_bytes"])


class MemoryGuard:
    def __init__(self, graph, limit_mb: float | None):
        self.graph = graph
        self.limit = None if limit_mb is None else float(limit_mb) * MIB
        self._checked: dict[int, int] = {}
        self._device_capped = False

    def apply_to_torch(self, device) -> None:
        """Cap the CUDA caching allocator at the budget (a real limit, not an estimate)."""
        if self.limit is None or device.type != "cuda":
            return
        import torch

        index = device.index if device.index is not None else torch.cuda.current_device()
        total = torch.cuda.get_device_properties(index).total_memory
        torch.cuda.set_per_process_memory_fraction(min(1.0, self.limit / total), index)
        self._device_capped = True

    def check(self, batch_size: int) -> None:
        if self.limit is None or self._device_capped:
            return
        need = self._checked.get(batch_size)
        if need is None:
            need = self._checked[batch_size] = training_bytes(self.graph, batch_size)
        if need > self.limit:
            raise MemoryError(f"a training step with batch size {batch_size} needs about "
                              f"{need / MIB:.1f} MiB, over the memory limit of "
                              f"{self.limit / MIB:.1f} MiB")


def oom_report(graph, batch_size: int, exc: BaseException, device: str = "",
               top: int = 5) -> str:
    """What ran out, the estimated memory per node at this batch size, and what to change."""
    a = analyze(graph, batch_size)
    totals = a.totals()
    rows = []
    for nid in graph.topo_order():
        info = a.node_info(nid)
        rows.append((info.activation_bytes * 2 + info.param_bytes * 4, nid))
    rows.sort(reverse=True)
    lines = [f"out of memory{' on ' + device if device else ''} at batch size {batch_size}: "
             f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}".rstrip(),
             f"estimated training memory: {totals['training_memory_bytes'] / MIB:.1f} MiB "
             f"(weights {totals['param_bytes'] / MIB:.1f} MiB, activations "
             f"{totals['activation_bytes'] / MIB:.1f} MiB per batch); largest nodes:"]
    for nbytes, nid in rows[:top]:
        v = graph.node(nid)
        lines.append(f'  {v.op} "{v.label}": {nbytes / MIB:.2f} MiB')
    smaller = max(1, batch_size // 2)
    need_small = training_bytes(graph, smaller) / MIB
    lines.append(f"what to change: lower the batch size (at {smaller} the estimate is "
                 f"{need_small:.1f} MiB), make the largest layers smaller, or train on a "
                 "device with more memory")
    return "\n".join(lines)
