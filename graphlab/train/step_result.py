"""Results of one training step, shared by the torch and TF runners."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from graphlab.train.stats_layout import SAMPLE0, place_rows


@dataclass
class StepResult:
    loss: float
    correct: float  # number of correct predictions in the batch (0 without a metric)
    count: int  # batch size
    applied: bool  # whether the optimizer step was taken (not on a non-finite step)


@dataclass
class ProbeResult(StepResult):
    values: np.ndarray = None  # [n_nodes, ROW]
    grads: np.ndarray = None  # [n_nodes, ROW], NaN rows where no gradient reaches
    param_grads: np.ndarray = None  # [n_params, ROW]


def assemble(rows: np.ndarray, n_nodes: int, grad_present: tuple[int, ...], n_params: int,
             param_present: tuple[int, ...]):
    """Split the stacked rows of one probe transfer (values, present grads, present param
    grads, loss, correct) into values, grads, param grads (NaN rows where absent), loss
    and correct, and say whether all of it is finite."""
    dest, n_out = probe_dest(n_nodes, grad_present, n_params, param_present)
    out, finite = place_rows(rows, dest, n_out)
    return (*split_rows(out, n_nodes, n_params), finite)


@functools.lru_cache(maxsize=64)
def probe_dest(n_nodes: int, grad_present: tuple[int, ...], n_params: int,
               param_present: tuple[int, ...]) -> tuple[np.ndarray, int]:
    """(where each tensor of a probe goes, how many rows in all) for the layout that
    :func:`split_rows` reads: values, node grads, param grads, loss, correct. Cached: a
    run has a layout or two (the shorter last batch of an epoch has the same)."""
    k = 2 * n_nodes + n_params
    dest = np.asarray(list(range(n_nodes)) + [n_nodes + i for i in grad_present]
                      + [2 * n_nodes + j for j in param_present] + [k, k + 1], dtype=np.int64)
    dest.flags.writeable = False  # shared by every caller
    return dest, k + 2


def split_rows(rows: np.ndarray, n_nodes: int, n_params: int):
    """(values, grads, param grads, loss, correct) of rows laid out by :func:`probe_dest`;
    absent gradients are NaN rows already."""
    k = 2 * n_nodes + n_params
    # one-element rows: the first sample is the raw value (inf and NaN included)
    return (rows[:n_nodes], rows[n_nodes:2 * n_nodes], rows[2 * n_nodes:k],
            float(rows[k, SAMPLE0]), float(rows[k + 1, SAMPLE0]))
