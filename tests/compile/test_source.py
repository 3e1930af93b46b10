"""generate_source: framework-free, readable, ruff-clean code for both backends."""

from __future__ import annotations

import ast
import keyword
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphlab import examples
from graphlab.compile import BACKENDS, CompileError, build_plan, generate_source
from graphlab.compile.names import RESERVED, Namespace, class_name
from graphlab.compile.tf_lowering import LOWERINGS as TF_LOWERINGS
from graphlab.compile.torch_lowering import LOWERINGS as TORCH_LOWERINGS
from graphlab.graph import Graph
from graphlab.graph.ops import REGISTRY
from tests.compile.helpers import text_unchecked

ROOT = Path(__file__).resolve().parents[2]
RUFF = Path(sys.executable).parent / "ruff"


def test_every_registry_op_has_a_lowering_in_each_backend():
    assert set(TORCH_LOWERINGS) == set(REGISTRY)
    assert set(TF_LOWERINGS) == set(REGISTRY)


def test_generate_source_imports_no_framework():
    code = ("import sys, graphlab\nfrom graphlab.compile import generate_source\n"
            "for b in ('torch', 'tf'):\n    generate_source(graphlab.example('digits_cnn'), b)\n"
            "print(sorted(m for m in ('torch', 'tensorflow') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("backend", BACKENDS)
def test_generated_files_are_ruff_clean_and_do_not_import_graphlab(tmp_path, backend):
    for name in examples.names():
        path = tmp_path / f"{name}_{backend}.py"
        path.write_text(generate_source(examples.example(name), backend))
        tree = ast.parse(path.read_text())
        imported = {a.name.split(".")[0] for n in ast.walk(tree)
                    if isinstance(n, (ast.Import, ast.ImportFrom))
                    for a in (n.names if isinstance(n, ast.Import) else [ast.alias(n.module)])}
        assert imported <= {"numpy", "torch", "tensorflow"}, (name, imported)
    # The project's own rules (pycodestyle, pyflakes, isort, bugbear, pyupgrade).
    out = subprocess.run([str(RUFF), "check", "--no-cache", "--config",
                          str(ROOT / "pyproject.toml"), str(tmp_path)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_seed_mlp_torch_reads_like_the_seed_document():
    src = generate_source(examples.example("seed_mlp"), "torch")
    joined = " ".join(re.sub(r"\(\s+", "(", src).split())  # a long call is wrapped
    assert "class SeedMlp(nn.Module):" in src and "Model = SeedMlp" in src
    for line in ("self.fc1 = nn.Linear(10, 10, bias=True)",
                 "self.fc2 = nn.Linear(10, 10, bias=True)",
                 "self.fc3 = nn.Linear(10, 1, bias=True)",
                 "fc1 = self.fc1(x)  # [N, 10]",
                 "relu1 = torch.relu(fc1)  # [N, 10]",
                 "relu2 = torch.relu(fc2)  # [N, 10]",
                 "sigmoid = torch.sigmoid(fc3)  # [N, 1]",
                 'F.binary_cross_entropy(y, target, reduction="mean")'):
        assert line in src, line
    assert "def make_optimizer(model, lr=0.01):" in src
    assert ("torch.optim.Adam(model.parameters(), lr=lr, betas=(0.9, 0.999), eps=1e-08, "
            "weight_decay=0.0, amsgrad=False)") in joined
    forward = src.split("def forward(self, x):")[1].split("return sigmoid")[0]
    assert len([ln for ln in forward.splitlines() if ln.strip()]) == 6  # one per node


def test_tf_source_writes_out_hyperparameters_and_keeps_conv_stacks_nhwc():
    g = examples.example("digits_cnn")
    src = generate_source(g, "tf")
    forward = src.split("    def forward(")[1].split("    def named_variables(")[0]
    # The one-channel Reshape goes straight to NHWC; one transpose back before Flatten
    # (which flattens in the graph's C, H, W order); none in between.
    assert "to_image = tf.reshape(image, [-1, 8, 8, 1])" in forward
    assert forward.count("tf.transpose(") == 1
    assert "flatten = tf.reshape(tf.transpose(pool2, [0, 3, 1, 2]), [-1, 128])" in forward
    assert 'padding="SAME", dilations=1' in forward and "SAME = pads (1, 1), (1, 1)" in forward
    assert "@tf.function" in src or "tf.function(self.forward" in src
    # torch's Adam rule, every setting written out (Keras's Adam places eps differently)
    assert "class Adam:" in src and "def make_optimizer(model, lr=0.002):" in src
    assert "return Adam(variables, lr=lr, betas=(0.9, 0.999), eps=1e-08, " \
           "weight_decay=0.0, amsgrad=False)" in " ".join(re.sub(r"\(\s+", "(", src).split())


def test_tf_batch_norm_and_same_padding_are_explicit():
    g = Graph("bn_same")
    x = g.add_node("Input", {"name": "x", "shape": [-1, 3, 7, 7]}, "x")
    c = g.add_node("Conv2d", {"out_channels": 4, "kernel_size": 3, "stride": 2,
                              "padding": "same"}, "conv")
    b = g.add_node("BatchNorm", {}, "bn")
    o = g.add_node("Output", {"name": "y"}, "y")
    g.connect(x, "y", c, "x")
    g.connect(c, "y", b, "x")
    g.connect(b, "y", o, "x")
    tf_src = " ".join(re.sub(r"\(\s+", "(", generate_source(g, "tf")).split())  # unwrapped
    # (before, after) pads computed for 7 / stride 2 are TF's own SAME: its fast path.
    assert 'strides=2, padding="SAME"' in tf_src and "SAME = pads (1, 1), (1, 1)" in tf_src
    assert "momentum=0.1, eps=1e-05, axis=3" in tf_src  # BN on the NHWC value
    torch_src = generate_source(g, "torch")
    assert "nn.BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True)" in torch_src
    assert "stride=2, padding=(1, 1), dilation=1" in torch_src


def test_asymmetric_same_padding_pads_explicitly_in_torch():
    g = Graph("asym")
    x = g.add_node("Input", {"name": "x", "shape": [-1, 1, 6, 6]}, "x")
    c = g.add_node("Conv2d", {"out_channels": 2, "kernel_size": 2, "padding": "same"}, "conv")
    o = g.add_node("Output", {"name": "y"}, "y")
    g.connect(x, "y", c, "x")
    g.connect(c, "y", o, "x")
    assert "self.conv(F.pad(x, (0, 1, 0, 1)))" in generate_source(g, "torch")
    g.set_attr(c, "padding", 1)  # symmetric pads TF's SAME would not pick: written out
    assert "padding=[[0, 0], [1, 1], [1, 1], [0, 0]]" in generate_source(g, "tf")


def test_names_are_legal_unique_and_avoid_keywords_and_builtins():
    ns = Namespace()
    names = [ns.create(t) for t in ("fc1", "fc1", "class", "sum", "2x", "a b", "", "self")]
    assert names[:2] == ["fc1", "fc1_2"]
    for n in names:
        assert n.isidentifier() and not keyword.iskeyword(n)
    assert "sum" not in names and "class" not in names and "self" not in names
    assert len(set(names)) == len(names)
    assert class_name("seed_mlp") == "SeedMlp"
    assert class_name("2 nets") == "Graph2Nets"
    assert "list" in RESERVED


def test_labels_that_clash_with_python_compile_and_run(tmp_path):
    g = Graph("clash")
    x = g.add_node("Input", {"name": "input", "shape": [-1, 3]}, "x")
    a = g.add_node("ReLU", {}, "sum")
    b = g.add_node("Tanh", {}, "for")
    o = g.add_node("Output", {"name": "y"}, "y")
    g.connect(x, "y", a, "x")
    g.connect(a, "y", b, "x")
    g.connect(b, "y", o, "x")
    plan = build_plan(g)
    assert [s.name for s in plan.steps] == ["input_2", "sum_2", "for_2"]
    src = generate_source(g, "torch")
    compile(src, "clash.py", "exec")


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=12), st.lists(st.text(min_size=1, max_size=10), min_size=3, max_size=3))
def test_any_graph_name_and_labels_give_valid_python(graph_name, labels):
    g = Graph(graph_name or "g")
    with text_unchecked():  # the compiler holds even for text the model would refuse
        ids = [g.add_node("Input", {"name": labels[0].strip() or "x", "shape": [-1, 3]}),
               g.add_node("ReLU", {}, labels[1]),
               g.add_node("Output", {"name": labels[2].strip() or "y"})]
    g.connect(ids[0], "y", ids[1], "x")
    g.connect(ids[1], "y", ids[2], "x")
    for backend in BACKENDS:
        src = generate_source(g, backend)
        compile(src, "any_names.py", "exec")
        names = build_plan(g).names.values()
        assert all(n.isidentifier() and n not in RESERVED for n in names)


def test_every_default_is_explicit_in_the_plan():
    plan = build_plan(examples.example("digits_cnn"))
    pool = plan.step(plan.ids_by_name["pool1"])
    assert pool.attrs["stride"] == 2 and pool.attrs["pads"] == ((0, 0), (0, 0))
    fc = plan.step(plan.ids_by_name["fc"])
    assert fc.attrs["in_features"] == 128
    assert [plan.step(i).name for i in plan.feature_ids] == ["image"]
    assert [plan.step(i).name for i in plan.target_ids] == ["label"]
    assert plan.names[plan.output_ids[0]] == "logits"
    assert plan.step(plan.loss_ids[0]).side == "loss"


def _broken_graph():
    g = Graph("broken")
    x = g.add_node("Input", {"name": "x", "shape": [-1, 28, 28]}, "x")
    fc = g.add_node("Linear", {"in_features": 784, "out_features": 10}, "fc1")
    r = g.add_node("ReLU", {}, "relu")  # input not connected
    o = g.add_node("Output", {"name": "y"}, "y")
    g.connect(x, "y", fc, "x")
    g.connect(fc, "y", o, "x")
    return g, fc, r


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_graph_with_errors_names_every_bad_node(backend):
    g, fc, r = _broken_graph()
    with pytest.raises(CompileError) as info:
        generate_source(g, backend)
    text = str(info.value)
    assert 'Linear "fc1"' in text and "add a Flatten" in text
    assert 'ReLU "relu"' in text and "not connected" in text
    assert set(info.value.nodes) == {fc, r}


def test_loss_reading_an_unreturned_value_says_to_wire_an_output():
    g = Graph("hidden")
    x = g.add_node("Input", {"name": "x", "shape": [-1, 4]}, "x")
    h = g.add_node("Linear", {"out_features": 3}, "hidden")
    y = g.add_node("Linear", {"out_features": 1}, "head")
    o = g.add_node("Output", {"name": "y"}, "y")
    t = g.add_node("Input", {"name": "t", "shape": [-1, 3], "role": "target"}, "t")
    loss = g.add_node("MSELoss", {}, "loss")
    for src, dst, port in ((x, h, "x"), (h, y, "x"), (y, o, "x"), (h, loss, "pred"),
                           (t, loss, "target")):
        g.connect(src, "y", dst, port)
    with pytest.raises(CompileError) as info:
        generate_source(g, "torch")
    assert 'MSELoss "loss"' in str(info.value)
    assert 'wire "hidden" to an Output' in str(info.value)
    assert info.value.nodes == [loss]


def test_nodes_feeding_nothing_are_left_out_and_said_so():
    g = examples.example("seed_mlp")
    dead = g.add_node("Tanh", {}, "unused_tanh")
    g.connect(g.find("fc1"), "y", dead, "x")
    src = generate_source(g, "torch")
    assert "Left out (they feed no Output and no loss): unused_tanh." in src
    assert "torch.tanh" not in src
    assert dead in build_plan(g).unused_ids


@pytest.mark.parametrize("backend", BACKENDS)
def test_softmax_into_a_logits_loss_compiles_with_the_warning_beside_it(backend):
    g = examples.example("digits_mlp")
    sm = g.add_node("Softmax", {}, "probs")
    fc2, loss = g.find("fc2"), g.find("loss")
    g.disconnect(g.input_edge(loss, "logits"))
    g.connect(fc2, "y", sm, "x")
    g.connect(sm, "y", loss, "logits")
    out = g.add_node("Output", {"name": "probs"}, "probs_out")
    g.connect(sm, "y", out, "x")
    src = generate_source(g, backend)
    assert '# warning: CrossEntropyLoss "loss", input logits: takes logits but gets the ' \
           'output of Softmax "probs"' in src


def test_a_graph_without_output_is_refused():
    g = Graph("no_out")
    g.add_node("Input", {"name": "x", "shape": [-1, 4]}, "x")
    with pytest.raises(CompileError, match="no Output"):
        generate_source(g, "tf")


@pytest.mark.parametrize("backend", BACKENDS)
def test_docs_examples_are_the_current_export(backend):
    path = ROOT / "docs" / "examples" / f"seed_mlp_{backend}.py"
    assert path.read_text() == generate_source(examples.example("seed_mlp"), backend), \
        f"regenerate {path.name}: graphlab export seed_mlp --backend {backend} -o {path}"


def test_a_label_quoted_in_text_does_not_change_the_imports():
    g = Graph("F.relu net")
    x = g.add_node("Input", {"name": "x", "shape": [-1, 3]}, "x")
    r = g.add_node("ReLU", {}, "relu")
    o = g.add_node("Output", {"name": "y"}, "y")
    g.connect(x, "y", r, "x")
    g.connect(r, "y", o, "x")
    g.add_node("Constant", {"value": 1.0, "shape": [1]}, "F.unused")
    src = generate_source(g, "torch")
    assert "Left out (they feed no Output and no loss): F.unused." in src
    assert "import torch.nn.functional" not in src  # it would be an unused import
