"""The TensorFlow optimizer every generated TF file carries: torch.optim's update rules.

Keras's optimizers differ from torch's in ways that change a run: Adam and RMSprop add
eps in another place, SGD has no dampening, RMSprop's ``centered`` and Adam's
``amsgrad`` are named and applied differently. So a generated TF module defines
``TorchOptimizer`` from :data:`SOURCE`, torch's single-tensor rules step by step, and
its ``make_optimizer()`` returns one with every hyperparameter of the graph's training
section written out. graphlab's TF sessions train with that same class from the
generated module (``compiled.namespace.TorchOptimizer``), so an exported file trains
exactly as the app does, for every optimizer setting.
"""

from __future__ import annotations

from graphlab.compile.common import optimizer_factory
from graphlab.compile.escape import literal

SOURCE = '''class TorchOptimizer:
    """SGD, Adam, AdamW or RMSprop with torch.optim's update rules (its single-tensor
    code paths), so TensorFlow training follows the same numbers as PyTorch: Adam's eps
    after the bias-corrected square root, AdamW's decay p *= 1 - lr * weight_decay before
    the step, RMSprop's eps outside the square root, SGD's first momentum buffer equal to
    the gradient. Call build(variables) once, then apply(grads, variables) each step."""

    SLOTS = {"sgd": ("buf",), "adam": ("m", "v", "vmax"), "adamw": ("m", "v", "vmax"),
             "rmsprop": ("sq", "g_avg", "buf")}

    def __init__(self, name, lr, **hp):
        self.name, self.lr, self.hp = name.lower(), float(lr), hp
        self.step, self.slots = None, []

    def build(self, variables):
        self.step = tf.Variable(0.0, trainable=False, dtype=tf.float32, name="opt_step")
        self.slots = [{n: tf.Variable(tf.zeros_like(v), trainable=False)
                       for n in self.SLOTS[self.name]} for v in variables]

    def apply(self, grads, variables):
        self.step.assign_add(1.0)
        rule = getattr(self, "_" + self.name)
        for g, p, s in zip(grads, variables, self.slots, strict=True):
            if g is not None:
                rule(tf.convert_to_tensor(g), p, s, self.step)

    def _sgd(self, g, p, s, t):
        h, lr = self.hp, self.lr
        if h["weight_decay"]:
            g = g + h["weight_decay"] * p
        if h["momentum"]:
            buf = s["buf"]
            first = tf.equal(t, 1.0)
            new = tf.where(first, g, h["momentum"] * buf + (1.0 - h["dampening"]) * g)
            buf.assign(new)
            g = g + h["momentum"] * new if h["nesterov"] else new
        p.assign_sub(lr * g)

    def _adam(self, g, p, s, t, decoupled=False):
        h, lr = self.hp, self.lr
        b1, b2 = (float(b) for b in h["betas"])
        if decoupled:
            p.assign(p * (1.0 - lr * h["weight_decay"]))
        elif h["weight_decay"]:
            g = g + h["weight_decay"] * p
        m = s["m"].assign(s["m"] + (g - s["m"]) * (1.0 - b1))  # torch: exp_avg.lerp_
        v = s["v"].assign(s["v"] * b2 + (1.0 - b2) * g * g)
        bc1 = 1.0 - tf.pow(b1, t)
        bc2_sqrt = tf.sqrt(1.0 - tf.pow(b2, t))
        if h["amsgrad"]:
            v = s["vmax"].assign(tf.maximum(s["vmax"], v))
        denom = tf.sqrt(v) / bc2_sqrt + h["eps"]
        p.assign_sub((lr / bc1) * (m / denom))

    def _adamw(self, g, p, s, t):
        self._adam(g, p, s, t, decoupled=True)

    def _rmsprop(self, g, p, s, t):
        h, lr = self.hp, self.lr
        a = h["alpha"]
        if h["weight_decay"]:
            g = g + h["weight_decay"] * p
        sq = s["sq"].assign(s["sq"] * a + (1.0 - a) * g * g)
        if h["centered"]:
            ga = s["g_avg"].assign(s["g_avg"] + (g - s["g_avg"]) * (1.0 - a))
            avg = tf.sqrt(sq - ga * ga) + h["eps"]
        else:
            avg = tf.sqrt(sq) + h["eps"]
        if h["momentum"] > 0:
            buf = s["buf"].assign(s["buf"] * h["momentum"] + g / avg)
            p.assign_sub(lr * buf)
        else:
            p.assign_sub(lr * g / avg)'''


def make_optimizer_lines(name: str, lr: float, params: dict | None) -> list[str]:
    """``make_optimizer()`` returning a :data:`SOURCE` optimizer with every setting of
    ``name`` written out (torch's defaults filled in)."""
    return optimizer_factory("", "TorchOptimizer", [literal(name.lower()), f"lr={float(lr)!r}"],
                             name, params)
