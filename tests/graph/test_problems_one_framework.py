"""A backend whose framework is not installed is a problem before Run (issue 20, item 4),
checked in an interpreter where TensorFlow really cannot be imported."""

import json

from tests.test_one_framework import run_without

CODE = """
import json
from graphlab import examples
from graphlab.ui.problems import document_problems
g = examples.example("xor")
g.set_meta(training=dict(g.training, backend="tf"))
tf = [d.message for d in document_problems(g)]
g.set_meta(training=dict(g.training, backend="torch"))
torch = [d.message for d in document_problems(g)]
print(json.dumps({"tf": tf, "torch": torch}))
"""


def test_a_missing_framework_is_listed_with_how_to_get_it(tmp_path):
    r = run_without(tmp_path, "tf", CODE)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert any("TensorFlow is not installed" in m and "pip install" in m for m in out["tf"])
    assert out["torch"] == []
