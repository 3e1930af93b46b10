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
