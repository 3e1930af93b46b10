"""compile_graph: generate, load and build; the live model with its source and maps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphlab.compile.common import PROBED
from graphlab.compile.errors import GeneratedCodeError
from graphlab.compile.loader import generated_lines, load_source
from graphlab.compile.plan import Plan
from graphlab.compile.source import generate
from graphlab.graph.diagnostics import node_title


@dataclass
class CompiledGraph:
    """A graph compiled for one backend.

    ``model`` is the framework module built from ``source``, the exported text plus
    the app's probe subclass (``ProbedModel``: a ``Model`` with ``trace``);
    ``line_map`` maps generated line numbers to node ids; ``namespace`` is the
    executed module (``Model``, ``ProbedModel``, ``loss_fn``, ``make_optimizer``).
    """

    model: Any
    loss_fn: Any
    source: str
    line_map: dict[int, str]
    plan: Plan
    backend: str
    filename: str
    namespace: Any = field(repr=False, default=None)

    def node_for_error(self, exc: BaseException) -> str | None:
        """The node whose generated statement raised ``exc`` (innermost), or None."""
        for line in reversed(generated_lines(exc, self.filename)):
            if line in self.line_map:
                return self.line_map[line]
        return None

    def explain(self, exc: BaseException) -> GeneratedCodeError | None:
        """``exc`` re-worded to name its node, e.g. ``Linear "fc1": RuntimeError: ...``."""
        node = self.node_for_error(exc)
        if node is None:
            return None
        step = self.plan.by_id.get(node)
        source = self.plan.source
        if step is not None:
            title = step.title
        elif source is not None and node in source:  # a block instance's call
            title = node_title(source.node(node).op, source.node(node).label)
        else:
            title = node
        err = GeneratedCodeError(node, title, exc)
        err.__cause__ = exc
        return err

    def run(self, fn, *args, **kwargs):
        """Call ``fn`` (e.g. the model); an error inside generated code names its node."""
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            err = self.explain(exc)
            if err is None:
                raise
            raise err from exc

    def new_model(self, seed: int | None = None):
        """A fresh model (the probe subclass, as ``model`` is) from ``seed``."""
        return getattr(self.namespace, PROBED)(seed=self.plan.seed if seed is None else seed)


def compile_graph(graph, backend: str = "torch", seed: int | None = None,
                  torch_compile=False, jit_compile: bool = False) -> CompiledGraph:
    """Compile ``graph`` for ``backend`` and build its model from ``seed`` (the graph's).

    ``torch_compile`` (torch): True, or a dict of ``torch.compile`` arguments, compiles
    the module in place. ``jit_compile`` (tf): XLA-compile the tf.function.
    """
    from graphlab.frameworks import require

    gen = generate(graph, backend)
    require(backend)  # FrameworkMissing says how to install it
    if backend == "torch":
        import torch  # noqa: F401 - imported here so the cost is paid once, visibly
    else:
        import tensorflow  # noqa: F401
    module, filename = load_source(gen.app_source, gen.plan.graph_name, backend)
    seed = gen.plan.seed if seed is None else int(seed)
    cls = getattr(module, PROBED)
    if backend == "tf":
        model = cls(seed=seed, jit_compile=bool(jit_compile))
    else:
        model = cls(seed=seed)
        if torch_compile:
            opts = dict(torch_compile) if isinstance(torch_compile, dict) else {}
            model.compile(**opts)
    return CompiledGraph(model=model, loss_fn=getattr(module, "loss_fn", None),
                         source=gen.app_source, line_map=gen.line_map, plan=gen.plan,
                         backend=backend, filename=filename, namespace=module)
