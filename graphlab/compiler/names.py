"""Legal, unique Python names for nodes, in the way torch.fx's Namespace makes them.

A node's name comes from its label (an Input's or Output's from its ``name``): other
characters become ``_``, keywords, builtins and names the generated file already uses
are avoided, and a clash gets a ``_2``, ``_3`` ... suffix.
"""

from __future__ import annotations

import builtins
import keyword
import re

_NOT_IDENT = re.compile(r"[^0-9A-Za-z_]+")

# Names the generated files define or import, plus attributes of nn.Module and
# tf.Module that a submodule or variable named after a node must not shadow.
GENERATED = {
    "np", "torch", "nn", "F", "tf", "math", "WEIGHTS", "Model", "init_weights", "loss_fn",
    "make_optimizer", "main", "self", "training", "seed", "weights", "rng", "model",
    "batch_norm", "layer_norm", "argparse", "load_data", "train", "jit_compile", "l", "O", "I",
    "was_training", "switch", "uniform", "main_args", "optimizer", "data", "epoch", "args",
    "value", "name",
}
MODULE_ATTRS = {
    "training", "forward", "train", "eval", "to", "cuda", "cpu", "float", "double", "half",
    "bfloat16", "type", "apply", "parameters", "named_parameters", "buffers", "named_buffers",
    "modules", "named_modules", "children", "named_children", "state_dict", "load_state_dict",
    "zero_grad", "register_buffer", "register_parameter", "register_module", "add_module",
    "get_submodule", "get_parameter", "get_buffer", "compile", "trace", "get_weights",
    "set_weights", "named_variables", "requires_grad_", "share_memory", "extra_repr",
    "to_empty", "ipu", "xpu", "mtia", "call_super_init", "dump_patches", "name", "name_scope",
    "variables", "trainable_variables", "non_trainable_variables", "submodules",
    "with_name_scope", "call",
}
RESERVED = (set(keyword.kwlist) | set(keyword.softkwlist) | set(dir(builtins)) | GENERATED
            | MODULE_ATTRS)


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

    def __init__(self, reserved: set[str] | None = None) -> None:
        self._taken = set(RESERVED if reserved is None else reserved)

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
    if name in RESERVED or name in ("Model",):
        name = f"{name}Net"
    return name
