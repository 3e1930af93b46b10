"""Export: the generated file as is, optionally with training; ONNX; TF SavedModel."""

from __future__ import annotations

import warnings
from pathlib import Path

from graphlab.compile.source import generate


def python_source(graph, backend: str, with_training: bool = False) -> str:
    """The exported Python file: exactly the source the app runs (plus training if asked)."""
    gen = generate(graph, backend)
    if not with_training:
        return gen.source
    from graphlab.compile.training_source import with_training as add_training

    return add_training(gen, graph)


def write_python(graph, backend: str, path, with_training: bool = False) -> Path:
    """Write the exported ``.py`` (weights travel separately: ``Model.load_weights``)."""
    path = Path(path)
    path.write_text(python_source(graph, backend, with_training), encoding="utf-8")
    return path


def _example_arrays(plan, batch: int = 2):
    import numpy as np

    rng = np.random.default_rng(0)
    out = []
    for s in plan.feature_steps():
        shape = tuple(batch if d == -1 else d for d in s.attrs["shape"])
        if s.attrs["dtype"] == "int64":
            out.append(rng.integers(0, 2, shape).astype(np.int64))
        else:
            out.append(rng.standard_normal(shape).astype(np.float32))
    return out


def _compiled(graph, backend: str, seed: int | None, weights):
    """The graph compiled for ``backend``, holding ``weights`` (name -> array, the keys of
    ``get_weights()``) when given, else the seed's."""
    from graphlab.compile.compiled import compile_graph

    cg = compile_graph(graph, backend, seed=seed)
    if weights is not None:
        cg.model.set_weights(dict(weights))
    return cg


def write_onnx(graph, path, seed: int | None = None, weights=None) -> Path:
    """ONNX through the compiled torch model (eval mode), checked with onnx.checker.

    The file's inputs and outputs carry the graph's names, also when constant folding
    leaves an output as a bare initializer (``scalar_expr``: every value is a weight)."""
    import onnx
    import torch

    cg = _compiled(graph, "torch", seed, weights)
    plan = cg.plan
    model = cg.model.eval()
    args = tuple(torch.from_numpy(a) for a in _example_arrays(plan))
    inputs = [s.name for s in plan.feature_steps()]
    outputs = [plan.output_names[o] for o in plan.output_ids]
    batched = [s.name for s in plan.feature_steps() if s.attrs["shape"][:1] == [-1]]
    dynamic = {n: {0: "batch"} for n in batched}
    if batched:
        dynamic.update({n: {0: "batch"} for n in outputs})
    path = Path(path)
    # The TorchScript exporter: it needs no onnxscript and handles every op graphlab
    # has. Its deprecation notice and "no input args" note are not the user's problem.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", UserWarning)
        torch.onnx.export(model, args, str(path), input_names=inputs, output_names=outputs,
                          dynamic_axes=dynamic or None, dynamo=False)
    proto = onnx.load(str(path))
    if _name_outputs(proto, outputs):
        onnx.save(proto, str(path))
    onnx.checker.check_model(proto)
    check_onnx_names(proto, inputs, outputs)
    return path


def _name_outputs(proto, names: list[str]) -> bool:
    """Give each graph output its name; an output the exporter named otherwise (a
    folded constant keeps its initializer's name) gets an Identity node with it.
    True when the model changed."""
    from onnx import helper

    changed = False
    for out, name in zip(proto.graph.output, names, strict=True):
        if out.name != name:
            proto.graph.node.append(helper.make_node("Identity", [out.name], [name],
                                                     name=f"output_{name}"))
            out.name = name
            changed = True
    return changed


def check_onnx_names(proto, inputs: list[str], outputs: list[str]) -> None:
    """Raise ValueError unless the ONNX graph's inputs and outputs are exactly these
    names (weights stored as initializers are not inputs)."""
    weights = {t.name for t in proto.graph.initializer}
    got_in = [i.name for i in proto.graph.input if i.name not in weights]
    got_out = [o.name for o in proto.graph.output]
    if got_in != inputs or got_out != outputs:
        raise ValueError(f"the ONNX export lost the graph's names: inputs {got_in} (expected "
                         f"{inputs}), outputs {got_out} (expected {outputs})")


def write_saved_model(graph, path, seed: int | None = None, weights=None) -> Path:
    """A TF SavedModel directory with a ``serving_default`` signature (eval mode),
    holding ``weights`` (default: the seed's)."""
    import tensorflow as tf

    cg = _compiled(graph, "tf", seed, weights)
    plan, model = cg.plan, cg.model
    specs = [tf.TensorSpec([None if d == -1 else d for d in s.attrs["shape"]],
                           tf.int64 if s.attrs["dtype"] == "int64" else tf.float32, name=s.name)
             for s in plan.feature_steps()]
    names = [plan.output_names[o] for o in plan.output_ids]

    def serve(*args):
        outs = model.forward(*args, training=False)
        outs = outs if isinstance(outs, tuple) else (outs,)
        return dict(zip(names, outs, strict=True))

    model.serve = tf.function(serve, input_signature=specs, autograph=False)
    path = Path(path)
    try:
        tf.saved_model.save(model, str(path), signatures={"serving_default": model.serve})
    except tf.errors.OpError as err:  # TF reports file-system trouble as its own errors
        raise OSError(err.message) from None
    return path
