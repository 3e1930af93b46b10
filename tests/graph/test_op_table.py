"""The op table is complete: every op declares every per-op fact other layers read, and
each backend lowers every op. Adding an op without one of them fails here, by name."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from graphlab import examples
from graphlab.compile import build_plan
from graphlab.compile.tf_lowering import LOWERINGS as TF_LOWERINGS
from graphlab.compile.torch_lowering import LOWERINGS as TORCH_LOWERINGS
from graphlab.graph.ops import REGISTRY, lowering_table, missing_lowerings
from graphlab.graph.ops.spec import (
    ARGMAX,
    BINARY_METRICS,
    CLASS_INDICES,
    LOGITS,
    NORMALISED,
    TAKES,
    Port,
    spec_problems,
)

ROOT = Path(__file__).resolve().parents[2]
OPS = sorted(REGISTRY)


@pytest.mark.parametrize("name", OPS)
def test_every_op_declares_its_facts(name):
    assert spec_problems(REGISTRY[name]) == []


@pytest.mark.parametrize("table", [TORCH_LOWERINGS, TF_LOWERINGS], ids=["torch", "tf"])
def test_every_op_has_a_lowering_in_each_backend(table):
    assert missing_lowerings(table) == []


def test_a_lowering_for_an_unknown_op_is_refused_by_name():
    with pytest.raises(KeyError, match="torch lowering for unknown op 'Linaer'; did you mean "
                                       "'Linear'"):
        lowering_table("torch", {"Linaer": None})


def test_a_missing_lowering_is_named():
    partial = {k: v for k, v in TORCH_LOWERINGS.items() if k != "Tanh"}
    assert missing_lowerings(partial) == ["Tanh"]


@pytest.mark.parametrize("change, says", [
    (("ReLU", {"elementwise": None}), "elementwise is not declared"),
    (("CrossEntropyLoss", {"metric": ""}), "a loss declares its metric"),
    (("MSELoss", {"inputs": (Port("pred"), Port("target", takes="targets"))}),
     "loss port 'pred' does not say what it takes"),
    (("Linear", {"derive": REGISTRY["Add"].derive}), "no derive hook"),
    (("Transpose", {"derive": REGISTRY["Add"].derive}), "no derive hook"),
    (("Add", {"derive": REGISTRY["Sum"].derive}), "no attribute is marked"),
    (("Tanh", {"saturation": (1.0, -1.0)}), "low < high"),
    (("Sigmoid", {"metric": "prob"}), "metric is only for losses"),
    (("Input", {"role": ""}), None),  # a source without a role is a Constant: allowed
    (("Output", {"role": ""}), "role output"),
    (("Embedding", {"inputs": (Port("indices", kind="int", bound="size"),)}),
     "bounded by 'size'"),
])
def test_an_entry_missing_a_fact_is_reported(change, says):
    name, fields = change
    problems = spec_problems(dataclasses.replace(REGISTRY[name], **fields))
    if says is None:
        assert problems == []
    else:
        assert any(says in p for p in problems), problems


def test_losses_say_what_their_ports_take_and_how_accuracy_is_measured():
    losses = {n: s for n, s in REGISTRY.items() if s.is_loss}
    assert losses
    for name, spec in losses.items():
        assert {p.takes for p in spec.inputs} <= set(TAKES), name
        assert spec.prediction_port is not None and spec.target_port is not None, name
    ce = losses["CrossEntropyLoss"]
    assert (ce.prediction_port.takes, ce.target_port.takes, ce.metric) == (
        LOGITS, CLASS_INDICES, ARGMAX)
    assert {losses["BCELoss"].metric, losses["BCEWithLogitsLoss"].metric} == set(BINARY_METRICS)


def test_the_facts_the_trainer_reads_are_where_the_old_lists_had_them():
    """The step-through's, health panel's and logits warning's op sets, now on the specs."""
    assert {n for n, s in REGISTRY.items() if s.elementwise} == {
        "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "GELU", "Exp", "Log", "Neg", "Pow", "Add",
        "Sub", "Mul", "Div", "Dropout", "Clip", "Abs", "Sqrt", "Maximum", "Minimum", "Where",
        "Cast"}
    assert {n: s.saturation for n, s in REGISTRY.items() if s.saturation} == {
        "Sigmoid": (0.02, 0.98), "Tanh": (-0.96, 0.96)}
    assert {n for n, s in REGISTRY.items() if s.dead_units} == {"ReLU"}
    assert {n for n, s in REGISTRY.items() if s.produces == NORMALISED} == {
        "Softmax", "Sigmoid", "LogSoftmax"}


@pytest.mark.parametrize("name", examples.names())
def test_the_plan_leaves_no_attribute_to_derive(name):
    """Every optional attribute (None: from the input) is written out by its op's derive
    hook, and conv/pool steps carry explicit pads, so no lowering sees an implicit value."""
    plan = build_plan(examples.example(name))
    for s in plan.steps:
        assert None not in s.attrs.values(), (name, s.title, s.attrs)
        if "kernel_size" in s.attrs:
            spatial = s.in_types["x"].rank - 2  # one (before, after) pair per spatial axis
            assert len(s.attrs["pads"]) == len(s.attrs["strides"]) == spatial, s.title
            assert min(s.attrs["strides"]) >= 1, s.title


# Op names may be spelled only in the op table, the lowerings and graph-building code
# (grouping builds a block's Input/Output nodes; the importers map other tools' ops).
# (the lowering prefixes cover each op family's torch_lowering_*.py and tf_lowering_*.py)
ALLOWED = ("graphlab/graph/ops/", "graphlab/compile/torch_lowering",
           "graphlab/compile/tf_lowering", "graphlab/graph/builders.py",
           "graphlab/graph/grouping.py", "graphlab/importers/",
           "graphlab/examples/", "graphlab/lessons/")
# an op compared with a literal name or a literal collection of names
COMPARES = re.compile(r"""\bop\b[\]'"]*\s*(==|!=|(not\s+)?in)\s*[({\[]?\s*["']""")


def _sources():
    for path in sorted((ROOT / "graphlab").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if not rel.startswith(ALLOWED):
            yield rel, path.read_text(encoding="utf-8")


def test_no_module_outside_the_table_names_an_op_or_compares_op_names():
    alternatives = "|".join(sorted(REGISTRY, key=len, reverse=True))
    names = re.compile(rf"[\"']({alternatives})[\"']")
    found = []
    for rel, text in _sources():
        for i, line in enumerate(text.splitlines(), 1):
            if names.search(line) or COMPARES.search(line):
                found.append(f"{rel}:{i}: {line.strip()}")
    assert found == [], "read the op's OpSpec instead:\n" + "\n".join(found)
