"""Seeded sequence datasets: the adding problem, bit parity, waveform classes and
next-character prediction on a text (a bundled public-domain one, or a .txt file).

Like :mod:`graphlab.train.datasets.generators`, every builder is a plain numpy function
that an exported training script copies verbatim (``dataset_source``), so each one uses
only ``np`` and imports inside its own body. Features are batch-first sequences
``[N, T, F]`` (float32) for recurrent and attention layers, or int64 token ids
``[N, T]`` for an Embedding.
"""

import numpy as np


def adding(n_samples=1000, seed=0, length=20):
    """The adding problem (Hochreiter & Schmidhuber): each step holds a random value in
    [0, 1) and a marker; exactly two steps are marked, one in each half. The target is
    the sum of the two marked values. x [N, T, 2] float32, y [N, 1] float32; predicting
    the mean (1.0) scores an MSE of about 0.167."""
    length, n_samples = int(length), int(n_samples)
    if length < 2:
        raise ValueError(f"length must be at least 2 (one marked step in each half), got "
                         f"{length}")
    if n_samples * length * 2 > 10_000_000:  # registry.MAX_GENERATED
        raise ValueError(f"{n_samples * length * 2:,} values is more than graphlab generates "
                         "(10,000,000); lower n_samples or length")
    rng = np.random.default_rng(seed)
    values = rng.uniform(0.0, 1.0, (n_samples, length))
    half = length // 2
    first = rng.integers(0, half, n_samples)
    second = rng.integers(half, length, n_samples)
    markers = np.zeros((n_samples, length))
    rows = np.arange(n_samples)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    y = values[rows, first] + values[rows, second]
    return (np.stack([values, markers], axis=-1).astype(np.float32),
            y.reshape(-1, 1).astype(np.float32))


def parity(n_samples=1000, seed=0, length=8):
    """Bit parity: a sequence of random 0/1 bits, label 1 when it holds an odd number of
    ones. x [N, T, 1] float32, y [N] int64 (2 classes)."""
    length, n_samples = int(length), int(n_samples)
    if length < 1:
        raise ValueError(f"length must be at least 1, got {length}")
    if n_samples * length > 10_000_000:  # registry.MAX_GENERATED
        raise ValueError(f"{n_samples * length:,} values is more than graphlab generates "
                         "(10,000,000); lower n_samples or length")
    bits = np.random.default_rng(seed).integers(0, 2, (n_samples, length))
    return bits[..., None].astype(np.float32), (bits.sum(axis=1) % 2).astype(np.int64)


def waveforms(n_samples=1000, seed=0, length=32, noise=0.1):
    """Sequence classification: which wave a noisy signal is, 0 sine, 1 square, 2
    sawtooth, each with a random frequency (1 to 3 cycles per sequence) and phase.
    x [N, T, 1] float32, y [N] int64 (3 classes)."""
    length, n_samples = int(length), int(n_samples)
    if length < 4:
        raise ValueError(f"length must be at least 4 to show a wave, got {length}")
    if n_samples * length > 10_000_000:  # registry.MAX_GENERATED
        raise ValueError(f"{n_samples * length:,} values is more than graphlab generates "
                         "(10,000,000); lower n_samples or length")
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n_samples)
    cycles = rng.uniform(1.0, 3.0, (n_samples, 1))
    phase = rng.uniform(0.0, 1.0, (n_samples, 1))
    turns = cycles * np.arange(length)[None, :] / length + phase  # in cycles
    frac = turns % 1.0
    waves = np.stack([np.sin(2 * np.pi * turns), np.where(frac < 0.5, 1.0, -1.0),
                      2.0 * frac - 1.0])
    x = waves[y, np.arange(n_samples)] + rng.normal(0.0, noise, (n_samples, length))
    return x[..., None].astype(np.float32), y.astype(np.int64)


def text_chars(n_samples=2000, seed=0, context=16, path=None):
    """Next-character prediction: windows of ``context`` characters of a text, lower-cased
    with runs of white space as one space, as int64 ids into its sorted alphabet
    ([N, T]), and the id of the character after each window ([N], the class). The text
    is graphlab's bundled one (the start of Alice's Adventures in Wonderland, public
    domain) unless ``path`` names a UTF-8 text file."""
    context, n_samples = int(context), int(n_samples)
    if path is None:  # graphlab's own copy (an exported script needs graphlab for it)
        from importlib import resources

        import graphlab.assets

        text = resources.files(graphlab.assets).joinpath("alice.txt").read_text("utf-8")
    else:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    text = " ".join(text.lower().split())
    if context < 1:
        raise ValueError(f"context must be at least 1 character, got {context}")
    if len(text) <= context:
        raise ValueError(f"the text has {len(text)} characters; it needs more than context "
                         f"({context}) to make one window and its next character")
    if n_samples * context > 10_000_000:  # registry.MAX_GENERATED
        raise ValueError(f"{n_samples * context:,} values is more than graphlab generates "
                         "(10,000,000); lower n_samples or context")
    index = {c: i for i, c in enumerate(sorted(set(text)))}
    ids = np.array([index[c] for c in text], dtype=np.int64)
    starts = np.random.default_rng(seed).integers(0, len(ids) - context, n_samples)
    windows = starts[:, None] + np.arange(context)[None, :]
    return ids[windows], ids[starts + context]


def load_text(path, seed=0, **opts):
    """A .txt file as the text_chars dataset (``context``, ``n_samples`` options), refused
    with a DatasetError when it is not a readable, not too large UTF-8 file."""
    from pathlib import Path

    from graphlab.train.datasets.files import _cap, check_path
    from graphlab.train.datasets.registry import CLASSIFICATION, Dataset, DatasetError

    p = Path(path)
    _cap(p.name, check_path(p).st_size, 16 << 20)
    unknown = sorted(set(opts) - {"context", "n_samples"})
    if unknown:
        raise DatasetError(f"dataset file {p.name}: a text file takes the options context "
                           f"and n_samples, not {', '.join(unknown)}")
    kwargs = {"n_samples": 2000, "seed": int(seed), "context": 16, **opts, "path": str(p)}
    try:
        x, y = text_chars(**kwargs)
    except UnicodeDecodeError:
        raise DatasetError(f"dataset file {p.name} is not UTF-8 text; next-character "
                           "prediction reads a plain text file") from None
    except (TypeError, ValueError) as err:
        raise DatasetError(f"dataset file {p.name}: {err}") from None
    return Dataset(p.name, x, y, CLASSIFICATION, "text_chars", kwargs)
