"""The op table's docs (graph/ops/*.py ``OpSpec.doc``), marked for lupdate.

graph/ops is Qt-free, so its docs are listed here to be translated where the palette, the
Tab search and the Inspector show them. tests/ui/test_translation.py fails when an op's
doc changes and this list does not (the op would show its English doc again): copy the
new doc here, run ``make translations`` and translate it in graphlab_zh_CN.ts.
"""

from __future__ import annotations

from graphlab.ui.i18n import QT_TRANSLATE_NOOP, translate

DOCS = [  # in the op table's order (graph/ops ops_by_category)
    QT_TRANSLATE_NOOP(
        "OpDocs", "A tensor fed to the model from the data set. `shape` includes the batch "
                  "dimension, written -1 and replaced by the batch size. role `feature` feeds "
                  "the model; role `target` feeds only the loss (the labels)."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "A fixed tensor filled with `value`; not trained."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "A learnable tensor that is not part of a layer, e.g. the scalars of a "
                  "micrograd-style teaching graph. `init` chooses how it starts; `constant` "
                  "uses `value`."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Fully connected layer y = x W^T + b over the last dimension. Weight layout "
                  "[out_features, in_features]. in_features may be left empty to take it from "
                  "the input."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "2-D convolution over NCHW input; weight layout [out, in / groups, kh, kw]. "
                  "kernel, stride and dilation are one number or [h, w]; padding is pixels on "
                  "every side, \"valid\", \"same\" (output size ceil(H/stride), any extra pixel at "
                  "the bottom/right), [h, w] or [top, bottom, left, right], written out as "
                  "explicit pads. groups = in_channels is a depthwise convolution."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Maximum over windows of NCHW input; padded cells never win. ceil_mode "
                  "follows torch (the last window starts inside the input or its leading "
                  "padding)."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Mean over windows of NCHW input. count_include_pad: padded cells count as "
                  "zeros in the mean (else only input cells count); cells that ceil_mode adds "
                  "past the end never count."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Mean over the spatial dimensions: [N, C, H, W] -> [N, C]."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Batch normalisation over dim 1 of [N, C], [N, C, W] or [N, C, H, W]. "
                  "Training uses the batch's biased variance; running statistics update as "
                  "running = (1 - momentum) * running + momentum * batch (the torch convention,"
                  " written out for TF too), with the unbiased variance. Evaluation uses the "
                  "running statistics."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Normalises each sample over its last last_dims dimensions with the biased "
                  "variance, then scales and shifts (weight and bias of those dimensions' "
                  "shape)."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "While training, zeroes each element with probability p and scales the rest "
                  "by 1/(1-p); does nothing in evaluation."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Looks up a learnable vector for each integer index; weight [num_embeddings, "
                  "dim]."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "1-D convolution over NCW input (channels, then length); weight layout [out, "
                  "in / groups, k]. padding is cells on each end, \"valid\", \"same\" (output "
                  "ceil(W/stride), any extra at the end) or [left, right], written out as "
                  "explicit pads."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Transposed 2-D convolution (the gradient of a Conv2d with respect to its "
                  "input) over NCHW input; weight layout [in, out / groups, kh, kw]. Output "
                  "size (H - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + "
                  "1."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Maximum over windows of NCW input; padded cells never win. ceil_mode follows"
                  " torch (the last window starts inside the input or its leading padding)."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Mean over windows of NCW input. count_include_pad: padded cells count as "
                  "zeros in the mean (else only input cells count); cells that ceil_mode adds "
                  "past the end never count."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Resizes NCHW input to size [h, w] or by an integer scale_factor. nearest "
                  "takes input cell floor(i * in / out); bilinear interpolates with "
                  "align_corners written out (false: half-pixel centres, as torch and TF 2 "
                  "resize; true: the corner cells align)."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Splits the channels (dim 1) into num_groups consecutive groups and "
                  "normalises each group of each sample over its channels and positions with "
                  "the biased variance, then scales and shifts per channel. The same in "
                  "training and evaluation."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "softmax(q k^T * scale + mask) v over the last two dims of q [..., Tq, D], k "
                  "[..., Tk, D] and v [..., Tk, Dv]. The optional `mask` (bool, or integers "
                  "read as nonzero = True; broadcast to [..., Tq, Tk]) is True where a query "
                  "may attend to a key (PyTorch's convention); `causal` also hides key j from "
                  "query i when j > i. A query with every key hidden gets zeros and no gradient"
                  " (PyTorch's rule, written out for TF). scale empty: 1/sqrt(D)."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Multi-head attention over batch-first [N, T, E], PyTorch's "
                  "nn.MultiheadAttention: q, k, v = the query, key and value times the rows of "
                  "in_proj_weight [3E, E] (+ in_proj_bias), num_heads heads of E/num_heads, "
                  "softmax(q k^T / sqrt(E/heads)) v, then out_proj. Self-attention with only "
                  "`query` wired; cross-attention with `key` (and `value`, else the key). "
                  "key_padding_mask [N, S] (bool, or integers read as nonzero = True) is True "
                  "at padding keys, which no query attends to; `causal` hides key j from query "
                  "i when j > i. A query left with no key gets zeros before out_proj. Initial "
                  "weights: uniform(+-1/sqrt(E)), biases zero."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Long short-term memory over batch-first x [N, T, F], PyTorch's nn.LSTM: "
                  "gates i, f, g, o stacked in weight_ih_lK [4H, F] and weight_hh_lK [4H, H], "
                  "two biases bias_ih_lK and bias_hh_lK (both added), zero initial state; c = "
                  "f*c + i*g, h = o*tanh(c). `_reverse` weights run the backward direction. "
                  "Initial weights: uniform(+-1/sqrt(H))."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Gated recurrent unit over batch-first x [N, T, F], PyTorch's nn.GRU: gates "
                  "r, z, n stacked in weight_ih_lK [3H, F] and weight_hh_lK [3H, H], biases "
                  "bias_ih_lK and bias_hh_lK; n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h "
                  "= (1 - z) * n + z * h, zero initial state. Initial weights: "
                  "uniform(+-1/sqrt(H))."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Merges dimensions start_dim..end_dim (inclusive) into one, in C, H, W order "
                  "(the graph's layout, whatever the backend). The defaults keep the batch "
                  "dimension and flatten the rest; start_dim 0 merges the batch too."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Reshapes each sample to `shape` (keep_batch: the batch dimension is kept and"
                  " not written), or with keep_batch off the whole tensor, batch included (e.g."
                  " [-1, 16] merges the batch with the time steps). One size may be -1 to take "
                  "what is left. Row-major (C) order."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "max(x, 0). Units whose input is always negative stop learning (dead ReLU)."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "x for x > 0, negative_slope * x otherwise."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "1 / (1 + exp(-x)); its gradient is at most 0.25, so deep stacks of it make "
                  "gradients vanish."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Hyperbolic tangent, output in (-1, 1)."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "x * Phi(x), the Gaussian error linear unit; `tanh` uses the tanh "
                  "approximation."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "exp(x) / sum(exp(x)) along `axis`. Do not feed it to CrossEntropyLoss, which"
                  " takes logits."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "log(softmax(x)) along `axis`, computed stably."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "a + b, broadcast."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "a - b, broadcast."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "a * b elementwise, broadcast."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "a / b, broadcast. rounding `true` is real division; `floor` rounds toward "
                  "minus infinity and `trunc` toward zero, the same in both backends."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "x ** exponent elementwise. A negative x with a non-integer exponent gives "
                  "NaN."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "e ** x elementwise; overflows above about 88 in float32."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Natural logarithm; -inf at 0 and NaN below."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "-x elementwise (negation)."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Matrix product of the last two dimensions, leading dimensions broadcast."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Joins tensors along `axis`; all other sizes must be equal. `n` sets the "
                  "number of inputs."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Sum over `axes` (all when empty)."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Mean over `axes` (all when empty)."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Permutes dimensions by `perm`; empty swaps the last two."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Limits every element to [min, max]."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "|x| elementwise."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Square root; NaN below 0, and an infinite gradient at 0."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "The larger of a and b elementwise, broadcast; both of one element type."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "The smaller of a and b elementwise, broadcast; both of one element type."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Maximum over `axes` (all when empty); the gradient goes to the largest "
                  "element."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Pads the last dimensions: `pads` lists (before, after) pairs, the last pair "
                  "for the last dimension ([top, bottom, left, right] on NCHW images); the "
                  "batch is never padded. mode `constant` fills `value`, `reflect` mirrors "
                  "without repeating the edge, `replicate` repeats the edge."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Takes starts[i]:ends[i]:steps[i] along axes[i], Python's rule: negative "
                  "indices count from the end, out-of-range ones are clipped. Empty axes mean "
                  "1, 2, ...; empty steps mean 1."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Cuts x along `axis` into pieces of `sizes` (2 to 4; one may be -1 for the "
                  "rest), given on outputs y0, y1, ... in order; outputs beyond the sizes give "
                  "nothing."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Removes size-1 dimensions: those in `axes`, or when empty every one after "
                  "the batch dimension."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Inserts size-1 dimensions at `axes`, positions in the result (negative: from"
                  " its end)."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Picks entries of x along `axis` by integer indices in [0, size): the result "
                  "has x's dimensions before axis, then the indices' dimensions, then x's after"
                  " it."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "a where cond is true, b elsewhere, broadcast (numpy's rule). cond is bool: a"
                  " Cast to bool makes one from numbers (nonzero is true)."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Converts the element type. Float to integer rounds toward zero; to bool, "
                  "nonzero is true; bool to a number gives 1 and 0."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Mean squared error (pred - target)^2."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Binary cross-entropy on probabilities in (0, 1) (e.g. after a Sigmoid); log "
                  "terms are clamped at -100 as torch does."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Binary cross-entropy on logits (no Sigmoid before it), computed stably."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Softmax cross-entropy on raw logits [N, C] against int64 class indices [N]. "
                  "Takes logits: a Softmax before it is a mistake."),
    QT_TRANSLATE_NOOP(
        "OpDocs", "Marks a value the model returns, under `name`."),
]


def op_doc(spec) -> str:
    """``spec``'s doc in the UI's language (a block's own doc as its file says)."""
    return translate("OpDocs", spec.doc) if spec.doc else spec.doc
