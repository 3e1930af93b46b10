"""generate_source: graph -> Python source text for one backend (no framework import)."""

from __future__ import annotations

from dataclasses import dataclass

from graphlab.compile.errors import CompileError
from graphlab.compile.plan import Plan, build_plan

BACKENDS = ("torch", "tf")


@dataclass
class Generated:
    source: str
    line_map: dict[int, str]  # 1-based generated line -> node id
    plan: Plan
    backend: str


def generate(graph, backend: str) -> Generated:
    """Plan and emit; the source with its line map. Raises CompileError."""
    if backend not in BACKENDS:
        raise CompileError([], f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    plan = build_plan(graph)
    if backend == "torch":
        from graphlab.compile.torch_emit import emit_torch as emit
    else:
        from graphlab.compile.tf_emit import emit_tf as emit
    text, line_map = emit(plan)
    return Generated(text, line_map, plan, backend)  # each line checked by SourceWriter


def generate_source(graph, backend: str = "torch") -> str:
    """The Python source of ``graph`` for ``backend`` ("torch" or "tf")."""
    return generate(graph, backend).source
