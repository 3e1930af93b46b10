"""Training engine: datasets, training sessions, probes and trace frames. No Qt.

Everything here runs headless and talks to a framework only through the compiled
module (``graphlab.compile``); torch or TensorFlow is imported by the session's worker
when it starts, never on import of this package. The UI drives a
:class:`TrainingSession` and repaints from ``session.latest()``; the CLI does the same
from a terminal.

Data order is part of the contract (so runs are reproducible and the two backends
see the same batches): epoch ``e`` visits the training samples in the order
``numpy.random.default_rng([seed, e]).permutation(n_train)``, in batches of
``batch_size``; probe steps are steps 1, k+1, 2k+1, ... (1-based).
"""

from graphlab.train.config import ConfigError, TrainConfig
from graphlab.train.frames import Frame
from graphlab.train.session import RunResult, TrainingError, TrainingSession
from graphlab.train.stats_layout import TensorStats

__all__ = ["ConfigError", "Frame", "RunResult", "TensorStats", "TrainConfig", "TrainingError",
           "TrainingSession"]
