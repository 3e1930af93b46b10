"""`graphlab check FILE`: diagnostics, parameter count, FLOPs and memory estimate.

A file ``check`` passes also trains and exports: the loader refuses what training and
export would (optimizer parameters included), and prints its warnings here.
"""

from __future__ import annotations

import json

from graphlab.cli_commands.common import CliError, fail, load_graph
from graphlab.graph.fileformat import load_warnings
from graphlab.units import grouped, human_bytes, human_count

HELP = "check a graph file (or example name): shapes, diagnostics, size and cost"


def add_arguments(parser) -> None:
    parser.add_argument("file", help="a .graphlab.json file or an example name")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--batch-size", type=int, default=None,
                        help="batch size for shapes and memory (default: the file's)")


def _json_number(n):
    """Counts past int64 as floats (JSON readers lose them anyway); past floats as text."""
    if not isinstance(n, int) or abs(n) < 2**63:
        return n
    try:
        return float(n)
    except OverflowError:
        return grouped(n)


def dataset_problem(graph) -> str | None:
    """Why ``graphlab train`` would refuse the file's dataset before reading it: an
    unknown built-in name, or a data file that is missing or not a regular file. (The
    file's contents are checked when training reads it.)"""
    spec = (graph.training or {}).get("dataset")
    if spec is None:
        return None
    from graphlab.train.datasets import DatasetError
    from graphlab.train.datasets.files import check_path
    from graphlab.train.datasets.registry import (
        is_file_spec,
        is_folder_spec,
        names,
        split_spec,
    )

    name, _ = split_spec(spec, graph.folder)
    if is_folder_spec(name):  # listed (not decoded): a missing folder or class is named
        from graphlab.train.datasets.image_folder import listing

        try:
            listing(name)
        except DatasetError as err:
            return str(err)
        return None
    if is_file_spec(name):
        try:
            check_path(name)
        except DatasetError as err:
            return str(err)
        return None
    if name not in names():
        return (f"unknown dataset {name!r}: use one of {', '.join(names())}, "
                "a .csv or .npz file, or an image folder (DIR/)")
    return None


def block_counts(graph, batch_size: int | None) -> list[dict]:
    """Per definition (in file order, used ones first): its instances by attribute path
    (``stage1.unit2``, nested ones included) with their parameters and FLOPs, and the
    definition's totals over them. Empty for a graph without blocks or with errors."""
    if not len(graph.blocks) or graph.analysis.errors():
        return []
    from graphlab.graph.flatten import flatten
    from graphlab.graph.inference import analyze

    flat = flatten(graph)
    info = analyze(flat.graph, batch_size)
    per_def: dict[str, list[dict]] = {name: [] for name in graph.blocks.order()}
    for path, members in flat.members.items():
        g, labels, definition = graph, [], None
        for inst in path.split("/"):
            labels.append(g.node(inst).label)
            definition = g.node(inst).op
            g = graph.blocks[definition].graph
        per_def[definition].append({
            "path": ".".join(labels),
            "params": sum(info.node_info(m).param_count for m in members),
            "flops": sum(info.node_info(m).flops for m in members)})
    return [{"name": name, "uses": len(rows), "instances": rows,
             "params": sum(r["params"] for r in rows), "flops": sum(r["flops"] for r in rows)}
            for name, rows in per_def.items()]


def _print_blocks(blocks: list[dict]) -> None:
    if not blocks:
        return
    print("  blocks:")
    for b in blocks:
        uses = "unused" if not b["uses"] else f"{b['uses']} use{'s' * (b['uses'] != 1)}"
        print(f"    {b['name']} ({uses}): parameters {grouped(b['params'])}, "
              f"FLOPs {human_count(b['flops'])}")
        for r in b["instances"]:
            print(f"      {r['path']}: parameters {grouped(r['params'])}, "
                  f"FLOPs {human_count(r['flops'])}")


def run(args) -> int:
    from graphlab.graph.inference import analyze

    if args.batch_size is not None and args.batch_size < 1:
        return fail("--batch-size must be at least 1")
    try:
        graph = load_graph(args.file, warn=False)
    except CliError as err:
        return fail(str(err), err.code)
    analysis = analyze(graph, args.batch_size)
    diags = analysis.diagnostics()
    totals = analysis.totals()
    errors = [d for d in diags if d.severity == "error"]
    data_problem = dataset_problem(graph)
    weights_problem = getattr(graph, "weights_problem", None)  # train and export refuse it
    blocks = block_counts(graph, analysis.batch_size)
    if args.json:
        nodes = []
        for nid in graph.topo_order():
            v, info = graph.node(nid), analysis.node_info(nid)
            nodes.append({"id": nid, "label": v.label, "op": v.op, "status": info.status,
                          "outputs": {p: {"shape": list(t.shape), "dtype": t.dtype}
                                      for p, t in info.outputs.items()},
                          "params": _json_number(info.param_count),
                          "flops": _json_number(info.flops),
                          "memory_bytes": _json_number(info.param_bytes + info.activation_bytes)})
        print(json.dumps({"file": args.file, "name": graph.name,
                          "valid": not errors and not data_problem and not weights_problem,
                          "dataset_problem": data_problem,
                          "weights_problem": weights_problem,
                          "batch_size": analysis.batch_size,
                          "warnings": load_warnings(graph),
                          "diagnostics": [d.to_dict() for d in diags],
                          "totals": {k: _json_number(v) for k, v in totals.items()},
                          "blocks": [{**b, "params": _json_number(b["params"]),
                                      "flops": _json_number(b["flops"])} for b in blocks],
                          "nodes": nodes}))
        return 1 if errors or data_problem or weights_problem else 0
    print(f"{graph.name}: {len(graph)} nodes, {len(graph.edges())} wires, "
          f"batch size {analysis.batch_size}")
    for w in load_warnings(graph):
        print(f"  warning: {w}")
    for d in diags:
        print(f"  {d.severity}: {d.message}")
    print(f"  parameters: {grouped(totals['params'])}")
    print(f"  FLOPs per forward pass: {human_count(totals['flops'])}")
    print(f"  memory: {human_bytes(totals['memory_bytes'])} "
          f"(parameters {human_bytes(totals['param_bytes'])}, activations "
          f"{human_bytes(totals['activation_bytes'])}); training about "
          f"{human_bytes(totals['training_memory_bytes'])}")
    _print_blocks(blocks)
    if data_problem:
        print(f"  error: dataset: {data_problem}")
    if weights_problem:
        print(f"  error: weights: {weights_problem}")
    n_errors = len(errors) + bool(data_problem) + bool(weights_problem)
    print("  valid" if not n_errors else f"  {n_errors} error(s)")
    return 1 if n_errors else 0
