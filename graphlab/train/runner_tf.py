"""The TensorFlow side of a training session: the same steps as the torch runner.

Two ``tf.function``s are traced once each (batch indices are the only argument, with
an unknown length): the plain step calls the generated model and ``loss_fn``; the probe
step opens a ``GradientTape``, runs ``model.trace`` (the app's probe subclass of the
generated module) and takes one
``tape.gradient(loss, [values..., variables...])`` and reduces everything to stats
rows inside the graph (:mod:`graphlab.train.stats`), on the CPU as on a GPU, so they
come back in one transfer. Updates use the optimizer class a generated TF file carries
(:func:`graphlab.compile.tf_optimizer.optimizer_class`, torch's rule) and are applied
only when the step is finite.

Mixed precision (``--mixed-precision`` on a GPU) leaves the generated model as it is:
Keras' ``mixed_float16`` policy applies to Keras layers only, not to a ``tf.Module``
of plain float32 variables. Instead the runner turns on TF's graph rewrite
``auto_mixed_precision`` (grappler runs MatMul/Conv in float16 on the GPU and keeps
Softmax, Exp, Log and reductions in float32) in the process it runs in, the worker's
or the CLI's, and scales the loss itself (:mod:`graphlab.train.loss_scale`): the loss
is multiplied by the scale before differentiating, every gradient is divided by it
before the optimizer and before the probe statistics, and a step whose gradients are
not finite is skipped and halves the scale. On a CPU nothing changes (float32).
"""

from __future__ import annotations

import math

import numpy as np
import tensorflow as tf

from graphlab.compile.tf_optimizer import optimizer_class
from graphlab.train.config import DeviceError
from graphlab.train.loss_scale import LossScale
from graphlab.train.memory import MemoryGuard
from graphlab.train.model_info import ModelInfo
from graphlab.train.stats import reducer
from graphlab.train.stats_layout import COL
from graphlab.train.step_result import ProbeResult, StepResult, assemble

IDX = tf.TensorSpec([None], tf.int32)


def pick_device(requested: str) -> str:
    gpus = tf.config.list_physical_devices("GPU")
    if requested in ("auto", "cuda") or requested.startswith("cuda:"):
        if gpus:
            return "/GPU:0" if ":" not in requested else f"/GPU:{requested.split(':')[1]}"
        if requested == "auto":
            return "/CPU:0"
        raise DeviceError(f"device {requested} was requested but TensorFlow sees no GPU; "
                           "use --device auto or cpu")
    if requested == "mps":
        raise DeviceError("device mps is for torch; TensorFlow uses auto, cpu, cuda or cuda:N")
    return "/CPU:0" if requested == "cpu" else requested


def set_mixed_rewrite(on: bool) -> None:
    """TF's float16 graph rewrite for the tf.functions this process runs from now on (a
    process-wide option: the worker's or the CLI's process, not the GUI's). Turned off
    again by the next run without it, so a float32 run never inherits it."""
    if on or tf.config.optimizer.get_experimental_options().get("auto_mixed_precision"):
        tf.config.optimizer.set_experimental_options({"auto_mixed_precision": on})


class TFRunner:
    """``scaler``: the loss scale to use (default: a :class:`LossScale` with torch's
    settings); it scales only when it is active (mixed precision on a GPU, or forced)."""

    def __init__(self, compiled, info: ModelInfo, config, guard: MemoryGuard,
                 scaler: LossScale | None = None):
        tf.random.set_seed(config.seed)
        self.info = info
        self.config = config
        self.guard = guard
        self.device = pick_device(config.device)
        on_gpu = "GPU" in self.device.upper()
        self.amp = bool(config.mixed_precision and on_gpu)  # the float16 rewrite is on
        set_mixed_rewrite(self.amp)
        scaler = scaler if scaler is not None else LossScale()
        self.scaler = scaler if scaler.active(on_gpu, config.mixed_precision) else None
        # weight name -> axes from PyTorch's layout to TF's (weights TF stores otherwise)
        self.tf_layout = getattr(compiled.namespace, "TF_LAYOUT", {})
        with tf.device(self.device):
            self.model = compiled.new_model(config.seed)
            named = self.model.named_variables()
            self.vars = [named[n] for n in info.param_names]
            # the class an exported TF file with this optimizer trains with
            self.opt = optimizer_class(config.optimizer)(self.vars, lr=config.lr,
                                                         **config.optimizer_params)
            # read by the traced steps; written only when the rule moves the scale
            self._scale = tf.Variable(self.scaler.scale if self.scaler else 1.0,
                                      dtype=tf.float32, trainable=False)
        self.loss_fn = compiled.loss_fn
        # on a GPU in the probe graph; on the CPU the graph hands the tensors to numpy
        self.stats = reducer("tf", host_path=self.device.upper().startswith("/CPU"))
        self.data: dict[str, tf.Tensor | None] = {}
        self._grad_present: tuple[int, ...] = ()
        self._param_present: tuple[int, ...] = ()
        self._plain = tf.function(self._plain_step, input_signature=[IDX])
        self._probe = tf.function(self._probe_step, input_signature=[IDX, tf.TensorSpec(
            [], tf.bool)])
        self._eval = tf.function(self._eval_step, input_signature=[IDX, tf.TensorSpec(
            [], tf.bool)])
        self._graphs: dict = {}  # tf.function -> its one traced graph
        self._flags = {True: tf.constant(True), False: tf.constant(False)}

    @property
    def device_name(self) -> str:
        return self.device.strip("/").lower()

    def set_data(self, x_train, y_train, x_val, y_val) -> None:
        with tf.device(self.device):
            def put(a):
                return None if a is None else tf.constant(a)
            self.data = {"x": put(x_train), "y": put(y_train), "xv": put(x_val),
                         "yv": put(y_val)}

    # ----- helpers (run inside tf.function) --------------------------------------------
    def _batch(self, idx, val=False):
        x, y = (self.data["xv"], self.data["yv"]) if val else (self.data["x"], self.data["y"])
        if x is None:
            return (), ()
        feats = (tf.gather(x, idx),)
        targets = (tf.gather(y, idx),) if self.info.target_names else ()
        return feats, targets

    def _loss(self, outs, targets):
        outs = outs if isinstance(outs, tuple) else (outs,)
        if self.info.loss_names:
            return outs, self.loss_fn(*outs, *targets)
        return outs, outs[0]

    def _correct(self, pred, target):
        m = self.info.metric
        if m is None or pred is None:
            return tf.zeros([], tf.float32)
        pred = tf.cast(pred, tf.float32)
        if m.rule == "argmax":
            hit = tf.equal(tf.argmax(pred, axis=-1), tf.cast(target, tf.int64))
        else:
            hit = tf.equal(pred > (0.5 if m.rule == "prob" else 0.0),
                           tf.cast(target, tf.float32) > 0.5)
        return tf.reduce_sum(tf.cast(hit, tf.float32))

    def _pred(self, outs):
        m = self.info.metric
        return None if m is None or m.output_index is None else outs[m.output_index]

    def _canonical(self, grad, name):
        perm = self.tf_layout.get(name)
        return tf.transpose(grad, np.argsort(perm)) if perm else grad

    def _gradients(self, tape, loss, sources):
        """d loss / d sources; with a loss scale, of the scaled loss (the scale is the
        gradient fed in at the loss), then unscaled (the scale's inverse is a power of
        two: exact unless a gradient over- or underflows)."""
        if self.scaler is None:
            return tape.gradient(loss, sources)
        seed = tf.ones_like(loss) * tf.cast(self._scale, loss.dtype)
        grads = tape.gradient(loss, sources, output_gradients=seed)
        inverse = 1.0 / self._scale

        def unscale(g):
            if isinstance(g, tf.IndexedSlices):  # a gathered variable's (Embedding)
                return tf.IndexedSlices(g.values * tf.cast(inverse, g.dtype), g.indices,
                                        g.dense_shape)
            return None if g is None else g * tf.cast(inverse, g.dtype)
        return [unscale(g) for g in grads]

    # ----- traced steps -------------------------------------------------------------------
    def _plain_step(self, idx):
        feats, targets = self._batch(idx)
        with tf.GradientTape() as tape:
            outs, loss = self._loss(self.model.forward(*feats, training=True), targets)
        grads = self._gradients(tape, loss, self.vars)
        check = self.config.check_gradients or self.scaler is not None
        finite = [tf.reduce_all(tf.math.is_finite(g)) for g in grads if g is not None] \
            if check else []
        grads_ok = tf.reduce_all(tf.stack(finite)) if finite else tf.constant(True)
        ok = tf.math.is_finite(loss) & grads_ok
        if ok:
            self.opt.apply(grads)
        correct = self._correct(self._pred(outs), targets[0] if targets else None)
        return tf.stack([tf.cast(loss, tf.float32), correct, tf.cast(ok, tf.float32),
                         tf.cast(grads_ok, tf.float32)])

    def _probe_step(self, idx, apply):
        feats, targets = self._batch(idx)
        with tf.GradientTape() as tape:
            for f in feats:
                if f.dtype.is_floating:
                    tape.watch(f)
            values = self.model.trace(*feats, *targets, training=True)  # graph layout
            loss = (tf.add_n([values[n] for n in self.info.loss_names])
                    if self.info.loss_names else values[self.info.scalar_output])
        names = self.info.names
        watch = [i for i, n in enumerate(names) if values[n].dtype.is_floating]
        grads = self._gradients(tape, loss, [values[names[i]] for i in watch] + self.vars)
        vgrads, pgrads = grads[:len(watch)], grads[len(watch):]
        present = [(i, g) for i, g in zip(watch, vgrads, strict=True) if g is not None]
        self._grad_present = tuple(i for i, _ in present)
        self._param_present = tuple(i for i, g in enumerate(pgrads) if g is not None)
        m = self.info.metric
        correct = (self._correct(values[m.pred_name], values[m.target_name]) if m
                   else tf.zeros([], tf.float32))
        out = self.stats.device_rows(
            [values[n] for n in names] + [g for _, g in present]
            + [self._canonical(pgrads[i], self.info.param_names[i])
               for i in self._param_present]
            + [tf.reshape(tf.cast(loss, tf.float32), [1]), tf.reshape(correct, [1])])
        finite = tf.equal(out[:, COL["nonfinite_fraction"]], 0.0)
        n = len(names)  # values, then gradients, then the loss and correct rows
        grads_ok = tf.reduce_all(finite[n:-2])
        ok = tf.math.is_finite(loss) & tf.reduce_all(finite[:n]) & tf.reduce_all(
            finite[-2:]) & grads_ok
        if ok & apply:
            self.opt.apply(pgrads)
        return out, ok & apply, grads_ok

    def _eval_step(self, idx, val):
        if val:
            feats, targets = self._batch(idx, val=True)
        else:
            feats, targets = self._batch(idx)
        outs, loss = self._loss(self.model.forward(*feats, training=False), targets)
        correct = self._correct(self._pred(outs), targets[0] if targets else None)
        n = tf.cast(tf.size(idx), tf.float32)
        return tf.stack([tf.cast(loss, tf.float32) * n, correct])

    # ----- steps --------------------------------------------------------------------------
    def train_step(self, idx: np.ndarray) -> StepResult:
        self.guard.check(len(idx))
        with tf.device(self.device):
            loss, correct, ok, grads_ok = self._graph(self._plain)(
                tf.constant(idx, tf.int32)).numpy().tolist()
        return StepResult(loss, correct, len(idx), self._settle(bool(ok), loss, grads_ok))

    def probe_step(self, idx: np.ndarray, apply: bool = True) -> ProbeResult:
        """A training step that also records every value's and gradient's statistics."""
        self.guard.check(len(idx))
        with tf.device(self.device):
            out, applied, grads_ok = self._graph(self._probe)(tf.constant(idx, tf.int32),
                                                              self._flags[bool(apply)])
        layout = (len(self.info.names), self._grad_present, len(self.vars),
                  self._param_present)
        # the one device-to-host transfer
        v, g, p, loss, correct, _ = assemble(self.stats.host_rows(out), *layout)
        applied = bool(applied)
        if apply:
            applied = self._settle(applied, loss, bool(grads_ok))
        return ProbeResult(loss, correct, len(idx), applied, v, g, p)

    def _settle(self, applied: bool, loss: float, grads_ok: bool) -> bool:
        """Move the loss scale after a step; whether the step counts as taken. A step
        the scale skipped (finite loss, gradients overflowed) counts as taken, as with
        torch's GradScaler: the weights are unchanged and the next step has half the
        scale. At the scale's floor it is a fault, reported like any non-finite step."""
        if self.scaler is None or applied or not math.isfinite(loss):
            if applied and self.scaler is not None and self.scaler.update(True):
                self._scale.assign(self.scaler.scale)
            return applied
        if grads_ok:  # a value, not a gradient, was not finite: a fault
            return False
        if self.scaler.at_floor():
            return False
        self.scaler.update(False)
        self._scale.assign(self.scaler.scale)
        return True

    def _graph(self, function):
        """The one graph traced for ``function`` (its input signature has an unknown batch
        length), to call directly: a ``tf.function`` call spends 100-200 us in Python
        choosing it, a third of a small model's step."""
        graph = self._graphs.get(function)
        if graph is None:
            graph = self._graphs[function] = function.get_concrete_function()
        return graph

    def evaluate(self, val: bool = True, chunk: int = 1024) -> tuple[float, float | None]:
        x = self.data["xv" if val else "x"]
        if x is None or int(x.shape[0]) == 0:
            return float("nan"), None
        n = int(x.shape[0])
        total = np.zeros(2)
        with tf.device(self.device):
            for start in range(0, n, chunk):
                idx = tf.range(start, min(n, start + chunk), dtype=tf.int32)
                total += self._graph(self._eval)(idx, self._flags[bool(val)]).numpy()
        acc = float(total[1] / n) if self.info.metric is not None else None
        return float(total[0] / n), acc

    def values_at(self, x: np.ndarray, y: np.ndarray | None, names) -> dict[str, np.ndarray]:
        """The named trace values for inputs ``x`` (targets ``y``) in inference mode, as
        numpy (train/plane.py); traced once, the grid's shape is fixed."""
        fn = self.__dict__.get("_values")
        if fn is None:
            fn = self._values = tf.function(
                lambda *a: self.model.trace(*a, training=False))
        with tf.device(self.device):
            values = fn(tf.constant(x), *(() if y is None else (tf.constant(y),)))
            return {n: values[n].numpy() for n in names}

    def set_hyper(self, changes: dict[str, float]) -> None:
        """Learning rate / momentum for the next step on: tf.Variables the traced steps
        read (optimizers.live_changes)."""
        for name, value in changes.items():
            getattr(self.opt, name).assign(value)

    def get_weights(self) -> dict[str, np.ndarray]:
        return self.model.get_weights()

    def set_weights(self, weights: dict[str, np.ndarray]) -> None:
        self.model.set_weights(weights)
