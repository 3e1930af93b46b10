"""The few tensor operations the stepper needs, for torch and for TensorFlow.

Each node's block runs on leaf copies of its inputs; ``vjp`` is the gradient of the
block's output with respect to those leaves for a given upstream gradient:
``torch.autograd.grad(out, leaf, grad_outputs=upstream)`` in torch, and a
``tf.GradientTape`` recorded around the block in TensorFlow.
"""

from __future__ import annotations

import numpy as np


class TorchOps:
    name = "torch"

    def __init__(self) -> None:
        import torch

        self.torch = torch

    def tensor(self, array: np.ndarray):
        return self.torch.as_tensor(np.asarray(array))

    def leaf(self, value):
        t = value.detach()
        if t.is_floating_point():
            t = t.clone().requires_grad_(True)
        return t

    def run(self, block, namespace: dict):
        """Execute ``block`` with autograd on; returns (output, recorder)."""
        with self.torch.enable_grad():
            exec(block.code, namespace)
        return namespace[block.name], None

    def run_plain(self, block, namespace: dict):
        with self.torch.no_grad():
            exec(block.code, namespace)
        return namespace[block.name]

    def differentiable(self, t) -> bool:
        return t.is_floating_point() and t.requires_grad

    def vjp(self, out, recorder, leaves: list, upstream) -> list:
        grads = self.torch.autograd.grad(out, leaves, grad_outputs=upstream, retain_graph=True,
                                         allow_unused=True)
        return [self.torch.zeros_like(leaf) if g is None else g for g, leaf in
                zip(grads, leaves, strict=True)]

    def numpy(self, t) -> np.ndarray:
        return t.detach().cpu().numpy()

    def named_params(self, model) -> dict:
        return dict(model.named_parameters())

    def weight_column(self, out, recorder, param, upstream, flat: int, perm=None) -> np.ndarray:
        """d(dL/dW[flat]) / d(upstream): the factor each element of the output's gradient
        is multiplied by in that weight's gradient (for Linear, the input it met)."""
        torch = self.torch
        u = upstream.detach().clone().requires_grad_(True)
        (gw,) = torch.autograd.grad(out, [param], grad_outputs=u, create_graph=True,
                                    retain_graph=True)
        (col,) = torch.autograd.grad(gw.reshape(-1)[flat], [u], retain_graph=True,
                                     allow_unused=True)
        return np.zeros(tuple(u.shape), np.float32) if col is None else self.numpy(col)

    def ones_like(self, t):
        return self.torch.ones_like(t)

    def zeros_like(self, t):
        return self.torch.zeros_like(t)

    def sum(self, items):
        total = items[0]
        for x in items[1:]:
            total = total + x
        return total

    def is_float(self, t) -> bool:
        return t.is_floating_point()

    def set_eval(self, model) -> None:
        model.train(False)

    def float64_model(self, model):
        """A float64 copy, so finite differences are not drowned by float32 rounding."""
        import copy

        return copy.deepcopy(model).double()

    def to_float64(self, t):
        return t.detach().double() if t.is_floating_point() else t.detach()

    def with_element(self, t, index: int, delta: float):
        out = t.detach().clone()
        out.view(-1)[index] += delta
        return out


class TFOps:
    name = "tf"

    def __init__(self) -> None:
        import tensorflow as tf

        self.tf = tf

    def tensor(self, array: np.ndarray):
        return self.tf.convert_to_tensor(np.asarray(array))

    def leaf(self, value):
        return self.tf.identity(self.tf.convert_to_tensor(value))

    def run(self, block, namespace: dict):
        tape = self.tf.GradientTape(persistent=True)
        with tape:
            for v in namespace.get("__leaves__", ()):
                if v.dtype.is_floating:
                    tape.watch(v)
            exec(block.code, namespace)
        return namespace[block.name], tape

    def run_plain(self, block, namespace: dict):
        exec(block.code, namespace)
        return namespace[block.name]

    def differentiable(self, t) -> bool:
        return t.dtype.is_floating

    def vjp(self, out, tape, leaves: list, upstream) -> list:
        grads = tape.gradient(out, leaves, output_gradients=upstream)
        return [self.tf.zeros_like(leaf) if g is None else self.tf.convert_to_tensor(g)
                for g, leaf in zip(grads, leaves, strict=True)]

    def numpy(self, t) -> np.ndarray:
        return np.asarray(t.numpy() if hasattr(t, "numpy") else t)

    def named_params(self, model) -> dict:
        return dict(model.named_variables())

    def weight_column(self, out, tape, param, upstream, flat: int, perm=None) -> np.ndarray:
        tf = self.tf
        u = tf.convert_to_tensor(upstream)
        with tf.GradientTape() as outer:
            outer.watch(u)
            gw = tape.gradient(out, param, output_gradients=u)
            if gw is None:
                return np.zeros(tuple(u.shape), np.float32)
            gw = tf.convert_to_tensor(gw)
            if perm is not None:  # TF's layout -> PyTorch's, where flat indexes
                gw = tf.transpose(gw, np.argsort(perm))
            pick = tf.reshape(gw, [-1])[flat]
        col = outer.gradient(pick, u)
        return np.zeros(tuple(u.shape), np.float32) if col is None else self.numpy(col)

    def ones_like(self, t):
        return self.tf.ones_like(t)

    def zeros_like(self, t):
        return self.tf.zeros_like(t)

    def sum(self, items):
        return self.tf.add_n(items) if len(items) > 1 else items[0]

    def is_float(self, t) -> bool:
        return t.dtype.is_floating

    def set_eval(self, model) -> None:
        pass  # TF takes training= per call; the stepper binds training=False

    def float64_model(self, model):
        return model  # TF variables stay float32; the check uses a larger step

    def to_float64(self, t):
        return self.tf.convert_to_tensor(t)

    def with_element(self, t, index: int, delta: float):
        a = np.array(self.numpy(t), copy=True)
        a.reshape(-1)[index] += delta
        return self.tf.convert_to_tensor(a)


def ops_for(backend: str):
    return TorchOps() if backend == "torch" else TFOps()
