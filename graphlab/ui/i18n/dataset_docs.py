"""The built-in datasets' descriptions (train/datasets registry), marked for lupdate.

Shown as the dataset chooser's tooltips in the UI's language; like op_docs.py, a test
fails when a description changes and this list does not.
"""

from __future__ import annotations

from graphlab.ui.i18n import QT_TRANSLATE_NOOP, translate

DOCS = [
    QT_TRANSLATE_NOOP("Datasets", "the four XOR points, repeated; 2 features, 2 classes"),
    QT_TRANSLATE_NOOP("Datasets", "two interleaving half circles; 2 features"),
    QT_TRANSLATE_NOOP("Datasets", "two concentric circles; 2 features"),
    QT_TRANSLATE_NOOP("Datasets", "two spiral arms; 2 features"),
    QT_TRANSLATE_NOOP("Datasets", "three Gaussian blobs; 2 features, 3 classes"),
    QT_TRANSLATE_NOOP("Datasets", "regression y = sin(x) + noise; 1 feature"),
    QT_TRANSLATE_NOOP(
        "Datasets", "the seed document's task: 10 features, binary label from a fixed random "
                    "linear rule"),
    QT_TRANSLATE_NOOP(
        "Datasets", "scikit-learn's 8x8 digits: 1797 samples, 64 features in [0, 1], 10 "
                    "classes"),
    QT_TRANSLATE_NOOP("Datasets", "scikit-learn's iris: 150 samples, 4 features, 3 classes"),
    QT_TRANSLATE_NOOP("Datasets", "scikit-learn's wine: 178 samples, 13 features, 3 classes"),
    QT_TRANSLATE_NOOP(
        "Datasets", "scikit-learn's breast cancer: 569 samples, 30 features, 2 classes"),
    QT_TRANSLATE_NOOP(
        "Datasets", "the adding problem: [N, 20, 2] (a value and a marker per step), the sum "
                    "of the two marked values"),
    QT_TRANSLATE_NOOP(
        "Datasets", "bit parity: [N, 8, 1] bits, 1 when the count of ones is odd; 2 classes"),
    QT_TRANSLATE_NOOP("Datasets", "noisy sine, square and sawtooth waves [N, 32, 1]; 3 classes"),
    QT_TRANSLATE_NOOP(
        "Datasets", "next character after 16 of a bundled text (Alice in Wonderland): int64 "
                    "ids [N, 16], 41 classes"),
    QT_TRANSLATE_NOOP("Datasets", "no data: for graphs without Inputs (e.g. scalar_expr)"),
]


def dataset_doc(text: str) -> str:
    """A dataset's description in the UI's language (a file's own as it is)."""
    return translate("Datasets", text) if text else text
