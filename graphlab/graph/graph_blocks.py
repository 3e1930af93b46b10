"""The part of :class:`~graphlab.graph.graph.Graph` that knows about blocks: op specs
of instances, block-parameter references, nesting rules, and the document-wide
operations (re-inferring instances, snapshot and restore for undo)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graphlab.graph.blocks import BlockContext, BlockLibrary, ParamRef, ref_fits
from graphlab.graph.events import GraphEvent
from graphlab.graph.ops import REGISTRY, unknown_op_message
from graphlab.graph.ops.attr_check import check_attr
from graphlab.graph.ops.spec import OpSpec

if TYPE_CHECKING:
    from graphlab.graph.graph import Graph


class BlockMethods:
    """Mixed into Graph; uses its ``blocks``, ``definition``, ``context`` and model."""

    @property
    def parent(self) -> Graph:
        """The top graph (itself for the top graph)."""
        return self.blocks.top

    def spec_of(self, op: str) -> OpSpec:
        """The spec of a registry op or of an instance of one of the file's blocks."""
        spec = REGISTRY.get(op)
        if spec is None:
            spec = self.blocks.spec(op)
            if spec is None:
                raise _error(unknown_op_message(op))
        return spec

    def is_instance(self, node_id: str) -> bool:
        return self.raw(node_id)["op"] in self.blocks

    def instances(self, name: str) -> list[str]:
        """Ids of this graph's instances of block ``name``, in creation order."""
        return [n for n in self.node_ids() if self.raw(n)["op"] == name]

    def resolved_attrs(self, node_id: str) -> dict[str, Any]:
        """The node's attributes with block-parameter references replaced by the values
        of the context (the entered instance) or the parameters' defaults."""
        attrs = self.raw(node_id)["attrs"]
        if self.definition is None or not any(isinstance(v, ParamRef) for v in attrs.values()):
            return attrs
        values = self.blocks[self.definition].defaults()
        if self.context is not None:
            values.update(self.context.values)
        return {k: values.get(v.param) if isinstance(v, ParamRef) else v
                for k, v in attrs.items()}

    def checked_attr(self, attr, value) -> tuple[Any, str | None]:
        """check_attr, plus block-parameter references inside a definition."""
        if not isinstance(value, ParamRef):
            return check_attr(attr, value)
        if self.definition is None:
            return None, f"{attr.name}: only a node inside a block can use a block parameter"
        param = self.blocks[self.definition].param(value.param)
        if param is None:
            return None, (f"{attr.name}: block {self.definition!r} has no parameter "
                          f"{value.param!r}")
        if not ref_fits(param, attr):
            return None, (f"{attr.name}: takes {attr.kind} values, but block parameter "
                          f"{param.name!r} is {param.kind}")
        return value, None

    def check_nesting(self, op: str) -> None:
        """Refuse an instance that would make a definition contain itself."""
        outer = self.definition
        if outer is None:
            return
        if op == outer:
            raise _error(f"block {outer!r} cannot contain itself")
        chain = self.blocks.chain(outer, op)
        if chain:
            raise _error(f"block {outer!r} cannot contain {op!r}: "
                             f"{' contains '.join(chain)} contains {outer!r} (a loop)")

    # ----- blocks ------------------------------------------------------------------------
    def adopt_into(self, library: BlockLibrary, name: str) -> None:
        """Become the inside of ``library``'s definition ``name``."""
        if self.blocks is not library and len(self.blocks):
            raise _error("an inside graph must be made with its file's block library")
        self.blocks, self.definition = library, name

    def blocks_changed(self, name: str) -> None:
        """Definition ``name`` (its inside, parameters or existence) changed: re-infer
        every instance that depends on it, here and inside other definitions."""
        from graphlab.graph.block_sync import reinfer_users

        reinfer_users(self.parent, name)

    def replace_op(self, node_id: str, op: str) -> None:
        """Point an instance at another definition with the same ports (Make unique,
        a renamed block)."""
        old = self.raw(node_id)["op"]
        self._g.nodes[node_id]["op"] = op
        self.analysis.forget(node_id)
        self._after(GraphEvent("op_changed", node=node_id, old=old, new=op),
                    self._descendants_and_self(node_id))

    def set_context(self, context: BlockContext | None) -> None:
        """Show the inside as instance ``context`` sees it (the editor entered it)."""
        self.context = context
        self._after(GraphEvent("graph_reset"), set(self._g.nodes))

    def snapshot(self) -> dict[str, Any]:
        """The whole document (every definition included) as plain data, for undo."""
        from graphlab.graph.fileformat import graph_to_dict

        return graph_to_dict(self.parent)

    def restore(self, data: dict[str, Any]) -> None:
        """Put the whole document back from :meth:`snapshot` data, in place: the top
        graph and every inside that still exists keep their identity."""
        from graphlab.graph.block_sync import restore_document

        restore_document(self.parent, data)



def _error(text: str):
    from graphlab.graph.graph import GraphError

    return GraphError(text)
