"""Random graphs grouped at random into nested blocks compute, compiled, what their
flattened graph computes compiled, on both backends (same weights, moved by key)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from graphlab.graph.graph import GraphError
from graphlab.graph.grouping import free_block_name, group
from tests.compile.test_blocks_compile import assert_equals_flattened
from tests.graph.test_randomised import valid_graphs


@st.composite
def grouped_graphs(draw):
    """A random valid graph with one to four groupings, each of a run of consecutive
    nodes (in graph order, so the run is convex) of the top graph or of a block made
    before (nesting)."""
    g = draw(valid_graphs())
    for _ in range(draw(st.integers(1, 4))):
        places = [g] + [g.blocks[name].graph for name in g.blocks]
        where = places[draw(st.integers(0, len(places) - 1))]
        movable = [n for n in where.topo_order() if not (where.node(n).spec.is_input
                   or where.node(n).spec.is_output or where.node(n).spec.is_loss)]
        if not movable:
            continue
        i = draw(st.integers(0, len(movable) - 1))
        j = draw(st.integers(i, min(len(movable) - 1, i + 4)))
        name = free_block_name(g)
        try:
            group(where, movable[i:j + 1], name)
        except GraphError as err:  # a refusal is fine; the graph is unchanged
            note(f"refused: {err}")
            continue
        note(f"grouped {movable[i:j + 1]} of {where.definition or 'the top'} into {name}")
    return g


@pytest.mark.kernels
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grouped_graphs())
def test_grouped_random_graphs_compute_what_their_flattened_graph_computes(g):
    assert g.analysis.errors() == []
    note(f"blocks: {list(g.blocks)}; seed {g.seed}")
    for backend in ("torch", "tf"):
        assert_equals_flattened(g, backend)
