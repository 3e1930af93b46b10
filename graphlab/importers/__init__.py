"""Bringing existing models in: ONNX files, PyTorch modules and Keras models become
editable graphs with their weights (see README "Bring your own model")."""

from __future__ import annotations

from pathlib import Path

from graphlab.importers.builder import Imported, ImportRefused

__all__ = ["Imported", "ImportRefused", "from_keras", "from_torch", "import_any",
           "import_onnx"]


def import_onnx(source, name=None) -> Imported:
    """An ONNX model (a path or an onnx.ModelProto) as a graph with its weights."""
    from graphlab.importers.onnx_import import import_onnx as run

    return run(source, name)


def from_torch(module, example_input, name=None) -> Imported:
    """A torch.nn.Module, traced on ``example_input`` (a tensor or a tuple of them)."""
    from graphlab.importers.torch_import import from_torch as run

    return run(module, example_input, name)


def from_keras(model, name=None) -> Imported:
    """A keras.Model (functional or Sequential) with its weights."""
    from graphlab.importers.keras_import import import_keras

    return import_keras(model, name)


def import_any(model: str, input_shape=None, name=None) -> Imported:
    """What ``graphlab import`` reads: MODEL.onnx, MODEL.keras or path/to/model.py:Class."""
    path, _, cls = model.rpartition(":") if model.count(":") == 1 and \
        not Path(model).exists() else (model, "", "")
    if cls:
        from graphlab.importers.torch_import import from_file

        return from_file(Path(path), cls, input_shape, name)
    suffix = Path(model).suffix.lower()
    if suffix == ".onnx":
        return import_onnx(model, name)
    if suffix == ".keras":
        from graphlab.importers.keras_import import import_keras_file

        return import_keras_file(Path(model), name)
    raise ImportRefused(model, ["expected MODEL.onnx, MODEL.keras or path/to/model.py:ClassName"])
