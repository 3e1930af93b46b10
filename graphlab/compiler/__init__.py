"""The compiler: graph -> plan -> Python source -> live module, and export.

``generate_source`` is pure string work and imports no framework, so the editor's code
view can call it at startup speed. ``compile_graph`` executes that exact source; the
public ``graphlab.compile(graph, backend)`` calls it.
"""

from __future__ import annotations

from graphlab.compiler.errors import CompileError, GeneratedCodeError
from graphlab.compiler.plan import Plan, build_plan
from graphlab.compiler.source import BACKENDS, generate, generate_source


def compile_graph(graph, backend: str = "torch", seed: int | None = None,
                  torch_compile=False, jit_compile: bool = False):
    """Compile ``graph`` to a live model (see :class:`CompiledGraph`)."""
    from graphlab.compiler.compiled import compile_graph as _compile

    return _compile(graph, backend, seed=seed, torch_compile=torch_compile,
                    jit_compile=jit_compile)


__all__ = ["BACKENDS", "CompileError", "GeneratedCodeError", "Plan", "build_plan",
           "compile_graph", "generate", "generate_source"]
