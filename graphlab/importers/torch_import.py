"""PyTorch modules as graphs: the module is traced to ONNX in memory by torch's own
exporter (TorchScript tracing, constant folding off so a BatchNorm stays its own node),
imported like any ONNX model, and then its submodules become blocks
(:mod:`graphlab.importers.blockify`), so a ResNet arrives as stages of residual blocks.

``from_file`` imports the user's Python file to get the class: that RUNS the file, which
the CLI's help and File > Import say.
"""

from __future__ import annotations

import importlib.util
import io
import sys
import warnings
from pathlib import Path

from graphlab.importers.builder import Imported, ImportRefused

OPSET = 20  # GELU is one Gelu node from opset 20 (an Erf pattern before)


def from_torch(module, example_input, name: str | None = None,
               blocks: bool = True) -> Imported:
    import onnx
    import torch

    from graphlab.importers.blockify import blockify
    from graphlab.importers.onnx_import import import_onnx

    args = example_input if isinstance(example_input, tuple) else (example_input,)
    was_training = module.training
    module.eval()
    names = [f"x{i}" if len(args) > 1 else "x" for i in range(len(args))]
    buf = io.BytesIO()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(module, args, buf, input_names=names, output_names=["y"],
                              dynamic_axes={n: {0: "batch"} for n in names + ["y"]},
                              opset_version=OPSET, do_constant_folding=False, dynamo=False)
    except Exception as err:
        raise ImportRefused(type(module).__name__, [
            f"torch could not trace the module: {str(err).splitlines()[0][:300]}"]) from None
    finally:
        module.train(was_training)
    proto = onnx.load_from_string(buf.getvalue())
    imported = import_onnx(proto, name or type(module).__name__)
    if blocks:
        blockify(imported, module)
    return imported


def from_file(path: Path, class_name: str, input_shape, name: str | None = None) -> Imported:
    """Import ``class_name`` from the Python file ``path`` (this runs the file), build it
    with no arguments and trace it on a random input of ``input_shape``."""
    import torch

    if input_shape is None:
        raise ImportRefused(f"{path}:{class_name}", [
            "a PyTorch module needs --input with its example input's shape, e.g. 1,3,32,32"])
    if not path.is_file() or path.suffix != ".py":
        raise ImportRefused(str(path), ["expected a Python file path/to/model.py"])
    spec = importlib.util.spec_from_file_location(f"graphlab_user_{path.stem}", path)
    mod = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.resolve().parent))
    try:
        spec.loader.exec_module(mod)
    except Exception as err:
        raise ImportRefused(str(path), [f"running it failed: {type(err).__name__}: {err}"]) \
            from None
    finally:
        sys.path.pop(0)
    cls = getattr(mod, class_name, None)
    if not (isinstance(cls, type) and issubclass(cls, torch.nn.Module)):
        raise ImportRefused(str(path), [f"{class_name!r} is not a torch.nn.Module class in it"])
    try:
        module = cls()
    except Exception as err:
        raise ImportRefused(str(path), [
            f"{class_name}() failed ({type(err).__name__}: {err}); it must build with no "
            "arguments"]) from None
    gen = torch.Generator().manual_seed(0)
    return from_torch(module, torch.randn(*input_shape, generator=gen), name or class_name)
