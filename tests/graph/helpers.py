"""Small builders shared by the graph tests."""

from graphlab.graph import Graph


def wired(op, attrs=None, inputs=None, batch=32):
    """A graph with one ``op`` node whose input ports are fed by Inputs of given shapes.

    inputs: {port: shape or (shape, dtype)}; shapes include the batch as -1 if wanted.
    Returns (graph, node id).
    """
    g = Graph(training={"batch_size": batch})
    n = g.add_node(op, attrs or {}, "node")
    for i, (port, spec) in enumerate((inputs or {}).items()):
        shape, dtype = spec if isinstance(spec, tuple) else (spec, "float32")
        cast = dtype if dtype in ("int32", "bool") else None  # an Input feeds int64 then
        src = g.add_node("Input", {"name": f"in{i}", "shape": list(shape),
                                   "dtype": "int64" if cast else dtype}, f"in{i}")
        if cast:
            c = g.add_node("Cast", {"to": cast}, f"in{i}_{cast}")
            g.connect(src, "y", c, "x")
            src = c
        g.connect(src, "y", n, port)
    return g, n


def out_shape(g, n, port="y"):
    t = g.analysis.output_type(n, port)
    return None if t is None else list(t.shape)


def messages(g):
    return [d.message for d in g.analysis.diagnostics()]
