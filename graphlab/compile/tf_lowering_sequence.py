"""TensorFlow lowerings of the ops in graphlab/graph/ops/sequence.py: attention and recurrent layers
(``HELPERS``: functions they emit once into the generated file, by name)."""

from __future__ import annotations

from graphlab.compile.tf_lowering_base import TFEntry

LOWERINGS: dict[str, TFEntry] = {}
HELPERS: dict[str, str] = {}
