"""Which deep-learning frameworks are installed, asked without importing them.

graphlab runs with only one of torch and TensorFlow installed: the editor greys out the
other, and asking for it gives :class:`FrameworkMissing`, whose message says how to get it.
"""

from __future__ import annotations

import importlib.util

BACKENDS = {"torch": ("torch", "PyTorch", "torch"), "tf": ("tensorflow", "TensorFlow", "tf")}


class FrameworkMissing(ImportError):
    """The chosen backend's framework is not installed."""


def available(backend: str) -> bool:
    module = BACKENDS[backend][0]
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def installed_backends() -> list[str]:
    return [b for b in BACKENDS if available(b)]


def missing_message(backend: str) -> str:
    module, title, extra = BACKENDS[backend]
    return (f"{title} is not installed, so the {backend!r} backend cannot run; install it with "
            f"`pip install 'graphlab[{extra}]'` or choose the other backend")


def require(backend: str) -> None:
    """Raise FrameworkMissing with an actionable message unless ``backend`` can be imported."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose 'torch' or 'tf'")
    if not available(backend):
        raise FrameworkMissing(missing_message(backend))


def gpu_count(backend: str) -> int:
    """How many GPUs ``backend`` can train on here (0 when it is not installed). This
    imports the framework: the editor asks its worker, never its own process."""
    if backend not in BACKENDS or not available(backend):
        return 0
    if backend == "torch":
        import torch

        return torch.cuda.device_count() if torch.cuda.is_available() else 0
    import tensorflow as tf

    return len(tf.config.list_physical_devices("GPU"))
