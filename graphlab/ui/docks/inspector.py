"""The inspector: the selected node's name, attributes, shapes, costs and doc.

Attribute widgets come from the op registry. Every change goes through the
:class:`Editor` (one undo command); a refused value leaves the model unchanged, puts
the model's value back in the widget and shows the reason in red.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDockWidget,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from graphlab.graph.events import GraphEvent
from graphlab.graph.graph import Graph
from graphlab.ui import theme
from graphlab.ui.blocks.inspect import inside_title, show_attr
from graphlab.ui.docks.attr_widgets import AttrField
from graphlab.ui.editor import Editor
from graphlab.ui.i18n import QT_TRANSLATE_NOOP, translate
from graphlab.ui.i18n.docs import op_doc
from graphlab.ui.i18n.messages import translate_message
from graphlab.ui.i18n.words import category_word
from graphlab.ui.short_text import shorten
from graphlab.units import grouped, human_bytes, human_count

CODE_NAME = QT_TRANSLATE_NOOP("Inspector", "name in code")  # the row of a "name" attribute (an Input's argument name)


class Inspector(QScrollArea):
    def __init__(self, editor: Editor, parent=None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.setWidgetResizable(True)
        self.node_id: str | None = None
        self._editing = False
        self.fields: dict[str, AttrField] = {}
        self._unsubscribe = None
        self.weights_note = None  # node id -> a line on its weights (the window sets it)
        self.field_hook = None  # (field, graph, node id): more for a row (graphlab.ui.blocks)
        self._body = QWidget()
        self.setWidget(self._body)
        self._layout = QVBoxLayout(self._body)
        # scroll rather than squash the rows when the dock is short
        self._layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.title = QLabel()
        self.name_edit = QLineEdit()
        self.name_edit.editingFinished.connect(self._rename)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setObjectName("inspectorError")  # styled in assets/style.qss
        self.shapes = QLabel()
        self.costs = QLabel()
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setObjectName("inspectorProblems")
        self.doc = QLabel()
        self.doc.setWordWrap(True)
        self.doc.setObjectName("inspectorDoc")
        for w in (self.shapes, self.costs):
            w.setWordWrap(True)
        # "Label" is the node's name on the canvas and in messages; an Input's or Output's
        # own "name" attribute is its name in the generated code: two rows both called
        # "Name"/"name" read as one thing twice
        self.name_edit.setToolTip(translate("Inspector", "the node's label on the canvas and in messages"))
        name_row = self._name_row = QFormLayout()
        name_row.addRow(translate("Inspector", "Label"), self.name_edit)
        self._layout.addWidget(self.title)
        self._layout.addLayout(name_row)
        self._layout.addLayout(self.form)
        self._layout.addWidget(self.error)
        self._layout.addWidget(self.problems)
        self._layout.addWidget(self.shapes)
        self._layout.addWidget(self.costs)
        self._layout.addWidget(self.doc)
        self._layout.addStretch(1)
        editor.refused.connect(self._refused)
        editor.current_changed.connect(self.set_graph)
        self.set_graph(editor.current)

    @property
    def graph(self) -> Graph:
        return self._graph  # the graph the canvas shows (the document or a block's inside)

    def set_graph(self, graph: Graph) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._graph = graph
        self._unsubscribe = graph.subscribe(self._on_event)
        self.show_node(None)

    def attr_widget(self, name: str) -> QWidget:
        return self.fields[name].widget

    def label_text(self, widget: QWidget) -> str:
        """The row label shown beside ``widget``."""
        for form in (self._name_row, self.form):
            label = form.labelForField(widget)
            if label is not None:
                return label.text()
        return ""

    # ----- which node -------------------------------------------------------------------
    def show_node(self, node_id: str | None) -> None:
        if node_id is not None and node_id not in self.graph:
            node_id = None
        rebuild = node_id != self.node_id or node_id is None
        self.node_id = node_id
        self.error.clear()
        if rebuild:
            self._build_fields()
        self._refresh()
        if node_id is not None and rebuild:
            self._raise_dock()

    def _raise_dock(self) -> None:
        """A selection brings the Inspector forward when its dock is a hidden tab."""
        w = self.parentWidget()
        while w is not None and not isinstance(w, QDockWidget):
            w = w.parentWidget()
        if w is not None and w.toggleViewAction().isChecked():
            w.raise_()  # a dock the person closed stays closed

    def _build_fields(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields.clear()
        if self.node_id is None:
            return
        spec = self.graph.node(self.node_id).spec
        for a in spec.attrs:
            f = AttrField(a, self._body)
            f.committed.connect(lambda value, name=a.name: self._commit(name, value))
            f.invalid.connect(self._invalid)
            self.fields[a.name] = f
            self.form.addRow(translate("Inspector", CODE_NAME) if a.name == "name" else a.name, f.widget)
            if self.field_hook is not None:  # e.g. "Make Block Parameter" inside a block
                self.field_hook(f, self.graph, self.node_id)

    def _refresh(self) -> None:
        has = self.node_id is not None
        self._name_row.labelForField(self.name_edit).setText(
            translate("Inspector", "Label") if has else translate("Inspector", "Graph name"))
        if not has:  # nothing selected: the graph itself, whose name is edited here
            inside = inside_title(self.graph)
            self.title.setText(inside or translate("Inspector", "<b>Graph</b> <i>(select a node to see and "
                                                       "edit it)</i>"))
            self.name_edit.setEnabled(inside is None)  # the document's name only
            if not self.name_edit.isModified():  # not while the person is typing
                self.name_edit.setText(self.editor.graph.name)
                self.name_edit.setCursorPosition(0)
            for w in (self.shapes, self.costs, self.problems, self.doc):
                w.clear()
            return
        g = self.graph
        v = g.node(self.node_id)
        if list(self.fields) != [a.name for a in v.spec.attrs]:  # a block's parameters
            self._build_fields()  # changed (made, or undone): rows for the ones it has
        self.name_edit.setEnabled(True)
        colour = theme.category_colour(v.spec.category).lighter(140).name()
        self.title.setText(f"<b style='color:{colour}'>{v.op}</b> <span style='color:"
                           f"{theme.TEXT_DIM.name()}'>({category_word(v.spec.category)})</span>")
        if not self.name_edit.hasFocus():
            # the whole name, however long (QLineEdit cuts at 32,767 by default, and an
            # edit would then rename the node to the cut text)
            self.name_edit.setMaxLength(max(32767, len(v.label)))
            self.name_edit.setText(v.label)
            self.name_edit.setCursorPosition(0)
        for name, f in self.fields.items():
            show_attr(f, g, self.node_id, name)  # a block parameter's value: greyed
        info = g.analysis.node_info(self.node_id)
        rows = [translate("Inspector", "<b>Inputs</b>")]
        for p in v.spec.input_ports(v.attrs):
            t = info.inputs.get(p.name)
            rows.append(f"&nbsp;&nbsp;{p.name}: {t if t is not None else '?'}")
        rows.append(translate("Inspector", "<b>Outputs</b>"))
        for p in v.spec.outputs:
            t = info.outputs.get(p.name)
            rows.append(f"&nbsp;&nbsp;{p.name}: {t if t is not None else '?'}"
                        + (f" {t.dtype}" if t is not None and t.dtype != "float32" else ""))
        self.shapes.setText("<br>".join(rows))
        self.costs.setText(
            translate("Inspector", "<b>Parameters</b> {params}<br><b>FLOPs</b> {flops}<br>"
                      "<b>Memory</b> {weights} weights, {activations} activations (batch {batch})").format(
                params=grouped(info.param_count), flops=human_count(info.flops),
                weights=human_bytes(info.param_bytes),
                activations=human_bytes(info.activation_bytes), batch=g.batch_size)
            + (translate("Inspector", "<br><b>Weights</b> {note}").format(note=note)
               if self.weights_note and info.param_count and (
                   note := self.weights_note(self.node_id)) else ""))
        diags = list(info.diagnostics) + [d for d in g.analysis.graph_diagnostics
                                          if d.node == self.node_id]
        self.problems.setText("<br>".join(shorten(translate_message(d.message))
                                          for d in diags))
        self.doc.setText(op_doc(v.spec))

    def _on_event(self, ev: GraphEvent) -> None:
        if self.node_id is None:
            if ev.kind in ("meta_changed", "graph_reset"):
                self._refresh()
            return
        if ev.kind == "node_removed" and ev.node == self.node_id:
            self.show_node(None)
        elif ev.kind == "graph_reset" and self.node_id not in self.graph:
            self.show_node(None)
        elif ev.node == self.node_id or self.node_id in ev.nodes or ev.kind in (
                "graph_reset", "meta_changed"):
            self._refresh()

    # ----- editing ----------------------------------------------------------------------
    def _commit(self, name: str, value) -> None:
        if self.node_id is None:
            return
        self.error.clear()
        self._editing = True
        try:
            ok = self.editor.set_attr(self.node_id, name, value)
        finally:
            self._editing = False
        if not ok:
            self._refresh()  # put the model's value back

    def _invalid(self, reason: str) -> None:
        self.error.setText(reason)
        self._refresh()

    def _rename(self) -> None:
        if not self.name_edit.isModified():
            return
        self.name_edit.setModified(False)
        self._editing = True
        try:
            if self.node_id is None:
                if not self.editor.set_graph_name(self.name_edit.text()):
                    self.name_edit.setText(self.editor.graph.name)
                return
            ok = self.editor.rename(self.node_id, self.name_edit.text())
        finally:
            self._editing = False
        if not ok:
            label = self.graph.node(self.node_id).label
            self.name_edit.setMaxLength(max(32767, len(label)))
            self.name_edit.setText(label)

    def _refused(self, reason: str) -> None:
        if self._editing:
            self.error.setText(reason)
