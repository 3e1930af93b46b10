"""Load generated source as a live module, with tracebacks that show generated lines.

The text is compiled under a unique pseudo-filename and registered in ``linecache``,
so a traceback through generated code shows the real statement, and the line map
turns that line back into the node that produced it (as torch.fx does for its code).
"""

from __future__ import annotations

import itertools
import linecache
import re
import types
import weakref

from graphlab.compile.names import legal

_counter = itertools.count(1)


class SourceLoader:
    """A PEP 302-style loader that can only give back the generated text.

    linecache and inspect ask it for the source when their cache has been cleared, so
    tracebacks and TF's autograph keep working for the module's whole life.
    """

    def __init__(self, source: str) -> None:
        self.source = source

    def get_source(self, name: str) -> str:
        return self.source


def load_source(source: str, graph_name: str, backend: str) -> tuple[types.ModuleType, str]:
    """Execute ``source`` in a fresh module; returns (module, its pseudo-filename).

    The module is not put in ``sys.modules`` and its ``linecache`` entry goes with it,
    so compiling on every edit or run leaks nothing; tracebacks through code that
    outlives the module still find its lines through ``__loader__`` (linecache's lazy
    lookup reads the frame's globals)."""
    n = next(_counter)
    filename = f"graphlab-generated/{legal(graph_name, 'graph')}.{backend}.{n}.py"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    code = compile(source, filename, "exec")
    module = types.ModuleType(f"graphlab_generated_{backend}_{n}")
    module.__file__ = filename
    module.__loader__ = SourceLoader(source)
    weakref.finalize(module, linecache.cache.pop, filename, None)
    exec(code, module.__dict__)
    return module, filename


def generated_lines(exc: BaseException, filename: str) -> list[int]:
    """Line numbers of ``filename`` in the traceback of ``exc``, innermost last."""
    lines = []
    seen = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        tb = e.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == filename:
                lines.append(tb.tb_lineno)
            tb = tb.tb_next
        e = e.__cause__ or e.__context__
    # TF reports errors raised while tracing a tf.function, or while running its graph,
    # with the user's frames quoted in the message; those are the innermost.
    pattern = re.escape(f'File "{filename}", line ') + r"(\d+)"
    return lines + [int(m) for m in re.findall(pattern, str(exc))]
