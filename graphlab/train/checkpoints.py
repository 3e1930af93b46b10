"""Checkpoints: canonical-layout weights in an .npz, so either backend can continue a run.

Metadata (step, epoch, backend) is stored under keys starting with ``__`` that
``load_checkpoint`` separates from the weights. Writes are atomic (temp file, then
rename), so a fault or crash mid-write never replaces a good checkpoint.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np

META = "__"


def save_checkpoint(path: str | Path, weights: dict[str, np.ndarray], **meta) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = dict(weights)
    for k, v in meta.items():
        arrays[f"{META}{k}"] = np.asarray(v)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp.npz", dir=path.parent)
    os.close(fd)
    try:
        np.savez(tmp, **arrays)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def load_checkpoint(path: str | Path) -> tuple[dict[str, np.ndarray], dict[str, object]]:
    """(weights, metadata) from an .npz written by ``save_checkpoint`` or ``np.savez``."""
    with np.load(path) as f:
        weights = {k: f[k] for k in f.files if not k.startswith(META)}
        meta = {k[len(META):]: f[k].item() if f[k].ndim == 0 else f[k] for k in f.files
                if k.startswith(META)}
    return weights, meta
