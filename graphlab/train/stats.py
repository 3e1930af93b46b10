"""The one interface both runners use to reduce a probe's tensors to statistics rows.

A probe step hands every value, gradient and parameter gradient of the network to
:meth:`StatsReducer.device_rows`, which reduces them where they lie (on the GPU or the
CPU; for TF inside the traced probe function) to one stacked [n, ROW] float32 tensor, and
:meth:`StatsReducer.host_rows` brings that back in one transfer. What each number means
(and the histogram's bin rule) is defined once, by tests/train/stats_reference.py, which
the tests hold both implementations to; the row layout is :mod:`.stats_layout`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np


class StatsReducer(Protocol):
    def device_rows(self, tensors: Sequence[Any]) -> Any:
        """The stacked rows of ``tensors`` (any dtype and shape, empty ones included) as a
        tensor of the same framework on their device; no sync with the device."""

    def host_rows(self, rows: Any) -> np.ndarray:
        """``device_rows``' result as float32 numpy rows, finished (stats_layout.finish_rows)."""


def reducer(backend: str, **options: Any) -> StatsReducer:
    """The reducer for ``backend`` ("torch" or "tf"); imports only that framework.
    ``options`` go to its constructor (``host_path``)."""
    if backend == "torch":
        from graphlab.train.torch_stats import TorchStats

        return TorchStats(**options)
    if backend == "tf":
        from graphlab.train.tf_stats import TFStats

        return TFStats(**options)
    raise ValueError(f"no statistics for backend {backend!r}: use torch or tf")
