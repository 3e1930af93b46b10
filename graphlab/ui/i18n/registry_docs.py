"""The registries' docs for lupdate. Written by
python -m graphlab.ui.i18n.write_registry_docs (make translations): do not edit."""

from graphlab.ui.i18n import QT_TRANSLATE_NOOP

OP_DOCS = [
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "A tensor fed to the model from the data set. `shape` includes the batch "
        "dimension, written -1 and replaced by the batch size. role `feature` feeds "
        "the model; role `target` feeds only the loss (the labels)."),
    QT_TRANSLATE_NOOP("OpDocs", "A fixed tensor filled with `value`; not trained."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "A learnable tensor that is not part of a layer, e.g. the scalars of a "
        "micrograd-style teaching graph. `init` chooses how it starts; `constant` "
        "uses `value`."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Fully connected layer y = x W^T + b over the last dimension. Weight layout "
        "[out_features, in_features]. in_features may be left empty to take it from "
        "the input."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "2-D convolution over NCHW input; weight layout [out, in / groups, kh, kw]. "
        "kernel, stride and dilation are one number or [h, w]; padding is pixels on "
        "every side, \"valid\", \"same\" (output size ceil(H/stride), any extra pixel at "
        "the bottom/right), [h, w] or [top, bottom, left, right], written out as "
        "explicit pads. groups = in_channels is a depthwise convolution."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Maximum over windows of NCHW input; padded cells never win. ceil_mode "
        "follows torch (the last window starts inside the input or its leading "
        "padding)."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Mean over windows of NCHW input. count_include_pad: padded cells count as "
        "zeros in the mean (else only input cells count); cells that ceil_mode adds "
        "past the end never count."),
    QT_TRANSLATE_NOOP("OpDocs", "Mean over the spatial dimensions: [N, C, H, W] -> [N, C]."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Batch normalisation over dim 1 of [N, C], [N, C, W] or [N, C, H, W]. "
        "Training uses the batch's biased variance; running statistics update as "
        "running = (1 - momentum) * running + momentum * batch (the torch convention,"
        " written out for TF too), with the unbiased variance. Evaluation uses the "
        "running statistics."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Normalises each sample over its last last_dims dimensions with the biased "
        "variance, then scales and shifts (weight and bias of those dimensions' "
        "shape)."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "While training, zeroes each element with probability p and scales the rest "
        "by 1/(1-p); does nothing in evaluation."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Looks up a learnable vector for each integer index; weight [num_embeddings, "
        "dim]."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "1-D convolution over NCW input (channels, then length); weight layout [out, "
        "in / groups, k]. padding is cells on each end, \"valid\", \"same\" (output "
        "ceil(W/stride), any extra at the end) or [left, right], written out as "
        "explicit pads."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Transposed 2-D convolution (the gradient of a Conv2d with respect to its "
        "input) over NCHW input; weight layout [in, out / groups, kh, kw]. Output "
        "size (H - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + "
        "1."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Maximum over windows of NCW input; padded cells never win. ceil_mode follows"
        " torch (the last window starts inside the input or its leading padding)."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Mean over windows of NCW input. count_include_pad: padded cells count as "
        "zeros in the mean (else only input cells count); cells that ceil_mode adds "
        "past the end never count."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Resizes NCHW input to size [h, w] or by an integer scale_factor. nearest "
        "takes input cell floor(i * in / out); bilinear interpolates with "
        "align_corners written out (false: half-pixel centres, as torch and TF 2 "
        "resize; true: the corner cells align)."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Splits the channels (dim 1) into num_groups consecutive groups and "
        "normalises each group of each sample over its channels and positions with "
        "the biased variance, then scales and shifts per channel. The same in "
        "training and evaluation."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "softmax(q k^T * scale + mask) v over the last two dims of q [..., Tq, D], k "
        "[..., Tk, D] and v [..., Tk, Dv]. The optional `mask` (bool, or integers "
        "read as nonzero = True; broadcast to [..., Tq, Tk]) is True where a query "
        "may attend to a key (PyTorch's convention); `causal` also hides key j from "
        "query i when j > i. A query with every key hidden gets zeros and no gradient"
        " (PyTorch's rule, written out for TF). scale empty: 1/sqrt(D)."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Multi-head attention over batch-first [N, T, E], PyTorch's "
        "nn.MultiheadAttention: q, k, v = the query, key and value times the rows of "
        "in_proj_weight [3E, E] (+ in_proj_bias), num_heads heads of E/num_heads, "
        "softmax(q k^T / sqrt(E/heads)) v, then out_proj. Self-attention with only "
        "`query` wired; cross-attention with `key` (and `value`, else the key). "
        "key_padding_mask [N, S] (bool, or integers read as nonzero = True) is True "
        "at padding keys, which no query attends to; `causal` hides key j from query "
        "i when j > i. A query left with no key gets zeros before out_proj. Initial "
        "weights: uniform(+-1/sqrt(E)), biases zero."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Long short-term memory over batch-first x [N, T, F], PyTorch's nn.LSTM: "
        "gates i, f, g, o stacked in weight_ih_lK [4H, F] and weight_hh_lK [4H, H], "
        "two biases bias_ih_lK and bias_hh_lK (both added), zero initial state; c = "
        "f*c + i*g, h = o*tanh(c). `_reverse` weights run the backward direction. "
        "Initial weights: uniform(+-1/sqrt(H))."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Gated recurrent unit over batch-first x [N, T, F], PyTorch's nn.GRU: gates "
        "r, z, n stacked in weight_ih_lK [3H, F] and weight_hh_lK [3H, H], biases "
        "bias_ih_lK and bias_hh_lK; n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h "
        "= (1 - z) * n + z * h, zero initial state. Initial weights: "
        "uniform(+-1/sqrt(H))."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Merges dimensions start_dim..end_dim (inclusive) into one, in C, H, W order "
        "(the graph's layout, whatever the backend). The defaults keep the batch "
        "dimension and flatten the rest; start_dim 0 merges the batch too."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Reshapes each sample to `shape` (keep_batch: the batch dimension is kept and"
        " not written), or with keep_batch off the whole tensor, batch included (e.g."
        " [-1, 16] merges the batch with the time steps). One size may be -1 to take "
        "what is left. Row-major (C) order."),
    QT_TRANSLATE_NOOP("OpDocs", "max(x, 0). Units whose input is always negative stop learning (dead ReLU)."),
    QT_TRANSLATE_NOOP("OpDocs", "x for x > 0, negative_slope * x otherwise."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "1 / (1 + exp(-x)); its gradient is at most 0.25, so deep stacks of it make "
        "gradients vanish."),
    QT_TRANSLATE_NOOP("OpDocs", "Hyperbolic tangent, output in (-1, 1)."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "x * Phi(x), the Gaussian error linear unit; `tanh` uses the tanh "
        "approximation."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "exp(x) / sum(exp(x)) along `axis`. Do not feed it to CrossEntropyLoss, which"
        " takes logits."),
    QT_TRANSLATE_NOOP("OpDocs", "log(softmax(x)) along `axis`, computed stably."),
    QT_TRANSLATE_NOOP("OpDocs", "a + b, broadcast."),
    QT_TRANSLATE_NOOP("OpDocs", "a - b, broadcast."),
    QT_TRANSLATE_NOOP("OpDocs", "a * b elementwise, broadcast."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "a / b, broadcast. rounding `true` is real division; `floor` rounds toward "
        "minus infinity and `trunc` toward zero, the same in both backends."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "x ** exponent elementwise. A negative x with a non-integer exponent gives "
        "NaN."),
    QT_TRANSLATE_NOOP("OpDocs", "e ** x elementwise; overflows above about 88 in float32."),
    QT_TRANSLATE_NOOP("OpDocs", "Natural logarithm; -inf at 0 and NaN below."),
    QT_TRANSLATE_NOOP("OpDocs", "-x elementwise (negation)."),
    QT_TRANSLATE_NOOP("OpDocs", "Matrix product of the last two dimensions, leading dimensions broadcast."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Joins tensors along `axis`; all other sizes must be equal. `n` sets the "
        "number of inputs."),
    QT_TRANSLATE_NOOP("OpDocs", "Sum over `axes` (all when empty)."),
    QT_TRANSLATE_NOOP("OpDocs", "Mean over `axes` (all when empty)."),
    QT_TRANSLATE_NOOP("OpDocs", "Permutes dimensions by `perm`; empty swaps the last two."),
    QT_TRANSLATE_NOOP("OpDocs", "Limits every element to [min, max]."),
    QT_TRANSLATE_NOOP("OpDocs", "|x| elementwise."),
    QT_TRANSLATE_NOOP("OpDocs", "Square root; NaN below 0, and an infinite gradient at 0."),
    QT_TRANSLATE_NOOP("OpDocs", "The larger of a and b elementwise, broadcast; both of one element type."),
    QT_TRANSLATE_NOOP("OpDocs", "The smaller of a and b elementwise, broadcast; both of one element type."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Maximum over `axes` (all when empty); the gradient goes to the largest "
        "element."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Pads the last dimensions: `pads` lists (before, after) pairs, the last pair "
        "for the last dimension ([top, bottom, left, right] on NCHW images); the "
        "batch is never padded. mode `constant` fills `value`, `reflect` mirrors "
        "without repeating the edge, `replicate` repeats the edge."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Takes starts[i]:ends[i]:steps[i] along axes[i], Python's rule: negative "
        "indices count from the end, out-of-range ones are clipped. Empty axes mean "
        "1, 2, ...; empty steps mean 1."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Cuts x along `axis` into pieces of `sizes` (2 to 4; one may be -1 for the "
        "rest), given on outputs y0, y1, ... in order; outputs beyond the sizes give "
        "nothing."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Removes size-1 dimensions: those in `axes`, or when empty every one after "
        "the batch dimension."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Inserts size-1 dimensions at `axes`, positions in the result (negative: from"
        " its end)."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Picks entries of x along `axis` by integer indices in [0, size): the result "
        "has x's dimensions before axis, then the indices' dimensions, then x's after"
        " it."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "a where cond is true, b elsewhere, broadcast (numpy's rule). cond is bool: a"
        " Cast to bool makes one from numbers (nonzero is true)."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Converts the element type. Float to integer rounds toward zero; to bool, "
        "nonzero is true; bool to a number gives 1 and 0."),
    QT_TRANSLATE_NOOP("OpDocs", "Mean squared error (pred - target)^2."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Binary cross-entropy on probabilities in (0, 1) (e.g. after a Sigmoid); log "
        "terms are clamped at -100 as torch does."),
    QT_TRANSLATE_NOOP("OpDocs", "Binary cross-entropy on logits (no Sigmoid before it), computed stably."),
    QT_TRANSLATE_NOOP(
        "OpDocs",
        "Softmax cross-entropy on raw logits [N, C] against int64 class indices [N]. "
        "Takes logits: a Softmax before it is a mistake."),
    QT_TRANSLATE_NOOP("OpDocs", "Marks a value the model returns, under `name`."),
]

ATTR_DOCS = [
    QT_TRANSLATE_NOOP("AttrDocs", "name of the argument in the generated code"),
    QT_TRANSLATE_NOOP("AttrDocs", "shape with the batch dimension first (-1)"),
    QT_TRANSLATE_NOOP("AttrDocs", "element type; int64 for class indices"),
    QT_TRANSLATE_NOOP("AttrDocs", "feature: model input; target: labels for the loss"),
    QT_TRANSLATE_NOOP("AttrDocs", "value of every element"),
    QT_TRANSLATE_NOOP("AttrDocs", "shape; [] is a scalar"),
    QT_TRANSLATE_NOOP("AttrDocs", "initial values"),
    QT_TRANSLATE_NOOP("AttrDocs", "initial value when init is constant"),
    QT_TRANSLATE_NOOP("AttrDocs", "size of the input's last dimension (empty: inferred)"),
    QT_TRANSLATE_NOOP("AttrDocs", "size of the output's last dimension"),
    QT_TRANSLATE_NOOP("AttrDocs", "add a learnable bias"),
    QT_TRANSLATE_NOOP("AttrDocs", "input channels (empty: inferred)"),
    QT_TRANSLATE_NOOP("AttrDocs", "output channels"),
    QT_TRANSLATE_NOOP("AttrDocs", "kernel size (or [h, w])"),
    QT_TRANSLATE_NOOP("AttrDocs", "step between windows"),
    QT_TRANSLATE_NOOP(
        "AttrDocs",
        "pixels on every side, \"valid\" (none), \"same\" (output ceil(H/stride), any "
        "extra at the bottom/right), [h, w] or [top, bottom, left, right]"),
    QT_TRANSLATE_NOOP("AttrDocs", "spacing between kernel taps"),
    QT_TRANSLATE_NOOP("AttrDocs", "channel groups convolved separately (in_channels: depthwise)"),
    QT_TRANSLATE_NOOP("AttrDocs", "add a learnable bias per channel"),
    QT_TRANSLATE_NOOP("AttrDocs", "window size (or [h, w])"),
    QT_TRANSLATE_NOOP("AttrDocs", "step between windows (empty: kernel_size)"),
    QT_TRANSLATE_NOOP(
        "AttrDocs",
        "padding on every side, \"valid\", \"same\" or explicit [h, w] / [top, bottom, "
        "left, right]"),
    QT_TRANSLATE_NOOP("AttrDocs", "round the output size up (the last window may run past the end)"),
    QT_TRANSLATE_NOOP("AttrDocs", "spacing between window taps"),
    QT_TRANSLATE_NOOP("AttrDocs", "padded cells count in the mean (cells past the end in ceil_mode never do)"),
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
    QT_TRANSLATE_NOOP("AttrDocs", "cells added at the bottom/right of the output (smaller than the stride)"),
    QT_TRANSLATE_NOOP("AttrDocs", "channel groups convolved separately"),
    QT_TRANSLATE_NOOP("AttrDocs", "window size"),
    QT_TRANSLATE_NOOP("AttrDocs", "padding on every side, \"valid\", \"same\" or explicit [left, right]"),
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
        "AttrDocs",
        "sequence: every step [N, T, D*H]; last: the final hidden state of the top "
        "layer [N, D*H] (backward direction: after reading step 0)"),
    QT_TRANSLATE_NOOP("AttrDocs", "first dimension merged (negative: from the end)"),
    QT_TRANSLATE_NOOP("AttrDocs", "last dimension merged (negative: from the end)"),
    QT_TRANSLATE_NOOP("AttrDocs", "target shape (per sample with keep_batch)"),
    QT_TRANSLATE_NOOP("AttrDocs", "keep dimension 0 and reshape each sample"),
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
    QT_TRANSLATE_NOOP("AttrDocs", "name of the output"),
]

DATASET_DOCS = [
    QT_TRANSLATE_NOOP("Datasets", "the four XOR points, repeated; 2 features, 2 classes"),
    QT_TRANSLATE_NOOP("Datasets", "two interleaving half circles; 2 features"),
    QT_TRANSLATE_NOOP("Datasets", "two concentric circles; 2 features"),
    QT_TRANSLATE_NOOP("Datasets", "two spiral arms; 2 features"),
    QT_TRANSLATE_NOOP("Datasets", "three Gaussian blobs; 2 features, 3 classes"),
    QT_TRANSLATE_NOOP("Datasets", "regression y = sin(x) + noise; 1 feature"),
    QT_TRANSLATE_NOOP(
        "Datasets",
        "the seed document's task: 10 features, binary label from a fixed random "
        "linear rule"),
    QT_TRANSLATE_NOOP("Datasets", "scikit-learn's 8x8 digits: 1797 samples, 64 features in [0, 1], 10 classes"),
    QT_TRANSLATE_NOOP("Datasets", "scikit-learn's iris: 150 samples, 4 features, 3 classes"),
    QT_TRANSLATE_NOOP("Datasets", "scikit-learn's wine: 178 samples, 13 features, 3 classes"),
    QT_TRANSLATE_NOOP("Datasets", "scikit-learn's breast cancer: 569 samples, 30 features, 2 classes"),
    QT_TRANSLATE_NOOP(
        "Datasets",
        "the adding problem: [N, 20, 2] (a value and a marker per step), the sum of "
        "the two marked values"),
    QT_TRANSLATE_NOOP("Datasets", "bit parity: [N, 8, 1] bits, 1 when the count of ones is odd; 2 classes"),
    QT_TRANSLATE_NOOP("Datasets", "noisy sine, square and sawtooth waves [N, 32, 1]; 3 classes"),
    QT_TRANSLATE_NOOP(
        "Datasets",
        "next character after 16 of a bundled text (Alice in Wonderland): int64 ids "
        "[N, 16], 41 classes"),
    QT_TRANSLATE_NOOP("Datasets", "no data: for graphs without Inputs (e.g. scalar_expr)"),
]
