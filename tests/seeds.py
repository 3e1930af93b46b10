"""Seeds for randomised tests: fixed per test case so a failure replays by rerunning.

``GRAPHLAB_TEST_SEED=N`` mixes N into every case's seed, to explore other draws on
purpose; failures print the seed either way.
"""

from __future__ import annotations

import os
import zlib


def case_seed(case_id: str) -> int:
    """A stable seed for one test case (its id's CRC32, mixed with GRAPHLAB_TEST_SEED)."""
    extra = os.environ.get("GRAPHLAB_TEST_SEED", "")
    return zlib.crc32(f"{case_id}:{extra}".encode()) & 0x3FFFFFFF
