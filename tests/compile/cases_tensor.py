"""Parity cases for the ops in graphlab/graph/ops/tensor_ops.py (merged by tests/compile/parity_tables.py)."""

from __future__ import annotations

from tests.compile.cases import Case

CASES: list[Case] = []
