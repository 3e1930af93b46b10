"""The mini-batch order: which training samples each step of an epoch sees.

Written once for both places that train: :class:`graphlab.train.session.TrainingSession`
calls :func:`epoch_batches`, and ``graphlab export --with-training`` copies its source
(``inspect.getsource``) into the exported file, so an exported loop and a session with
the same seed train on the same batches in the same order. It must stay
self-contained: numpy as ``np`` is all it may use.
"""

from __future__ import annotations

import numpy as np


def epoch_batches(n, batch_size, seed, epoch, shuffle=True):
    """Training-set indices of each mini-batch of ``epoch`` (counted from 1): a
    permutation of range(n) drawn from [seed, epoch] (range(n) itself without
    shuffling), cut into batches of batch_size; the last batch may be smaller."""
    order = np.random.default_rng([seed, epoch]).permutation(n) if shuffle else np.arange(n)
    return [order[start:start + batch_size] for start in range(0, n, batch_size)]
