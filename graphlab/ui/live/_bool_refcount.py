"""Guard against PySide6 6.12 lowering True/False's reference counts on Python 3.11.

With the live panel's widgets and plots installed, the interpreter aborted at exit with
"bool_dealloc: deallocating True or False" (reproduced: editor + live panel, then
exit without closing the window; removing any one dock hid it, so it is a count that
runs out, like the None leak that :mod:`graphlab.ui._none_refcount` guards against).
Python 3.12+ makes True and False immortal; here they get a reference count that no
session can use up, which has the same effect.
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 48


def leaks_bools() -> bool:
    """True when this PySide6 drops a reference to True/False on bool-returning calls."""
    from PySide6.QtCore import QPointF

    p = QPointF()
    before = sys.getrefcount(True) + sys.getrefcount(False)
    for _ in range(8):
        p.isNull()
    return sys.getrefcount(True) + sys.getrefcount(False) < before


def protect_bools() -> bool:
    """Apply the guard only where the leak is present (not on the pinned PySide6)."""
    if sys.version_info >= (3, 12) or not leaks_bools():
        return False
    for b in (True, False):
        ctypes.c_ssize_t.from_address(id(b)).value += RESERVE
    return True


APPLIED = protect_bools()
