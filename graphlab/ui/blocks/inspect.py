"""What the inspector shows for block parts: an inside attribute that a block
parameter sets (greyed, with the instance's value), and the inside itself."""

from __future__ import annotations

from graphlab.graph.blocks import ParamRef
from graphlab.graph.graph import Graph
from graphlab.ui.i18n import translate
from graphlab.ui.i18n.docs import attr_doc


def show_attr(field, graph: Graph, node_id: str, name: str) -> None:
    """Show attribute ``name`` of ``node_id`` in ``field``: a block parameter's reference
    shows the value the entered instance gives it and cannot be typed over (the
    instance's parameter is what to change)."""
    value = graph.raw(node_id)["attrs"].get(name)
    ref = isinstance(value, ParamRef)
    if ref:
        field.show_value(graph.resolved_attrs(node_id).get(name))
        field.widget.setToolTip(translate(
            "Blocks", "set by block parameter {param} of {block}: change it on the block's "
            "node in the graph above (this one shows the instance you opened)").format(
            param=repr(value.param), block=graph.definition))
    else:
        field.show_value(value)
        field.widget.setToolTip(attr_doc(field.attr))
    field.widget.setEnabled(not ref)


def inside_title(graph: Graph) -> str | None:
    """The inspector's heading while the canvas shows a block's inside, else None."""
    if graph.definition is None:
        return None
    defn = graph.blocks.get(graph.definition)
    values = (defn.defaults() if defn else {}) | (graph.context.values if graph.context else {})
    params = ", ".join(f"{p.name}={values.get(p.name)}" for p in (defn.params if defn else ()))
    return (f"<b>Inside block {graph.definition}</b>"
            + (f" <i>({params})</i>" if params else "")
            + "<br><i>edits here change every instance of it; select a node to edit it</i>")
