"""Block definitions -> module classes: one class per definition, serving every instance.

The emitters lower each instance's inner steps with its own concrete values (the flat
plan's steps; no lowering knows about blocks). The lines of all instances of one
definition are then compared token by token: where they differ only in numbers (or
True/False), the position becomes a constructor argument, the block parameter whose
values match there if there is one, else an argument named after the inner node and
attribute (``conv1_in_channels``), shared by positions with equal values. A position
that agrees everywhere but is a block parameter's value in an attribute that refers to
it (``ParamRef``) reads the parameter too, so a definition used once still reads
``channels``. Instances whose lines differ in any other way (a BatchNorm1d here, a
BatchNorm2d there) get a class of their own (``ResBlock_2``), with a comment saying why.
"""

from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass, field
from typing import Any

from graphlab.compile.block_names import PARAM, BlockNames
from graphlab.compile.names import Namespace, reserved
from graphlab.graph.blocks import ParamRef


@dataclass
class Line:
    """One statement of a body, before the instances are compared."""

    code: str
    hints: dict[str, str] = field(default_factory=dict)  # keyword or attr -> block param
    attrs: dict[str, Any] = field(default_factory=dict)  # the node's concrete attributes
    local: str = ""  # the node's name in the class (names derived arguments)
    dims: tuple[str, ...] | None = None
    nhwc: bool = False
    note: str = ""
    warnings: list[str] = field(default_factory=list)
    node: str | None = None  # line map entry (the top class only)


@dataclass
class Body:
    init: list[Line]
    forward: list[Line]
    ret: Line


@dataclass
class Site:
    """Where a body is used: the graph it lowers, the instance path from the top, the
    Python names in it and the block parameters' values there."""

    graph: Any
    prefix: tuple[str, ...]
    names: dict[str, str]
    values: dict[str, Any]
    definition: str | None = None
    path: str = ""  # the instance's attribute path ("stage1.block1")


@dataclass
class ClassCode:
    """One generated class of a definition, the instances' lines merged."""

    name: str
    definition: str
    params: list[tuple[str, str]]  # (argument, default literal)
    derived: list[str]  # keyword-only arguments without default
    stored: list[str]  # arguments forward reads as self.<arg>
    init: list[Line]
    forward: list[Line]
    ret: Line
    users: list[str]
    why: str = ""  # a second class of one definition: why it is separate
    inputs: list[str] = field(default_factory=list)  # forward's arguments


@dataclass
class Ctor:
    """How a parent builds one instance: the class and its keyword arguments."""

    cls: str
    kwargs: list[tuple[str, str]]


def _tokens(code: str) -> list[tokenize.TokenInfo]:
    skip = (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER, tokenize.INDENT,
            tokenize.DEDENT, tokenize.COMMENT)
    return [t for t in tokenize.generate_tokens(io.StringIO(code).readline) if t.type not in skip]


def _variable(t: tokenize.TokenInfo) -> bool:
    return t.type == tokenize.NUMBER or (t.type == tokenize.NAME and t.string in ("True", "False"))


def _signature(toks: list[tokenize.TokenInfo]) -> tuple:
    return tuple(("#",) if _variable(t) else (t.type, t.string) for t in toks)


def same_value(a: Any, b: Any) -> bool:
    """Equal as Python values of the same kind (True is not 1, 2 is 2.0)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return isinstance(a, int | float) and isinstance(b, int | float) and a == b


def _all_lines(body: Body) -> list[Line]:
    return [*body.init, *body.forward, body.ret]


class Merger:
    """Compares the bodies of one definition's instances and writes its classes."""

    def __init__(self, definition: str, defn, names: dict[str, str], base: str,
                 taken: set[str]) -> None:
        self.definition, self.defn, self.names, self.base = definition, defn, names, base
        self.taken = taken  # class names already used in the file

    def merge(self, sites: list[Site], bodies: list[Body]) -> tuple[list[ClassCode], list[Ctor]]:
        toks = [[_tokens(line.code) for line in _all_lines(b)] for b in bodies]
        sigs = [tuple(_signature(t) for t in tk) for tk in toks]
        groups: dict[tuple, list[int]] = {}
        for i, sig in enumerate(sigs):
            groups.setdefault(sig, []).append(i)
        classes, ctors = [], [None] * len(sites)
        for k, members in enumerate(groups.values()):
            name = self._class_name(k)
            why = ""
            if k:
                first = _users(sites, next(iter(groups.values())))
                why = (f"{name}: a second class for {self.definition}, whose code for "
                       f"{', '.join(_users(sites, members))} differs from {', '.join(first)}'s "
                       "in more than numbers")
            code, per_site = self._merge_group(name, [sites[i] for i in members],
                                               [bodies[i] for i in members],
                                               [toks[i] for i in members])
            code.why = why
            classes.append(code)
            for i, ctor in zip(members, per_site, strict=True):
                ctors[i] = ctor
        return classes, ctors

    def _class_name(self, k: int) -> str:
        cand = self.base if k == 0 else f"{self.base}_{k + 1}"
        i = k + 2
        while cand in self.taken or cand in reserved():
            cand = f"{self.base}_{i}"
            i += 1
        self.taken.add(cand)
        return cand

    def _merge_group(self, name, sites, bodies, toks):
        ns = Namespace(set(reserved()) | set(self.names.values()) | self.taken)
        params = [p for p in self.defn.params]
        param_names = {p.name: self.names[PARAM + p.name] for p in params}
        derived: dict[tuple, str] = {}  # value tuple -> argument
        derived_values: dict[str, list[str]] = {}
        stored: set[str] = set()
        n_init = len(bodies[0].init)
        n_lines = len(toks[0])
        merged: list[Line] = []
        for li in range(n_lines):
            lines = [_all_lines(b)[li] for b in bodies]
            first = lines[0]
            line_toks = toks[0][li]
            code = first.code
            in_init = li < n_init
            edits = []
            for ti, t in enumerate(line_toks):
                if not _variable(t):
                    continue
                texts = tuple(tk[li][ti].string for tk in toks)
                values = tuple(ast.literal_eval(x) for x in texts)
                arg = None
                if len(set(texts)) > 1:
                    arg = self._param_for(params, sites, values)
                    if arg is None:
                        arg = derived.get(texts)
                        if arg is None:
                            what = _attr_for(lines, values) or _keyword(line_toks, ti)
                            arg = ns.create(f"{first.local}_{what or 'value'}", "arg")
                            derived[texts] = arg
                            derived_values[arg] = list(texts)
                    else:
                        arg = param_names[arg]
                else:
                    hinted = _hinted(line_toks, ti, first.hints, positional=in_init)
                    found = self._param_for([p for p in params if p.name in hinted], sites,
                                            values) if hinted else None
                    arg = param_names[found] if found else None
                if arg is None:
                    continue
                if not in_init:
                    stored.add(arg)
                edits.append((t.start[1], t.end[1], arg if in_init else f"self.{arg}"))
            for start, end, text in reversed(edits):
                code = code[:start] + text + code[end:]
            merged.append(Line(code, dims=_merge_dims([x.dims for x in lines], params, sites,
                                                      param_names),
                               nhwc=first.nhwc,
                               note=first.note if all(x.note == first.note for x in lines) else "",
                               warnings=first.warnings))
        init, forward, ret = merged[:n_init], merged[n_init:-1], merged[-1]
        cls = ClassCode(name, self.definition,
                        [(param_names[p.name], repr(p.default)) for p in params],
                        list(derived_values), [a for a in [*param_names.values(),
                                                           *derived_values] if a in stored],
                        init, forward, ret, _users(sites, range(len(sites))),
                        inputs=[self.names[n] for n in self.defn.input_nodes()])
        ctors = []
        for i, site in enumerate(sites):
            kwargs = [(param_names[p.name], repr(site.values[p.name])) for p in params]
            kwargs += [(a, vals[i]) for a, vals in derived_values.items()]
            ctors.append(Ctor(name, kwargs))
        return cls, ctors

    def _param_for(self, params, sites, values) -> str | None:
        for p in params:
            if all(same_value(s.values[p.name], v) for s, v in zip(sites, values, strict=True)):
                return p.name
        return None


def _hinted(toks, i: int, hints: dict[str, str], positional: bool) -> set[str]:
    """The block parameters a token may stand for: the one its keyword refers to
    (``out_channels=16``), or, in ``__init__`` (``positional``), for a value passed by
    position any the line's node refers to, when no other such value of the line is the
    same number (in ``(3, 3, 8, 3)`` a 3 may be the kernel's size or the channels).
    Forward's positional numbers (axes, permutations) never stand for a parameter."""
    if not hints:
        return set()
    if _keyword(toks, i):
        p = hints.get(_keyword(toks, i))
        return {p} if p else set()
    if not positional or i < 1 or toks[i - 1].string not in ("(", ","):
        return set()
    same = [j for j, t in enumerate(toks) if _variable(t) and t.string == toks[i].string
            and not _keyword(toks, j)]
    return set(hints.values()) if len(same) == 1 else set()


def _attr_for(lines: list[Line], values: tuple) -> str | None:
    """The attribute whose value the differing position shows in every instance."""
    for k in lines[0].attrs:
        if all(_holds(x.attrs.get(k), v) for x, v in zip(lines, values, strict=True)):
            return k
    return None


def _keyword(toks, i: int) -> str | None:
    """The keyword a value is passed as (``conv_in_channels=8``), if any."""
    if i >= 2 and toks[i - 1].string == "=" and toks[i - 2].type == tokenize.NAME:
        return toks[i - 2].string
    return None


def _holds(attr: Any, v: Any) -> bool:
    if isinstance(attr, list | tuple):
        return any(_holds(a, v) for a in attr)
    return same_value(attr, v)


def _merge_dims(all_dims, params, sites, param_names):
    if any(d is None for d in all_dims):
        return None
    first = all_dims[0]
    if any(len(d) != len(first) for d in all_dims):
        return None  # ranks differ: no one shape to show
    out = []
    for j, d in enumerate(first):
        col = [dims[j] for dims in all_dims]
        if all(c == d for c in col):
            out.append(d)
            continue
        name = "?"
        if all(c.isdigit() for c in col):
            for p in params:
                if all(same_value(s.values[p.name], int(c)) for s, c in zip(sites, col,
                                                                            strict=True)):
                    name = param_names[p.name]
                    break
        out.append(name)
    return tuple(out)


def _users(sites, idx) -> list[str]:
    return [sites[i].path for i in idx]


def comment_text(line: Line) -> str:
    """``  # [N, 16, 8, 8]`` (channels-last when the line computes NHWC) and its note."""
    if line.dims is None:
        return ""
    dims = line.dims
    if line.nhwc and len(dims) == 4:
        dims = (dims[0], dims[2], dims[3], dims[1])
    return "  # [" + ", ".join(dims) + "]" + line.note


def resolve_values(defn, attrs: dict[str, Any], outer: dict[str, Any]) -> dict[str, Any]:
    """An instance's block parameter values: its attributes (defaults where unset), a
    reference to the enclosing block's parameter replaced by that value."""
    out = {}
    for p in defn.params:
        v = attrs.get(p.name, p.default)
        out[p.name] = outer[v.param] if isinstance(v, ParamRef) else v
    return out


def param_hints(graph, node_id: str) -> dict[str, str]:
    """attribute -> block parameter for the node's attributes that refer to one."""
    return {k: v.param for k, v in graph.raw(node_id)["attrs"].items()
            if isinstance(v, ParamRef)}


class Sites:
    """Every place a definition is used, found from the top graph down."""

    def __init__(self, plan, block_names: BlockNames, used: set[str]) -> None:
        self.plan, self.bn = plan, block_names
        self.by_def: dict[str, list[Site]] = {name: [] for name in plan.source.blocks.order()}
        self.paths: dict[tuple[str, ...], str] = {}
        top = plan.source
        for n in top.topo_order():
            if n in used:
                self._walk(top, n, (), {}, plan.instance_names[n])

    def _walk(self, graph, node_id, prefix, outer, path) -> None:
        definition = graph.node(node_id).op
        defn = graph.blocks[definition]
        values = resolve_values(defn, dict(graph.raw(node_id)["attrs"]), outer)
        here = (*prefix, node_id)
        names = self.bn.of(definition)
        site = Site(defn.graph, here, names, values, definition, path)
        self.by_def[definition].append(site)
        self.paths[here] = path
        for n in defn.graph.topo_order():
            if defn.graph.is_instance(n):
                self._walk(defn.graph, n, here, values, f"{path}.{names[n]}")
