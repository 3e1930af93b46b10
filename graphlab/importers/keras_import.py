"""Keras models in: a ``.keras`` file or a ``keras.Model`` (functional or Sequential).

A ``.keras`` file is a zip of ``config.json`` and weights. Its config is read as JSON
first and every layer class checked against the ones graphlab converts; a Lambda layer
or a custom object is refused by name before Keras sees the file, so no code in it ever
runs. Then Keras loads it with its own safe mode on. The topology comes from the model's
config (its public serialization), the weights from ``layer.get_weights()``.

Keras is channels-last; graphlab's images are NCHW. Every value carries its layout and
a Transpose is added only where an op needs the other one (a conv stack stays NCHW
from its first conv; a Flatten reads NHWC, as Keras flattens).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from graphlab.importers.builder import GraphBuilder, Imported, ImportRefused, clean_name

NHWC, NCHW, ANY = "nhwc", "nchw", "any"
ACTIVATIONS = {"relu": "ReLU", "sigmoid": "Sigmoid", "tanh": "Tanh", "softmax": "Softmax",
               "gelu": "GELU", "leaky_relu": "LeakyReLU", "exp": "Exp"}
SUPPORTED = {"InputLayer", "Dense", "Conv2D", "MaxPooling2D", "AveragePooling2D",
             "GlobalAveragePooling2D", "BatchNormalization", "LayerNormalization",
             "Activation", "ReLU", "Softmax", "LeakyReLU", "Add", "Subtract", "Multiply",
             "Concatenate", "Flatten", "Dropout", "Embedding", "Reshape"}
MAX_CONFIG_BYTES = 64 * 1024 * 1024


def import_keras_file(path: Path, name: str | None = None) -> Imported:
    problems = _scan(path)
    if problems:
        raise ImportRefused(str(path), problems)
    import keras

    try:
        model = keras.saving.load_model(str(path), compile=False, safe_mode=True)
    except Exception as err:
        raise ImportRefused(str(path), [f"Keras could not load it: {str(err)[:300]}"]) from None
    return import_keras(model, name or path.name.split(".")[0])


def _scan(path: Path) -> list[str]:
    """Every layer the file's config names that graphlab does not convert (read as JSON)."""
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("config.json")
            if info.file_size > MAX_CONFIG_BYTES:
                return ["its config.json is larger than 64 MB"]
            config = json.loads(z.read(info))
    except (OSError, KeyError, zipfile.BadZipFile, ValueError) as err:
        return [f"not a .keras file ({type(err).__name__})"]
    layers = (config.get("config") or {}).get("layers") if isinstance(config, dict) else None
    if not isinstance(layers, list):
        return ["its config.json holds no list of layers (a functional or Sequential model)"]
    out = []
    for layer in layers:
        cls = layer.get("class_name") if isinstance(layer, dict) else None
        lname = (layer.get("config") or {}).get("name", "?") if isinstance(layer, dict) else "?"
        if cls == "Lambda":
            out.append(f"layer {str(lname)[:40]!r} is a Lambda layer: it holds Python code, "
                       "which graphlab never runs; rewrite it with built-in layers")
        elif cls not in SUPPORTED or (layer.get("module") not in ("keras.layers", None)):
            out.append(f"layer {str(lname)[:40]!r}: {str(cls)[:40]} is not a layer graphlab "
                       "converts")
    return out


def import_keras(model, name: str | None = None) -> Imported:
    config = model.get_config()
    layers = config.get("layers", [])
    bad = [f"layer {ly['config'].get('name')!r}: {ly['class_name']} is not a layer graphlab "
           "converts" for ly in layers if ly["class_name"] not in SUPPORTED]
    if bad:
        raise ImportRefused(model.name, bad)
    k = _KerasBuilder(name or model.name)
    sequential = all("inbound_nodes" not in ly for ly in layers)
    if sequential and layers and layers[0]["class_name"] != "InputLayer":
        shape = list(model.inputs[0].shape) if model.inputs else None
        if shape is None:
            raise ImportRefused(model.name, ["a Sequential model must be built (give it an "
                                             "Input) before it can be imported"])
        layers = [{"class_name": "InputLayer", "config": {"name": "input",
                                                          "batch_shape": shape}}] + layers
    prev = None
    for ly in layers:
        lname = ly["config"]["name"]
        if ly["class_name"] == "InputLayer":
            k.input(lname, ly["config"]["batch_shape"], ly["config"].get("dtype", "float32"))
            prev = [lname]
            continue
        ins = prev if sequential else _inbound(ly)
        try:
            out = k.layer(ly["class_name"], ly["config"], ins, model.get_layer(lname))
        except _Refuse as why:
            k.b.refuse(f"layer {lname!r} ({ly['class_name']}): {why}")
            out = None
        if out is not None:
            k.tensors[lname] = out
        prev = [lname]
    outputs = [prev[-1]] if sequential else [o[0] for o in _flat(config["output_layers"])]
    for i, o in enumerate(outputs):
        if o in k.tensors:
            v = k.as_layout(k.tensors[o], NHWC)
            label = clean_name(o, f"y{i}")
            k.b.add("Output", {"name": label}, f"out_{label}", {"x": v})
    return k.b.finish(model.name)


def _flat(items):
    """output_layers is [name, node, tensor] or a list of those."""
    return [items] if items and isinstance(items[0], str) else items


def _inbound(layer: dict) -> list[str]:
    nodes = layer.get("inbound_nodes") or []
    if len(nodes) != 1:
        raise ImportRefused(layer["config"]["name"], [
            f"layer {layer['config']['name']!r} is called {len(nodes)} times; a shared layer "
            "cannot be imported"])
    args = nodes[0].get("args", [])
    found: list[str] = []

    def walk(a):
        if isinstance(a, dict) and a.get("class_name") == "__keras_tensor__":
            found.append(a["config"]["keras_history"][0])
        elif isinstance(a, list | tuple):
            for x in a:
                walk(x)
    walk(args)
    return found


class _Refuse(Exception):
    pass


class _KerasBuilder:
    def __init__(self, name: str) -> None:
        self.b = GraphBuilder(name)
        self.tensors: dict[str, str] = {}  # layer name -> its value's tensor key
        self.layout: dict[str, str] = {}
        self.rank: dict[str, int] = {}
        self._moved: dict[tuple[str, str], str] = {}

    def input(self, name: str, shape: list, dtype: str = "float32") -> None:
        dims = [-1 if d is None else int(d) for d in shape]
        if any(d == -1 for d in dims[1:]):
            raise ImportRefused(name, [f"input {name!r} has an unknown size after the batch "
                                       f"dimension ({shape}); give it a fixed shape"])
        label = clean_name(name, "x")
        kind = "int64" if "int" in str(dtype) else "float32"
        self.b.add("Input", {"name": label, "shape": dims, "dtype": kind}, label, {},
                   {"y": name})
        self.tensors[name] = self._set(name, name, NHWC if len(dims) == 4 else ANY, len(dims))

    def _set(self, layer: str, tensor: str, layout: str, rank: int) -> str:
        self.layout[tensor], self.rank[tensor] = layout, rank
        return tensor

    def as_layout(self, tensor: str, want: str) -> str:
        have = self.layout.get(tensor, ANY)
        if have in (ANY, want) or want == ANY:
            return tensor
        key = (tensor, want)
        if key not in self._moved:
            perm = [0, 3, 1, 2] if want == NCHW else [0, 2, 3, 1]
            moved = f"{tensor}#{want}"
            node = self.b.graph.node(self.b.values[tensor][0]).label
            self.b.add("Transpose", {"perm": perm}, f"{node}_to_{want}", {"x": tensor},
                       {"y": moved})
            self._set(moved, moved, want, 4)
            self._moved[key] = moved
        return self._moved[key]

    def layer(self, cls: str, cfg: dict, ins: list[str], live) -> str | None:
        name = cfg["name"]
        label = clean_name(name, cls.lower())
        srcs = [self.tensors[i] for i in ins if i in self.tensors]
        if len(srcs) != len(ins):
            return None  # an input was refused already
        w = live.get_weights()
        convert = getattr(self, f"_{cls.lower()}", None)
        out = convert(cfg, srcs, w, label, name)
        act = cfg.get("activation")
        if act and act != "linear" and cls not in ("Activation",):
            out = self._act(act, out, f"{label}_{act}", f"{name}#act")
        return out

    # ----- layers ------------------------------------------------------------------------
    def _dense(self, cfg, srcs, w, label, name):
        x = srcs[0]
        if self.rank[x] == 4:
            x = self.as_layout(x, NHWC)
        params = {"weight": w[0].T}
        if cfg["use_bias"]:
            params["bias"] = w[1]
        self.b.add("Linear", {"in_features": w[0].shape[0], "out_features": w[0].shape[1],
                              "bias": bool(cfg["use_bias"])}, label, {"x": x}, {"y": name},
                   params)
        return self._set(name, name, self.layout.get(x, ANY), self.rank[x])

    def _conv2d(self, cfg, srcs, w, label, name):
        if cfg.get("data_format", "channels_last") != "channels_last":
            raise _Refuse("only channels_last is supported")
        x = self.as_layout(srcs[0], NCHW)
        kernel = w[0]  # [kh, kw, in / groups, out]
        params = {"weight": np.transpose(kernel, (3, 2, 0, 1))}
        if cfg["use_bias"]:
            params["bias"] = w[1]
        groups = int(cfg.get("groups", 1))
        self.b.add("Conv2d", {
            "in_channels": kernel.shape[2] * groups, "out_channels": kernel.shape[3],
            "kernel_size": _pair(cfg["kernel_size"]), "stride": _pair(cfg["strides"]),
            "dilation": _pair(cfg["dilation_rate"]), "groups": groups,
            "padding": "same" if cfg["padding"] == "same" else 0,
            "bias": bool(cfg["use_bias"])}, label, {"x": x}, {"y": name}, params)
        return self._set(name, name, NCHW, 4)

    def _pool(self, op, cfg, srcs, label, name, extra):
        if cfg.get("data_format", "channels_last") != "channels_last":
            raise _Refuse("only channels_last is supported")
        x = self.as_layout(srcs[0], NCHW)
        stride = cfg.get("strides") or cfg["pool_size"]
        self.b.add(op, {"kernel_size": _pair(cfg["pool_size"]), "stride": _pair(stride),
                        "padding": "same" if cfg["padding"] == "same" else 0, **extra},
                   label, {"x": x}, {"y": name})
        return self._set(name, name, NCHW, 4)

    def _maxpooling2d(self, cfg, srcs, w, label, name):
        return self._pool("MaxPool2d", cfg, srcs, label, name, {})

    def _averagepooling2d(self, cfg, srcs, w, label, name):
        # Keras averages over the cells inside the image only
        return self._pool("AvgPool2d", cfg, srcs, label, name, {"count_include_pad": False})

    def _globalaveragepooling2d(self, cfg, srcs, w, label, name):
        if cfg.get("keepdims"):
            raise _Refuse("keepdims=True is not supported")
        x = self.as_layout(srcs[0], NCHW)
        self.b.add("GlobalAvgPool", {}, label, {"x": x}, {"y": name})
        return self._set(name, name, ANY, 2)

    def _batchnormalization(self, cfg, srcs, w, label, name):
        x = srcs[0]
        axis = cfg["axis"][0] if isinstance(cfg["axis"], list) else cfg["axis"]
        if axis not in (-1, self.rank[x] - 1):
            raise _Refuse(f"axis={axis} is not supported (the channels, last)")
        if self.rank[x] == 4:
            x = self.as_layout(x, NCHW)
        elif self.rank[x] != 2:
            raise _Refuse("only [N, C] and image inputs are supported")
        weights = list(w)
        gamma = weights.pop(0) if cfg["scale"] else None
        beta = weights.pop(0) if cfg["center"] else None
        mean, var = weights
        c = mean.shape[0]
        params = {"weight": gamma if gamma is not None else np.ones(c, np.float32),
                  "bias": beta if beta is not None else np.zeros(c, np.float32),
                  "running_mean": mean, "running_var": var}
        self.b.add("BatchNorm", {"num_features": c, "eps": float(cfg["epsilon"]),
                                 "momentum": round(1.0 - float(cfg["momentum"]), 6),
                                 "affine": True}, label, {"x": x}, {"y": name}, params)
        return self._set(name, name, self.layout.get(x, ANY), self.rank[x])

    def _layernormalization(self, cfg, srcs, w, label, name):
        x = srcs[0]
        axis = cfg["axis"][0] if isinstance(cfg["axis"], list) else cfg["axis"]
        if axis not in (-1, self.rank[x] - 1) or self.rank[x] == 4:
            raise _Refuse("only normalization over the last axis of a non-image is supported")
        weights = list(w)
        gamma = weights.pop(0) if cfg.get("scale", True) else None
        beta = weights.pop(0) if cfg.get("center", True) else None
        c = (gamma if gamma is not None else beta).shape[0]
        self.b.add("LayerNorm", {"eps": float(cfg["epsilon"]), "affine": True, "last_dims": 1},
                   label, {"x": x}, {"y": name},
                   {"weight": gamma if gamma is not None else np.ones(c, np.float32),
                    "bias": beta if beta is not None else np.zeros(c, np.float32)})
        return self._set(name, name, ANY, self.rank[x])

    def _act(self, act, src, label, name):
        op = ACTIVATIONS.get(act)
        if op is None:
            raise _Refuse(f"activation {act!r} is not supported")
        x = src
        attrs: dict[str, Any] = {}
        if op == "Softmax":
            x, attrs = self._last_axis(src), {"axis": -1}
        elif op == "GELU":
            attrs = {"approximate": "none"}
        elif op == "LeakyReLU":
            attrs = {"negative_slope": 0.2}
        self.b.add(op, attrs, label, {"x": x}, {"y": name})
        return self._set(name, name, self.layout.get(x, ANY), self.rank[x])

    def _last_axis(self, x):
        """An op over Keras' last axis reads NHWC values as they are."""
        return self.as_layout(x, NHWC) if self.rank[x] == 4 else x

    def _activation(self, cfg, srcs, w, label, name):
        return self._act(cfg["activation"], srcs[0], label, name)

    def _relu(self, cfg, srcs, w, label, name):
        if cfg.get("max_value") is not None or cfg.get("threshold", 0) or \
                cfg.get("negative_slope", 0):
            raise _Refuse("max_value, threshold and negative_slope are not supported")
        return self._act("relu", srcs[0], label, name)

    def _softmax(self, cfg, srcs, w, label, name):
        if cfg.get("axis", -1) != -1:
            raise _Refuse("only axis=-1 is supported")
        return self._act("softmax", srcs[0], label, name)

    def _leakyrelu(self, cfg, srcs, w, label, name):
        x = srcs[0]
        self.b.add("LeakyReLU", {"negative_slope": float(cfg["negative_slope"])}, label,
                   {"x": x}, {"y": name})
        return self._set(name, name, self.layout.get(x, ANY), self.rank[x])

    def _merge(self, op, srcs, label, name):
        if len(srcs) != 2:
            raise _Refuse(f"{len(srcs)} inputs; only two are supported")
        a, b = srcs
        if self.rank[a] == 4:
            want = self.layout[a] if self.layout[a] != ANY else NCHW
            a, b = self.as_layout(a, want), self.as_layout(b, want)
        self.b.add(op, {}, label, {"a": a, "b": b}, {"y": name})
        return self._set(name, name, self.layout.get(a, ANY), self.rank[a])

    def _add(self, cfg, srcs, w, label, name):
        return self._merge("Add", srcs, label, name)

    def _subtract(self, cfg, srcs, w, label, name):
        return self._merge("Sub", srcs, label, name)

    def _multiply(self, cfg, srcs, w, label, name):
        return self._merge("Mul", srcs, label, name)

    def _concatenate(self, cfg, srcs, w, label, name):
        rank = self.rank[srcs[0]]
        axis = cfg["axis"] % rank
        if rank == 4:
            srcs = [self.as_layout(s, NCHW) for s in srcs]
            axis = {1: 2, 2: 3, 3: 1}.get(axis, axis)
        self.b.add("Concat", {"axis": axis, "n": len(srcs)}, label,
                   {f"x{i}": s for i, s in enumerate(srcs)}, {"y": name})
        return self._set(name, name, self.layout.get(srcs[0], ANY), rank)

    def _flatten(self, cfg, srcs, w, label, name):
        x = self._last_axis(srcs[0])
        self.b.add("Flatten", {"start_dim": 1, "end_dim": -1}, label, {"x": x}, {"y": name})
        return self._set(name, name, ANY, 2)

    def _reshape(self, cfg, srcs, w, label, name):
        x = self._last_axis(srcs[0])
        shape = [int(d) for d in cfg["target_shape"]]
        self.b.add("Reshape", {"shape": shape, "keep_batch": True}, label, {"x": x},
                   {"y": name})
        return self._set(name, name, NHWC if len(shape) == 3 else ANY, len(shape) + 1)

    def _dropout(self, cfg, srcs, w, label, name):
        self.b.alias(name, srcs[0])
        return self._set(name, name, self.layout.get(srcs[0], ANY), self.rank[srcs[0]])

    def _embedding(self, cfg, srcs, w, label, name):
        self.b.add("Embedding", {"num_embeddings": int(cfg["input_dim"]),
                                 "embedding_dim": int(cfg["output_dim"])}, label,
                   {"indices": srcs[0]}, {"y": name}, {"weight": w[0]})
        return self._set(name, name, ANY, self.rank[srcs[0]] + 1)


def _pair(v) -> Any:
    v = list(v) if isinstance(v, list | tuple) else [v, v]
    return v[0] if v[0] == v[1] else v


