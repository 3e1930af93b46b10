"""Dynamic loss scaling for float16 training, with torch.amp.GradScaler's rule.

float16 gradients of a small loss underflow to zero; multiplying the loss by a large
scale before differentiating, and the gradients by its inverse after, keeps them in
range. The scale starts at 2**16, doubles after ``interval`` finite steps in a row and
halves on a step whose gradients are not finite, which is then skipped (the weights do
not change). The TF runner needs it because its optimizers are graphlab's own (Keras'
LossScaleOptimizer wraps Keras optimizers only); torch uses GradScaler itself.

The rule is plain Python: the runner's traced step reads :attr:`LossScale.scale` from a
variable and hands back whether the gradients were finite, a flag it reads back with the
loss anyway, so the rule costs no extra transfer. No framework is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass

# torch.amp.GradScaler's defaults
INIT_SCALE = 2.0 ** 16
GROWTH = 2.0
BACKOFF = 0.5
INTERVAL = 2000


@dataclass
class LossScale:
    """The scale a float16 run multiplies its loss by, and the rule that moves it.

    ``force`` turns scaling on whatever the device (tests on a CPU; float32 math there
    gains nothing from it). Below ``floor`` scaling cannot rescue a gradient: a
    non-finite gradient at the floor is a fault, as it is without mixed precision, so a
    truly broken step is reported instead of being skipped for ever."""

    scale: float = INIT_SCALE
    growth: float = GROWTH
    backoff: float = BACKOFF
    interval: int = INTERVAL
    floor: float = 1.0
    force: bool = False
    good_steps: int = 0  # finite steps since the scale last changed

    def __post_init__(self) -> None:
        if not (self.scale > 0 and self.growth >= 1 and 0 < self.backoff < 1
                and self.interval >= 1 and self.floor > 0):
            raise ValueError(f"loss scale settings out of range: scale {self.scale}, "
                             f"growth {self.growth}, backoff {self.backoff}, interval "
                             f"{self.interval}, floor {self.floor}")

    def active(self, on_gpu: bool, mixed_precision: bool) -> bool:
        """Whether a run scales its loss: mixed precision on a GPU, or forced."""
        return self.force or (on_gpu and mixed_precision)

    def at_floor(self) -> bool:
        return self.scale <= self.floor

    def update(self, grads_finite: bool) -> bool:
        """Move the scale after a step; True when it changed (the runner then writes the
        new value to its variable). A non-finite step halves it (not below the floor)."""
        if grads_finite:
            self.good_steps += 1
            if self.good_steps < self.interval:
                return False
            self.good_steps = 0
            self.scale *= self.growth
            return self.growth != 1
        self.good_steps = 0
        old = self.scale
        self.scale = max(self.scale * self.backoff, self.floor)
        return self.scale != old
