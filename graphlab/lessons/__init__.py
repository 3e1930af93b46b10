"""Lessons: a graph, settings that show one effect, and a short text on what to watch.

The Lessons menu opens one as a new unsaved graph and shows its text in the lesson
panel. ``xor`` and ``deep_sigmoid`` are built-in examples; the others are built by
:mod:`graphlab.lessons.graphs`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from graphlab.graph.graph import Graph


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate finds
    """Marks a title or text for Qt's lupdate; this package stays Qt-free, so the lesson
    panel and the Lessons menu translate them where they show them (context "Lessons")."""
    return text


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


_ALL: dict[str, Lesson] = {lesson.name: lesson for lesson in [
    Lesson("xor", QT_TRANSLATE_NOOP("Lessons", "XOR: why a hidden layer is needed"),
           QT_TRANSLATE_NOOP("Lessons", """
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
"""), _example("xor"), 5),
    Lesson("deep_sigmoid", QT_TRANSLATE_NOOP("Lessons", "Vanishing gradients in a deep sigmoid network"),
           QT_TRANSLATE_NOOP("Lessons", """
<h3>Deep sigmoid: vanishing gradients</h3>
<p>Ten Linear+Sigmoid layers. The sigmoid's derivative is at most 0.25, so every layer
multiplies the gradient by a small number on its way back.</p>
<p><b>Watch:</b> the <i>Gradient flow</i> panel (log scale): the bars fall by orders of
magnitude from the head back to <code>fc1</code>. The backward sweep's wires get thinner
towards the input, badges show tiny <code>‖∂L‖</code>, and the health list marks the early
layers <i>vanishing</i>. The loss hardly moves: the first layers are not learning.</p>
<p><b>Try:</b> change the Sigmoids to ReLU (select, then change the op) and run again.</p>
"""), _example("deep_sigmoid"), 5),
    Lesson("dead_relu", QT_TRANSLATE_NOOP("Lessons", "Dead ReLUs: a learning rate that is too high"),
           QT_TRANSLATE_NOOP("Lessons", """
<h3>Dead ReLUs</h3>
<p>A small ReLU network on the moons data, trained with SGD at learning rate 4: far too
high. A few large updates push the pre-activations of most units below zero for every
input. A ReLU that outputs zero has zero gradient, so it never recovers.</p>
<p><b>Watch:</b> the badges of <code>relu1</code> and <code>relu2</code>: the health cue
shows the share of outputs that were zero over the recent probes climbing past 90%. The
backward wires before them go grey: no gradient reaches <code>fc1</code>. Accuracy stays
near 50%.</p>
<p><b>Try:</b> set the learning rate to 0.05 in the Train dock and run again.</p>
"""), _built("dead_relu"), 5),
    Lesson("exploding", QT_TRANSLATE_NOOP("Lessons", "Exploding gradients"),
           QT_TRANSLATE_NOOP("Lessons", """
<h3>Exploding gradients</h3>
<p>Seven Linear layers with no activation between them, trained by SGD at learning rate
0.5. Each update makes the weights larger, which makes the next gradients larger: the
product of the layers' scales grows without bound.</p>
<p><b>Watch:</b> the loss curve shoots up within a few steps; the gradient wires thicken
step by step; then the run stops with a NaN/Inf and the node where it first appeared is
marked in magenta (<i>NaN starts here</i>) and named in the status line.</p>
<p><b>Try:</b> lower the learning rate to 0.01, or put a Tanh between the layers.</p>
"""), _built("exploding"), 1),
    Lesson("micrograd", QT_TRANSLATE_NOOP("Lessons", "micrograd's example: backpropagation by hand"),
           QT_TRANSLATE_NOOP("Lessons", """
<h3>micrograd's example</h3>
<p>The expression from the README of Andrej Karpathy's <i>micrograd</i>, one node per
operation: <code>a = −4</code>, <code>b = 2</code>, <code>c = a + b</code>,
<code>d = a·b + b³</code>, <code>c += c + 1</code>, <code>c += 1 + c + (−a)</code>,
<code>d += 2d + relu(b + a)</code>, <code>d += 3d + relu(b − a)</code>,
<code>e = c − d</code>, <code>f = e²</code>, <code>g = f/2 + 10/f</code>.
micrograd prints <code>g = 24.7041</code>, <code>dg/da = 138.8338</code> and
<code>dg/db = 645.5773</code>.</p>
<p><b>Watch:</b> press <i>Start step-through</i> and <i>Forward all</i>: the badge of
<code>g</code> reads 24.7041. Step backward: every node's card shows the upstream gradient
times its op's local derivative (the formula is on the card); <code>a</code> and
<code>b</code> are used many times, so their cards add up one contribution per use, and
end at 138.834 and 645.577.</p>
<p><b>Try:</b> press <i>Gradient check</i> on <code>b</code>: the finite difference agrees.
Change <code>a</code>'s value in the Inspector and step through again.</p>
"""), _built("micrograd"), 5),
    Lesson("fan_out", QT_TRANSLATE_NOOP("Lessons", "The chain rule at a fan-out"),
           QT_TRANSLATE_NOOP("Lessons", """
<h3>The chain rule at a fan-out</h3>
<p><code>x</code> is read by two ops: <code>h = tanh(x)</code> and <code>m = x·w</code>,
and <code>L = h + m</code>. A change in <code>x</code> reaches <code>L</code> along both
paths, so <code>dL/dx</code> is the sum of what each path sends back.</p>
<p><b>Watch:</b> start the step-through and step to the end. The card of <code>x</code>
has two lines: via <code>h</code>, upstream 1 × (1 − tanh²(0.5)) = 0.786; via
<code>m</code>, upstream 1 × w = −2; their sum, −1.214, is the gradient on the badge.
The two wires out of <code>x</code> are coloured by what each consumer sent back.</p>
<p><b>Try:</b> set <code>w</code> to 0 in the Inspector: one path sends nothing back and
the sum is the tanh path alone. In the <i>residual</i> example the same sum happens at
the skip connection.</p>
"""), _built("fan_out"), 5),
    Lesson("lr_too_small", QT_TRANSLATE_NOOP("Lessons", "Learning rate too small"),
           QT_TRANSLATE_NOOP("Lessons", """
<h3>Learning rate too small</h3>
<p>A small tanh network on the moons data, trained with plain SGD at learning rate
0.001. Each update moves every weight by 0.001 × its gradient: in the right direction,
but far too little.</p>
<p><b>Watch:</b> the loss curve creeps down almost in a straight line; after the run the
accuracy is still around 80%. Step through to the optimizer step: the card shows
<code>new w = w − lr·g</code> and a change in the fourth decimal.</p>
<p><b>Try:</b> set the learning rate to 0.5 in the Train dock and run again: the same
network fits the moons within a few epochs. Then open <i>Learning rate too large</i>.</p>
"""), _built("lr_too_small"), 5),
    Lesson("lr_too_large", QT_TRANSLATE_NOOP("Lessons", "Learning rate too large"),
           QT_TRANSLATE_NOOP("Lessons", """
<h3>Learning rate too large</h3>
<p>The same network at learning rate 30. Each step jumps past the valley the gradient
points into, lands somewhere steeper, and jumps further.</p>
<p><b>Watch:</b> the loss curve jumps up and down instead of falling, often far above
where it started (ln 2 ≈ 0.69); the validation loss is worse still. The tanh badges show
their units pinned at −1 and +1 (saturated): the weights have become huge. At the
optimizer step of a step-through the change of a weight is as large as the weight.</p>
<p><b>Try:</b> 3, then 0.5. Somewhere between too small and too large the loss falls
fast and smoothly; that range is what tuning the learning rate looks for.</p>
"""), _built("lr_too_large"), 5),
    Lesson("initialization", QT_TRANSLATE_NOOP("Lessons", "Why initialization matters"),
           QT_TRANSLATE_NOOP("Lessons", """
<h3>Why initialization matters</h3>
<p>Three tanh layers whose weight matrices <code>W1</code>–<code>W3</code> are Parameter
nodes that all start at zero. Then every hidden unit outputs 0, and every weight's
gradient is 0 too: dL/dW = (its input)ᵀ × (the gradient coming back), and either the
input is zero or the gradient came back through a zero weight.</p>
<p><b>Watch:</b> press <i>Run</i>: the loss stays at ln 2 ≈ 0.69 and the accuracy at
chance. Start a step-through: the cards of <code>z2</code> and <code>z3</code> show
dL/dW written out as a sum of terms that are all zero, and the optimizer step leaves
every weight where it was.</p>
<p><b>Try:</b> select <code>W1</code>, <code>W2</code> and <code>W3</code> and set their
<i>init</i> to <code>normal</code>: the symmetry is broken and the network learns. (A
Linear layer starts from ±1/√fan_in for the same reason: different for every unit, and
small enough that tanh does not saturate.)</p>
"""), _built("initialization"), 5),
]}

# the menu's order: backpropagation by hand first, then what goes wrong in training
LESSONS: dict[str, Lesson] = {n: _ALL[n] for n in (
    "micrograd", "fan_out", "xor", "deep_sigmoid", "initialization", "lr_too_small",
    "lr_too_large", "dead_relu", "exploding")}


def names() -> list[str]:
    return list(LESSONS)
