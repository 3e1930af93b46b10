"""`graphlab examples`: list the built-in examples."""

from __future__ import annotations

HELP = "list the built-in example graphs"


def add_arguments(parser) -> None:
    parser.add_argument("--json", action="store_true", help="print a JSON list")


def run(args) -> int:
    from graphlab.examples import DESCRIPTIONS, path

    if args.json:
        import json

        print(json.dumps([{"name": n, "description": d, "path": str(path(n))}
                          for n, d in DESCRIPTIONS.items()]))
        return 0
    width = max(len(n) for n in DESCRIPTIONS)
    for name, desc in DESCRIPTIONS.items():
        print(f"{name:<{width}}  {desc}")
    return 0
