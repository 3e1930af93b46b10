"""Numbers for people: byte sizes and counts in the CLI, the inspector and the status bar.

Sizes come from untrusted graph files, so every function takes any int (a graph can say
10**400 parameters; ``float()`` of that overflows, ``str()`` of 5,000 digits raises) and
any float (NaN, inf) and still returns short text.
"""

from __future__ import annotations

import math

_LOG10_2 = math.log10(2)


def _sci(n: float | int) -> str:
    """3 significant digits in e-notation, for any size of int."""
    try:
        return f"{float(n):.3g}"
    except OverflowError:
        return f"{'-' if n < 0 else ''}~1e+{int(abs(int(n)).bit_length() * _LOG10_2)}"


def _bad(n) -> str | None:
    if isinstance(n, float) and not math.isfinite(n):
        return "?" if n != n else ("-inf" if n < 0 else "inf")
    return None


def human_count(n: float) -> str:
    """1234567 -> '1.23M' (decimal prefixes, as FLOPs and parameters are quoted)."""
    if bad := _bad(n):
        return bad
    if abs(n) >= 1000 * 1000**4:
        return _sci(n)
    for unit in ("", "K", "M", "G", "T"):
        if abs(n) < 1000 or unit == "T":
            return f"{n:.0f}{unit}" if unit == "" else f"{n:.2f}{unit}"
        n /= 1000
    return str(n)


def human_bytes(n: float) -> str:
    """1536 -> '1.5 KiB' (binary prefixes, as memory is allocated)."""
    if bad := _bad(n):
        return f"{bad} B"
    if abs(n) >= 1024 * 1024**4:
        return f"{_sci(n / 1024**4 if abs(n) < 1e300 else n // 1024**4)} TiB"
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(n) < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def grouped(n: int) -> str:
    """12345 -> '12,345'; past 10**15 in e-notation (a count that large is a fault)."""
    if bad := _bad(n):
        return bad
    if abs(n) >= 10**15:
        return _sci(n)
    return f"{n:,}"
