"""Split the app's ``trace`` method into one executable block per node.

The app's source of a graph is the exported file plus a probe subclass whose ``trace``
holds one statement per node (``name = expr  # shape``), lowered from the same plan
steps as ``forward`` (:mod:`graphlab.compile.source`). Executing each node's statements on its own, with
its inputs bound to fresh leaf tensors, cuts the autograd graph at every node: the
gradient of a block's output with respect to a leaf is exactly that op's local
vector-Jacobian product, which is what the chain-rule card needs. Temporaries a
backend needs before a node's statement belong to that node's block.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass


@dataclass
class Block:
    node_id: str
    name: str  # the python name the block assigns
    reads: list[str]  # python names of other nodes it reads (its inputs)
    code: object  # compiled code object
    text: str


def _trace_function(tree: ast.Module) -> ast.FunctionDef:
    for cls in tree.body:
        if isinstance(cls, ast.ClassDef):
            for fn in cls.body:
                if isinstance(fn, ast.FunctionDef) and fn.name == "trace":
                    return fn
    raise ValueError("the app's source has no trace() method (an exported file has none); "
                     "compile the graph with graphlab.compile.compile_graph")


def node_blocks(source: str, names: dict[str, str]) -> dict[str, Block]:
    """``{node id: Block}`` for every node assigned in ``trace``; ``names`` is id -> name."""
    ids_by_name = {n: i for i, n in names.items()}
    fn = _trace_function(ast.parse(source))
    arg_names = {a.arg for a in fn.args.args}
    blocks: dict[str, Block] = {}
    pending: list[ast.stmt] = []
    lines = source.splitlines()
    for stmt in _flat(fn.body):
        if isinstance(stmt, ast.Return):
            break
        if isinstance(stmt, ast.Expr) and isinstance(getattr(stmt, "value", None),
                                                     ast.Constant):
            continue  # docstring
        pending.append(stmt)
        target = _assigned(stmt)
        if target is None or target not in ids_by_name:
            continue
        body = [s for s in pending if not _is_mode_switch(s)]
        pending = []
        read = sorted({n.id for s in body for n in ast.walk(s) if isinstance(n, ast.Name)
                       and isinstance(n.ctx, ast.Load) and n.id in ids_by_name
                       and n.id != target})
        module = ast.Module(body=body, type_ignores=[])
        text = "\n".join(textwrap.dedent("\n".join(lines[s.lineno - 1:s.end_lineno]))
                         for s in body)
        blocks[ids_by_name[target]] = Block(ids_by_name[target], target, read,
                                            compile(module, f"<node {target}>", "exec"),
                                            text)
    for a in arg_names - {"self", "training"}:
        if a in ids_by_name and ids_by_name[a] not in blocks:
            blocks[ids_by_name[a]] = Block(ids_by_name[a], a, [], None, f"{a} = <input>")
    return blocks


def _flat(body: list[ast.stmt]) -> list[ast.stmt]:
    """Statements in order, looking inside ``try`` / ``with`` bodies (not ``finally``:
    it only restores the training mode)."""
    out: list[ast.stmt] = []
    for stmt in body:
        if isinstance(stmt, ast.Try):
            out += _flat(stmt.body)
        elif isinstance(stmt, ast.With):
            out += _flat(stmt.body)
        else:
            out.append(stmt)
    return out


def _assigned(stmt: ast.stmt) -> str | None:
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(
            stmt.targets[0], ast.Name):
        return stmt.targets[0].id
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return stmt.target.id
    return None


def _is_mode_switch(stmt: ast.stmt) -> bool:
    """``switch = self.training != training`` / ``if switch: self.train(...)`` (and the
    older ``was_training = ...``): the stepper sets the mode itself."""
    src = ast.unparse(stmt)
    return src.startswith(("switch =", "if switch:", "was_training", "self.train("))
