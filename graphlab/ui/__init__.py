"""The desktop editor: the only package that imports Qt (PySide6).

It is a view on a :class:`graphlab.graph.Graph`: every edit becomes one QUndoCommand
that changes the model, and the canvas redraws from the model's events.
"""

from graphlab.ui.qt_version import refuse_broken_qt

refuse_broken_qt()
