"""Write docs/ops.md from the op registry (the registry is the single source of truth).

Run: python scripts/make_ops_doc.py. tests/graph/test_docs.py fails when the file is stale.
"""

from __future__ import annotations

from pathlib import Path

from graphlab.graph.ops import ops_by_category

OUT = Path(__file__).resolve().parent.parent / "docs" / "ops.md"


def render() -> str:
    lines = ["# Ops reference", "",
             "Generated from the op registry by `scripts/make_ops_doc.py`; do not edit.", ""]
    for category, specs in ops_by_category().items():
        lines += [f"## {category}", ""]
        for spec in specs:
            lines += [f"### {spec.name}", "", spec.doc, ""]
            ins = ", ".join(f"`{p.name}` ({p.arity}, {p.kind})" for p in spec.inputs) or "none"
            outs = ", ".join(f"`{p.name}`" for p in spec.outputs) or "none"
            lines += [f"- inputs: {ins}", f"- outputs: {outs}"]
            if spec.broadcast:
                lines.append(f"- broadcasting: {spec.broadcast}")
            flags = [f for f, on in (("stochastic", spec.stochastic),
                                     ("differs in training", spec.training_behaviour)) if on]
            if flags:
                lines.append(f"- flags: {', '.join(flags)}")
            if spec.attrs:
                lines += ["", "| attribute | kind | default | allowed | meaning |",
                          "|---|---|---|---|---|"]
                for a in spec.attrs:
                    allowed = []
                    if a.choices:
                        allowed.append(" / ".join(map(str, a.choices)))
                    if a.min is not None:
                        allowed.append(f">= {a.min:g}")
                    if a.max is not None:
                        allowed.append(f"<= {a.max:g}")
                    if a.optional:
                        allowed.append("empty = inferred")
                    lines.append(f"| `{a.name}` | {a.kind} | `{a.default}` | "
                                 f"{', '.join(allowed)} | {a.doc} |")
            lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    OUT.write_text(render())
    print("wrote", OUT)
