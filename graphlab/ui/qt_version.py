"""Refuse the PySide6 releases the editor cannot run on, before any Qt object exists.

PySide6 6.12.0 on Python 3.11 returns None, True and False from C++ calls without
taking a reference, so painting a large graph drives None's count to zero and the
interpreter aborts ("deallocating None"). Python 3.12 made those objects immortal,
which hides it there. The project pins a release without the bug (constraints.txt);
this check turns an installed broken one into a clear message instead of a crash.
"""

from __future__ import annotations

import sys

BROKEN = {"6.12.0": "drops references to None on every call (the editor aborts)"}


class UnsupportedQt(ImportError):
    """The installed PySide6 cannot run the editor; the message says what to install."""


def qt_problem(version: str, python: tuple[int, int]) -> str | None:
    """Why PySide6 ``version`` cannot run the editor on Python ``python``, or None."""
    if python >= (3, 12) or version not in BROKEN:
        return None
    return (f"PySide6 {version} {BROKEN[version]} on Python {python[0]}.{python[1]}; "
            "install the tested version: pip install -c constraints.txt PySide6-Essentials "
            "(or `make install`)")


def refuse_broken_qt() -> None:
    import PySide6

    problem = qt_problem(PySide6.__version__, sys.version_info[:2])
    if problem:
        raise UnsupportedQt(problem)
