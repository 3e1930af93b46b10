"""Lessons: a graph, settings that show one effect, and a short text on what to watch.

The Lessons menu opens one as a new unsaved graph and shows its text in the lesson
panel. ``xor`` and ``deep_sigmoid`` are built-in examples; ``dead_relu`` and
``exploding`` are built by :mod:`graphlab.lessons.graphs`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from graphlab.graph.graph import Graph


@dataclass(frozen=True)
class Lesson:
    name: str
    title: str
    text: str  # HTML for the lesson panel
    build: Callable[[], Graph]
    probe_every: int = 5


def _example(name: str) -> Callable[[], Graph]:
    def build() -> Graph:
        from graphlab.examples import example

        return example(name)

    return build


def _built(name: str) -> Callable[[], Graph]:
    def build() -> Graph:
        from graphlab.lessons import graphs as lesson_graphs

        return getattr(lesson_graphs, name)()

    return build


LESSONS: dict[str, Lesson] = {lesson.name: lesson for lesson in [
    Lesson("xor", "XOR: why a hidden layer is needed", """
<h3>XOR</h3>
<p>Four points that no straight line separates. Two tanh units in a hidden layer bend the
space so the output layer can separate them.</p>
<p><b>Watch:</b> press <i>Run</i>. The loss falls in steps as the hidden units pick their
directions; the accuracy reaches 1. On the canvas the forward sweep lights
<code>hidden → tanh → logit</code>, then the backward sweep returns orange (positive) and
blue (negative) gradients. As the loss goes to zero the backward wires thin out: there is
less and less to correct.</p>
<p><b>Try:</b> pause, press <i>Start step-through</i> and step one op at a time; the card
shows how <code>∂L/∂tanh</code> is the upstream gradient times <code>1 − tanh²</code>.</p>
""", _example("xor"), 5),
    Lesson("deep_sigmoid", "Vanishing gradients in a deep sigmoid network", """
<h3>Deep sigmoid: vanishing gradients</h3>
<p>Ten Linear+Sigmoid layers. The sigmoid's derivative is at most 0.25, so every layer
multiplies the gradient by a small number on its way back.</p>
<p><b>Watch:</b> the <i>Gradient flow</i> panel (log scale): the bars fall by orders of
magnitude from the head back to <code>fc1</code>. The backward sweep's wires get thinner
towards the input, badges show tiny <code>‖∂L‖</code>, and the health list marks the early
layers <i>vanishing</i>. The loss hardly moves: the first layers are not learning.</p>
<p><b>Try:</b> change the Sigmoids to ReLU (select, then change the op) and run again.</p>
""", _example("deep_sigmoid"), 5),
    Lesson("dead_relu", "Dead ReLUs: a learning rate that is too high", """
<h3>Dead ReLUs</h3>
<p>A small ReLU network on the moons data, trained with SGD at learning rate 4: far too
high. A few large updates push the pre-activations of most units below zero for every
input. A ReLU that outputs zero has zero gradient, so it never recovers.</p>
<p><b>Watch:</b> the badges of <code>relu1</code> and <code>relu2</code>: the health cue
shows the share of outputs that were zero over the recent probes climbing past 90%. The
backward wires before them go grey: no gradient reaches <code>fc1</code>. Accuracy stays
near 50%.</p>
<p><b>Try:</b> set the learning rate to 0.05 in the Train dock and run again.</p>
""", _built("dead_relu"), 5),
    Lesson("exploding", "Exploding gradients", """
<h3>Exploding gradients</h3>
<p>Seven Linear layers with no activation between them, trained by SGD at learning rate
0.5. Each update makes the weights larger, which makes the next gradients larger: the
product of the layers' scales grows without bound.</p>
<p><b>Watch:</b> the loss curve shoots up within a few steps; the gradient wires thicken
step by step; then the run stops with a NaN/Inf and the node where it first appeared is
marked in magenta (<i>NaN starts here</i>) and named in the status line.</p>
<p><b>Try:</b> lower the learning rate to 0.01, or put a Tanh between the layers.</p>
""", _built("exploding"), 1),
]}


def names() -> list[str]:
    return list(LESSONS)
