"""generate: graph -> Python source text for one backend (no framework import).

A generated file is composed from named sections that the emitters return separately
(header, imports, model, loss, optimizer, main). An export with training keeps the
model's sections as they are and adds or swaps whole sections
(:mod:`graphlab.compile.training_source`), so nothing ever edits another section's text.

The app runs the exported text with one more section appended, ``probe``: a subclass
whose ``trace`` returns every node's value, lowered from the same plan steps as
``forward``. The export is therefore a prefix of what the app runs, and holds no probing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphlab.compile.errors import CompileError
from graphlab.compile.plan import Plan, build_plan
from graphlab.compile.source_writer import SourceWriter

BACKENDS = ("torch", "tf")

# Every section a file may have, in file order. "stdlib_imports" (before the emitters'
# third-party imports), "data" and "training" are an export with training's own.
SECTIONS = ("header", "stdlib_imports", "imports", "model", "loss", "optimizer", "data",
            "training", "main", "probe")
# Blank lines before a section (PEP 8: one after the docstring, between import groups
# and after the imports; two around top-level definitions).
_GAP = {"stdlib_imports": 1, "imports": 1, "model": 1}


@dataclass
class Generated:
    source: str  # the exported file
    line_map: dict[int, str]  # 1-based generated line -> node id (of the app's source)
    plan: Plan
    backend: str
    sections: dict[str, SourceWriter] = field(default_factory=dict, repr=False)
    app_source: str = ""  # what the app runs: source + the probe subclass


def _gap(name: str, first: str) -> int:
    """Blank lines before a section starting with line ``first``: isort's two before a
    definition that follows the imports, else the section's own gap."""
    if name == "model" and first.startswith(("def ", "class ", "@")):
        return 2
    return _GAP.get(name, 2)


def compose(sections: dict[str, SourceWriter]) -> tuple[str, dict[int, str]]:
    """The file made of ``sections`` (in :data:`SECTIONS` order; empty ones left out)
    and its line map. A section's own trailing blank lines do not count: the gap
    between sections is the composer's."""
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise ValueError(f"unknown sections {sorted(unknown)}; a file has {SECTIONS}")
    out = SourceWriter()
    for name in SECTIONS:
        part = sections.get(name)
        end = len(part.lines) if part is not None else 0
        while end and not part.lines[end - 1]:
            end -= 1
        if not end:
            continue
        if out.lines:
            out.lines.extend([""] * _gap(name, part.lines[0]))
        offset = len(out.lines)
        out.lines.extend(part.lines[:end])  # each line was checked when it was added
        out.line_map.update({ln + offset: node for ln, node in part.line_map.items()
                             if ln <= end})
    return out.text(), out.line_map


def generate(graph, backend: str) -> Generated:
    """Plan and emit; the source with its line map and sections. Raises CompileError."""
    if backend not in BACKENDS:
        raise CompileError([], f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    plan = build_plan(graph)
    if backend == "torch":
        from graphlab.compile.torch_emit import emit_torch as emit
        from graphlab.compile.torch_emit import probe_section as probe
    else:
        from graphlab.compile.tf_emit import emit_tf as emit
        from graphlab.compile.tf_emit import probe_section as probe
    sections = emit(plan)
    text = compose(sections)[0]
    app_text, line_map = compose({**sections, "probe": probe(plan)})
    return Generated(text, line_map, plan, backend, sections, app_text)


def generate_source(graph, backend: str = "torch") -> str:
    """The Python source of ``graph`` for ``backend`` ("torch" or "tf")."""
    return generate(graph, backend).source
