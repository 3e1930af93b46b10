"""Legal, unique Python names for nodes, in the way torch.fx's Namespace makes them.

A node's name comes from its label (an Input's or Output's from its ``name``): other
characters become ``_``, leading and trailing ``_`` go (so no name is private or
dunder), keywords, builtins, names the generated file already uses and attributes of
``nn.Module`` / ``tf.Module`` are avoided, and a clash gets a ``_2``, ``_3`` ... suffix.
"""

from __future__ import annotations

import ast
import builtins
import functools
import keyword
import re

_NOT_IDENT = re.compile(r"[^0-9A-Za-z_]+")

# Names the generated files define or use beside node names: module-level names,
# globals read inside forward / trace / loss_fn, and the generated class's own members.
# The definitions in the emitters' templates (TF helpers, the optimizers, uniform, the
# training loop) are added by reserved(), read from the templates themselves; a test
# checks every generated file against reserved(), so a new name cannot slip past.
GENERATED = {
    "np", "torch", "nn", "F", "tf", "math", "TF_LAYOUT", "Model", "ProbedModel",
    "init_weights", "check_weights", "loss_fn", "make_optimizer", "main", "self", "training",
    "seed", "weights", "rng", "model", "argparse", "load_data", "jit_compile", "l", "O", "I",
    "switch", "main_args", "optimizer", "data", "epoch", "args", "value", "name", "parser",
    "variables", "path", "lr", "expected", "complete", "problems", "state", "v",
    # members of the generated class (serve is added by the SavedModel export)
    "forward", "trace", "named_variables", "get_weights", "set_weights", "save_weights",
    "load_weights", "call", "serve",
}
# Attributes of torch.nn.Module (2.13) and tf.Module (2.21): a submodule, buffer or
# variable named after a node must not shadow one. Names starting with "_" never
# occur (legal() strips them). A test checks the installed frameworks' dir() against it.
MODULE_ATTRS = {
    "T_destination", "add_module", "apply", "bfloat16", "buffers", "call_super_init",
    "children", "compile", "cpu", "cuda", "double", "dump_patches", "eval", "extra_repr",
    "float", "forward", "get_buffer", "get_extra_state", "get_parameter", "get_submodule",
    "half", "ipu", "load_state_dict", "modules", "mtia", "named_buffers", "named_children",
    "named_modules", "named_parameters", "parameters", "register_backward_hook",
    "register_buffer", "register_forward_hook", "register_forward_pre_hook",
    "register_full_backward_hook", "register_full_backward_pre_hook",
    "register_load_state_dict_post_hook", "register_load_state_dict_pre_hook",
    "register_module", "register_parameter", "register_state_dict_post_hook",
    "register_state_dict_pre_hook", "requires_grad_", "set_extra_state", "set_submodule",
    "share_memory", "state_dict", "to", "to_empty", "train", "type", "xpu", "zero_grad",
    "training", "smart_apply",
    # tf.Module
    "name", "name_scope", "non_trainable_variables", "submodules", "trainable_variables",
    "variables", "with_name_scope",
    # Keras-style names a reader would take for the framework's own
    "trace", "get_weights", "set_weights", "save_weights", "load_weights", "named_variables",
    "call",
}
RESERVED = (set(keyword.kwlist) | set(keyword.softkwlist) | set(dir(builtins)) | GENERATED
            | MODULE_ATTRS)


@functools.cache
def reserved() -> frozenset[str]:
    """RESERVED plus every name the emitters' fixed templates define at module level."""
    from graphlab.compile import common, tf_emit, tf_lowering, tf_optimizer, training_source
    from graphlab.compile.plan import Plan
    from graphlab.graph.training_settings import defaults

    stub = Plan("g", "G", 0, 1, defaults(), [], [], [], [], [], {}, {})
    texts = [*tf_lowering.HELPERS.values(), *tf_optimizer.SOURCES.values(),
             "\n".join(common.UNIFORM), common.CHECK_WEIGHTS, tf_emit.LAYER,
             *training_source.templates(stub)]
    names = set()
    for text in texts:
        for node in ast.parse(text).body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Assign):
                names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return frozenset(RESERVED | names)


def legal(text: str, fallback: str = "node") -> str:
    """``text`` made into an identifier (not yet checked against reserved names)."""
    name = _NOT_IDENT.sub("_", str(text)).strip("_")
    if not name:
        name = fallback
    if name[0].isdigit():
        name = f"n_{name}"
    return name


class Namespace:
    """Hands out unique legal names; ``create("fc1")`` twice gives fc1, fc1_2."""

    def __init__(self, taken: set[str] | frozenset[str] | None = None) -> None:
        self._taken = set(reserved() if taken is None else taken)

    def create(self, text: str, fallback: str = "node") -> str:
        base = legal(text, fallback)
        if base not in self._taken:
            self._taken.add(base)
            return base
        i = 2
        while f"{base}_{i}" in self._taken:
            i += 1
        name = f"{base}_{i}"
        self._taken.add(name)
        return name


def class_name(graph_name: str) -> str:
    """CamelCase class name from the graph's name: seed_mlp -> SeedMlp."""
    parts = [p for p in _NOT_IDENT.sub(" ", str(graph_name)).replace("_", " ").split() if p]
    name = "".join(p[:1].upper() + p[1:] for p in parts) or "Graph"
    if name[0].isdigit():
        name = f"Graph{name}"
    if name in reserved():
        name = f"{name}Net"
    return name
