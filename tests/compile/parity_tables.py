"""Every parity case and numpy reference: the core ones and each op family's own file,
so that families are added without editing a shared list."""

from __future__ import annotations

from tests.compile import (
    cases,
    cases_sequence,
    cases_spatial,
    cases_tensor,
    numpy_ref,
    numpy_ref_sequence,
    numpy_ref_spatial,
    numpy_ref_tensor,
)

CASES = cases.CASES + cases_tensor.CASES + cases_spatial.CASES + cases_sequence.CASES
REFS = {**numpy_ref.REFS, **numpy_ref_tensor.REFS, **numpy_ref_spatial.REFS,
        **numpy_ref_sequence.REFS}
