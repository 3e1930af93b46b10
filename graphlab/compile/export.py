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


def write_onnx(graph, path, seed: int | None = None) -> Path:
    """ONNX through the compiled torch model (eval mode), checked with onnx.checker."""
    import onnx
    import torch

    from graphlab.compile.compiled import compile_graph

    cg = compile_graph(graph, "torch", seed=seed)
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
    onnx.checker.check_model(onnx.load(str(path)))
    return path


def write_saved_model(graph, path, seed: int | None = None) -> Path:
    """A TF SavedModel directory with a ``serving_default`` signature (eval mode)."""
    import tensorflow as tf

    from graphlab.compile.compiled import compile_graph

    cg = compile_graph(graph, "tf", seed=seed)
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
