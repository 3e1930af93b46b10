"""No string from a graph can run as code in the generated source (issue 13).

Labels, Input/Output names, the graph's name, string attributes, warnings that quote
labels, and a dataset's path and target column all reach generated files. Python ends
lines at ``\\r`` as well as ``\\n`` (and form feed resets indentation), so each test
here puts every kind of line break, control character, quote and comment sign, with a
payload that would leave a marker file or exit, into every such place, for every op,
and checks that (a) the payload never runs and (b) the exported file parses to exactly
the tree the same graph with plain strings gives. Graphs are built through the Python
API: the file format's own refusals must not be what keeps the payload out.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphlab.compile import BACKENDS, build_plan, compile_graph, generate_source
from graphlab.compile.escape import UnsafeSourceError, comment, doc_text, literal
from graphlab.compile.export import python_source
from graphlab.compile.names import reserved
from graphlab.compile.source_writer import SourceWriter
from graphlab.compile.tf_lowering import HELPERS as TF_HELPERS
from graphlab.compile.tf_lowering import LOWERINGS as TF_LOWERINGS
from graphlab.compile.torch_lowering import LOWERINGS as TORCH_LOWERINGS
from graphlab.graph import Graph
from graphlab.graph.ops import REGISTRY
from tests.compile.cases import build
from tests.compile.helpers import text_unchecked
from tests.compile.parity_tables import CASES

ROOT = Path(__file__).resolve().parents[2]
ENV = "GL_INJECTION_MARKER"
RUN = f"open(__import__('os').environ[{ENV!r}], 'w').close()"
# Ways out of a comment, a docstring or a string literal, each followed by code.
PAYLOADS = [
    f"\r{RUN}\rdef _f():\r #",  # the reported attack: a new line at module level
    f"\n{RUN}\n#",
    f"\n        {RUN}\n#",  # at the indentation of forward / loss_fn
    "\nraise SystemExit(99)\n#",
    f"\r\n{RUN}\r\n#",
    f'"""\n{RUN}\n"""',
    f'"""; {RUN}; """',
    f'"); {RUN}; ("',
    f"'); {RUN}; ('",
    f"\\\n{RUN}",
    f"\f{RUN}",
    f"\x85{RUN}",
    f"\u2028{RUN}",
    f"\x0b{RUN}",
    f"\x00{RUN}",
]
BREAKS = ["\r", "\n", "\r\n", "\f", "\v", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029",
          "\x00", "\t", '"', "'", "\\", '"""', "#", "\u202e", "\ud800", "F.", " ", "x", "é"]
_bits = st.lists(st.sampled_from(BREAKS), max_size=3).map("".join)
HOSTILE = st.builds(lambda a, p, b: a + p + b, _bits, st.sampled_from(PAYLOADS), _bits)

settings_ = settings(max_examples=2, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def marker(tmp_path_factory):
    path = tmp_path_factory.mktemp("injection") / "marker"
    old = os.environ.get(ENV)
    os.environ[ENV] = str(path)
    yield path
    if old is None:
        del os.environ[ENV]
    else:
        os.environ[ENV] = old


def shape(source: str) -> dict:
    """What a string from a file must not change: every node type in order, the number
    of top-level statements and of statements in each function."""
    tree = ast.parse(source)
    bodies = {}
    for n in ast.walk(tree):
        if isinstance(n, ast.FunctionDef):
            bodies[f"{n.name}@{len(bodies)}"] = len(n.body)
    return {"top": len(tree.body), "bodies": list(bodies.values()),
            "nodes": [type(n).__name__ for n in ast.walk(tree)]}


def _add_warned_nodes(g: Graph) -> None:
    """Two nodes whose labels the analysis quotes in warnings, one beside a loss in
    loss_fn (Softmax into CrossEntropyLoss), one beside a loss forward returns
    (Sigmoid into BCEWithLogitsLoss)."""
    def node(op, attrs=None, **wires):
        n = g.add_node(op, attrs or {})
        for port, src in wires.items():
            g.connect(src, "loss" if g.node(src).spec.is_loss else "y", n, port)
        return n

    x = node("Input", {"name": "wx", "shape": [-1, 3]})
    sm = node("Softmax", x=x)
    node("Output", {"name": "wsm"}, x=sm)
    t = node("Input", {"name": "wt", "shape": [-1], "dtype": "int64", "role": "target"})
    node("CrossEntropyLoss", logits=sm, target=t)
    f = node("Input", {"name": "wf", "shape": [-1, 3]})
    bce = node("BCEWithLogitsLoss", pred=node("Sigmoid", x=x), target=f)
    node("Output", {"name": "wbce"}, x=bce)


def decorate(g: Graph, text: str) -> Graph:
    """``text`` in every place a string reaches the source: graph name, every label
    (some quoted by warnings), every Input/Output name, and the label of a node the
    model leaves out."""
    with text_unchecked():
        _add_warned_nodes(g)
        g.name = "g" + text
        for i, nid in enumerate(list(g.node_ids())):
            g.rename(nid, f"n{i}{text}")
            if g.node(nid).op in ("Input", "Output"):
                g.set_attr(nid, "name", f"v{i}{text}")
        g.add_node("Constant", {"value": 1.0, "shape": [1]}, f"unused{text}")
    return g


def run_module(source: str, marker: Path) -> None:
    """Execute ``source`` as a fresh module (not as __main__) and check the marker."""
    exec(compile(source, "probe.py", "exec"), {"__name__": "injection_probe"})
    assert not marker.exists(), "a string from the graph ran as code"


def test_cases_cover_every_op():
    assert {c.op for c in CASES} == set(REGISTRY)


# Hostile names reach generated code through the same lines whatever an op's attribute
# values are, so one case per op covers every op's lowering of them (and keeps this under
# a minute with the families' hundreds of attribute cases).
ONE_PER_OP = list({c.op: c for c in reversed(CASES)}.values())


@pytest.mark.parametrize("case", ONE_PER_OP, ids=lambda c: c.id)
@settings_
@given(text=HOSTILE)
def test_strings_in_every_place_of_every_op_never_run(case, text, marker):
    plain = decorate(build(case)[0], "")
    hostile = decorate(build(case)[0], text)
    for backend in BACKENDS:
        want = shape(generate_source(plain, backend))
        src = python_source(hostile, backend)
        assert src.count("# warning: ") == 2
        assert shape(src) == want, backend
        run_module(src, marker)
        cg = compile_graph(hostile, backend)  # what train, Run and ONNX/SavedModel export use
        assert cg.source.startswith(src) and not marker.exists()  # export + the probes
        run_module(cg.source, marker)


# the frameworks, the module's own names and the helper functions the TF file defines
ALLOWED = {"torch", "F", "nn", "tf", "np", "self", "training", *TF_HELPERS}


def _string_attrs(step) -> list[str]:
    return [k for k, v in step.attrs.items() if isinstance(v, str)]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_string_attributes_become_literals(case):
    # A choice attribute cannot hold such text through the API; the lowerings must quote
    # it anyway, so a loader that let one through could not open a statement.
    text = PAYLOADS[0] + PAYLOADS[7]
    plan = build_plan(build(case)[0])
    for s in plan.steps:
        names = {p: plan.step(src).name for p, (src, _) in s.inputs.items()}
        for key in _string_attrs(s):
            bad = dataclasses.replace(s, attrs={**s.attrs, key: text})
            torch_out = TORCH_LOWERINGS[s.op](bad, names)
            tf_out = TF_LOWERINGS[s.op].lower(bad, names, "nchw")
            for code in (torch_out.expr, torch_out.init or "pass", tf_out.expr):
                tree = ast.parse(code)
                assert len(tree.body) == 1, (s.op, key, code)
                used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
                assert used <= {s.name, *names.values(), *ALLOWED}, code


def _softmax_ce_graph(label: str, csv: Path, column: str) -> Graph:
    """The reported attack's shape: Softmax into CrossEntropyLoss, whose warning quotes
    the Softmax's label; trained on a CSV file."""
    g = Graph("attack", seed=1, training={"dataset": {"path": str(csv), "target": column},
                                          "epochs": 1, "batch_size": 8})
    x = g.add_node("Input", {"name": "x", "shape": [-1, 4]}, "x")
    t = g.add_node("Input", {"name": "t", "shape": [-1], "dtype": "int64", "role": "target"},
                   "t")
    fc = g.add_node("Linear", {"out_features": 3}, "fc")
    with text_unchecked():
        sm = g.add_node("Softmax", {}, label)
    loss = g.add_node("CrossEntropyLoss", {}, "loss")
    out = g.add_node("Output", {"name": "probs"}, "probs")
    for src, dst, port in ((x, fc, "x"), (fc, sm, "x"), (sm, loss, "logits"), (t, loss, "target"),
                           (sm, out, "x")):
        g.connect(src, "y", dst, port)
    return g


def _csv(folder: Path, name: str, column: str) -> Path:
    rng = np.random.default_rng(0)
    rows = [",".join(f"{v:.3f}" for v in rng.standard_normal(4)) + f",{i % 3}" for i in range(24)]
    path = folder / f"{name}.csv"
    path.write_text(f"a,b,c,d,{column}\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _file_safe(text: str) -> str:
    """``text`` without what a file name (or a CSV header cell) cannot hold."""
    return "".join(ch for ch in text if ch not in "/\x00," and not 0xD800 <= ord(ch) < 0xE000
                   and len(f"a{ch}b".splitlines()) == 1)


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=HOSTILE, path_text=HOSTILE)
def test_warnings_and_dataset_strings_never_run_in_training_exports(text, path_text, marker,
                                                                     tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    plain = _softmax_ce_graph("probs_sm", _csv(folder, "plain", "t"), "t")
    col = "c" + _file_safe(path_text).strip() + "c"
    hostile = _softmax_ce_graph("sm" + text, _csv(folder, "d" + _file_safe(path_text), col), col)
    assert "warning" in generate_source(hostile, "torch")
    for backend in BACKENDS:
        for training in (False, True):
            src = python_source(hostile, backend, with_training=training)
            assert shape(src) == shape(python_source(plain, backend, with_training=training))
            run_module(src, marker)


ATTACK = f"probs\r{RUN}\rdef _f():\r #"
# What a file format that refuses control characters still lets through.
PRINTABLE = f'probs"""); {RUN}; ("\\ #'


def _attack_file(folder: Path, label: str) -> Path:
    """The attack as a .graphlab.json, written without the app's own file writer."""
    from graphlab.graph.fileformat import graph_to_dict

    g = _softmax_ce_graph(label, _csv(folder, "data", "t"), "t")
    path = folder / "attack.graphlab.json"
    path.write_text(json.dumps(graph_to_dict(g)), encoding="utf-8")
    return path


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_reported_attack_runs_nothing_through_the_api(backend, tmp_path, marker):
    g = _softmax_ce_graph(ATTACK, _csv(tmp_path, "data", "t"), "t")
    src = python_source(g, backend, with_training=True)
    path = tmp_path / "exported.py"
    path.write_text(src, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": "", "TF_CPP_MIN_LOG_LEVEL": "3"}
    out = subprocess.run([sys.executable, str(path), "--epochs", "1"], capture_output=True,
                         text=True, cwd=tmp_path, env=env, timeout=300)
    assert not marker.exists()
    assert out.returncode == 0, out.stderr[-2000:]
    assert "epoch 1/1" in out.stdout
    assert "# warning: CrossEntropyLoss" in src and "\\r" in src  # the label, escaped


@pytest.mark.parametrize("label", [ATTACK, PRINTABLE], ids=["cr", "printable"])
def test_the_reported_attack_runs_nothing_through_the_cli(label, tmp_path, marker, capsys):
    from graphlab.cli import main

    path = _attack_file(tmp_path, label)
    runs = [["train", str(path), "--backend", "torch", "--max-steps", "2"],
            ["train", str(path), "--backend", "tf", "--max-steps", "2"],
            ["export", str(path), "--backend", "torch", "--with-training",
             "-o", str(tmp_path / "a_torch.py")],
            ["export", str(path), "--backend", "tf", "-o", str(tmp_path / "a_tf.py")],
            ["export", str(path), "--backend", "onnx", "-o", str(tmp_path / "a.onnx")]]
    for argv in runs:
        code = main(argv)
        err = capsys.readouterr().err
        # The file format may refuse a control character in a label (exit 2, naming it);
        # whatever it lets through must compile and run nothing.
        assert code == 0 or (label == ATTACK and code == 2 and "label" in err), (argv, err)
        assert not marker.exists(), argv
    for name in ("a_torch.py", "a_tf.py"):
        if (tmp_path / name).exists():
            run_module((tmp_path / name).read_text(encoding="utf-8"), marker)


def test_source_writer_refuses_a_line_break_it_did_not_make():
    w = SourceWriter()
    w.add("a = 1\nb = 2")  # its own split
    for ch in ("\r", "\f", "\v", "\x00", "\x1c", "\x85", "\u2028", "\u2029", "\u202e"):
        with pytest.raises(UnsafeSourceError):
            w.add(f"# {ch}x = 1")
    assert w.lines == ["a = 1", "b = 2"]


@given(st.text(max_size=30))
def test_escapes_keep_text_inert(text):
    assert ast.literal_eval(literal(text)) == text
    for safe in (comment(text), doc_text(text)):
        assert safe.isprintable()
        assert len(ast.parse(f"x = 1  # {safe}\n").body) == 1
    assert ast.literal_eval(f'"""{doc_text(text)}"""') == doc_text(text)
    assert ast.literal_eval(f'"{doc_text(text)}"') == doc_text(text)


def _clash_graph() -> Graph:
    """Nodes named after nn.Module / tf.Module members, a generated helper, and the TF
    attribute of another node's weight."""
    g = Graph("adam")
    x = g.add_node("Input", {"name": "x", "shape": [-1, 3]}, "x")
    fc = g.add_node("Linear", {"out_features": 3}, "fc")
    prev = fc
    g.connect(x, "y", fc, "x")
    for label in ("register_forward_hook", "get_extra_state", "_parameters", "variables",
                  "submodules", "load_weights", "Adam"):
        n = g.add_node("Linear", {"out_features": 3}, label)
        g.connect(prev, "y", n, "x")
        prev = n
    w = g.add_node("Parameter", {"shape": [3]}, "fc_weight")
    add = g.add_node("Add", {}, "binary_cross_entropy")
    g.connect(prev, "y", add, "a")
    g.connect(w, "y", add, "b")
    sig = g.add_node("Sigmoid", {}, "uniform")
    g.connect(add, "y", sig, "x")
    o = g.add_node("Output", {"name": "y"}, "y")
    g.connect(sig, "y", o, "x")
    t = g.add_node("Input", {"name": "t", "shape": [-1, 3], "role": "target"}, "t")
    loss = g.add_node("BCELoss", {}, "layer_norm")
    g.connect(sig, "y", loss, "pred")
    g.connect(t, "y", loss, "target")
    return g


def test_names_that_clash_with_module_members_or_helpers_are_renamed():
    g = _clash_graph()
    plan = build_plan(g)
    names = {s.label: s.name for s in plan.steps}
    for label in ("register_forward_hook", "get_extra_state", "variables", "submodules",
                  "load_weights", "Adam", "binary_cross_entropy", "uniform",
                  "layer_norm"):
        assert names[label] == f"{label}_2", names
    assert names["_parameters"] == "parameters_2"
    assert plan.class_name == "AdamNet"  # the optimizer class a TF file defines
    # a node's weights live under its own name (fc.weight), so "fc_weight" is free
    assert names["fc_weight"] == "fc_weight"
    keys = plan.weight_names()
    assert "fc.weight" in keys and "fc_weight" in keys and len(keys) == len(set(keys))


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_graph_of_clashing_names_trains_a_step(backend):
    g = _clash_graph()
    cg = compile_graph(g, backend)
    x = np.ones((2, 3), np.float32)
    t = np.full((2, 3), 0.5, np.float32)
    if backend == "torch":
        import torch

        y = cg.model(torch.from_numpy(x))
        loss = cg.loss_fn(y, torch.from_numpy(t))
        loss.backward()
        grads = [p.grad for p in cg.model.parameters()]
        assert len(grads) == 2 * 8 + 1 and all(gr is not None for gr in grads)
        loss = loss.item()
    else:
        import tensorflow as tf

        variables = list(cg.model.named_variables().values())
        with tf.GradientTape() as tape:
            loss = cg.loss_fn(cg.model.forward(tf.constant(x), training=True), tf.constant(t))
        grads = tape.gradient(loss, variables)
        assert len(variables) == 2 * 8 + 1 and all(gr is not None for gr in grads)
    assert np.isfinite(float(loss))


def _generated_names(src: str, class_name: str) -> set[str]:
    """Names a generated file binds at module level or in the model class, and every
    name read or written inside the functions where node names live (the model's
    methods and loss_fn)."""
    tree = ast.parse(src)
    out = set()
    where = []
    for n in tree.body:
        if isinstance(n, (ast.FunctionDef, ast.ClassDef)):
            out.add(n.name)
        elif isinstance(n, ast.Assign):
            out.update(t.id for t in n.targets if isinstance(t, ast.Name))
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            out.update((a.asname or a.name).split(".")[0] for a in n.names)
        if isinstance(n, ast.FunctionDef) and n.name == "loss_fn":
            where.append(n)
        if isinstance(n, ast.ClassDef) and n.name == class_name:
            for m in n.body:
                if isinstance(m, ast.FunctionDef):
                    out.add(m.name)
                    if m.name in ("__init__", "__call__", "forward"):
                        where.append(m)
                elif isinstance(m, ast.Assign):
                    out.update(t.id for t in m.targets if isinstance(t, ast.Name))
    for f in where:
        out.update(n.id for n in ast.walk(f) if isinstance(n, ast.Name))
        out.update(a.arg for a in f.args.args)
    return out


def test_every_name_a_generated_file_uses_is_reserved():
    """The reserved set is checked against what the emitters really write, for every op
    and both backends, so a new helper or member cannot shadow (or be shadowed by) a node."""
    for case in CASES:
        g = build(case)[0]
        plan = build_plan(g)
        nodes = set(plan.names.values())
        for backend in BACKENDS:
            src = generate_source(g, backend)
            extra = {n for n in _generated_names(src, plan.class_name) - nodes - {plan.class_name}
                     if not n.startswith("_")}  # legal() never makes such a name
            assert extra <= reserved(), (case.id, backend, sorted(extra - reserved()))


def test_reserved_names_cover_the_installed_frameworks_module_members():
    import tensorflow as tf
    import torch

    members = {n for n in dir(torch.nn.Module) + dir(tf.Module) if not n.startswith("_")}
    assert members <= reserved(), sorted(members - reserved())
