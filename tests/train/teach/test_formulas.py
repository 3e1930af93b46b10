"""Each op's local derivative, as the step-through's card writes it, comes from its OpSpec."""

from __future__ import annotations

import dataclasses

import pytest

from graphlab.graph.ops import REGISTRY
from graphlab.graph.ops.spec import spec_problems


def test_an_elementwise_op_without_its_derivative_is_reported():
    problems = spec_problems(dataclasses.replace(REGISTRY["Tanh"], formula=""))
    assert any("local derivative (formula)" in p for p in problems), problems
    assert spec_problems(dataclasses.replace(REGISTRY["MatMul"], formula="")) == []


@pytest.mark.parametrize(("op", "says"), [
    ("Sigmoid", "σ(x)·(1 − σ(x))"), ("Tanh", "1 − tanh²"), ("ReLU", "ReLU mask"),
    ("Softmax", "Jacobian-vector rule"), ("Mul", "∂y/∂a = b"), ("Linear", "Σ_n g[n,j]·x[n,i]"),
])
def test_the_formulas_a_teacher_expects(op, says):
    assert says in REGISTRY[op].formula
