"""Block files: the built-in blocks, the person's own folder of saved blocks, and
bringing one into a document.

A block file is an ordinary ``.graphlab.json`` graph file whose ``blocks`` list holds
the block and every block it uses, with an empty top graph named after the block; it
is read with the same checks as any graph file (untrusted input, nothing executed).
Bringing it into a document adds the definitions the document lacks; a name the
document already uses for a different definition gets the next free name (``ResBlock2``)
so nothing in the document changes meaning.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphlab.graph import fileformat
from graphlab.graph.graph import Graph

SUFFIX = fileformat.SUFFIX
USER_FOLDER = "blocks"  # under QStandardPaths' AppDataLocation


@dataclass(frozen=True)
class BlockFile:
    name: str  # the block's name (the file's graph name)
    path: Path
    doc: str = ""
    problem: str | None = None  # why it cannot be used (shown, never raised)


def builtin_dir() -> Path:
    from graphlab.ui.resources import asset

    return Path(str(asset("blocks")))


def user_dir() -> Path:
    """The person's folder of saved blocks (made when a block is first saved)."""
    from PySide6.QtCore import QStandardPaths

    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".graphlab") / USER_FOLDER


def block_files(folder: Path) -> list[BlockFile]:
    """The block files in ``folder`` by name; an unreadable one is listed with why."""
    out = []
    try:
        paths = sorted(p for p in folder.iterdir() if p.name.endswith(SUFFIX))
    except OSError:
        return []
    for p in paths:
        try:
            g = fileformat.load(p)
        except (fileformat.LoadError, OSError) as err:
            out.append(BlockFile(p.name[:-len(SUFFIX)], p, problem=reason(err)))
            continue
        if g.name not in g.blocks:
            out.append(BlockFile(p.name[:-len(SUFFIX)], p, problem=(
                f"{p.name} holds no block named {g.name!r} (a block file's graph is named "
                "after its block)")))
            continue
        out.append(BlockFile(g.name, p, g.blocks[g.name].doc))
    return out


def reason(err: Exception) -> str:
    """One line on why a block file cannot be used: the loader's first problem (with
    its JSON path), or the OS's word."""
    problems = getattr(err, "problems", None)
    if problems:
        return str(problems[0])
    if isinstance(err, OSError) and err.strerror:
        return err.strerror
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def block_document(top: Graph, name: str) -> dict[str, Any]:
    """The block file of definition ``name``: it and what it uses, no top nodes."""
    d = top.snapshot()
    keep = top.blocks.uses(name) | {name}
    d["blocks"] = [b for b in d["blocks"] if b["name"] in keep]
    d["name"], d["nodes"], d["edges"] = name, [], []
    return d


def save_block(top: Graph, name: str, folder: Path) -> Path:
    """Write definition ``name`` to ``folder``/NAME.graphlab.json (atomically)."""
    from graphlab.graph.file_save import write_text_atomic

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}{SUFFIX}"
    write_text_atomic(path, json.dumps(block_document(top, name), indent=1))
    return path


def merged(top: Graph, path: Path) -> tuple[dict[str, Any], str]:
    """The document's snapshot with the block file's definitions added, and the name
    the file's block has in it. Raises LoadError/OSError with the reason."""
    source = fileformat.load(path)
    name = source.name
    if name not in source.blocks:
        raise fileformat.LoadError(f"{path.name} holds no block named {name!r}")
    incoming = [b for b in source.snapshot()["blocks"]
                if b["name"] in source.blocks.uses(name) | {name}]
    doc = top.snapshot()
    have = {b["name"]: b for b in doc["blocks"]}
    renames: dict[str, str] = {}
    for b in incoming:  # in dependency order: a block's users come after it
        b = _renamed_ops(b, renames)
        own = have.get(b["name"])
        if own is not None and _same(own, b):
            continue
        if own is not None or not _free(top, b["name"]):
            new = _free_name(top, set(have) | set(renames.values()), b["name"])
            renames[b["name"]] = new
            b = dict(b, name=new)
        doc["blocks"].append(b)
        have[b["name"]] = b
    return doc, renames.get(name, name)


def _renamed_ops(b: dict, renames: dict[str, str]) -> dict:
    if not renames:
        return b
    b = copy.deepcopy(b)
    for n in b["nodes"]:
        if n.get("op") in renames:
            n["op"] = renames[n["op"]]
    return b


def _same(a: dict, b: dict) -> bool:
    strip = lambda d: {k: v for k, v in d.items() if k != "name"}  # noqa: E731
    return json.dumps(strip(a), sort_keys=True) == json.dumps(strip(b), sort_keys=True)


def _free(top: Graph, name: str) -> bool:
    return name not in top.blocks and top.blocks.problem(name) is None


def _free_name(top: Graph, taken: set[str], name: str) -> str:
    stem = name.rstrip("0123456789") or name
    i = 2
    while f"{stem}{i}" in taken or not _free(top, f"{stem}{i}"):
        i += 1
    return f"{stem}{i}"


def fork_name(top: Graph, name: str) -> str:
    """The name of a copy of definition ``name``: ``ResBlock2``, ``Block1`` -> ``Block2``."""
    return _free_name(top, set(top.blocks), name)


def default_block_name(top: Graph, stem: str = "Block") -> str:
    """``Block1``, ``Block2``, ...: the first name no definition or op has."""
    i = 1
    while top.blocks.problem(f"{stem}{i}") is not None:
        i += 1
    return f"{stem}{i}"


def with_blocks(graph: Graph, ops):
    """The Tab search's ops (``None``: all of them) and the file's blocks that ``graph``
    may hold (not the one it is the inside of, nor one using it)."""
    from graphlab.graph.ops import REGISTRY

    lib = graph.blocks
    if not len(lib):
        return ops
    inside = graph.definition
    usable = [lib[n].spec() for n in lib.order()
              if inside is None or (n != inside and inside not in lib.uses(n))]
    base = list(REGISTRY.values()) if ops is None else list(ops)
    return base + usable
