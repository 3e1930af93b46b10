"""Guard against PySide6 6.12.0 dropping references to None, True and False (Python 3.11).

That release returns ``None`` from void C++ methods, and ``True``/``False`` from bool
ones, without taking a reference, so every call such as ``painter.setPen(...)`` lowers
the singleton's count by one; once it reaches zero the interpreter aborts
("deallocating None", seen after ~30k calls while painting a large graph;
"deallocating True or False" at exit with the live panel open). Python 3.12+ makes
these objects immortal, which hides the bug there. The project pins a PySide6 without
the bug; if another one is installed, this module finds the leak at import and gives
the affected objects a reference count no session can use up (the same effect as
3.12's immortal objects).
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 48


def _count(objects) -> int:
    return sum(sys.getrefcount(o) for o in objects)


def leaks(objects, call) -> bool:
    """True when ``call()`` lowers the reference counts of ``objects``."""
    before = _count(objects)
    for _ in range(8):
        call()
    return _count(objects) < before


def protect() -> list[str]:
    """Apply the guard wherever the leak is present; names of the protected objects."""
    if sys.version_info >= (3, 12):
        return []
    from PySide6.QtCore import QPointF

    p = QPointF()
    applied = []
    for objects, call in (((None,), lambda: p.setX(1.0)), ((True, False), p.isNull)):
        if leaks(objects, call):
            for o in objects:
                ctypes.c_ssize_t.from_address(id(o)).value += RESERVE
            applied += [repr(o) for o in objects]
    return applied


APPLIED = protect()
