"""What a convolutional node computes for one sample, as images: its feature maps, and
the filters of the layer that made them.

The worker runs the forward pass (:class:`~graphlab.train.teach.stepper.StepThrough`)
on the sample the step-through panel has chosen and sends a :class:`FeatureMaps` of
plain numpy arrays; the editor draws them without a framework.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_MAPS = 64  # channels shown; a wider layer says how many it has


@dataclass
class FeatureMaps:
    node_id: str
    title: str
    op: str
    maps: np.ndarray  # [C, H, W] for the one sample
    channels: int  # how many the node has (maps may hold fewer)
    filters: np.ndarray | None  # [O, I, kh, kw] of the node's own 4-D weight, if any
    filter_key: str = ""
    source: str = ""  # which sample, in words
    image: np.ndarray | None = None  # [H, W]: the sample's input, when it is a picture

    def summary(self) -> str:
        c, h, w = self.maps.shape
        more = f" (the first {c} of {self.channels})" if c < self.channels else ""
        return (f'{self.op} "{self.title}": {self.channels} feature maps of {h}×{w}{more} '
                f"for {self.source}")


def feature_maps(stepper, node_id: str, source: str = "", sample: int = 0) -> FeatureMaps:
    """The maps of ``node_id`` (a forward pass must have reached it) for ``sample``."""
    value = stepper.value(node_id)
    title = stepper.title(node_id)
    if value is None:
        raise ValueError(f'"{title}" has no value yet; run the forward pass first')
    if np.ndim(value) != 4:
        raise ValueError(f'"{title}" is not an image tensor [N, C, H, W] (its shape is '
                         f"{list(np.shape(value))}); feature maps are for convolutional nodes")
    sample = min(max(int(sample), 0), value.shape[0] - 1)
    maps = np.asarray(value[sample, :MAX_MAPS], np.float32)
    filters, key = None, ""
    weights = stepper.model.get_weights()
    for k in stepper.param_keys.get(node_id, []):
        if np.ndim(weights.get(k)) == 4:
            filters, key = np.asarray(weights[k][:MAX_MAPS], np.float32), k
            break
    return FeatureMaps(node_id, title, stepper.op(node_id), maps, int(value.shape[1]),
                       filters, key, source, _picture(stepper, sample))


def _picture(stepper, sample: int) -> np.ndarray | None:
    """The sample's first input as a grey picture: [C, H, W] (the channels' mean), or a
    flat square of values (the digits' 64 = 8×8)."""
    for fid in stepper.plan.feature_ids:
        x = stepper.inputs.get(fid)
        if x is None or not len(x):
            continue
        x = np.asarray(x[min(sample, len(x) - 1)], np.float32)
        if x.ndim == 3:
            return x.mean(axis=0)
        side = int(np.sqrt(x.size))
        if x.ndim == 1 and side * side == x.size and x.size >= 36:
            return x.reshape(side, side)
    return None
