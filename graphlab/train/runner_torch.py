"""The torch side of a training session: device placement, steps, probes, evaluation.

Plain steps run ``model(*features)`` and ``loss_fn`` from the generated module at full
speed, with torch's fused optimizer kernels. Probe steps run ``model.trace`` (the app's
probe subclass of the generated module, :mod:`graphlab.compile.source`) instead and
one ``torch.autograd.grad`` call returns dLoss/d(value) for every node together with the
parameters' gradients; the statistics are reduced on the tensors' device, the CPU
included (:mod:`graphlab.train.stats`), and copied back in one transfer. An optimizer step is taken only when the
loss and every gradient (on probe steps every value too) are finite, so a fault never
corrupts the weights.
"""

from __future__ import annotations

import contextlib
import math

import numpy as np
import torch

from graphlab.train.config import DeviceError
from graphlab.train.memory import MemoryGuard
from graphlab.train.model_info import ModelInfo
from graphlab.train.optimizers import torch_optimizer
from graphlab.train.stats import reducer
from graphlab.train.step_result import ProbeResult, StepResult, assemble


def pick_device(requested: str) -> torch.device:
    """auto: CUDA, then Apple MPS, then CPU."""
    if requested == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda", torch.cuda.current_device())
        mps = getattr(torch.backends, "mps", None)
        if mps is not None and mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    dev = torch.device(requested)
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise DeviceError("device cuda was requested but torch sees no CUDA GPU; use "
                           "--device auto or cpu")
    mps = getattr(torch.backends, "mps", None)
    if dev.type == "mps" and not (mps is not None and mps.is_available()):
        raise DeviceError("device mps was requested but torch sees no Apple GPU (MPS); use "
                          "--device auto or cpu")
    if dev.type == "cuda" and dev.index is None:  # CUDA memory APIs want an index
        dev = torch.device("cuda", torch.cuda.current_device())
    return dev


class TorchRunner:
    def __init__(self, compiled, info: ModelInfo, config, guard: MemoryGuard):
        torch.manual_seed(config.seed)
        self.info = info
        self.config = config
        self.device = pick_device(config.device)
        self.model = compiled.model.to(self.device)
        self.model.train()  # evaluate() switches to eval and back; trace() restores the mode
        self.loss_fn = compiled.loss_fn
        self.guard = guard
        named = dict(self.model.named_parameters())  # keyed like the weights
        self.params = [named[n] for n in info.param_names]
        self.opt = torch_optimizer(config.optimizer, self.params, config.lr,
                                   config.optimizer_params)
        self.stats = reducer("torch")  # on the tensors' device, the CPU included
        self.amp = bool(config.mixed_precision and self.device.type == "cuda")
        self.amp_dtype = torch.bfloat16 if self.amp and torch.cuda.is_bf16_supported() \
            else torch.float16
        self.scaler = torch.amp.GradScaler("cuda") if self.amp and \
            self.amp_dtype == torch.float16 else None
        guard.apply_to_torch(self.device)
        self._found = torch.zeros(1, device=self.device)  # for _grad_checks
        self._one = torch.ones(1, device=self.device)
        self.data: dict[str, torch.Tensor | None] = {}

    @property
    def device_name(self) -> str:
        if self.device.type == "cuda":
            return f"cuda ({torch.cuda.get_device_name(self.device)})"
        return self.device.type

    def set_data(self, x_train, y_train, x_val, y_val) -> None:
        def put(a):
            return None if a is None else torch.from_numpy(np.ascontiguousarray(a)).to(
                self.device)
        self.data = {"x": put(x_train), "y": put(y_train), "xv": put(x_val), "yv": put(y_val)}

    # ----- helpers --------------------------------------------------------------------
    def _batch(self, idx, val=False):
        x, y = (self.data["xv"], self.data["yv"]) if val else (self.data["x"], self.data["y"])
        if x is None:
            return (), ()
        i = torch.from_numpy(idx)
        if self.device.type != "cpu":
            i = i.to(self.device)
        feats = (x[i],)
        targets = (y[i],) if self.info.target_names else ()
        return feats, targets

    def _autocast(self):
        if self.amp:
            return torch.autocast("cuda", dtype=self.amp_dtype)
        return contextlib.nullcontext()

    def _loss_from_outputs(self, outs, targets):
        outs = outs if isinstance(outs, tuple) else (outs,)
        if self.info.loss_names:
            return outs, self.loss_fn(*outs, *targets)
        return outs, outs[0]

    def _correct(self, pred, target) -> torch.Tensor:
        m = self.info.metric
        if m is None or pred is None:
            return torch.zeros((), device=self.device)
        pred = pred.detach()
        if m.rule == "argmax":
            hit = pred.argmax(dim=-1) == target
        else:
            hit = (pred > (0.5 if m.rule == "prob" else 0.0)) == (target > 0.5)
        return hit.sum(dtype=torch.float32)

    def _total_loss(self, values: dict) -> torch.Tensor:
        """The sum of the loss nodes' values (one loss: that tensor itself, not 0 + it,
        which would add an op to both passes), or the scalar Output's."""
        names = self.info.loss_names
        if not names:
            return values[self.info.scalar_output]
        loss = values[names[0]]
        for n in names[1:]:
            loss = loss + values[n]
        return loss

    def _pred(self, outs):
        m = self.info.metric
        return None if m is None or m.output_index is None else outs[m.output_index]

    def _grad_checks(self) -> tuple[list[torch.Tensor], bool]:
        """Tensors to read back with the loss that reveal a NaN or inf in any gradient, and
        whether they are a found-flag (bad when non-zero) rather than norms (bad when not
        finite). The flag comes from the fused check GradScaler uses (one pass that also
        multiplies by 1.0), ten times cheaper here than a max-abs norm per parameter."""
        if not self.config.check_gradients or self.scaler is not None:
            return [], False  # with a GradScaler, overflowing fp16 gradients are its business
        grads = [p.grad for p in self.params if p.grad is not None]
        if not grads:
            return [], False
        if self._found is not None:
            try:
                self._found.zero_()
                torch._amp_foreach_non_finite_check_and_unscale_(grads, self._found,
                                                                 self._one)
                return [self._found[0]], True
            except (RuntimeError, AttributeError, NotImplementedError):
                self._found = None
        return list(torch._foreach_norm(grads, float("inf"))), False

    def _step_optimizer(self, loss) -> None:
        if self.scaler is not None:
            self.scaler.step(self.opt)
            self.scaler.update()
        else:
            self.opt.step()

    def _backward(self, loss) -> None:
        for p in self.params:  # what opt.zero_grad(set_to_none=True) does, at 1/20 the cost
            p.grad = None
        if self.scaler is not None:
            self.scaler.scale(loss).backward()
        else:
            loss.backward()

    # ----- steps ----------------------------------------------------------------------
    def train_step(self, idx: np.ndarray) -> StepResult:
        self.guard.check(len(idx))
        feats, targets = self._batch(idx)  # the model stays in train mode between steps
        with self._autocast():
            outs, loss = self._loss_from_outputs(self.model(*feats), targets)
        correct = self._correct(self._pred(outs), targets[0] if targets else None)
        self._backward(loss)
        # the gradient norm rides along in the same transfer: a finite loss with a
        # non-finite gradient must not reach the weights either
        checks, is_flag = self._grad_checks()
        if self.device.type == "cpu":  # no transfer to batch up: plain reads are cheapest
            loss_v, correct_v, *seen = (t.item() for t in (loss.detach(), correct, *checks))
        else:
            loss_v, correct_v, *seen = torch.stack([loss.detach().float(), correct,
                                                    *checks]).tolist()
        ok = math.isfinite(loss_v) and (not seen or (seen[0] == 0 if is_flag else
                                                     all(map(math.isfinite, seen))))
        if ok:
            self._step_optimizer(loss)
        return StepResult(loss_v, correct_v, len(idx), ok)

    def probe_step(self, idx: np.ndarray, apply: bool = True) -> ProbeResult:
        """A training step that also records every value's and gradient's statistics."""
        self.guard.check(len(idx))
        feats, targets = self._batch(idx)
        feats = tuple(f.detach().requires_grad_(True) if f.is_floating_point() else f
                      for f in feats)
        with self._autocast():
            values = self.model.trace(*feats, *targets, training=True)
            loss = self._total_loss(values)
        names = self.info.names
        node_values = [values[n] for n in names]
        watched = [i for i, v in enumerate(node_values) if v.requires_grad]
        # one autograd call returns dLoss/d(value) for every node and the parameters'
        # gradients (no Python hook per node)
        grads = torch.autograd.grad(self.scaler.scale(loss) if self.scaler is not None
                                    else loss, [node_values[i] for i in watched] + self.params,
                                    allow_unused=True)
        k = len(watched)
        for p, g in zip(self.params, grads[k:], strict=True):
            p.grad = g  # every parameter's gradient is replaced: no zero_grad needed
        grad_present = tuple(i for i, g in zip(watched, grads, strict=False) if g is not None)
        param_present = tuple(i for i, g in enumerate(grads[k:]) if g is not None)
        m = self.info.metric
        correct = self._correct(values[m.pred_name], values[m.target_name]) if m else \
            torch.zeros((), device=self.device)
        shown = [g for g in grads if g is not None]
        if self.scaler is not None:  # the panel shows the loss's gradients, not the scaled
            inv = 1.0 / self.scaler.get_scale()
            shown = [g * inv for g in shown]
        tensors = node_values + shown + [loss.detach(), correct]
        layout = (len(names), grad_present, len(self.params), param_present)
        # reduced on the device, one transfer
        v_rows, g_rows, p_rows, loss_v, correct_v, finite = assemble(
            self.stats.host_rows(self.stats.device_rows(tensors)), *layout)
        # with a GradScaler an overflowing fp16 gradient is its business: it skips the
        # step and lowers the scale (a fault would stop the run while the scale settles)
        ok = math.isfinite(loss_v) and (finite or self.scaler is not None)
        if ok and apply:
            self._step_optimizer(loss)
        return ProbeResult(loss_v, correct_v, len(idx), bool(ok and apply), v_rows, g_rows,
                           p_rows)

    @torch.no_grad()
    def evaluate(self, val: bool = True, chunk: int = 1024) -> tuple[float, float | None]:
        x = self.data["xv" if val else "x"]
        if x is None or len(x) == 0:
            return float("nan"), None
        self.model.eval()
        total_loss = torch.zeros((), device=self.device)
        total_correct = torch.zeros((), device=self.device)
        n = len(x)
        for start in range(0, n, chunk):
            idx = np.arange(start, min(n, start + chunk))
            feats, targets = self._batch(idx, val=val)
            with self._autocast():
                outs, loss = self._loss_from_outputs(self.model(*feats), targets)
            total_loss += loss.float() * len(idx)
            total_correct += self._correct(self._pred(outs), targets[0] if targets else None)
        self.model.train()
        loss_v, correct_v = torch.stack([total_loss, total_correct]).tolist()
        acc = correct_v / n if self.info.metric is not None else None
        return loss_v / n, acc

    @torch.no_grad()
    def values_at(self, x: np.ndarray, y: np.ndarray | None, names) -> dict[str, np.ndarray]:
        """The named trace values for inputs ``x`` (targets ``y``) in eval mode, as numpy:
        what the data view draws (train/plane.py)."""
        feats = (torch.from_numpy(x).to(self.device),)
        targets = (torch.from_numpy(y).to(self.device),) if y is not None else ()
        values = self.model.trace(*feats, *targets, training=False)
        return {n: values[n].float().cpu().numpy() for n in names}

    def set_hyper(self, changes: dict[str, float]) -> None:
        """Learning rate / momentum for the next step on (optimizers.live_changes)."""
        for group in self.opt.param_groups:
            group.update(changes)

    def get_weights(self) -> dict[str, np.ndarray]:
        return self.model.get_weights()

    def set_weights(self, weights: dict[str, np.ndarray]) -> None:
        self.model.set_weights(weights)


OOM_TYPES: tuple[type[BaseException], ...] = (torch.cuda.OutOfMemoryError,)
