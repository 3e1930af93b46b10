"""The Data dock for a regression on one input: the data and the fitted curve, from a real
session's frames (torch), drawn by the view without a worker."""

from __future__ import annotations

import numpy as np

from graphlab.train.plane import CURVE
from graphlab.train.session import TrainingSession
from graphlab.ui.live.decision_view import DecisionView
from graphlab.worker import protocol as P
from graphlab.worker.remote_run import RemoteRun
from tests.train.test_plane import sine_graph


def test_sine_draws_the_data_and_the_fitted_curve(qtbot):
    s = TrainingSession(sine_graph(), backend="torch", probe_every=5, epochs=20)
    s.watch_plane()
    assert s.run().status == "finished"
    view = DecisionView()
    qtbot.addWidget(view)
    started = []
    view.started.connect(lambda: started.append(True))
    run = RemoteRun(1, s.graph)  # the editor's mirror, fed the worker's messages
    run.apply(P.RunPlane(1, s.plane.latest, s.plane.setup))
    view.show_run(run)
    xs, ys = view.train_points.getData()
    np.testing.assert_allclose(xs, s.plane.setup.x_train)
    np.testing.assert_allclose(ys, s.plane.setup.y_train)
    fx, fy = view.fit.getData()
    assert len(fx) == CURVE and np.allclose(fy, s.plane.latest.curve.astype(np.float32))
    assert started == [True] and "prediction along x" in view.caption.text()
    assert view.boundary_share() is None  # no classes here
    run.apply(P.RunPlane(1, s.plane.latest))  # a later frame of the same run
    view.show_run(run)
    assert started == [True]
