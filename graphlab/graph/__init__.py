"""The Qt-free, framework-free graph model: ops, graphs, shapes and files."""

from graphlab.graph.diagnostics import Diagnostic
from graphlab.graph.graph import Edge, Graph, GraphError, NodeSnapshot, NodeView
from graphlab.graph.tensor_type import TensorType

__all__ = ["Diagnostic", "Edge", "Graph", "GraphError", "NodeSnapshot", "NodeView", "TensorType"]
