"""The op table's attribute docs (``Attr.doc`` in graph/ops), marked for lupdate.

Shown as the Inspector fields' tooltips in the UI's language; like op_docs.py, a test
fails when an attribute's doc changes and this list does not.
"""

from __future__ import annotations

from graphlab.ui.i18n import QT_TRANSLATE_NOOP, translate

DOCS = [
    QT_TRANSLATE_NOOP("AttrDocs", "name of the argument in the generated code"),
    QT_TRANSLATE_NOOP("AttrDocs", "shape with the batch dimension first (-1)"),
    QT_TRANSLATE_NOOP("AttrDocs", "element type; int64 for class indices"),
    QT_TRANSLATE_NOOP("AttrDocs", "feature: model input; target: labels for the loss"),
    QT_TRANSLATE_NOOP("AttrDocs", "value of every element"),
    QT_TRANSLATE_NOOP("AttrDocs", "shape; [] is a scalar"),
    QT_TRANSLATE_NOOP("AttrDocs", "initial values"),
    QT_TRANSLATE_NOOP("AttrDocs", "initial value when init is constant"),
    QT_TRANSLATE_NOOP("AttrDocs", "name of the output"),
    QT_TRANSLATE_NOOP("AttrDocs", "size of the input's last dimension (empty: inferred)"),
    QT_TRANSLATE_NOOP("AttrDocs", "size of the output's last dimension"),
    QT_TRANSLATE_NOOP("AttrDocs", "add a learnable bias"),
    QT_TRANSLATE_NOOP("AttrDocs", "input channels (empty: inferred)"),
    QT_TRANSLATE_NOOP("AttrDocs", "output channels"),
    QT_TRANSLATE_NOOP("AttrDocs", "kernel size (or [h, w])"),
    QT_TRANSLATE_NOOP("AttrDocs", "step between windows"),
    QT_TRANSLATE_NOOP(
        "AttrDocs", "pixels on every side, \"valid\" (none), \"same\" (output ceil(H/stride), any"
                    " extra at the bottom/right), [h, w] or [top, bottom, left, right]"),
    QT_TRANSLATE_NOOP("AttrDocs", "spacing between kernel taps"),
    QT_TRANSLATE_NOOP("AttrDocs", "channel groups convolved separately (in_channels: depthwise)"),
    QT_TRANSLATE_NOOP("AttrDocs", "add a learnable bias per channel"),
    QT_TRANSLATE_NOOP("AttrDocs", "window size (or [h, w])"),
    QT_TRANSLATE_NOOP("AttrDocs", "step between windows (empty: kernel_size)"),
    QT_TRANSLATE_NOOP(
        "AttrDocs", "padding on every side, \"valid\", \"same\" or explicit [h, w] / [top, "
                    "bottom, left, right]"),
    QT_TRANSLATE_NOOP(
        "AttrDocs", "round the output size up (the last window may run past the end)"),
    QT_TRANSLATE_NOOP("AttrDocs", "spacing between window taps"),
    QT_TRANSLATE_NOOP(
        "AttrDocs", "padded cells count in the mean (cells past the end in ceil_mode never "
                    "do)"),
    QT_TRANSLATE_NOOP("AttrDocs", "channels (empty: inferred)"),
    QT_TRANSLATE_NOOP("AttrDocs", "added to the variance"),
    QT_TRANSLATE_NOOP("AttrDocs", "weight of the new batch statistics"),
    QT_TRANSLATE_NOOP("AttrDocs", "learnable scale and shift"),
    QT_TRANSLATE_NOOP("AttrDocs", "how many trailing dimensions to normalise over"),
    QT_TRANSLATE_NOOP("AttrDocs", "probability of dropping an element"),
    QT_TRANSLATE_NOOP("AttrDocs", "number of rows (largest index + 1)"),
    QT_TRANSLATE_NOOP("AttrDocs", "length of each vector"),
    QT_TRANSLATE_NOOP("AttrDocs", "kernel size"),
    QT_TRANSLATE_NOOP("AttrDocs", "cells on each end, \"valid\", \"same\" or [left, right]"),
    QT_TRANSLATE_NOOP("AttrDocs", "spacing of the input cells in the output"),
    QT_TRANSLATE_NOOP("AttrDocs", "cells removed from each side of the output"),
    QT_TRANSLATE_NOOP(
        "AttrDocs", "cells added at the bottom/right of the output (smaller than the stride)"),
    QT_TRANSLATE_NOOP("AttrDocs", "channel groups convolved separately"),
    QT_TRANSLATE_NOOP("AttrDocs", "window size"),
    QT_TRANSLATE_NOOP(
        "AttrDocs", "padding on every side, \"valid\", \"same\" or explicit [left, right]"),
    QT_TRANSLATE_NOOP("AttrDocs", "how output cells are computed"),
    QT_TRANSLATE_NOOP("AttrDocs", "whole-number factor per axis (empty: use size)"),
    QT_TRANSLATE_NOOP("AttrDocs", "output [h, w] (empty: use scale_factor)"),
    QT_TRANSLATE_NOOP("AttrDocs", "bilinear only: map corner cells onto corner cells"),
    QT_TRANSLATE_NOOP("AttrDocs", "groups of channels"),
    QT_TRANSLATE_NOOP("AttrDocs", "learnable scale and shift per channel"),
    QT_TRANSLATE_NOOP("AttrDocs", "hide later keys from each query (j > i)"),
    QT_TRANSLATE_NOOP("AttrDocs", "multiplies q k^T (empty: 1/sqrt(D))"),
    QT_TRANSLATE_NOOP("AttrDocs", "size of the last dimension (empty: inferred)"),
    QT_TRANSLATE_NOOP("AttrDocs", "number of heads; must divide embed_dim"),
    QT_TRANSLATE_NOOP("AttrDocs", "learnable biases on the projections"),
    QT_TRANSLATE_NOOP("AttrDocs", "size of the hidden state H"),
    QT_TRANSLATE_NOOP("AttrDocs", "stacked layers (each reads the one below)"),
    QT_TRANSLATE_NOOP("AttrDocs", "also run backwards in time; features 2H"),
    QT_TRANSLATE_NOOP(
        "AttrDocs", "sequence: every step [N, T, D*H]; last: the final hidden state of the "
                    "top layer [N, D*H] (backward direction: after reading step 0)"),
    QT_TRANSLATE_NOOP("AttrDocs", "slope for negative inputs"),
    QT_TRANSLATE_NOOP("AttrDocs", "exact erf form or tanh approximation"),
    QT_TRANSLATE_NOOP("AttrDocs", "dimension that sums to one"),
    QT_TRANSLATE_NOOP("AttrDocs", "how the quotient is rounded"),
    QT_TRANSLATE_NOOP("AttrDocs", "the power"),
    QT_TRANSLATE_NOOP("AttrDocs", "dimension to join along"),
    QT_TRANSLATE_NOOP("AttrDocs", "number of inputs"),
    QT_TRANSLATE_NOOP("AttrDocs", "dimensions to reduce; empty means all"),
    QT_TRANSLATE_NOOP("AttrDocs", "keep reduced dimensions with size 1"),
    QT_TRANSLATE_NOOP("AttrDocs", "new order of the dimensions"),
    QT_TRANSLATE_NOOP("AttrDocs", "the lowest value kept"),
    QT_TRANSLATE_NOOP("AttrDocs", "the highest value kept"),
    QT_TRANSLATE_NOOP("AttrDocs", "first dimension merged (negative: from the end)"),
    QT_TRANSLATE_NOOP("AttrDocs", "last dimension merged (negative: from the end)"),
    QT_TRANSLATE_NOOP("AttrDocs", "target shape (per sample with keep_batch)"),
    QT_TRANSLATE_NOOP("AttrDocs", "keep dimension 0 and reshape each sample"),
    QT_TRANSLATE_NOOP("AttrDocs", "(before, after) pairs for the last dimensions"),
    QT_TRANSLATE_NOOP("AttrDocs", "what fills the border"),
    QT_TRANSLATE_NOOP("AttrDocs", "the fill of constant padding"),
    QT_TRANSLATE_NOOP("AttrDocs", "first index per axis"),
    QT_TRANSLATE_NOOP("AttrDocs", "end index (excluded) per axis"),
    QT_TRANSLATE_NOOP("AttrDocs", "the sliced dimensions (empty: 1, 2, ...)"),
    QT_TRANSLATE_NOOP("AttrDocs", "stride per axis, 1 or more (empty: 1)"),
    QT_TRANSLATE_NOOP("AttrDocs", "dimension to cut"),
    QT_TRANSLATE_NOOP("AttrDocs", "size of each piece (one may be -1)"),
    QT_TRANSLATE_NOOP("AttrDocs", "size-1 dimensions to remove (empty: all after the batch)"),
    QT_TRANSLATE_NOOP("AttrDocs", "positions of the new dimensions in the result"),
    QT_TRANSLATE_NOOP("AttrDocs", "dimension the indices pick along"),
    QT_TRANSLATE_NOOP("AttrDocs", "the new element type"),
    QT_TRANSLATE_NOOP("AttrDocs", "how per-element losses are combined"),
]


def attr_doc(attr) -> str:
    """``attr``'s doc in the UI's language."""
    return translate("AttrDocs", attr.doc) if attr.doc else attr.doc
