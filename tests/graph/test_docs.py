"""docs/ops.md is generated from the registry and must not go stale."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ops_doc_matches_registry():
    spec = importlib.util.spec_from_file_location("make_ops_doc", ROOT / "scripts/make_ops_doc.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert (ROOT / "docs/ops.md").read_text() == mod.render(), \
        "docs/ops.md is stale: run python scripts/make_ops_doc.py"


def test_every_op_has_a_doc_and_documented_attrs():
    from graphlab.graph.ops import REGISTRY
    for spec in REGISTRY.values():
        assert len(spec.doc) > 10, spec.name
        assert all(a.doc for a in spec.attrs), spec.name


def test_shipped_examples_match_their_builders():
    from graphlab.examples import example
    from graphlab.graph.fileformat import graph_to_dict
    from graphlab.graph.layout import apply_layout

    spec = importlib.util.spec_from_file_location("make_examples", ROOT / "scripts/make_examples.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for build in mod.BUILDERS:
        g = build()
        apply_layout(g)
        assert graph_to_dict(g) == graph_to_dict(example(build.__name__)), \
            f"{build.__name__} is stale: run python scripts/make_examples.py"
