"""Blocks compile to one module class per definition: instances are attributes of their
parent, block parameters constructor arguments, one class serves instances whose
values differ, and the model computes what the flattened graph computes, on both
backends, with the same weights under the same keys."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from graphlab import examples
from graphlab.compile import CompileError, compile_graph
from graphlab.compile.export import python_source
from graphlab.compile.plan import build_plan
from graphlab.graph import Graph
from graphlab.graph.blocks import BlockDef, BlockParam, ParamRef
from graphlab.graph.flatten import flatten
from tests.compile.helpers import as_tuple, example_inputs, to_numpy

ROOT = Path(__file__).resolve().parents[2]
RUFF = Path(sys.executable).parent / "ruff"
BACKENDS = ("torch", "tf")


def define(g: Graph, name: str, params=()) -> Graph:
    inner = Graph(name, blocks=g.blocks, definition=name)
    g.blocks.define(BlockDef(name, inner, tuple(params)))
    return inner


def wire(g: Graph, *pairs) -> None:
    for src, dst, port in pairs:
        g.connect(src, "y", dst, port)


def conv_stages() -> Graph:
    """Two Stages, each two ConvBNReLU units and a pool: blocks inside blocks."""
    g = Graph("stages", seed=3)
    unit = define(g, "ConvBNReLU", [BlockParam("channels", "int", 4)])
    x = unit.add_node("Input", {"name": "x", "shape": [-1, 1, 8, 8]}, "x")
    conv = unit.add_node("Conv2d", {"out_channels": ParamRef("channels"), "kernel_size": 3,
                                    "padding": 1}, "conv")
    bn = unit.add_node("BatchNorm", {}, "bn")
    relu = unit.add_node("ReLU", {}, "relu")
    out = unit.add_node("Output", {"name": "y"}, "y")
    wire(unit, (x, conv, "x"), (conv, bn, "x"), (bn, relu, "x"), (relu, out, "x"))
    stage = define(g, "Stage", [BlockParam("width", "int", 4)])
    sx = stage.add_node("Input", {"name": "x", "shape": [-1, 1, 8, 8]}, "x")
    a = stage.add_node("ConvBNReLU", {"channels": ParamRef("width")}, "unit1")
    b = stage.add_node("ConvBNReLU", {"channels": ParamRef("width")}, "unit2")
    pool = stage.add_node("MaxPool2d", {"kernel_size": 2}, "pool")
    so = stage.add_node("Output", {"name": "y"}, "y")
    wire(stage, (sx, a, "x"), (a, b, "x"), (b, pool, "x"), (pool, so, "x"))
    image = g.add_node("Input", {"name": "image", "shape": [-1, 2, 8, 8]}, "image")
    s1 = g.add_node("Stage", {"width": 4}, "stage1")
    s2 = g.add_node("Stage", {"width": 6}, "stage2")
    flat = g.add_node("Flatten", {}, "flatten")
    fc = g.add_node("Linear", {"out_features": 3}, "fc")
    o = g.add_node("Output", {"name": "logits"}, "logits")
    wire(g, (image, s1, "x"), (s1, s2, "x"), (s2, flat, "x"), (flat, fc, "x"), (fc, o, "x"))
    return g


def two_way() -> Graph:
    """A block with two outputs, one of them its input passed straight through, and a
    BatchNorm that is 1-d for one instance and 2-d for the other (two classes)."""
    g = Graph("two_way", seed=1)
    inner = define(g, "Fork")
    x = inner.add_node("Input", {"name": "x", "shape": [-1, 4]}, "x")
    bn = inner.add_node("BatchNorm", {}, "bn")
    act = inner.add_node("Tanh", {}, "act")
    o1 = inner.add_node("Output", {"name": "norm"}, "norm")
    o2 = inner.add_node("Output", {"name": "same"}, "same")
    wire(inner, (x, bn, "x"), (bn, act, "x"), (act, o1, "x"), (x, o2, "x"))
    vec = g.add_node("Input", {"name": "vec", "shape": [-1, 4]}, "vec")
    img = g.add_node("Input", {"name": "img", "shape": [-1, 3, 4, 4]}, "img")
    outs = []
    for src, label in ((vec, "split_vec"), (img, "split_img")):
        s = g.add_node("Fork", {}, label)
        g.connect(src, "y", s, "x")
        add = g.add_node("Add", {}, f"{label}_sum")
        g.connect(s, "norm", add, "a")
        g.connect(s, "same", add, "b")
        o = g.add_node("Output", {"name": f"{label}_out"}, f"{label}_out")
        g.connect(add, "y", o, "x")
        outs.append(o)
    return g


def run(cg, arrays):
    names = [s.name for s in cg.plan.feature_steps()]
    if cg.backend == "torch":
        import torch

        cg.model.eval()
        with torch.no_grad():
            return [to_numpy(y) for y in as_tuple(cg.model(*[torch.from_numpy(arrays[n])
                                                               for n in names]))]
    import tensorflow as tf

    return [to_numpy(y) for y in as_tuple(cg.model(*[tf.constant(arrays[n]) for n in names]))]


def assert_equals_flattened(g: Graph, backend: str, tol: float = 1e-5) -> None:
    """The nested model, holding the flattened graph's model's weights (moved across by
    node and parameter), computes the same outputs for the same inputs."""
    nested = compile_graph(g, backend)
    flat = compile_graph(flatten(g).graph, backend)
    key = {}
    for s in flat.plan.param_steps:
        for p in s.params:
            key[s.weight_key(p.name)] = nested.plan.by_id[s.id].weight_key(p.name)
    rng = np.random.default_rng(7)
    weights = {k: (v + rng.normal(0, 0.1, v.shape)).astype(np.float32)
               for k, v in flat.model.get_weights().items()}
    flat.model.set_weights(weights)
    nested.model.set_weights({key[k]: v for k, v in weights.items()})
    arrays = example_inputs(flat.plan, seed=5)
    got, want = run(nested, arrays), run(flat, arrays)
    assert len(got) == len(want)
    for a, b in zip(got, want, strict=True):
        np.testing.assert_allclose(a, b, rtol=tol, atol=tol)


@pytest.mark.parametrize("backend", BACKENDS)
def test_residual_export_holds_one_resblock_class_used_three_times(tmp_path, backend):
    text = python_source(examples.example("residual"), backend)
    base = "nn.Module" if backend == "torch" else "tf.Module"
    assert text.count("class ResBlock(") == 1 and f"class ResBlock({base})" in text
    assert [ln.split("=", 1)[0].strip() for ln in text.splitlines()
            if "= ResBlock(" in ln] == ["self.block1", "self.block2", "self.block3"]
    # the widths come in as the block parameter, which the inside reads
    assert "self.block3 = ResBlock(channels=32)" in text
    assert "def __init__(self, channels=16):" in text
    (tmp_path / "residual.py").write_text(text)
    out = subprocess.run([str(RUFF), "check", "--no-cache", "--config",
                          str(ROOT / "pyproject.toml"), "--line-length", "100",
                          "--extend-select", "E501", str(tmp_path / "residual.py")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout


@pytest.mark.parametrize("backend", BACKENDS)
def test_nested_blocks_compute_what_the_flattened_graph_computes(backend):
    g = conv_stages()
    assert_equals_flattened(g, backend)
    text = python_source(g, backend)
    # used ones first, each class once; the inner unit's width comes from the Stage's
    assert text.index("class ConvBNReLU(") < text.index("class Stage(") < text.index(
        "class Stages(")
    # a unit's input channels differ by use and match no parameter: a derived argument
    assert "def __init__(self, channels=4, *, conv_in_channels):" in text
    assert ("self.unit1 = ConvBNReLU(channels=width, conv_in_channels=unit1_conv_in_channels)"
            in text)
    assert "self.unit2 = ConvBNReLU(channels=width, conv_in_channels=width)" in text
    assert "self.stage2 = Stage(width=6, unit1_conv_in_channels=4)" in text


def test_weight_keys_are_the_nested_modules_attribute_paths():
    g = conv_stages()
    torch_model = compile_graph(g, "torch")
    tf_model = compile_graph(g, "tf")
    keys = set(torch_model.plan.weight_names())
    assert "stage2.unit1.conv.weight" in keys and "stage1.unit2.bn.running_var" in keys
    assert set(torch_model.model.get_weights()) == keys == set(tf_model.model.get_weights())
    state = {k for k in torch_model.model.state_dict() if not k.endswith("num_batches_tracked")}
    assert state == keys
    # one backend's weights load into the other and give its outputs
    tf_model.model.set_weights(torch_model.model.get_weights())
    arrays = example_inputs(torch_model.plan, seed=2)
    for a, b in zip(run(torch_model, arrays), run(tf_model, arrays), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("backend", BACKENDS)
def test_instances_that_differ_beyond_numbers_get_a_class_each_saying_why(backend):
    g = two_way()
    text = python_source(g, backend)
    if backend == "torch":  # BatchNorm1d for one, BatchNorm2d for the other
        assert text.count("class Fork(") == 1 and text.count("class Fork_2(") == 1
        assert "# Fork_2: a second class for Fork, whose code for split_img differs" in text
    else:  # TF normalises axis 1 of either: one class
        assert text.count("class Fork(") == 1 and "Fork_2" not in text
    assert "return tanh" not in text  # two outputs: a tuple, read by index
    assert_equals_flattened(g, backend)


def test_a_step_inside_a_block_is_titled_with_the_instance_and_block():
    plan = build_plan(conv_stages())
    conv = next(s for s in plan.steps if s.path == "stage2.unit1.conv")
    assert conv.title == 'inside stage2.unit1 (ConvBNReLU): Conv2d "conv"'
    assert conv.weight_key("weight") == "stage2.unit1.conv.weight"
    fc = plan.step(next(s.id for s in plan.steps if s.path == "fc"))
    assert fc.title == 'Linear "fc"' and fc.where == ""


def test_a_loss_inside_a_block_is_refused_by_name():
    g = Graph("lossy")
    inner = define(g, "Scored")
    x = inner.add_node("Input", {"name": "x", "shape": [-1, 1]}, "x")
    t = inner.add_node("Input", {"name": "t", "shape": [-1, 1]}, "t")
    loss = inner.add_node("MSELoss", {}, "mse")
    o = inner.add_node("Output", {"name": "y"}, "y")
    inner.connect(x, "y", loss, "pred")
    inner.connect(t, "y", loss, "target")
    inner.connect(loss, "loss", o, "x")
    a = g.add_node("Input", {"name": "a", "shape": [-1, 1]}, "a")
    b = g.add_node("Input", {"name": "b", "shape": [-1, 1]}, "b")
    s = g.add_node("Scored", {}, "scored")
    g.connect(a, "y", s, "x")
    g.connect(b, "y", s, "t")
    out = g.add_node("Output", {"name": "y"}, "out")
    g.connect(s, "y", out, "x")
    with pytest.raises(CompileError, match='MSELoss "mse" is a loss inside a block'):
        build_plan(g)


def test_an_error_inside_a_block_names_the_instance_that_ran_it():
    import torch

    from graphlab.compile import GeneratedCodeError

    g = examples.example("residual")
    cg = compile_graph(g, "torch")
    cg.model.widen2 = torch.nn.Linear(8, 5)  # block2 (16 wide) now gets 5 features
    with pytest.raises(GeneratedCodeError, match='^ResBlock "block2": RuntimeError') as err:
        cg.run(cg.model, torch.zeros(3, 2))
    assert err.value.node_id == g.find("block2")


def test_a_number_that_only_happens_to_equal_a_parameter_stays_a_number():
    """One use, channels 3 and a 3x3 kernel: only the value the attribute refers to the
    parameter with becomes ``ch``; the kernel's 3s and forward's axes stay numbers."""
    g = Graph("one", seed=0)
    unit = define(g, "Unit", [BlockParam("ch", "int", 3)])
    x = unit.add_node("Input", {"name": "x", "shape": [-1, 2, 6, 6]}, "x")
    conv = unit.add_node("Conv2d", {"out_channels": ParamRef("ch"), "kernel_size": 3,
                                    "padding": 1}, "conv")
    o = unit.add_node("Output", {"name": "y"}, "y")
    wire(unit, (x, conv, "x"), (conv, o, "x"))
    img = g.add_node("Input", {"name": "img", "shape": [-1, 2, 6, 6]}, "img")
    u = g.add_node("Unit", {"ch": 3}, "unit")
    out = g.add_node("Output", {"name": "out"}, "out")
    wire(g, (img, u, "x"), (u, out, "x"))
    torch_text = python_source(g, "torch")
    assert "self.conv = nn.Conv2d(\n            2, ch, kernel_size=3," in torch_text
    tf_text = python_source(g, "tf")
    assert '{"weight": (3, 3, 2, 3), "bias": (3,)}' in tf_text and "self.ch" not in tf_text
    assert "tf.transpose(x, [0, 2, 3, 1])" in tf_text
    for backend in BACKENDS:
        assert_equals_flattened(g, backend)


def test_a_hostile_block_doc_and_labels_stay_inert_text():
    import ast

    g = two_way()
    g.blocks["Fork"].doc = 'ends """\nimport os\nos.system("echo pwned")  # \\'
    for n in g.node_ids():
        if g.is_instance(n):
            g.rename(n, f'{g.node(n).label}"); import os #')
    for backend in BACKENDS:
        text = python_source(g, backend)
        tree = ast.parse(text)
        assert not any(isinstance(n, ast.Import) and n.names[0].name == "os"
                       for n in ast.walk(tree))
        assert not any(isinstance(n, ast.Attribute) and n.attr == "system"
                       for n in ast.walk(tree))
        fork = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Fork")
        assert "import os" in ast.get_docstring(fork).replace("\n", " ").replace("_", " ")
