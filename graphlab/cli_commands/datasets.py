"""`graphlab datasets [NAME]`: list the datasets, or preview one."""

from __future__ import annotations

import json

from graphlab.cli_commands.common import fail, seed_arg

HELP = "list the datasets graphs can train on, or preview one (shape, classes, samples)"


def add_arguments(parser) -> None:
    parser.add_argument("name", nargs="?", help="a dataset name or a .csv/.npz path to preview")
    parser.add_argument("--target", default=None,
                        help="CSV target column (name or index; default: the last)")
    parser.add_argument("--seed", type=seed_arg, default=0, help="seed for synthetic sets")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args) -> int:
    from graphlab.train.datasets import REGISTRY, DatasetError, preview

    if args.name is None:
        if args.json:
            print(json.dumps({"datasets": [{"name": s.name, "task": s.task, "kind": s.kind,
                                            "description": s.description}
                                           for s in REGISTRY.values()]}))
            return 0
        width = max(len(n) for n in REGISTRY)
        for s in REGISTRY.values():
            print(f"{s.name:<{width}}  {s.task:<14}  {s.description}")
        print("\nor a path to a .csv file (numeric, header row; --target picks the label "
              "column) or an .npz file with arrays x and y")
        return 0
    opts = {}
    if args.target is not None:
        opts["target"] = int(args.target) if args.target.lstrip("-").isdigit() else args.target
    try:
        p = preview(args.name, seed=args.seed, **opts)
    except DatasetError as err:
        return fail(str(err))
    print(json.dumps(p.to_dict()) if args.json else str(p))
    return 0
