"""Results of one training step, shared by the torch and TF runners."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from graphlab.train.stats_layout import COL, ROW, SAMPLE0


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


def assemble(rows: np.ndarray, n_nodes: int, grad_present: list[int], n_params: int,
             param_present: list[int]):
    """Split the stacked rows of one probe transfer into values, grads, param grads and the
    trailing loss/correct rows, and say whether all of it is finite. Layout: values,
    present grads, present param grads, loss, correct."""
    k = n_nodes
    values = rows[:k]
    grads = np.full((n_nodes, ROW), np.nan, dtype=np.float32)
    grads[grad_present] = rows[k:k + len(grad_present)]
    k += len(grad_present)
    params = np.full((n_params, ROW), np.nan, dtype=np.float32)
    params[param_present] = rows[k:k + len(param_present)]
    k += len(param_present)
    # one-element rows: the first sample is the raw value (inf and NaN included)
    loss = float(rows[k, SAMPLE0])
    correct = float(rows[k + 1, SAMPLE0])
    finite = not np.any(rows[:, COL["nonfinite_fraction"]] > 0)  # NaN (no tensor) is fine
    return values, grads, params, loss, correct, finite


def probe_dest(n_nodes: int, grad_present: list[int], n_params: int,
               param_present: list[int]) -> np.ndarray:
    """Where each tensor of a probe (values, present grads, present param grads, loss,
    correct) goes in the rows laid out as :func:`split_rows` reads them."""
    k = 2 * n_nodes + n_params
    return np.asarray(list(range(n_nodes)) + [n_nodes + i for i in grad_present]
                      + [2 * n_nodes + j for j in param_present] + [k, k + 1], dtype=np.int64)


def split_rows(rows: np.ndarray, n_nodes: int, n_params: int):
    """(values, grads, param grads, loss, correct) of rows laid out by :func:`probe_dest`;
    absent gradients are NaN rows already."""
    k = 2 * n_nodes + n_params
    return (rows[:n_nodes], rows[n_nodes:2 * n_nodes], rows[2 * n_nodes:k],
            float(rows[k, SAMPLE0]), float(rows[k + 1, SAMPLE0]))

