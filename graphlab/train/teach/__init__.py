"""Teaching mode, Qt-free: backpropagation op by op with the real numbers.

:class:`~graphlab.train.teach.stepper.StepThrough` runs a compiled graph one node at a
time (forward in topological order, backward in reverse), keeping per-consumer
contributions so a fan-out shows the sum of its parts; ``card`` builds the chain-rule
card for one element (:mod:`~graphlab.train.teach.cards`) and ``grad_check`` compares
a gradient with a finite difference. A :class:`~graphlab.train.teach.record.StepRecord`
carries a finished step-through to the editor as numpy arrays.
:mod:`~graphlab.train.teach.health` reads probe frames for health cues (dead ReLUs,
saturation, vanishing/exploding gradients, the first NaN).
"""

from graphlab.train.teach.blocks import Block, node_blocks
from graphlab.train.teach.cards import CardTerm, ChainRuleCard
from graphlab.train.teach.stepper import BACKWARD, FORWARD, GradCheck, StepThrough, TeachStep

__all__ = ["BACKWARD", "FORWARD", "Block", "CardTerm", "ChainRuleCard", "GradCheck",
           "StepThrough", "TeachStep", "node_blocks"]
