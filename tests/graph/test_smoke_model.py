from graphlab.graph import Graph


def test_linear_after_image_names_flatten():
    g = Graph()
    x = g.add_node("Input", {"shape": [-1, 28, 28]}, "x")
    fc = g.add_node("Linear", {"in_features": 784, "out_features": 10}, "fc1")
    g.connect(x, "y", fc, "x")
    msgs = [d.message for d in g.analysis.diagnostics()]
    assert msgs == ['Linear "fc1", input x: expected last dim 784, got 28 (shape [32, 28, 28]); '
                    "add a Flatten before it"]
