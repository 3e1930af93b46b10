"""The compiler: graph -> plan -> Python source -> live module, and export.

``generate_source`` is pure string work and imports no framework, so the editor's code
view can call it at startup speed. ``compile_graph`` executes that exact source.
"""

from __future__ import annotations

import sys
import types

from graphlab.compile.errors import CompileError, GeneratedCodeError
from graphlab.compile.plan import Plan, build_plan
from graphlab.compile.source import BACKENDS, generate, generate_source


def compile_graph(graph, backend: str = "torch", seed: int | None = None,
                  torch_compile=False, jit_compile: bool = False):
    """Compile ``graph`` to a live model (see :class:`CompiledGraph`)."""
    from graphlab.compile.compiled import compile_graph as _compile

    return _compile(graph, backend, seed=seed, torch_compile=torch_compile,
                    jit_compile=jit_compile)


class _CallableModule(types.ModuleType):
    """``graphlab.compile`` is both the public function and this package. Importing the
    package makes it the ``graphlab.compile`` attribute, so the package itself must
    compile when called: ``graphlab.compile(graph, "tf")`` works either way."""

    def __call__(self, graph, backend: str = "torch", **options):
        return compile_graph(graph, backend, **options)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["BACKENDS", "CompileError", "GeneratedCodeError", "Plan", "build_plan",
           "compile_graph", "generate", "generate_source"]
