"""Numbers for people: byte sizes and counts in the CLI, the inspector and the status bar."""

from __future__ import annotations


def human_count(n: float) -> str:
    """1234567 -> '1.23M' (decimal prefixes, as FLOPs and parameters are quoted)."""
    for unit in ("", "K", "M", "G", "T"):
        if abs(n) < 1000 or unit == "T":
            return f"{n:.0f}{unit}" if unit == "" else f"{n:.2f}{unit}"
        n /= 1000
    return str(n)


def human_bytes(n: float) -> str:
    """1536 -> '1.5 KiB' (binary prefixes, as memory is allocated)."""
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"
