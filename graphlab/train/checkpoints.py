"""Checkpoints: canonical-layout weights in an .npz, so either backend can continue a run.

Metadata (step, epoch, backend) is stored under keys starting with ``__`` that
``load_checkpoint`` separates from the weights. Writes are atomic (temp file, then
rename), so a fault or crash mid-write never replaces a good checkpoint.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
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


def unwritable(path: str | Path) -> str | None:
    """Why a weights file could not be written at ``path`` (None if it can): asked before
    a run, so a typo costs nothing rather than the trained weights at the end."""
    path = Path(path)
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # save_checkpoint creates the missing folders
    if path.is_dir():
        return f"{path} is a folder"
    if not folder.is_dir():
        return f"{folder} is not a folder"
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return f"no permission to write in {folder}"
    return None


def load_checkpoint(path: str | Path) -> tuple[dict[str, np.ndarray], dict[str, object]]:
    """(weights, metadata) from an .npz written by ``save_checkpoint`` or ``np.savez``;
    ``ValueError`` with a message for the user when the file cannot be read as one."""
    p = Path(path)
    if p.exists() and not p.is_file():
        raise ValueError(f"cannot read the weights file {path}: it is not a regular file")
    if p.is_file() and not zipfile.is_zipfile(path):
        raise ValueError(f"cannot read the weights file {path}: it is not an .npz file "
                         "(write one with --save-weights or numpy.savez)")
    try:
        weights, meta = _load(path)
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as err:
        text = str(err)
        if "pickle" in text:  # numpy's advice to allow pickles is never the answer here
            text = "it holds Python objects, not arrays of numbers"
        raise ValueError(f"cannot read the weights file {path}: {text}") from None
    odd = [k for k, v in weights.items() if v.dtype.kind not in "fiub"]
    if odd:
        raise ValueError(f"cannot read the weights file {path}: {', '.join(odd[:6])} "
                         "are not arrays of numbers")
    return weights, meta


def weights_misfit(expected: dict[str, np.ndarray], given: dict[str, np.ndarray]) -> str:
    """What keeps ``given`` weights from loading where ``expected`` ones live (names
    missing or unknown, shapes that differ); empty when they fit."""
    problems = []
    missing = [k for k in expected if k not in given]
    unknown = [k for k in given if k not in expected]
    if missing:
        problems.append(f"it lacks {', '.join(missing[:6])}" + (" ..." if len(missing) > 6 else ""))
    if unknown:
        problems.append(f"it has {', '.join(unknown[:6])} that the graph does not"
                        + (" ..." if len(unknown) > 6 else ""))
    for k in expected:
        if k in given and tuple(np.shape(given[k])) != tuple(np.shape(expected[k])):
            problems.append(f"{k} is {list(np.shape(given[k]))}, the graph's is "
                            f"{list(np.shape(expected[k]))}")
    return "; ".join(problems)


def _load(path):
    with np.load(path, allow_pickle=False) as f:
        weights = {k: f[k] for k in f.files if not k.startswith(META)}
        meta = {k[len(META):]: f[k].item() if f[k].ndim == 0 else f[k] for k in f.files
                if k.startswith(META)}
    return weights, meta
