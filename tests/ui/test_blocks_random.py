"""Random groupings, ungroupings, forks and edits inside and outside blocks, through the
editor's own actions; undoing them all gives back the document as it started and
redoing them all the document as it ended (a seeded loop: the seed is printed)."""

from __future__ import annotations

import random

from graphlab.graph.fileformat import graph_to_dict
from tests.ui.test_blocks_editor import chain_graph, open_window

SEEDS = (1, 2, 3, 4, 5, 6)
STEPS = 16


def _document(w) -> dict:
    d = graph_to_dict(w.graph)
    d["nodes"] = sorted(d["nodes"], key=lambda n: n["id"])
    # definitions by name: a restored library may list independent ones in another order
    d["blocks"] = sorted(d["blocks"], key=lambda b: b["name"])
    for b in d["blocks"]:
        b["nodes"] = sorted(b["nodes"], key=lambda n: n["id"])
    return d


def _step(w, rng: random.Random) -> str:
    """One random action on the graph the canvas shows; returns what it did."""
    g = w.editor.current
    ids = g.node_ids()
    body = [n for n in ids if not (g.node(n).spec.is_input or g.node(n).spec.is_output
                                   or g.node(n).spec.is_loss)]
    instances = [n for n in ids if g.is_instance(n)]
    linears = [n for n in ids if g.raw(n)["op"] == "Linear"
               and isinstance(g.raw(n)["attrs"]["out_features"], int)]
    choice = rng.choice(["group", "group", "ungroup", "unique", "enter", "up", "attr",
                         "move", "delete"])
    if choice == "group" and body:
        k = rng.randint(1, min(3, len(body)))
        start = rng.randrange(len(body) - k + 1)
        sel = body[start:start + k] if rng.random() < 0.8 else rng.sample(body, k)
        name = f"B{rng.randrange(1000)}"
        w.blocks.group(sel, name)  # may be refused (a loop, a name in use): nothing changes
        return f"group {sel} as {name}"
    if choice == "ungroup" and instances:
        n = rng.choice(instances)
        w.blocks.ungroup([n])
        return f"ungroup {n}"
    if choice == "unique" and instances:
        n = rng.choice(instances)
        w.blocks.make_unique(n)
        return f"make unique {n}"
    if choice == "enter" and instances:
        n = rng.choice(instances)
        w.blocks.enter(n)
        return f"enter {n}"
    if choice == "up":
        w.blocks.up()
        return "up"
    if choice == "attr" and linears:
        n = rng.choice(linears)
        w.editor.set_attr(n, "out_features", rng.choice([4, 8, 16, 32]))
        return f"set {n}.out_features"
    if choice == "move" and ids:
        n = rng.choice(ids)
        w.editor.move({n: (rng.uniform(-500, 500), rng.uniform(-300, 300))})
        return f"move {n}"
    if choice == "delete" and body and rng.random() < 0.5:
        n = rng.choice(body)
        w.editor.delete([n])
        return f"delete {n}"
    return "nothing"


def test_random_block_edits_undo_back_to_the_start_and_redo_to_the_end(
        make_window, qtbot, tmp_path):
    w = open_window(make_window, tmp_path, chain_graph())
    w.blocks.ask_name = lambda *a: None  # never asked: every group passes its name
    for seed in SEEDS:
        print(f"seed {seed}")
        rng = random.Random(seed)
        w.files.show_graph(chain_graph(), None, "chain")
        w.editor.stack.setClean()
        start = _document(w)
        done = [_step(w, rng) for _ in range(STEPS)]
        end = _document(w)
        stack = w.editor.stack
        assert stack.count() > 0, done
        while stack.canUndo():
            stack.undo()
        assert _document(w) == start, (seed, done)
        assert w.canvas.node_count() == len(w.editor.current)
        while stack.canRedo():
            stack.redo()
        assert _document(w) == end, (seed, done)
        # the canvas shows what the model holds, wherever it is
        assert w.canvas.node_count() == len(w.editor.current)
        assert w.editor.current is w.graph or w.editor.current.definition in w.graph.blocks
