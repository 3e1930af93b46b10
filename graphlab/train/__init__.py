"""Training engine: datasets, training sessions, probes and trace frames. No Qt.

Everything here runs headless and talks to a framework only through the compiled
module (``graphlab.compile``). The UI drives a :class:`~graphlab.train.session.
TrainingSession` and reads its frames; the CLI does the same from a terminal.
"""
