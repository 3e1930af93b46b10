"""Exports that need a framework, run in the worker: the editor's File > Export.

The document's weights (keyed ``fc1.weight``) may cover only some nodes (a layer added
after training starts from the seed): the model is built from the seed, the given
weights are loaded over it, and the whole set is what the export carries. A Python
export writes its weights beside it (``OUT.weights.npz``, ``Model.load_weights``).
"""

from __future__ import annotations

from pathlib import Path

KINDS = ("torch", "tf", "onnx", "savedmodel", "npz")


class ExportFailed(ValueError):
    """The export could not be written; the message says why, for the user."""


def beside(path: str | Path) -> Path:
    """``model.py`` -> ``model.weights.npz``."""
    out = Path(path)
    return out.with_name((out.stem if out.suffix == ".py" else out.name) + ".weights.npz")


def full_weights(graph, backend: str, weights: dict) -> dict:
    """Every weight of ``graph``: the seed's, with ``weights`` loaded over them."""
    from graphlab.compile.compiled import compile_graph
    from graphlab.train.checkpoints import weights_misfit

    model = compile_graph(graph, backend).model
    have = model.get_weights()
    if weights:
        misfit = weights_misfit({k: have[k] for k in weights if k in have}, weights)
        if misfit:
            raise ExportFailed(f"the document's weights do not fit the graph: {misfit}")
        model.set_weights(weights)
    return model.get_weights()


def export_file(graph, kind: str, path: str, weights: dict | None,
                with_training: bool = False) -> list[str]:
    """Write the export; the paths written. ExportFailed with a message on any problem."""
    from graphlab.compile import CompileError, export
    from graphlab.frameworks import FrameworkMissing
    from graphlab.graph.file_weights import write

    if kind not in KINDS:
        raise ExportFailed(f"unknown export {kind!r} (one of {', '.join(KINDS)})")
    try:
        if kind == "onnx":
            return [str(export.write_onnx(graph, path, weights=full_weights(graph, "torch",
                                                                            weights)))]
        if kind == "savedmodel":
            return [str(export.write_saved_model(graph, path,
                                                 weights=full_weights(graph, "tf", weights)))]
        if kind == "npz":
            backend = graph.training.get("backend", "torch")
            return [str(write(path, full_weights(graph, backend, weights)))]
        written = [str(export.write_python(graph, kind, path, with_training))]
        if weights:
            written.append(str(write(beside(path), full_weights(graph, kind, weights))))
        return written
    except CompileError as err:
        raise ExportFailed(str(err)) from None
    except FrameworkMissing as err:
        raise ExportFailed(str(err)) from None
    except ImportError as err:
        raise ExportFailed(f"this export needs a package that is not installed: "
                           f"{err.name or err}") from None
    except OSError as err:
        raise ExportFailed(f"cannot write {path}: {err.strerror or err}") from None
