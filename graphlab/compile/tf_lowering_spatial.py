"""TensorFlow lowerings of convolution, pooling, resampling and normalisation (the ops of
graphlab/graph/ops/spatial.py and layers.py's Conv2d, pools and LayerNorm); ``HELPERS``:
functions they emit once into the generated file, by name.

2-D ops read NHWC (the layout pass transposes at a conv stack's edges). 1-D ops take the
graph's NCW and run as the 2-D op on [N, 1, W, C] (a transpose and a unit axis in, the
reverse out), so grouped and dilated 1-D convolutions share the 2-D code.

Every lowering has to run forward and backward on CPUs where TF has no oneDNN: there,
Conv2D has no grouped kernel and no dilated gradient, and conv2d_transpose no dilation.
So grouped convs split/concat per group, depthwise convs use depthwise_conv2d, dilation
goes through tf.nn.convolution (space-to-batch) at stride 1 followed by slicing, and a
dilated or grouped transposed conv is zero insertion plus an ordinary convolution.
"""

from __future__ import annotations

from graphlab.compile.source_writer import lst
from graphlab.compile.tf_lowering_base import ANY, NHWC, TFEntry, TFLowered, var_attr, variables
from graphlab.graph.ops._rules import same_pads

HWIO = (2, 3, 1, 0)  # torch [out, in, kh, kw] -> TF [kh, kw, in, out]


def one(values):
    """A per-axis value as TF takes it: one number when every axis agrees, else a list."""
    values = list(values)
    return str(values[0]) if len(set(values)) == 1 else lst(values)


def nhwc_pads(pads, extra=(0, 0)) -> list:
    (t, b), (left, r) = pads
    return [[0, 0], [t, b + extra[0]], [left, r + extra[1]], [0, 0]]


def padded(x: str, pads, extra=(0, 0), fill: str | None = None) -> str:
    p = nhwc_pads(pads, extra)
    if not any(v for row in p for v in row):
        return x
    return f"tf.pad({x}, {lst(p)}" + (f", constant_values={fill})" if fill else ")")


def strided(expr: str, strides) -> str:
    """Every stride-th row and column of a stride-1 result: the strided one."""
    if max(strides) == 1:
        return expr
    return f"{expr}[:, ::{strides[0]}, ::{strides[1]}, :]"


# --- Convolution ----------------------------------------------------------------

def _plain_conv(x: str, w: str, strides, dilations, padding: str = '"VALID"') -> str:
    if max(dilations) == 1:
        return f"tf.nn.conv2d({x}, {w}, strides={one(strides)}, padding={padding}, dilations=1)"
    return strided(f'tf.nn.convolution({x}, {w}, padding="VALID", '
                   f"dilations={one(dilations)})", strides)


def conv_nhwc(x: str, w: str, g: dict, sizes) -> tuple[str, str]:
    """(expression, note) of a convolution of NHWC ``x`` with HWIO ``w``; ``g`` holds the
    2-D window (kernel, strides, dilations, pads), groups and channel counts."""
    k, st, d, pads = g["kernel"], g["strides"], g["dilations"], g["pads"]
    groups, cin, cout = g["groups"], g["in_channels"], g["out_channels"]
    note = f", stride {one(st)} taken by slicing" if max(d) > 1 and max(st) > 1 else ""
    if groups == 1 and max(d) == 1:
        same = tuple(same_pads(sizes[i], k[i], st[i], d[i]) for i in range(2))
        if any(v for p in pads for v in p) and tuple(pads) == same:  # TF's own SAME: fast
            (t, b), (left, r) = pads
            return (_plain_conv(x, w, st, d, '"SAME"'),
                    f", SAME = pads ({t}, {b}), ({left}, {r})")
        padding = '"VALID"' if not any(v for p in pads for v in p) else lst(nhwc_pads(pads))
        return _plain_conv(x, w, st, d, padding), note
    x = padded(x, pads)
    if groups == 1:
        return _plain_conv(x, w, st, d), note
    if groups == cin:
        # depthwise: torch's out channel c * m + j is input c's j-th filter, which is
        # the [kh, kw, in, multiplier] filter depthwise_conv2d takes, reshaped
        # (its strides must be equal, and 1 with dilation: else stride 1, then slicing)
        dw = f"tf.reshape({w}, {lst([k[0], k[1], cin, cout // cin])})"
        if max(d) == 1 and st[0] == st[1]:
            return (f"tf.nn.depthwise_conv2d({x}, {dw}, strides={lst([1, *st, 1])}, "
                    'padding="VALID")'), ", depthwise"
        note = f", stride {one(st)} taken by slicing" if max(st) > 1 else ""
        return strided(f"tf.nn.depthwise_conv2d({x}, {dw}, strides=[1, 1, 1, 1], "
                       f'padding="VALID", dilations={lst(list(d))})', st), ", depthwise" + note
    return (f"grouped_conv2d({x}, {w}, groups={groups}, strides={lst(list(st))}, "
            f"dilations={lst(list(d))})", f", {groups} groups")


def _bias(s, expr: str) -> str:
    """The per-channel bias added to an NHWC result (broadcast over the last axis, as
    tf.nn.bias_add does; written as a plain + so a wrapped call stays short)."""
    if s.attrs["bias"]:
        return f"{expr} + self.{var_attr(s, 'bias')}"
    return expr


def _geometry(s, n: int) -> dict:
    """The window as 2-D tuples (1-D ops: a unit height in front)."""
    a = s.attrs
    g = {k: a[k] for k in ("groups", "in_channels", "out_channels") if k in a}
    if n == 2:
        g.update(kernel=a["kernel"], strides=a["strides"], dilations=a["dilations"],
                 pads=a["pads"], ceil_pads=a.get("ceil_pads", (0, 0)))
    else:
        g.update(kernel=(1, *a["kernel"]), strides=(1, *a["strides"]),
                 dilations=(1, *a["dilations"]), pads=((0, 0), *a["pads"]),
                 ceil_pads=(0, *a.get("ceil_pads", (0,))))
    return g


def _helpers(s) -> tuple[str, ...]:
    a = s.attrs
    return ("grouped_conv2d",) if a["groups"] not in (1, a["in_channels"]) else ()


def _conv2d(s, x, layout):
    expr, note = conv_nhwc(x["x"], f"self.{var_attr(s, 'weight')}", _geometry(s, 2),
                           s.in_types["x"].shape[2:])
    return TFLowered(_bias(s, expr), variables(s, {"weight": HWIO}), _helpers(s), note)


def to_nhwc_1d(x: str) -> str:
    return f"tf.transpose({x}, [0, 2, 1])[:, None]"


def from_nhwc_1d(expr: str) -> str:
    return f"tf.transpose(tf.squeeze({expr}, axis=1), [0, 2, 1])"


def _conv1d(s, x, layout):
    w = f"self.{var_attr(s, 'weight')}[None]"  # [k, in, out] -> [1, k, in, out]
    expr, note = conv_nhwc(to_nhwc_1d(x["x"]), w, _geometry(s, 1),
                           (1, *s.in_types["x"].shape[2:]))
    return TFLowered(from_nhwc_1d(_bias(s, expr)), variables(s, {"weight": (2, 1, 0)}),
                     _helpers(s), note + ", as 2-D on [N, 1, W, C]")


def _conv_transpose(s, x, layout):
    a = s.attrs
    (ph, _), (pw, _) = a["pads"]
    if a["groups"] == 1 and max(a["dilations"]) == 1:
        # TF's own kernel: a VALID transposed conv is (H - 1) * stride + k + output_padding
        # tall; torch's padding is then cropped from each side
        _, _, h, w = s.in_types["x"].shape
        size = [(h - 1) * a["strides"][0] + a["kernel"][0] + a["output_pads"][0],
                (w - 1) * a["strides"][1] + a["kernel"][1] + a["output_pads"][1]]
        shape = f"tf.stack([tf.shape({x['x']})[0], {size[0]}, {size[1]}, {a['out_channels']}])"
        expr = (f"tf.nn.conv2d_transpose({x['x']}, self.{var_attr(s, 'weight')}, {shape}, "
                f'strides={one(a["strides"])}, padding="VALID")')
        if ph or pw:
            expr += f"[:, {ph}:{size[0] - ph}, {pw}:{size[1] - pw}, :]"
        return TFLowered(_bias(s, expr), variables(s, {"weight": HWIO}))
    expr = (f"conv_transpose2d({x['x']}, self.{var_attr(s, 'weight')}, "
            f"strides={lst(list(a['strides']))}, pads={lst([ph, pw])}, "
            f"output_pads={lst(list(a['output_pads']))}, "
            f"dilations={lst(list(a['dilations']))}, groups={a['groups']})")
    return TFLowered(_bias(s, expr), variables(s, {"weight": (2, 3, 0, 1)}),
                     ("conv_transpose2d",))


# --- Pooling --------------------------------------------------------------------

def max_pool_nhwc(x: str, g: dict) -> str:
    arg = padded(x, g["pads"], g["ceil_pads"], "-np.inf")  # padded cells never win
    if max(g["dilations"]) == 1:
        return (f"tf.nn.max_pool2d({arg}, ksize={one(g['kernel'])}, "
                f'strides={one(g["strides"])}, padding="VALID")')
    return strided(f"tf.nn.pool({arg}, window_shape={lst(list(g['kernel']))}, "
                   f'pooling_type="MAX", padding="VALID", '
                   f"dilations={lst(list(g['dilations']))})", g["strides"])


def avg_pool_nhwc(x: str, g: dict, count_include_pad: bool, sizes) -> str:
    window = f"ksize={one(g['kernel'])}, strides={one(g['strides'])}, padding=\"VALID\""
    total = f"tf.nn.avg_pool2d({padded(x, g['pads'], g['ceil_pads'], '0.0')}, {window})"
    has_pads = any(v for p in g["pads"] for v in p)
    if (count_include_pad or not has_pads) and not any(g["ceil_pads"]):
        return total
    # the mean over the cells that count (padding when count_include_pad, never
    # ceil_mode's trailing cells): divided by each window's share of them, a constant
    fill = "1.0" if count_include_pad else "0.0"
    ones = padded(padded(f"tf.ones({lst([1, *sizes, 1])})", g["pads"], fill=fill),
                  ((0, 0), (0, 0)), g["ceil_pads"])
    return f"{total} / tf.nn.avg_pool2d({ones}, {window})"


def _max_pool2d(s, x, layout):
    return TFLowered(max_pool_nhwc(x["x"], _geometry(s, 2)))


def _avg_pool2d(s, x, layout):
    return TFLowered(avg_pool_nhwc(x["x"], _geometry(s, 2), s.attrs["count_include_pad"],
                                   s.in_types["x"].shape[2:]))


def _max_pool1d(s, x, layout):
    return TFLowered(from_nhwc_1d(max_pool_nhwc(to_nhwc_1d(x["x"]), _geometry(s, 1))),
                     note=", as 2-D on [N, 1, W, C]")


def _avg_pool1d(s, x, layout):
    expr = avg_pool_nhwc(to_nhwc_1d(x["x"]), _geometry(s, 1), s.attrs["count_include_pad"],
                         (1, *s.in_types["x"].shape[2:]))
    return TFLowered(from_nhwc_1d(expr), note=", as 2-D on [N, 1, W, C]")


# --- Resampling and normalisation ----------------------------------------------

def _upsample(s, x, layout):
    # the raw ops take the exact corner/centre convention (tf.image.resize has no
    # torch-style nearest, and tf.compat.v1's wrappers print a deprecation warning)
    a = s.attrs
    size = lst(list(a["size"]))
    if a["mode"] == "nearest":
        # torch's nearest: input cell floor(i * in / out), no half-pixel shift
        return TFLowered(f"tf.raw_ops.ResizeNearestNeighbor(images={x['x']}, size={size}, "
                         "align_corners=False, half_pixel_centers=False)")
    ac = a["align_corners"]
    return TFLowered(f"tf.raw_ops.ResizeBilinear(images={x['x']}, size={size}, "
                     f"align_corners={ac}, half_pixel_centers={not ac})")


def _affine(s) -> str:
    if s.attrs["affine"]:
        return f"self.{var_attr(s, 'weight')}, self.{var_attr(s, 'bias')}"
    return "None, None"


def _group_norm(s, x, layout):
    a = s.attrs
    axis = 3 if layout == NHWC and s.in_types["x"].rank == 4 else 1
    return TFLowered(f"group_norm({x['x']}, {_affine(s)}, groups={a['num_groups']}, "
                     f"eps={a['eps']!r}, axis={axis})", variables(s), ("group_norm",))


def _layer_norm(s, x, layout):
    k = s.attrs["last_dims"]
    axes = "" if k == 1 else f", axes={lst(list(range(-k, 0)))}"
    return TFLowered(f"layer_norm({x['x']}, {_affine(s)}, eps={s.attrs['eps']!r}{axes})",
                     variables(s), ("layer_norm",))


LOWERINGS: dict[str, TFEntry] = {
    "Conv1d": TFEntry(_conv1d),
    "Conv2d": TFEntry(_conv2d, NHWC),
    "ConvTranspose2d": TFEntry(_conv_transpose, NHWC),
    "MaxPool1d": TFEntry(_max_pool1d),
    "MaxPool2d": TFEntry(_max_pool2d, NHWC),
    "AvgPool1d": TFEntry(_avg_pool1d),
    "AvgPool2d": TFEntry(_avg_pool2d, NHWC),
    "Upsample": TFEntry(_upsample, NHWC),
    "GroupNorm": TFEntry(_group_norm, ANY),
    "LayerNorm": TFEntry(_layer_norm),
}

HELPERS: dict[str, str] = {
    "grouped_conv2d": '''def grouped_conv2d(x, w, groups, strides, dilations):
    """A grouped convolution of padded NHWC `x` with `w` [kh, kw, in / groups, out]: one
    convolution per group, concatenated (TF's CPU kernels without oneDNN have no grouped
    Conv2D). Dilated: at stride 1 through space-to-batch, then every stride-th cell."""
    parts = []
    for xg, wg in zip(tf.split(x, groups, axis=3), tf.split(w, groups, axis=3)):
        if max(dilations) == 1:
            parts.append(tf.nn.conv2d(xg, wg, strides=strides, padding="VALID"))
        else:
            y = tf.nn.convolution(xg, wg, padding="VALID", dilations=dilations)
            parts.append(y[:, ::strides[0], ::strides[1], :])
    return tf.concat(parts, axis=3)''',
    "layer_norm": '''def layer_norm(x, weight, bias, eps, axes=(-1,)):
    """Normalise over the trailing `axes` with the biased variance, then scale and shift."""
    mean, var = tf.nn.moments(x, list(axes), keepdims=True)
    y = (x - mean) * tf.math.rsqrt(var + eps)
    if weight is not None:
        y = y * weight + bias
    return y''',
    "group_norm": '''def group_norm(x, weight, bias, groups, eps, axis):
    """torch's GroupNorm: the channels (on `axis`) split into `groups` consecutive groups,
    each normalised over its channels and every position with the biased variance, then
    a per-channel scale and shift."""
    shape = list(x.shape[1:])
    c = shape[axis - 1]
    grouped = shape[:axis - 1] + [groups, c // groups] + shape[axis:]
    y = tf.reshape(x, [-1] + grouped)
    mean, var = tf.nn.moments(y, [i for i in range(1, len(grouped) + 1) if i != axis],
                              keepdims=True)
    y = tf.reshape((y - mean) * tf.math.rsqrt(var + eps), [-1] + shape)
    if weight is not None:
        per_channel = [1] * (len(shape) + 1)
        per_channel[axis] = -1
        y = y * tf.reshape(weight, per_channel) + tf.reshape(bias, per_channel)
    return y''',
    "conv_transpose2d": '''def conv_transpose2d(x, w, strides, pads, output_pads, dilations, groups):
    """torch's ConvTranspose2d on NHWC `x`, `w` [kh, kw, in, out / groups]: stride - 1
    zeros inserted between input cells, then a stride-1 convolution with the flipped
    kernel. Ordinary ops, so dilation and groups run forward and backward on every CPU
    (TF's conv2d_transpose has neither without oneDNN)."""
    _, h, width, c = x.shape
    (sh, sw), (dh, dw) = strides, dilations
    if sh > 1 or sw > 1:
        x = tf.pad(x[:, :, None, :, None, :],
                   [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]])
        x = tf.reshape(x, [-1, h * sh, width * sw, c])[:, :(h - 1) * sh + 1, :(width - 1) * sw + 1]
    edges = [(d * (k - 1) - p, d * (k - 1) - p + extra)
             for k, d, p, extra in zip(w.shape[:2], dilations, pads, output_pads)]
    x = tf.pad(x, [[0, 0]] + [[max(a, 0), max(b, 0)] for a, b in edges] + [[0, 0]])
    (top, bottom), (left, right) = [(max(-a, 0), max(-b, 0)) for a, b in edges]
    x = x[:, top:x.shape[1] - bottom, left:x.shape[2] - right]
    w = tf.reverse(w, [0, 1])
    return tf.concat([tf.nn.convolution(xg, wg, padding="VALID", dilations=[dh, dw])
                      for xg, wg in zip(tf.split(x, groups, axis=3),
                                        tf.split(w, groups, axis=2))], axis=3)''',
}
