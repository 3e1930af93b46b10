"""ONNX LSTM and GRU as graphlab's LSTM / GRU (PyTorch's nn.LSTM / nn.GRU).

What torch's exporter writes for ``nn.LSTM(batch_first=True)`` and how it maps:

- the input is ``Transpose(x, [1, 0, 2])`` (ONNX's default layout 0 is sequence-first):
  graphlab's op reads the batch-first ``x`` itself and the Transpose goes;
- the zero initial state is ``ConstantOfShape([layers, N, H])`` (sliced per layer):
  graphlab's op always starts from zeros, so a state that is not zero is refused;
- layers are one ONNX node each, joined by ``Squeeze(Y, 1)``: a chain of them is one
  graphlab op with ``num_layers``;
- ``Y`` is ``[T, D, N, H]``: its ``Squeeze(1)`` + ``Transpose([1, 0, 2])`` (or, for two
  directions, ``Transpose([0, 2, 1, 3])`` + ``Reshape([T, N, 2H])`` + ``Transpose``) is the
  op's ``sequence`` output; ``Y_h`` ``[D, N, H]`` (concatenated over layers as ``h_n``)
  read at the top layer is its ``last`` output.

Gate order: ONNX stacks LSTM gates i, o, f, c and GRU gates z, r, h; torch (graphlab's
canonical layout) stacks i, f, g, o and r, z, n. ONNX's ``B`` is ``[Wb, Rb]``: torch's
``bias_ih`` and ``bias_hh``. torch's GRU applies the reset gate after the recurrent
product (``linear_before_reset=1``); the ONNX default 0 is another recurrence, refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from graphlab.importers import shape_math
from graphlab.importers.onnx_convert import Convert, Refuse
from graphlab.importers.onnx_fuse import (
    FusedNode,
    Index,
    Views,
    attr,
    axes,
    transposed_reader,
)

# ONNX gate blocks in torch's order
GATES = {"LSTM": (0, 2, 3, 1), "GRU": (1, 0, 2)}
ACTIVATIONS = {"LSTM": ["sigmoid", "tanh", "tanh"], "GRU": ["sigmoid", "tanh"]}
STATE_INPUTS = {"LSTM": (5, 6), "GRU": (5,)}
STATE_NAMES = {5: "initial_h", 6: "initial_c"}
# ops a zero state passes through unchanged in value (torch slices one per layer)
ZERO_PATH = {"Slice", "Gather", "Squeeze", "Unsqueeze", "Reshape", "Expand", "Identity",
             "Cast", "Transpose"}
ALLOWED = {"hidden_size", "direction", "layout", "activations", "linear_before_reset",
           "input_forget", "clip", "activation_alpha", "activation_beta"}


@dataclass
class RnnPlan:
    """One graphlab LSTM/GRU: the ONNX layers it covers and where its value goes."""

    op: str
    layers: list = field(default_factory=list)
    source: str = ""  # the batch-first input tensor
    seq: str = ""  # the ONNX tensor that is the op's [N, T, D*H] output
    last: str = ""  # the ONNX tensor that is the op's [N, D*H] output
    hidden: int = 0
    bidirectional: bool = False
    params: dict = field(default_factory=dict)
    refusal: str = ""
    seq_view: str = ""  # the [T, N, D*H] tensor ``seq`` stands for (no exit Transpose)
    source_shape: tuple | None = None
    materialize: bool = False  # something else reads seq_view: give it its value


def plan_at(m, b, ix: Index, order, node, views: Views) -> set[int]:
    """Plan the LSTM/GRU stack whose bottom layer is ``node``; it becomes a FusedNode.
    Returns the ids of the layers it covers."""
    plan = RnnPlan(node.op_type, [node])
    skip: list = []
    try:
        _plan(m, ix, plan, skip, views)
    except Refuse as why:
        plan.refusal = str(why)
    b.skip.update(id(n) for n in skip + plan.layers[1:])
    m.nodes[order[id(node)]] = FusedNode(node, plan)
    return {id(n) for n in plan.layers}


def convert(c: Convert) -> None:
    plan = getattr(c.node, "plan", None)
    if not isinstance(plan, RnnPlan):
        raise Refuse("it was not prepared by the recurrent-layer recogniser")
    if plan.refusal:
        raise Refuse(plan.refusal)
    attrs = {"hidden_size": plan.hidden, "num_layers": len(plan.layers),
             "bidirectional": plan.bidirectional}
    width = plan.hidden * (2 if plan.bidirectional else 1)
    if plan.seq or not plan.last:
        out = plan.seq or c.node.output[0]
        c.add(plan.op, {**attrs, "output": "sequence"}, {"x": plan.source}, plan.params,
              {"y": out})
        if plan.materialize:
            c.add("Transpose", {"perm": [1, 0, 2]}, {"x": out}, outputs={"y": plan.seq_view},
                  label=f"{c.label}_seq_first")
        if plan.last:  # both are read: the final state is the last step of the sequence
            _last_of_sequence(c, plan, out, width)
    else:
        c.add(plan.op, {**attrs, "output": "last"}, {"x": plan.source}, plan.params,
              {"y": plan.last})
    layers = f"{len(plan.layers)} layers" if len(plan.layers) > 1 else "its layer"
    c.b.notes.append(f"{plan.op} {c.node.name[:40]!r}: {layers}, zero state and transposes "
                     f"became one {plan.op}")


def _last_of_sequence(c: Convert, plan: RnnPlan, seq: str, width: int) -> None:
    shape = c.shape(plan.source) or plan.source_shape
    steps = shape[1] if shape and len(shape) == 3 else None
    if plan.bidirectional or steps is None:
        raise Refuse("both its output sequence and its final state are read; graphlab takes "
                     "that only for one direction and a known number of steps")
    step = seq
    if steps > 1:
        step = f"{seq}#last_step"
        c.add("Split", {"axis": 1, "sizes": [-1, 1]}, {"x": seq},
              outputs={"y1": step}, label=f"{c.label}_last_step")
    c.add("Reshape", {"shape": [width], "keep_batch": True}, {"x": step},
          outputs={"y": plan.last}, label=f"{c.label}_last")


# ----- planning ---------------------------------------------------------------------------

def _plan(m, ix: Index, plan: RnnPlan, skip: list, views: Views) -> None:
    bottom = plan.layers[0]
    layout, plan.hidden, plan.bidirectional = _check_attrs(bottom)
    most = _max_layers(plan.op)  # a deeper stack continues as a second node
    while layout == 0 and len(plan.layers) < most:  # Y -> Squeeze (or Transpose +
        found = _next_layer(m, ix, plan.layers[-1], plan.bidirectional)  # Reshape) -> X
        if found is None or found[1] in plan.layers:
            break
        between, nxt = found
        if nxt.op_type != plan.op or _check_attrs(nxt) != (0, plan.hidden, plan.bidirectional):
            break
        skip.extend(between)
        plan.layers.append(nxt)
    chains: list = []
    for n in plan.layers:
        _inputs_supported(m, ix, n, plan.op, chains)
    for n in chains:  # a node something else reads stays (and is converted or refused)
        if n not in skip and _feeds_states_only(ix, n):
            skip.append(n)
    plan.source = _source(m, ix, bottom, layout, skip, views)
    plan.source_shape = views.shape(m, plan.source)
    dirs = 2 if plan.bidirectional else 1
    x = plan.source_shape
    width = x[-1] if x and len(x) == 3 and x[-1] is not None else None
    for layer, n in enumerate(plan.layers):
        plan.params.update(_weights(m, n, plan.op, plan.hidden, layer, dirs,
                                    width if layer == 0 else dirs * plan.hidden))
    _outputs(m, ix, plan, layout, skip, views)


def _max_layers(op: str) -> int:
    from graphlab.graph.ops import get_op

    limit = next(a.max for a in get_op(op).attrs if a.name == "num_layers")
    return int(limit) if limit is not None else 1 << 30


def _check_attrs(node) -> tuple[int, int, bool]:
    """(layout, hidden_size, bidirectional), refusing what graphlab's op cannot do."""
    names = {a.name for a in node.attribute}
    extra = sorted(names - ALLOWED)
    if extra:
        raise Refuse(f"attribute {extra[0]} is not supported")
    for name in ("clip", "activation_alpha", "activation_beta"):
        if name in names:
            raise Refuse(f"attribute {name} is not supported (torch's {node.op_type} has "
                         "no such setting)")
    if attr(node, "input_forget", 0):
        raise Refuse("input_forget=1 (coupled input and forget gates) is not supported")
    direction = attr(node, "direction", "forward")
    if direction not in ("forward", "bidirectional"):
        raise Refuse(f"direction={direction} is not supported (forward or bidirectional)")
    two = direction == "bidirectional"
    acts = [a.decode() if isinstance(a, bytes) else a for a in attr(node, "activations", [])]
    if acts and [a.lower() for a in acts] != ACTIVATIONS[node.op_type] * (2 if two else 1):
        raise Refuse(f"activations={acts} are not supported (only the default "
                     f"{ACTIVATIONS[node.op_type]} that torch uses)")
    if node.op_type == "GRU" and attr(node, "linear_before_reset", 0) != 1:
        raise Refuse("linear_before_reset=0 is not supported: torch's GRU (and graphlab's) "
                     "applies the reset gate after the recurrent product; re-export with "
                     "linear_before_reset=1")
    layout = attr(node, "layout", 0)
    if layout not in (0, 1):
        raise Refuse(f"layout={layout} is not supported")
    hidden = attr(node, "hidden_size")
    if not hidden:
        raise Refuse("it has no hidden_size attribute")
    return layout, int(hidden), two


def _next_layer(m, ix: Index, top, two: bool):
    """The nodes between ``top``'s Y and the next layer reading it, and that layer."""
    y = top.output[0]
    if two:  # [T, 2, N, H] -> Transpose [0, 2, 1, 3] -> Reshape [T, N, 2H]
        t = ix.only_reader(y, "Transpose")
        if t is None or list(attr(t, "perm", [])) != [0, 2, 1, 3]:
            return None
        r = ix.only_reader(t.output[0], "Reshape")
        if not _merges_directions(m, r):
            return None
        between, out = [t, r], r.output[0]
    else:
        s = ix.only_reader(y, "Squeeze")
        if s is None or axes(m, s) != [1]:
            return None
        between, out = [s], s.output[0]
    reads = [(r, i) for r, i in ix.reads(out) if r is None or r.op_type != "Shape"]
    if len(reads) != 1 or reads[0][0] is None or reads[0][1] != 0 \
            or reads[0][0].op_type not in GATES:
        return None  # (a Shape of it sizes the next layer's zero state)
    return between, reads[0][0]


def _merges_directions(m, reshape) -> bool:
    """A Reshape of [T, N, 2, H] to [T, N, 2H]: torch writes the target [0, 0, -1]."""
    if reshape is None or attr(reshape, "allowzero", 0):
        return False
    target = m.constants.get(reshape.input[1])
    return target is not None and [int(v) for v in np.ravel(target)] == [0, 0, -1]


def _source(m, ix: Index, bottom, layout: int, skip: list, views: Views) -> str:
    x = bottom.input[0]
    if layout == 1:
        return x
    if x in views.batch_first:  # the sequence-first output of a layer recognised before
        views.cover(x, [bottom])
        return views.batch_first[x]
    t = ix.producer.get(x)
    if t is None or t.op_type != "Transpose" or list(attr(t, "perm", [])) != [1, 0, 2]:
        raise Refuse("its input is sequence-first [T, N, F] and not a transposed batch-first "
                     "tensor; graphlab's op reads [N, T, F] (export with batch_first=True)")
    if all(n is bottom or n in skip for n, _ in ix.reads(x)):  # (Shape of it: a state)
        skip.append(t)
    return t.input[0]


def _inputs_supported(m, ix: Index, node, op: str, chains: list) -> None:
    ins = list(node.input) + [""] * 8
    if ins[4]:
        raise Refuse("sequence_lens is given; variable-length sequences are not supported "
                     "(pad them to one length)")
    if op == "LSTM" and ins[7]:
        p = m.constants.get(ins[7])
        if p is None or np.any(p != 0):
            raise Refuse("peephole weights P are not supported (torch's LSTM has none)")
    for i in STATE_INPUTS[op]:
        if ins[i]:
            chains.extend(_zero_state(m, ix, ins[i], STATE_NAMES[i], op))


def _zero_state(m, ix: Index, tensor: str, what: str, op: str) -> list:
    """The nodes making an initial state that is zero: a constant, or ConstantOfShape(0)
    through slicing (torch builds it from the batch size); refused when it is not zero."""
    chain = []
    t = tensor
    for _ in range(64):  # (a file's nodes could even form a cycle)
        arr = m.constants.get(t)
        if arr is not None:
            if np.any(arr != 0):
                raise Refuse(f"its {what} is not zero; graphlab's {op} starts from a zero "
                             "state (it has no initial-state input)")
            break
        p = ix.producer.get(t)
        if p is not None and p.op_type == "ConstantOfShape":
            value = attr(p, "value")
            if value is not None:
                from onnx import numpy_helper

                if np.any(numpy_helper.to_array(value) != 0):
                    raise Refuse(f"its {what} is not zero; graphlab's {op} starts from a "
                                 "zero state (it has no initial-state input)")
            chain.append(p)
            chain.extend(_sizing(m, ix, p.input[:1]))
            break
        if p is None or p.op_type not in ZERO_PATH:
            raise Refuse(f"its {what} is computed, not a zero state; graphlab's {op} "
                         "starts from zeros (it has no initial-state input)")
        chain.append(p)
        chain.extend(_sizing(m, ix, p.input[1:]))
        t = p.input[0]
    else:
        raise Refuse(f"its {what} is computed, not a zero state; graphlab's {op} "
                     "starts from zeros (it has no initial-state input)")
    return chain


def _feeds_states_only(ix: Index, node, depth: int = 0, known: dict | None = None) -> bool:
    """Whether every value ``node`` makes ends as a recurrent layer's initial state (or
    sizes one), through zero-state slicing and shape arithmetic only."""
    known = {} if known is None else known
    if id(node) not in known:
        known[id(node)] = depth <= 16 and _readers_are_states(ix, node, depth, known)
    return known[id(node)]


def _readers_are_states(ix: Index, node, depth: int, known: dict) -> bool:
    for o in node.output:
        for r, pos in ix.reads(o) if o else ():
            if r is None:
                return False
            if r.op_type in GATES:
                if pos not in STATE_INPUTS[r.op_type]:
                    return False
            elif r.op_type not in ZERO_PATH | shape_math.OPS | {"ConstantOfShape"} \
                    or not _feeds_states_only(ix, r, depth + 1, known):
                return False
    return True


def _sizing(m, ix: Index, tensors) -> list:
    """The shape arithmetic computing ``tensors`` (the sizes of an Expand or Reshape of a
    zero state), back to the Shape nodes reading the running tensors."""
    out, todo = [], [t for t in tensors if t]
    while todo and len(out) < 64:
        t = todo.pop()
        p = ix.producer.get(t)
        if t in m.constants or t in m.symbolic or p is None or p in out:
            continue
        if p.op_type not in shape_math.OPS:
            return []  # not only sizes: leave them (they are converted or refused)
        out.append(p)
        if p.op_type != "Shape":
            todo.extend(i for i in p.input if i)
    return out


def _outputs(m, ix: Index, plan: RnnPlan, layout: int, skip: list, views: Views) -> None:
    top = plan.layers[-1]
    outs = list(top.output) + ["", ""]
    y, two = outs[0], plan.bidirectional
    if y and ix.reads(y):
        plan.seq, plan.seq_view = _sequence_exit(m, ix, y, layout, two, skip)
    for layer, n in enumerate(plan.layers):
        states = list(n.output)[1:3]
        for k, s in enumerate(states):
            if s and ix.reads(s):
                if k == 1:
                    _unused_concat(ix, s, plan.layers, 2, "cell state Y_c", skip)
                elif layer < len(plan.layers) - 1:
                    _unused_concat(ix, s, plan.layers, 1, "", skip)  # checked at the top
                else:
                    plan.last = _final_state(m, ix, plan, s, layout, skip)
    if plan.seq_view:  # torch folded the exit Transpose into the next one's entry
        x = views.shape(m, plan.source)
        width = plan.hidden * (2 if two else 1)
        plan.seq = views.add(plan.seq_view, plan, (*x[:2], width) if x else None, plan.seq)


def _sequence_exit(m, ix: Index, y: str, layout: int, two: bool,
                   skip: list) -> tuple[str, str]:
    """The tensor that is the op's batch-first [N, T, D*H] sequence, or ("", the
    sequence-first [T, N, D*H] tensor) when no Transpose follows."""
    where = ("its output Y is read other than as torch's batch-first sequence; "
             "graphlab's op gives [N, T, D*H]")
    if layout == 1:
        s = ix.only_reader(y, "Squeeze") if not two else None
        if s is None or axes(m, s) != [2]:
            raise Refuse(where)
        skip.append(s)
        return s.output[0], ""
    if two:
        t = ix.only_reader(y, "Transpose")
        if t is None or list(attr(t, "perm", [])) != [0, 2, 1, 3]:
            raise Refuse(where)
        r = ix.only_reader(t.output[0], "Reshape")
        if not _merges_directions(m, r):
            raise Refuse(where)
        first, seq_first = [t, r], r.output[0]
    else:
        s = ix.only_reader(y, "Squeeze")
        if s is None or axes(m, s) != [1]:
            raise Refuse(where)
        first, seq_first = [s], s.output[0]
    skip.extend(first)
    t2 = transposed_reader(ix, seq_first)
    if t2 is None:
        return "", seq_first
    skip.append(t2)
    # something else reads the sequence-first value too (another recognised layer whose
    # entry Transpose torch folded away): it stands for the batch-first one
    return t2.output[0], (seq_first if len(ix.reads(seq_first)) > 1 else "")


def _unused_concat(ix: Index, s: str, layers, k: int, what: str, skip: list) -> None:
    """A state output read only by the Concat over all layers that nothing reads."""
    cat = ix.only_reader(s, "Concat")
    outs = [list(n.output)[k] if len(n.output) > k else "" for n in layers]
    if cat is not None and list(cat.input) == outs and not ix.reads(cat.output[0]):
        if cat not in skip:
            skip.append(cat)
        return
    if what:
        raise Refuse(f"its {what} is read; graphlab's op gives the hidden state only")
    if cat is None or list(cat.input) != outs:
        raise Refuse("a lower layer's final state is read; graphlab's op gives the top "
                     "layer's only")


def _final_state(m, ix: Index, plan: RnnPlan, s: str, layout: int, skip: list) -> str:
    """The tensor that is the op's [N, D*H] final state of the top layer."""
    many = len(plan.layers) > 1
    axis = 1 if layout == 1 else 0
    why = ("its final state Y_h is read other than at the top layer (h_n[-1]); graphlab's "
           "op gives the top layer's final state")
    t = s
    if many:
        cat = ix.only_reader(s, "Concat")
        outs = [n.output[1] for n in plan.layers]
        if cat is None or list(cat.input) != outs or attr(cat, "axis") != 0:
            raise Refuse(why)
        skip.append(cat)
        t = cat.output[0]
        if not ix.reads(t):
            return ""
    if plan.bidirectional:
        return _both_directions(m, ix, t, 2 * len(plan.layers), layout, skip)
    r = ix.only_reader(t)
    if r is None:
        raise Refuse(why)
    top = len(plan.layers) - 1
    if r.op_type == "Squeeze" and not many and axes(m, r) == [axis]:
        skip.append(r)
        return r.output[0]
    if r.op_type == "Gather" and attr(r, "axis", 0) == axis:
        idx = m.constants.get(r.input[1])
        if idx is not None and idx.ndim == 0 and int(idx) in (top, -1):
            skip.append(r)
            return r.output[0]
    raise Refuse(why)


def _both_directions(m, ix: Index, h_n: str, rows: int, layout: int, skip: list) -> str:
    """torch's ``cat((h_n[-2], h_n[-1]), 1)``: the top layer's forward and backward final
    states side by side, which is the op's ``last`` output for two directions."""
    why = ("its final state Y_h is read other than as the top layer's two directions side "
           "by side (torch.cat((h_n[-2], h_n[-1]), 1)), which is what graphlab's op gives")
    if layout != 0:
        raise Refuse(why)
    picks = {}
    for r, _ in ix.reads(h_n):
        idx = m.constants.get(r.input[1]) if r is not None and r.op_type == "Gather" else None
        if idx is None or idx.ndim != 0 or attr(r, "axis", 0) != 0:
            raise Refuse(why)
        picks[int(idx) % rows] = r
    fwd, bwd = picks.get(rows - 2), picks.get(rows - 1)
    if len(picks) != 2 or fwd is None or bwd is None:
        raise Refuse(why)
    cat = ix.only_reader(fwd.output[0], "Concat")
    if cat is None or list(cat.input) != [fwd.output[0], bwd.output[0]] \
            or attr(cat, "axis") not in (1, -1) or ix.only_reader(bwd.output[0]) is not cat:
        raise Refuse(why)
    skip.extend([fwd, bwd, cat])
    return cat.output[0]


def _weights(m, node, op: str, hidden: int, layer: int, dirs: int,
             width: int | None) -> dict[str, np.ndarray]:
    """torch's weight_ih/hh and bias_ih/hh of one layer (``width``: its input features)."""
    w, r = m.constants.get(node.input[1]), m.constants.get(node.input[2])
    b = m.constants.get(node.input[3]) if len(node.input) > 3 and node.input[3] else None
    if w is None or r is None or (len(node.input) > 3 and node.input[3] and b is None):
        raise Refuse("its weights W, R and B must be constants")
    gates = len(GATES[op])
    if w.ndim != 3:
        raise Refuse(f"its W has shape {list(w.shape)}, expected [directions, "
                     f"{gates} gates x hidden_size, features]")
    want = {"W": (dirs, gates * hidden, width if width is not None else w.shape[-1]),
            "R": (dirs, gates * hidden, hidden), "B": (dirs, 2 * gates * hidden)}
    for name, arr in (("W", w), ("R", r), ("B", b)):
        if arr is None:  # no B: zeros, made only once W says hidden_size is real
            b = arr = np.zeros(want["B"], np.float32)
        if tuple(arr.shape) != want[name]:
            raise Refuse(f"its {name} has shape {list(arr.shape)}, expected "
                         f"{list(want[name])} (directions, {gates} gates x hidden_size "
                         f"{hidden}, ...)")

    def torch_order(a):
        return np.concatenate([a[g * hidden:(g + 1) * hidden] for g in GATES[op]], axis=0)
    out = {}
    for d, sfx in enumerate(("", "_reverse")[:dirs]):
        out[f"weight_ih_l{layer}{sfx}"] = torch_order(w[d])
        out[f"weight_hh_l{layer}{sfx}"] = torch_order(r[d])
        out[f"bias_ih_l{layer}{sfx}"] = torch_order(b[d, :gates * hidden])
        out[f"bias_hh_l{layer}{sfx}"] = torch_order(b[d, gates * hidden:])
    return out
