"""Reading a dataset file (.csv or .npz) that may be anything at all.

A data path can be a folder, a pipe, ``/dev/zero``, a truncated download, a pickle
renamed ``.npz``, or arrays of the wrong kind. Each is refused here with a message
saying what the file is and what graphlab wants, before anything large is read: only
regular files are opened, their size is capped, and an .npz's array headers (shape,
dtype) are read and checked before any array data is. Pickles are never loaded.
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from math import prod
from pathlib import Path
from typing import Any

import numpy as np

from graphlab.graph.file_limits import file_kind
from graphlab.train.datasets import generators as gen
from graphlab.train.datasets.registry import (
    CLASSIFICATION,
    REGRESSION,
    Dataset,
    DatasetError,
    csv_columns,
)
from graphlab.units import human_bytes

MAX_CSV_BYTES = 1 << 30  # text: about 4x this once parsed into float64
MAX_NPZ_BYTES = 4 << 30
MAX_ARRAY_BYTES = 8 << 30  # what an .npz's arrays take once loaded and converted
MAX_HEADER_CHARS = 1 << 20
SAVE_HINT = "numpy.savez(path, x=features, y=targets)"
_KINDS = {"c": "complex numbers", "U": "text", "S": "bytes", "V": "records (a structured "
          "dtype)", "M": "dates", "m": "time spans", "O": "Python objects (dtype object)"}


def check_path(path: str | Path) -> os.stat_result:
    """The file's stat if it is a regular file graphlab can read; else DatasetError."""
    shown = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise DatasetError(f"dataset file {shown} does not exist") from None
    except PermissionError:
        raise DatasetError(f"dataset file {shown} cannot be read: permission denied") from None
    except OSError as err:
        raise DatasetError(f"dataset file {shown} cannot be read: "
                           f"{err.strerror or err}") from None
    mode = st.st_mode
    if stat.S_ISREG(mode):
        if not os.access(path, os.R_OK):
            raise DatasetError(f"dataset file {shown} cannot be read: permission denied")
        return st
    kind = file_kind(mode)
    raise DatasetError(f"dataset path {shown} is {kind}; give a .csv or .npz file")


def load_file(path: str, **opts: Any) -> Dataset:
    """A .csv or .npz file as a Dataset; DatasetError with a message for anything else."""
    p = Path(path)
    st = check_path(p)
    name = p.name
    if p.suffix.lower() not in (".csv", ".npz"):
        raise DatasetError(f"dataset file {name}: graphlab reads .csv files (numbers, a header "
                           f"row) and .npz files ({SAVE_HINT}), not {p.suffix or 'this kind'}")
    if p.suffix.lower() == ".csv":
        _cap(name, st.st_size, MAX_CSV_BYTES)
        target, task = _csv_options(name, opts)
        kwargs = {"path": str(p), "target": target, "task": task}
        header = check_csv(p, target)
        x, y = _read(name, gen.csv_file, **kwargs)
        col = header.index(target) if isinstance(target, str) else target % len(header)
        columns = header[:col] + header[col + 1:]
        builder = "csv_file"
    else:
        _cap(name, st.st_size, MAX_NPZ_BYTES)
        check_npz(p)
        kwargs = {"path": str(p)}
        x, y = _read(name, gen.npz_file, **kwargs)
        columns = None
        builder = "npz_file"
    if y.dtype == np.int64 and len(y) and int(y.min()) < 0:
        raise DatasetError(f"dataset file {name}: the targets hold negative class indices "
                           f"(the smallest is {int(y.min())}); class indices count from 0, "
                           "so shift them (or store the targets as floats for regression)")
    check_finite(name, x, y, columns)
    task = CLASSIFICATION if y.dtype == np.int64 else REGRESSION
    return Dataset(name, x, y, task, builder, kwargs)


def _cap(name: str, size: int, cap: int) -> None:
    if size > cap:
        raise DatasetError(f"dataset file {name} is {human_bytes(size)}; graphlab reads "
                           f"dataset files up to {human_bytes(cap)}; use a sample of it")


def _csv_options(name: str, opts: dict[str, Any]) -> tuple[str | int, str]:
    target, task = opts.get("target", -1), opts.get("task", "auto")
    if isinstance(target, bool) or not isinstance(target, (str, int)):
        raise DatasetError(f"dataset file {name}: the target column is a name or a whole "
                           f"number (an index), not {target!r}")
    if task not in ("auto", "classification", "regression"):
        raise DatasetError(f"dataset file {name}: task {task!r}: choose auto, classification "
                           "or regression")
    return target, task


def _read(name: str, builder, **kwargs) -> tuple[np.ndarray, np.ndarray]:
    try:
        return builder(**kwargs)
    except (ValueError, KeyError, OSError, EOFError, IndexError, zipfile.BadZipFile,
            zlib.error, UnicodeDecodeError) as err:
        text = str(err).splitlines()[0] if str(err) else type(err).__name__
        if "pickle" in text.lower():  # never pass on numpy's advice to load pickles
            text = "it holds data that is not a plain numeric array"
        raise DatasetError(f"dataset file {name} could not be read (it may be damaged or "
                           f"cut short): {text}") from None


def check_csv(path: Path, target: Any) -> list[str]:
    """The header, once the file is known to be UTF-8 text with data rows of the
    header's width (the first 50 checked) and the target column exists."""
    try:
        with open(path, encoding="utf-8") as fh:
            first = fh.readline(MAX_HEADER_CHARS)
            if len(first) == MAX_HEADER_CHARS and not first.endswith("\n"):
                raise DatasetError(f"dataset file {path.name}: its first line is longer than "
                                   f"{MAX_HEADER_CHARS:,} characters; a .csv starts with a "
                                   "header row of column names")
            header = csv_columns(first)
            if len(header) < 2:
                raise DatasetError(f"dataset file {path.name}: needs a header row and at "
                                   "least two columns (features and a target)")
            if isinstance(target, str) and target not in header:
                raise DatasetError(f"dataset file {path.name}: no column named {target!r}; "
                                   f"the columns are {', '.join(header)}")
            if isinstance(target, int) and not -len(header) <= target < len(header):
                raise DatasetError(f"dataset file {path.name}: target column {target} is "
                                   f"out of range (it has {len(header)} columns)")
            rows = 0
            for i, line in enumerate(fh, start=2):
                if not line.strip():
                    continue
                rows += 1
                n = len(line.split(","))
                if n != len(header):
                    raise DatasetError(f"dataset file {path.name}, line {i}: {n} values, but "
                                       f"the header has {len(header)} columns")
                if rows >= 50:
                    break
    except UnicodeDecodeError:
        raise DatasetError(f"dataset file {path.name} is not UTF-8 text; a .csv holds "
                           "numbers separated by commas, under a header row") from None
    if rows == 0:
        raise DatasetError(f"dataset file {path.name} has a header row but no data rows; "
                           "add one row of numbers per sample below the header")
    return header


def check_npz(path: Path) -> None:
    """Refuse an .npz whose arrays x and y cannot be training data, from their headers."""
    name = path.name
    if not zipfile.is_zipfile(path):
        raise DatasetError(f"dataset file {name} is not an .npz archive (it may be cut short, "
                           f"or another kind of file renamed); write one with {SAVE_HINT}")
    try:
        with zipfile.ZipFile(path) as zf:
            members = {m.removesuffix(".npy"): m for m in zf.namelist()}
            heads = {}
            for key in ("x", "y"):
                if key not in members:
                    held = ", ".join(ascii(m) for m in sorted(members)[:8]) or "no arrays"
                    raise DatasetError(f"dataset file {name} has no array {key!r} (it holds "
                                       f"{held}); write it with {SAVE_HINT}")
                heads[key] = _header(zf, members[key])
    except DatasetError:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as err:
        raise DatasetError(f"dataset file {name} could not be read (it may be damaged or cut "
                           f"short): {str(err).splitlines()[0] if str(err) else err}") from None
    total = 0
    for key, (shape, dtype) in heads.items():
        if dtype.kind not in "biuf":
            what = _KINDS.get(dtype.kind, f"dtype {dtype}")
            raise DatasetError(f"dataset file {name}: array {key!r} holds {what}, not plain "
                               f"numbers; save it as integers or floats (e.g. "
                               f"{key}.astype('float32'))")
        if shape == ():
            raise DatasetError(f"dataset file {name}: array {key!r} is a single number; it "
                               "needs one row per sample")
        if shape[0] == 0:
            raise DatasetError(f"dataset file {name}: array {key!r} holds no samples (its "
                               f"shape is {list(shape)})")
        if 0 in shape[1:]:
            raise DatasetError(f"dataset file {name}: array {key!r} has shape {list(shape)}, "
                               "so its samples hold no values")
        total += prod(shape) * (dtype.itemsize + 4)  # as stored, then as float32/int64
    (xs, _), (ys, _) = heads["x"], heads["y"]
    if xs[0] != ys[0]:
        raise DatasetError(f"dataset file {name}: x has {xs[0]} samples but y has {ys[0]}; "
                           "they need one row each per sample")
    if total > MAX_ARRAY_BYTES:
        raise DatasetError(f"dataset file {name}: its arrays would take about "
                           f"{human_bytes(total)} in memory; graphlab loads up to "
                           f"{human_bytes(MAX_ARRAY_BYTES)}; use a sample of them")
    from graphlab.train.memory import available_bytes

    free = available_bytes()
    if free is not None and total > free:
        raise DatasetError(f"dataset file {name}: its arrays would take about "
                           f"{human_bytes(total)} in memory; this machine has "
                           f"{human_bytes(free)} free")


def _header(zf: zipfile.ZipFile, member: str) -> tuple[tuple[int, ...], np.dtype]:
    fmt = np.lib.format
    with zf.open(member) as fh:
        major, _minor = fmt.read_magic(fh)
        read = fmt.read_array_header_1_0 if major == 1 else fmt.read_array_header_2_0
        shape, _fortran, dtype = read(fh)
    return tuple(int(d) for d in shape), np.dtype(dtype)


def check_finite(name: str, x: np.ndarray, y: np.ndarray, columns: list[str] | None) -> None:
    """Refuse data holding NaN or inf before training starts: the run would otherwise
    fail at the first batch that holds one, naming the Input node instead of the file's
    row."""
    bad_x = ~np.isfinite(x.reshape(len(x), -1))
    bad = bad_x.any(axis=1) | ~np.isfinite(y.reshape(len(y), -1).astype(np.float64)).all(axis=1)
    if not bad.any():
        return
    i = int(np.argmax(bad))
    if bad_x[i].any():
        j = int(np.argmax(bad_x[i]))
        where = f"column {columns[j]!r}" if columns else f"feature {j}"
    else:
        where = "the target"
    row = f"data row {i + 1} (after the header)" if columns is not None else f"sample {i}"
    raise DatasetError(f"dataset file {name}: {int(bad.sum())} sample(s) hold a value that is "
                       f"not a number (NaN or inf), the first at {row}, {where}; remove or "
                       "fill them, then train again")
