"""Dataset builders written as plain, self-contained numpy/scikit-learn functions.

Each function here is copied verbatim by :func:`graphlab.train.datasets.dataset_source`
into exported training scripts, so they must not use anything but ``np`` (imported at
module level, as the exported file does) and imports inside their own bodies. Every
builder returns ``(x, y)``: float32 features, and int64 class indices for
classification or float32 values for regression.
"""

import numpy as np


def xor(n_samples=4, seed=0):
    """The four XOR points (0/1 corners), repeated to ``n_samples``; label = a XOR b."""
    corners = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    labels = np.array([0, 1, 1, 0], dtype=np.int64)
    reps = -(-n_samples // 4)
    return np.tile(corners, (reps, 1))[:n_samples], np.tile(labels, reps)[:n_samples]


def moons(n_samples=1000, seed=0, noise=0.1):
    """scikit-learn's two interleaving half circles."""
    from sklearn.datasets import make_moons

    x, y = make_moons(n_samples=n_samples, noise=noise, random_state=seed)
    return x.astype(np.float32), y.astype(np.int64)


def circles(n_samples=1000, seed=0, noise=0.05, factor=0.5):
    """scikit-learn's two concentric circles."""
    from sklearn.datasets import make_circles

    x, y = make_circles(n_samples=n_samples, noise=noise, factor=factor, random_state=seed)
    return x.astype(np.float32), y.astype(np.int64)


def spirals(n_samples=1000, seed=0, noise=0.2, classes=2):
    """``classes`` interleaved spiral arms in the plane."""
    rng = np.random.default_rng(seed)
    per = -(-n_samples // classes)
    xs, ys = [], []
    for k in range(classes):
        t = np.linspace(0.25, 3.0, per) * np.pi
        angle = t + 2 * np.pi * k / classes
        pts = np.stack([t * np.cos(angle), t * np.sin(angle)], axis=1) / np.pi
        xs.append(pts + rng.normal(0.0, noise / np.pi, pts.shape))
        ys.append(np.full(per, k))
    order = rng.permutation(per * classes)[:n_samples]
    return (np.concatenate(xs)[order].astype(np.float32),
            np.concatenate(ys)[order].astype(np.int64))


def blobs(n_samples=1000, seed=0, centers=3, n_features=2):
    """scikit-learn's isotropic Gaussian blobs, one class per centre."""
    from sklearn.datasets import make_blobs

    x, y = make_blobs(n_samples=n_samples, centers=centers, n_features=n_features,
                      random_state=seed)
    return x.astype(np.float32), y.astype(np.int64)


def sine(n_samples=1000, seed=0, noise=0.05):
    """Regression: y = sin(x) + noise, x uniform on [-pi, pi]; shapes [N, 1] and [N, 1]."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-np.pi, np.pi, (n_samples, 1))
    y = np.sin(x) + rng.normal(0.0, noise, x.shape)
    return x.astype(np.float32), y.astype(np.float32)


def seed_task(n_samples=1000, seed=0, n_features=10):
    """The seed document's task: 10 standard-normal features, a binary label.

    The label is a fixed random linear rule, ``x @ w + b > 0`` with ``w`` and ``b``
    drawn from the same seed, so a 10-10-10-1 network can learn it exactly.
    """
    rng = np.random.default_rng(seed)
    w = rng.normal(0.0, 1.0, n_features)
    b = rng.normal(0.0, 0.5)
    x = rng.normal(0.0, 1.0, (n_samples, n_features))
    y = (x @ w + b > 0).astype(np.int64)
    return x.astype(np.float32), y


def digits():
    """scikit-learn's bundled 8x8 handwritten digits: 64 features scaled to [0, 1]."""
    from sklearn.datasets import load_digits

    d = load_digits()
    return (d.data / 16.0).astype(np.float32), d.target.astype(np.int64)


def iris():
    """scikit-learn's bundled iris flowers: 4 features, 3 classes."""
    from sklearn.datasets import load_iris

    d = load_iris()
    return d.data.astype(np.float32), d.target.astype(np.int64)


def wine():
    """scikit-learn's bundled wine recognition set: 13 features, 3 classes."""
    from sklearn.datasets import load_wine

    d = load_wine()
    return d.data.astype(np.float32), d.target.astype(np.int64)


def breast_cancer():
    """scikit-learn's bundled breast cancer set: 30 features, 2 classes."""
    from sklearn.datasets import load_breast_cancer

    d = load_breast_cancer()
    return d.data.astype(np.float32), d.target.astype(np.int64)


def csv_file(path, target=-1, task="auto"):
    """A numeric CSV with a header row; ``target`` is a column name or index.

    ``task`` "auto" treats an integer-valued target with few distinct values as class
    indices (classification), anything else as a regression value.
    """
    with open(path, encoding="utf-8") as fh:
        header = [h.strip() for h in fh.readline().strip().split(",")]
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64, ndmin=2)
    col = header.index(target) if isinstance(target, str) else target % len(header)
    y = data[:, col]
    x = np.delete(data, col, axis=1)
    is_class = np.all(y == np.round(y)) and y.min() >= 0 and len(np.unique(y)) <= 100
    if task == "classification" or (task == "auto" and is_class):
        return x.astype(np.float32), y.astype(np.int64)
    return x.astype(np.float32), y.astype(np.float32)


def npz_file(path):
    """An .npz with arrays ``x`` and ``y``; integer ``y`` is taken as class indices."""
    with np.load(path, allow_pickle=False) as f:
        x, y = f["x"], f["y"]
    y = y.astype(np.int64) if np.issubdtype(y.dtype, np.integer) else y.astype(np.float32)
    return x.astype(np.float32), y


def split(x, y, val_fraction=0.2, seed=0):
    """Shuffle with ``seed`` and hold out ``val_fraction`` of the samples for validation."""
    n = len(x)
    order = np.random.default_rng(seed).permutation(n)
    n_val = int(round(n * val_fraction)) if val_fraction > 0 else 0
    n_val = min(n_val, n - 1)
    val, train = order[:n_val], order[n_val:]
    return x[train], y[train], x[val], y[val]


def standardize(x_train, x_val):
    """Scale each feature to zero mean, unit variance, fitted on the training part only."""
    mean = x_train.mean(axis=0, keepdims=True)
    std = x_train.std(axis=0, keepdims=True)
    std = np.where(std < 1e-8, 1.0, std)
    return ((x_train - mean) / std).astype(np.float32), ((x_val - mean) / std).astype(np.float32)


def shape_targets(y, kind):
    """Targets as the graph's target Input wants them.

    ``index``: int64 class indices [N]; ``column``: float32 [N, 1]; ``flat``: float32 [N];
    ``same``: unchanged.
    """
    if kind == "index":
        return y.astype(np.int64).reshape(-1)
    if kind == "column":
        # the width from the shape, not -1: an empty split (no validation) has none to infer
        width = int(np.prod(y.shape[1:])) if y.ndim > 1 else 1
        return y.astype(np.float32).reshape(len(y), width)
    if kind == "flat":
        return y.astype(np.float32).reshape(-1)
    return y
