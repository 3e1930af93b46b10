"""Checking attribute values against their :class:`Attr` declaration.

Used by the graph model (refuse a bad value with a reason), by the file loader and
by the inspector, so every place agrees on what a valid value is.
"""

from __future__ import annotations

import math
from typing import Any

from graphlab.graph.file_limits import show, text_problem
from graphlab.graph.ops.spec import Attr

# every whole-number attribute and shape entry fits a 32-bit int: frameworks index with
# int32 in places, and a size of 10**400 cannot be a float (formatting it overflowed)
INT_LIMIT = 2**31 - 1
MAX_RANK = 32  # entries of a shape or list attribute (torch and TF stop well before 100)


def check_attr(attr: Attr, value: Any) -> tuple[Any, str | None]:
    """Return (normalised value, None) or (None, reason)."""
    if value is None:
        if attr.optional:
            return None, None
        return None, f"{attr.name} needs a value"
    kind = attr.kind
    if kind == "bool":
        if isinstance(value, bool):
            return value, None
        return None, f"{attr.name} must be true or false, got {show(value)}"
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int | float) or (
                isinstance(value, float) and not (math.isfinite(value) and value.is_integer())):
            return None, f"{attr.name} must be a whole number, got {show(value)}"
        value = int(value)
        if abs(value) > INT_LIMIT:
            return None, f"{attr.name} must be at most {INT_LIMIT:,} in size, got {show(value)}"
        return _range(attr, value)
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None, f"{attr.name} must be a number, got {show(value)}"
        try:
            value = float(value)
        except OverflowError:
            value = math.inf
        if not math.isfinite(value):
            return None, f"{attr.name} must be a finite number"
        return _range(attr, value)
    if kind == "str":
        if not isinstance(value, str):
            return None, f"{attr.name} must be text, got {show(value)}"
        if attr.choices is None and not value.strip() and attr.default:
            return None, f"{attr.name} must not be empty"
        if problem := text_problem(value, "names"):
            return None, f"{attr.name} {problem}"
        return value, None
    if kind == "choice":
        if value not in attr.choices:
            opts = ", ".join(repr(c) for c in attr.choices)
            return None, f"{attr.name} must be one of {opts}, got {show(value)}"
        return value, None
    if kind in ("shape", "ints"):
        if not isinstance(value, list | tuple) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            return None, f"{attr.name} must be a list of whole numbers, got {show(value)}"
        value = [int(v) for v in value]
        if len(value) > MAX_RANK:
            return None, f"{attr.name}: at most {MAX_RANK} entries, got {len(value):,}"
        if any(abs(v) > INT_LIMIT for v in value):
            return None, (f"{attr.name}: every entry must be at most {INT_LIMIT:,} in size, got "
                          f"{show(max(value, key=abs))}")
        if kind == "shape":
            if any(v < -1 or v == 0 for v in value):
                return None, f"{attr.name}: sizes must be positive (or -1 for the batch), got {value}"
            if value.count(-1) > 1:
                return None, f"{attr.name}: at most one -1, got {value}"
        return value, None
    if kind == "pair":
        return _pair(attr, value)
    if kind in ("padding", "padding1d"):
        return _padding(attr, value)
    return None, f"{attr.name}: unknown attribute kind {kind}"


def _range(attr: Attr, value):
    if attr.min is not None and value < attr.min:
        return None, f"{attr.name} must be at least {attr.min:g}, got {value:g}"
    if attr.max is not None and value > attr.max:
        return None, f"{attr.name} must be at most {attr.max:g}, got {value:g}"
    return value, None


def _whole(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and abs(v) <= INT_LIMIT


def _pair(attr: Attr, value):
    """One whole number for every axis, or [h, w]; each at least ``attr.min``."""
    low = 0 if attr.min is None else int(attr.min)
    if _whole(value):
        return _range(attr, int(value))
    if isinstance(value, list | tuple) and len(value) == 2 and all(_whole(v) for v in value):
        if min(value) < low:
            return None, f"{attr.name}: every entry must be at least {low}, got {list(value)}"
        return [int(v) for v in value], None
    return None, (f"{attr.name} must be a whole number or a pair [h, w] of whole numbers, "
                  f"got {show(value)}")


# explicit lengths a padding list may have: per axis, or (before, after) per axis
_PAD_LENGTHS = {"padding": (2, 4), "padding1d": (2,)}
_PAD_FORMS = {"padding": "[h, w] or [top, bottom, left, right]", "padding1d": "[left, right]"}


def _padding(attr: Attr, value):
    if value in ("same", "valid"):
        return value, None
    if _whole(value) and value >= 0:
        return int(value), None
    if (isinstance(value, list | tuple) and len(value) in _PAD_LENGTHS[attr.kind]
            and all(_whole(v) and v >= 0 for v in value)):
        return [int(v) for v in value], None
    return None, (f"{attr.name} must be a whole number >= 0, \"same\", \"valid\" or "
                  f"{_PAD_FORMS[attr.kind]} of whole numbers >= 0, got {show(value)}")
