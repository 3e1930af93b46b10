"""Float64 numpy references for the ops in graphlab/graph/ops/tensor_ops.py (merged by
tests/compile/parity_tables.py); same signature as tests/compile/numpy_ref.REFS."""

from __future__ import annotations

REFS: dict = {}
