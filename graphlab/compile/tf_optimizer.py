"""The TensorFlow optimizer a generated TF file carries: torch.optim's update rule.

Keras's optimizers differ from torch's in ways that change a run (Adam and RMSprop add
eps elsewhere, SGD has no dampening, ``centered`` and ``amsgrad`` are applied
differently), so a generated TF file defines the one class its graph trains with,
from :data:`SOURCES`: torch's single-tensor rule step by step, with an integer step
counter. graphlab's TF sessions train with the same text (:func:`optimizer_class`), so
an exported file trains exactly as the app does.
"""

from __future__ import annotations

from graphlab.compile.common import optimizer_factory

CLASS_NAMES = {"sgd": "SGD", "adam": "Adam", "adamw": "AdamW", "rmsprop": "RMSprop"}

_HEAD = '''class {cls}:
    """{doc}

    Give it the variables it updates, then call apply(grads) with their gradients.
    {live} between steps (a traced step reads the new value)."""

    def __init__(self, variables, lr, {params}):
        self.variables = list(variables)
        self.lr = tf.Variable(float(lr), dtype=tf.float32, trainable=False)
{fields}        self.step = tf.Variable(0, dtype=tf.int64, trainable=False)
{slots}
    def slots(self):
        """One zero tensor of state per variable."""
        return [tf.Variable(tf.zeros_like(v), trainable=False) for v in self.variables]

    def apply(self, grads):
        """One update; a None gradient leaves its variable as it is."""
        self.step.assign_add(1)
{count}        for i, (g, p) in enumerate(zip(grads, self.variables, strict=True)):
            if g is None:
                continue
            g = tf.convert_to_tensor(g)
'''

_ADAM = '''            m = self.m[i].assign(self.m[i] + (g - self.m[i]) * (1.0 - self.beta1))
            v = self.v[i].assign(self.v[i] * self.beta2 + (1.0 - self.beta2) * g * g)
            if self.amsgrad:
                v = self.v_max[i].assign(tf.maximum(self.v_max[i], v))
            denom = tf.sqrt(v) / tf.sqrt(1.0 - tf.pow(self.beta2, t)) + self.eps
            p.assign_sub(self.lr / (1.0 - tf.pow(self.beta1, t)) * (m / denom))'''

_L2 = '''            if self.weight_decay:
                g = g + self.weight_decay * p
'''


def _slots(*names: str, optional: dict[str, str] | None = None) -> str:
    lines = [f"        self.{n} = self.slots()" for n in names]
    lines += [f"        self.{n} = self.slots() if {flag} else []"
              for n, flag in (optional or {}).items()]
    return "\n".join(lines) + "\n"


def _source(key: str, doc: str, params: list[str], body: str, slots: str,
            fields: str | None = None, count: bool = False) -> str:
    fields = fields if fields is not None else "".join(
        f"        self.{p} = {p}\n" for p in params)
    live = "lr and momentum are tf.Variables: assign" if "momentum" in params else \
        "lr is a tf.Variable: assign to it"
    return _HEAD.format(cls=CLASS_NAMES[key], doc=doc, params=", ".join(params), live=live,
                        fields=fields, slots=slots,
                        count="        t = tf.cast(self.step, tf.float32)\n" if count else ""
                        ) + body


# momentum is a variable too; whether there is a momentum buffer is fixed at the start
_MOMENTUM = ("        self.momentum = tf.Variable(float(momentum), dtype=tf.float32, "
             "trainable=False)\n"
             "        self.has_momentum = momentum > 0\n")
_ADAM_FIELDS = ("        self.beta1, self.beta2 = (float(b) for b in betas)\n"
                "        self.eps, self.weight_decay, self.amsgrad = eps, weight_decay, amsgrad\n")

SOURCES = {
    "sgd": _source(
        "sgd", "SGD with torch.optim.SGD's rule: the first momentum buffer is the gradient.",
        ["momentum", "dampening", "nesterov", "weight_decay"],
        _L2 + '''            if self.has_momentum:
                new = self.momentum * self.buf[i] + (1.0 - self.dampening) * g
                buf = self.buf[i].assign(tf.where(tf.equal(self.step, 1), g, new))
                g = g + self.momentum * buf if self.nesterov else buf
            p.assign_sub(self.lr * g)''', _slots(optional={"buf": "momentum"}),
        _MOMENTUM + "        self.dampening, self.nesterov = dampening, nesterov\n"
        "        self.weight_decay = weight_decay\n"),
    "adam": _source(
        "adam", "Adam with torch.optim.Adam's rule: eps after the bias-corrected square root.",
        ["betas", "eps", "weight_decay", "amsgrad"], _L2 + _ADAM,
        _slots("m", "v", optional={"v_max": "amsgrad"}), _ADAM_FIELDS, count=True),
    "adamw": _source(
        "adamw", "AdamW with torch.optim.AdamW's rule: p *= 1 - lr * weight_decay, then Adam.",
        ["betas", "eps", "weight_decay", "amsgrad"],
        "            p.assign(p * (1.0 - self.lr * self.weight_decay))\n" + _ADAM,
        _slots("m", "v", optional={"v_max": "amsgrad"}), _ADAM_FIELDS, count=True),
    "rmsprop": _source(
        "rmsprop", "RMSprop with torch.optim.RMSprop's rule: eps outside the square root.",
        ["alpha", "eps", "momentum", "centered", "weight_decay"],
        _L2 + '''            a = self.alpha
            sq = self.sq[i].assign(self.sq[i] * a + (1.0 - a) * g * g)
            if self.centered:
                avg = self.g_avg[i].assign(self.g_avg[i] + (g - self.g_avg[i]) * (1.0 - a))
                denom = tf.sqrt(sq - avg * avg) + self.eps
            else:
                denom = tf.sqrt(sq) + self.eps
            if self.has_momentum:
                buf = self.buf[i].assign(self.buf[i] * self.momentum + g / denom)
                p.assign_sub(self.lr * buf)
            else:
                p.assign_sub(self.lr * g / denom)''',
        _slots("sq", optional={"g_avg": "centered", "buf": "momentum > 0"}),
        _MOMENTUM + "        self.alpha, self.eps, self.centered = alpha, eps, centered\n"
        "        self.weight_decay = weight_decay\n"),
}


def optimizer_class(name: str):
    """The class :data:`SOURCES` defines for ``name``, executed with tensorflow (what a
    TF session trains with)."""
    import tensorflow as tf

    namespace = {"tf": tf}
    exec(SOURCES[name.lower()], namespace)
    return namespace[CLASS_NAMES[name.lower()]]


def optimizer_lines(name: str, lr: float, params: dict | None) -> list[str]:
    """The optimizer's class (when graphlab knows ``name``) and ``make_optimizer(model,
    lr=...)`` returning one over the model's trainable variables."""
    key = name.lower()
    cls = CLASS_NAMES.get(key, "SGD")
    factory = optimizer_factory(
        f"model, lr={float(lr)!r}", cls, ["variables", "lr=lr"], name, params,
        ["variables = [v for v in model.named_variables().values() if v.trainable]"])
    if key not in SOURCES:
        return factory
    return SOURCES[key].splitlines() + ["", ""] + factory
