"""TensorFlow lowerings of the ops in graphlab/graph/ops/spatial.py: 1-D/2-D convolution, pooling, resampling and normalisation
(``HELPERS``: functions they emit once into the generated file, by name)."""

from __future__ import annotations

from graphlab.compile.tf_lowering_base import TFEntry

LOWERINGS: dict[str, TFEntry] = {}
HELPERS: dict[str, str] = {}
