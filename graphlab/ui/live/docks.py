"""The live panel's docks and menus, built once per window and laid out for reading."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QTextBrowser, QWidget

from graphlab.lessons import LESSONS
from graphlab.ui.i18n import translate
from graphlab.ui.live.curves import Curves
from graphlab.ui.live.decision_view import DecisionView
from graphlab.ui.live.insights import GradientFlow, HealthList, HistogramsOverTime
from graphlab.ui.live.step_panel import StepPanel
from graphlab.ui.live.train_panel import TrainPanel
from graphlab.ui.live.unit_maps import UnitHover

Area = Qt.DockWidgetArea


class LiveDocks:
    """Train, Curves, Insights (gradient flow, histograms, health), Step-through and
    Lesson docks, tabbed with the editor's own where they share a side."""

    def __init__(self, window, overlay) -> None:
        w = self.window = window
        self.train_panel = TrainPanel()
        self.train_dock = w.add_dock(translate("LiveDocks", "Train"), scrolled(self.train_panel),
                                     Area.RightDockWidgetArea, name="Train",
                                     tabify_with=getattr(w, "inspector_dock", None))
        self.curves = Curves()
        self.curves_dock = w.add_dock(translate("LiveDocks", "Curves"), self.curves,
                                      Area.BottomDockWidgetArea, name="Curves",
                                      tabify_with=getattr(w, "diagnostics_dock", None))
        self.flow = GradientFlow()
        self.histograms = HistogramsOverTime()
        self.health = HealthList()
        self.insights = QTabWidget()
        self.insights.addTab(self.flow, translate("LiveDocks", "Gradient flow"))
        self.insights.addTab(self.histograms, translate("LiveDocks", "Histograms"))
        self.insights.addTab(self.health, translate("LiveDocks", "Health"))
        self.insights_dock = w.add_dock(translate("LiveDocks", "Insights"), self.insights,
                                        Area.BottomDockWidgetArea, name="Insights")
        self.step_panel = StepPanel(overlay)
        self.step_dock = w.add_dock(translate("LiveDocks", "Step-through"),
                                    scrolled(self.step_panel), Area.RightDockWidgetArea,
                                    name="Step-through",
                                    tabify_with=self.train_dock)
        self.lesson_text = LessonText()
        self.lesson_dock = w.add_dock(translate("LiveDocks", "Lesson"), self.lesson_text,
                                      Area.RightDockWidgetArea, name="Lesson",
                                      tabify_with=self.train_dock)
        self.lesson_dock.hide()
        # the data and decision view with the Code dock, under the Train dock (raised by a
        # run's first frame of it); hovering a node shows its units
        self.data_view = DecisionView()
        self.data_dock = w.add_dock(translate("LiveDocks", "Data"), self.data_view,
                                    Area.RightDockWidgetArea, name="Data",
                                    tabify_with=getattr(w, "code_dock", None))
        self.data_view.started.connect(self.data_dock.raise_)
        self.unit_hover = UnitHover(w.view, self.data_view) if hasattr(w, "view") else None
        self.raise_docks()
        self.fit()
        QTimer.singleShot(0, self.raise_docks)  # again once a shown window has laid out

    def fit(self) -> None:
        """The editor's dock sizes, then the bottom row split between Curves and Insights
        (the curves get the wider share: their x-axis is the timeline)."""
        w = self.window
        if hasattr(w, "fit_docks"):
            w.fit_docks()
        side = w.inspector_dock.width() if hasattr(w, "inspector_dock") else 0
        room = max(400, w.width() - side)
        w.resizeDocks([self.curves_dock, self.insights_dock], [int(room * 0.6),
                                                               int(room * 0.4)],
                      Qt.Orientation.Horizontal)

    def raise_docks(self) -> None:
        self.train_dock.raise_()
        self.raise_bottom()

    def raise_bottom(self) -> None:
        """Curves in front, unless the document has errors: then its Problems list (a
        graph opened with a missing Flatten showed an empty plot instead)."""
        w = self.window
        problems = getattr(w, "diagnostics_dock", None)
        if problems is not None and w.graph.analysis.errors():
            problems.raise_()
        else:
            self.curves_dock.raise_()

    def build_menus(self, live) -> None:
        """The Train and Lessons menus, calling ``live``'s slots."""
        bar = self.window.menuBar()
        m = self.train_menu = bar.addMenu(translate("LiveDocks", "&Train"))
        for text, slot, key in (
                (translate("LiveDocks", "Run / Resume"), live.run, "F5"),
                (translate("LiveDocks", "Pause"), live.pause, None),
                (translate("LiveDocks", "Step One Batch"), live.step_batch, "F10"),
                (translate("LiveDocks", "Stop"), live.stop, "Shift+F5"),
                (translate("LiveDocks", "Start Step-through"), live.start_step_through, None)):
            act = m.addAction(text)
            if key:
                act.setShortcut(key)
            act.triggered.connect(lambda _=False, s=slot: s())
        m.addSeparator()
        self.reset_weights = m.addAction(translate("LiveDocks", "Reset Weights"))  # the next run starts from the seed
        self.reset_weights.triggered.connect(lambda _=False: self.window.weights.reset())
        m = self.lessons_menu = bar.addMenu(translate("LiveDocks", "&Lessons"))
        for lesson in LESSONS.values():
            act = m.addAction(translate("Lessons", lesson.title))
            act.triggered.connect(lambda _=False, n=lesson.name: live.open_lesson(n))


class LessonText(QTextBrowser):
    """The lesson panel. graphlab/lessons is Qt-free and holds its texts in English
    (marked for lupdate); they are shown here in the UI's language."""

    def setHtml(self, html: str) -> None:  # noqa: N802 - Qt's name
        super().setHtml(translate("Lessons", html))


def scrolled(panel: QWidget) -> QScrollArea:
    """``panel`` in a scroll area: on a short screen the dock scrolls instead of making
    the window taller than the screen (the Train form alone is ~480 px high)."""
    area = QScrollArea()
    area.setWidget(panel)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area
