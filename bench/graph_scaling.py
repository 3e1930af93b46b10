"""How the graph model scales: build, full inference, one-node edit, save and load.

Graphs are stacks of residual blocks (Linear -> ReLU -> Linear, joined by Add) of 10 to
5,000 nodes. Prints time per node for each step and how it grows from size to size
(a growth of 1.0 per 10x means linear). Goal: full inference on 1,000 nodes under
20 ms, and a one-node edit re-inferring only what lies downstream.

    python bench/graph_scaling.py [--json]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from graphlab.graph import Graph
from graphlab.graph.builders import residual_blocks
from graphlab.graph.fileformat import load, save

SIZES = (10, 100, 1000, 5000)


def build(n_nodes: int) -> Graph:
    g = Graph("scaling", training={"batch_size": 32})
    with g.bulk_edit():
        x = g.add_node("Input", {"shape": [-1, 64]}, "x")
        residual_blocks(g, x, n_nodes - 1, 64)
    return g


def best_of(fn, repeat=5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def measure(n: int) -> dict:
    t0 = time.perf_counter()
    g = build(n)
    t_build = time.perf_counter() - t0
    t_infer = best_of(lambda: g.analysis.run())
    order = g.topo_order()
    mid = next(nid for nid in order[len(order) // 2:] if g.node(nid).op == "Linear")
    values = iter([32, 64] * 10)
    t_edit = best_of(lambda: g.set_attr(mid, "out_features", next(values)), repeat=4)
    reinferred = len(g.analysis.last_inferred)
    downstream = len(order) - order.index(mid)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "g.graphlab.json"
        t_save = best_of(lambda: save(g, path), repeat=3)
        t_load = best_of(lambda: load(path), repeat=3)
    return {"nodes": len(g), "build_s": t_build, "infer_s": t_infer, "edit_s": t_edit,
            "edit_reinferred": reinferred, "edit_downstream_max": downstream,
            "save_s": t_save, "load_s": t_load}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = [measure(n) for n in SIZES]
    for prev, row in zip(rows, rows[1:], strict=False):
        row["infer_growth_per_node"] = (row["infer_s"] / row["nodes"]) / (
            prev["infer_s"] / prev["nodes"])
    at_1000 = next(r for r in rows if r["nodes"] == 1000)
    summary = {"infer_1000_ms": at_1000["infer_s"] * 1e3,
               "goal_infer_1000_ms": 20.0,
               "edit_only_downstream": all(r["edit_reinferred"] <= r["edit_downstream_max"]
                                           for r in rows)}
    if args.json:
        print(json.dumps({"rows": rows, "summary": summary}))
        return
    print(f"{'nodes':>6} {'build us/node':>14} {'infer us/node':>14} {'infer ms':>9} "
          f"{'growth':>7} {'edit ms':>8} {'re-inferred':>12} {'save us/node':>13} "
          f"{'load us/node':>13}")
    for r in rows:
        n = r["nodes"]
        print(f"{n:>6} {r['build_s'] / n * 1e6:>14.1f} {r['infer_s'] / n * 1e6:>14.1f} "
              f"{r['infer_s'] * 1e3:>9.2f} {r.get('infer_growth_per_node', 1.0):>7.2f} "
              f"{r['edit_s'] * 1e3:>8.3f} {r['edit_reinferred']:>5}/{r['edit_downstream_max']:<6} "
              f"{r['save_s'] / n * 1e6:>13.1f} {r['load_s'] / n * 1e6:>13.1f}")
    print(f"\nfull inference on 1,000 nodes: {summary['infer_1000_ms']:.2f} ms "
          f"(goal < 20 ms); one-node edit re-infers only downstream: "
          f"{summary['edit_only_downstream']}")


if __name__ == "__main__":
    main()
