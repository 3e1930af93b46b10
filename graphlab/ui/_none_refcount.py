"""Guard against a PySide6 bug that would crash the app after a while.

PySide6 6.12.0 on Python 3.11 returns ``None`` from every void C++ method without
taking a reference, so each call such as ``painter.setPen(...)`` lowers None's
reference count by one; once it reaches zero the interpreter aborts with
"deallocating None" (seen after ~30k calls, i.e. seconds of painting a large graph).
Python 3.12+ makes None immortal, which hides the bug there. We check for the leak
once at import and, when it is present, give None a reference count no session can
use up (the same effect as 3.12's immortal objects).
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 48


def leaks_none() -> bool:
    from PySide6.QtCore import QPointF

    p = QPointF()
    before = sys.getrefcount(None)
    for _ in range(8):
        p.setX(1.0)
    return sys.getrefcount(None) < before


def protect_none() -> bool:
    """Apply the guard if this PySide6 leaks None; True when it was applied."""
    if sys.version_info >= (3, 12) or not leaks_none():
        return False
    ctypes.c_ssize_t.from_address(id(None)).value += RESERVE
    return True


APPLIED = protect_none()
