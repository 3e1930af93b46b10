"""The compiler: graph -> plan -> Python source -> live module, and export.

``generate_source`` is pure string work and imports no framework, so the editor's code
view can call it at startup speed. ``compile_graph`` executes that exact source; the
public ``graphlab.build(graph, backend)`` calls it; ``source`` is the same text
``generate_source`` returns, under the name the public API uses
(``graphlab.compile.source(graph, backend)``).
"""

from __future__ import annotations

from graphlab.compile.errors import CompileError, GeneratedCodeError
from graphlab.compile.plan import Plan, build_plan
from graphlab.compile.source import BACKENDS, generate, generate_source

source = generate_source


def compile_graph(graph, backend: str = "torch", seed: int | None = None,
                  torch_compile=False, jit_compile: bool = False):
    """Compile ``graph`` to a live model (see :class:`CompiledGraph`)."""
    from graphlab.compile.compiled import compile_graph as _compile

    return _compile(graph, backend, seed=seed, torch_compile=torch_compile,
                    jit_compile=jit_compile)


__all__ = ["BACKENDS", "CompileError", "GeneratedCodeError", "Plan", "build_plan",
           "compile_graph", "generate", "generate_source", "source"]
