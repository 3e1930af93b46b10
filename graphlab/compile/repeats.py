"""Layers drawn one by one that repeat: written as one loop in ``forward``.

Ten Linear + Sigmoid layers drawn in a row would be twenty near-identical lines; a
person writes them as a loop over the layers. A *repeat* is a run of at least
:data:`MIN_TIMES` consecutive segments of a chain (each step's only input is the step
before it, whose only reader it is) whose statements are the same text once each
segment's own modules are a loop variable and its input is the running value. The
modules stay attributes of their own (``self.fc2`` ... ``self.fc10``), so the weights'
names do not change; only ``forward`` is shorter. The app's probes (``trace``) keep one
statement per node.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from graphlab.compile.names import Namespace, reserved
from graphlab.compile.plan import Plan, Step

MIN_TIMES = 3  # two copies read better written out than as a loop
MAX_SEGMENT = 6  # steps per repeated segment (Conv, BatchNorm, ReLU... fit)


@dataclass
class Repeat:
    """``len(segments)`` segments of ``len(body)`` steps each, run one after another."""

    segments: list[list[Step]]
    body: list[str]  # one statement per step of a segment, on ``value`` and the loop vars
    loop_vars: list[str]  # one per step that owns modules or weights
    value: str  # the running value's name ("h")
    input_ref: str  # what the first segment reads
    owners: list[list[str]]  # per segment: the attribute paths the loop variables take


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _whole(text: str, name: str) -> list[int]:
    """Where ``name`` stands in ``text`` as a whole name (not inside a longer name, nor an
    attribute ``x.name``). Plain string search, not a regex of the name: a label can be a
    megabyte long."""
    found, i = [], 0
    while (j := text.find(name, i)) >= 0:
        end = j + len(name)
        before = text[j - 1] if j else ""
        after = text[end] if end < len(text) else ""
        if not (before and (_is_word(before) or before == ".")) and not (
                after and _is_word(after)):
            found.append(j)
        i = end
    return found


def _sub_name(text: str, name: str, new: str) -> str:
    """``text`` with ``name`` replaced by ``new`` wherever it stands whole."""
    out, i = [], 0
    for j in _whole(text, name):
        out.append(text[i:j] + new)
        i = j + len(name)
    return "".join(out) + text[i:]


def _base(step: Step) -> str:
    """``fc`` for ``fc2``: the loop variable's name, from the first segment's names."""
    return re.sub(r"_?\d+$", "", step.name) or "layer"


def _chain_links(plan: Plan, steps: list[Step]) -> list[bool]:
    """links[i]: step i reads only step i-1, and is its only reader (no Output or loss
    reads step i-1 either)."""
    readers: dict[str, int] = {}
    for s in plan.steps:
        for src, _port in s.inputs.values():
            readers[src] = readers.get(src, 0) + 1
    for src in plan.output_sources.values():
        readers[src] = readers.get(src, 0) + 2  # the model returns it: never inside a loop
    links = [False]
    for prev, s in zip(steps, steps[1:], strict=False):
        srcs = list(s.inputs.values())
        links.append(len(srcs) == 1 and srcs[0][0] == prev.id and readers.get(prev.id) == 1
                     and not prev.port_dims and not s.warnings)
    return links


def _segment_text(seg: list[Step], expr: Callable[[Step], str], input_ref: str,
                  value: str, loop_vars: list[str]) -> list[str] | None:
    """The segment's statements with its modules as ``loop_vars`` and ``value`` as its
    input; None when a statement refers to something it cannot be written without."""
    out, v = [], iter(loop_vars)
    prev_ref = input_ref
    for s in seg:
        text = expr(s)
        if _owns(s, expr):
            var = next(v, None)
            if var is None:
                return None  # more modules than the first segment has
            text = _sub_name(text, f"self.{s.path}", var)
        text = _sub_name(text, prev_ref, value)
        if "self." in text:
            return None  # another module or a value from elsewhere: not a plain layer
        out.append(text)
        prev_ref = s.name
    return out


def _owns(s: Step, expr: Callable[[Step], str]) -> bool:
    return bool(_whole(expr(s), f"self.{s.path}"))


def find_repeats(plan: Plan, steps: list[Step], expr: Callable[[Step], str],
                 ref: Callable[[Step], str]) -> dict[int, Repeat]:
    """start index in ``steps`` -> the repeat that begins there. ``ref(step)`` is how the
    code reads step's (single) input."""
    links = _chain_links(plan, steps)
    names_used = Namespace(reserved() | set(plan.names.values()))  # keywords, builtins too
    found: dict[int, Repeat] = {}
    i = 0
    while i < len(steps):
        best = None
        for m in range(1, MAX_SEGMENT + 1):
            first = steps[i:i + m]
            if len(first) < m or len(first[0].inputs) != 1 or not all(links[i + 1:i + m]):
                break
            owners = [s for s in first if _owns(s, expr)]
            names = [f"_{j}" for j in range(len(owners))]
            want = _segment_text(first, expr, ref(first[0]), "_h", names)
            if want is None:
                continue
            times = 1
            while True:
                j = i + times * m
                seg = steps[j:j + m]
                if len(seg) < m or not all(links[j:j + m]):
                    break
                if [t.dims for t in seg] != [t.dims for t in first] or \
                        _segment_text(seg, expr, ref(seg[0]), "_h", names) != want:
                    break  # other statements, or the same ones on other shapes
                times += 1
            if times >= MIN_TIMES and (best is None or times * m > best[0] * best[1]):
                best = (times, m, owners)
        if best is None:
            i += 1
            continue
        times, m, owners = best
        segs = [steps[i + k * m:i + (k + 1) * m] for k in range(times)]
        value = names_used.create("h")
        loop_vars = [names_used.create(_base(s)) for s in owners]
        body = _segment_text(segs[0], expr, ref(segs[0][0]), value, loop_vars)
        paths = [[t.path for t in seg if _owns(t, expr)] for seg in segs]
        found[i] = Repeat(segs, body, loop_vars, value, ref(segs[0][0]), paths)
        i += times * m
    return found
