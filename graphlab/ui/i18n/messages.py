"""Model-layer messages (shape problems, wiring refusals, dataset mismatches) in the UI's
language, translated where they are shown.

graphlab/graph and graphlab/train stay Qt-free and speak English; their messages are
built from a few sentence patterns: ``Op "label", input port: clause; clause; ...``.
This catalogue holds those patterns as templates with named fields. A message is cut
into its node prefix and its "; " clauses, each clause matched against the templates,
and a matched one rebuilt from its translated template with the same field values, so
node names, ports and shapes pass through untouched. A clause no template matches stays
as it is (English), so nothing is ever lost.
"""

from __future__ import annotations

import re

from graphlab.ui.i18n import QT_TRANSLATE_NOOP, installed_language, translate

CONTEXT = "Problems"

# the node a message is about, as graph/diagnostics.py `located` writes it
PREFIXES = [
    QT_TRANSLATE_NOOP("Problems", '{op} "{label}", input {port}: {rest}'),
    QT_TRANSLATE_NOOP("Problems", '{op} "{label}", output {port}: {rest}'),
    QT_TRANSLATE_NOOP("Problems", '{op} "{label}": {rest}'),
    QT_TRANSLATE_NOOP("Problems", 'inside "{label}" ({op}): {rest}'),
    QT_TRANSLATE_NOOP("Problems", "training: {rest}"),
    QT_TRANSLATE_NOOP("Problems", "dataset: {rest}"),
]

CLAUSES = [
    # shapes
    QT_TRANSLATE_NOOP("Problems", "expected the same shape as pred {pred}, got {got}"),
    QT_TRANSLATE_NOOP("Problems", "reshape the target or the prediction"),
    QT_TRANSLATE_NOOP("Problems", "the {size} in {port} comes from {where}'s shape {shape}"),
    QT_TRANSLATE_NOOP("Problems", "the {size} in {port} comes from {where}'s {attr}={value}"),
    QT_TRANSLATE_NOOP("Problems", "set {where}'s shape to {shape}"),
    QT_TRANSLATE_NOOP("Problems", "set {where}'s {attr} to {value}"),
    QT_TRANSLATE_NOOP("Problems", "expected last dim {want}, got {got} (shape {shape})"),
    QT_TRANSLATE_NOOP("Problems", "expected {want} features (dim 1), got {got} (shape {shape})"),
    QT_TRANSLATE_NOOP("Problems", "expected {want} channels (dim 1), got {got} (shape {shape})"),
    QT_TRANSLATE_NOOP("Problems",
                      "expected a rank-{want} tensor ({what}), got rank {rank} (shape {shape})"),
    QT_TRANSLATE_NOOP("Problems", "expected at least rank 1 (features last), got a scalar"),
    QT_TRANSLATE_NOOP("Problems", "cannot broadcast shape {b} with {a} (trailing sizes must be "
                                  "equal or 1)"),
    QT_TRANSLATE_NOOP("Problems", "reshape one side or insert a Linear to match sizes"),
    QT_TRANSLATE_NOOP("Problems", "expected [N, classes], got {shape}"),
    QT_TRANSLATE_NOOP("Problems", "add a Flatten or Linear before it"),
    QT_TRANSLATE_NOOP("Problems", "add a Flatten before it"),
    QT_TRANSLATE_NOOP("Problems", "expected int64 class indices, got {dtype}"),
    QT_TRANSLATE_NOOP("Problems", "set the target Input's dtype to int64"),
    QT_TRANSLATE_NOOP("Problems", "expected class indices of shape {want}, got {got}"),
    QT_TRANSLATE_NOOP("Problems", "expected float predictions, got {dtype}"),
    QT_TRANSLATE_NOOP("Problems", "expected float values, got {dtype}"),
    QT_TRANSLATE_NOOP("Problems", "add a Cast to float32 before it"),
    QT_TRANSLATE_NOOP("Problems", "set {attr} to {value}"),
    # missing inputs, outputs, names
    QT_TRANSLATE_NOOP("Problems", "is not connected"),
    QT_TRANSLATE_NOOP("Problems", "wire a tensor into it or delete the node"),
    QT_TRANSLATE_NOOP("Problems", 'graph "{name}" has no Output node'),
    QT_TRANSLATE_NOOP("Problems", 'graph "{name}" has errors: {n} problem(s)'),
    QT_TRANSLATE_NOOP("Problems", "wire the value the model should return into an Output"),
    QT_TRANSLATE_NOOP("Problems", 'takes logits but gets the output of {op} "{label}"'),
    QT_TRANSLATE_NOOP("Problems", "wire the value before the {op} instead"),
    QT_TRANSLATE_NOOP("Problems", 'name {name} is already used by "{label}"'),
    QT_TRANSLATE_NOOP("Problems", "give each {op} its own name"),
    # wiring refusals (the editor's status bar)
    QT_TRANSLATE_NOOP("Problems", 'wiring "{src}" into "{dst}" would make a cycle '
                                  '("{dst2}" already feeds "{src2}")'),
    QT_TRANSLATE_NOOP("Problems", "the graph has a cycle"),
    QT_TRANSLATE_NOOP("Problems", 'input {port} of {op} "{label}" already takes a wire from '
                                  '"{src}"'),
    QT_TRANSLATE_NOOP("Problems", "disconnect it first"),
    QT_TRANSLATE_NOOP("Problems", 'cannot wire {op} "{label}" to itself'),
    # a run starting (worker/child.py RunStatus) and what it says while it trains
    QT_TRANSLATE_NOOP("Problems", "importing {name} (the first run of a session takes a few "
                                  "seconds)"),
    QT_TRANSLATE_NOOP("Problems", "reading the dataset and checking the graph"),
    QT_TRANSLATE_NOOP("Problems", "compiling the model for {backend} and training the first "
                                  "batch"),
    # health cues (train/teach/health.py), listed in Insights > Health
    QT_TRANSLATE_NOOP("Problems", "the first non-finite {what} appeared here"),
    QT_TRANSLATE_NOOP("Problems", "{share} of outputs were zero over the last {n} probes "
                                  "(dead ReLUs)"),
    QT_TRANSLATE_NOOP("Problems", "{share} of outputs are saturated: its local derivative is "
                                  "near zero"),
    QT_TRANSLATE_NOOP("Problems", "no gradient reaches this node (exactly zero): the units "
                                  "after it are dead or cut off"),
    QT_TRANSLATE_NOOP("Problems", "gradient RMS {v} is {ratio}× smaller than at the output: "
                                  "vanishing gradient"),
    QT_TRANSLATE_NOOP("Problems", "gradient RMS {v} is very large: exploding gradient"),
    QT_TRANSLATE_NOOP("Problems", "lower the learning rate or clip gradients"),
    # the step-through's cards (train/teach/cards.py, update.py): the chain rule in words
    QT_TRANSLATE_NOOP("Problems", "dL/d{name} = 1 (this is L)"),
    QT_TRANSLATE_NOOP("Problems", "via {consumer}: upstream {up} × local {local} = {product}"),
    QT_TRANSLATE_NOOP("Problems", "via {consumer}: vector-Jacobian product of upstream (norm "
                                  "{norm}) = {product}"),
    QT_TRANSLATE_NOOP("Problems", "local derivative of {consumer}: {formula}"),
    QT_TRANSLATE_NOOP("Problems", "sum of contributions = {sum}"),
    QT_TRANSLATE_NOOP("Problems", "{sum}  ({n} nonzero terms)"),
    QT_TRANSLATE_NOOP("Problems", "{sum}  ({n} nonzero term)"),
    QT_TRANSLATE_NOOP("Problems", "= {total}   (autograd: {grad})"),
    QT_TRANSLATE_NOOP("Problems", "g = dL/dw (from the backward pass) = {g}"),
    QT_TRANSLATE_NOOP("Problems", "new w = {new}  (change {change})"),
    QT_TRANSLATE_NOOP("Problems", "buf = g (the first step starts the momentum buffer) = {buf}"),
    QT_TRANSLATE_NOOP("Problems", "{name} step {t} (a fresh optimizer)"),
    # attribute values (graph/ops/attr_check.py), refused where an edit sets them
    QT_TRANSLATE_NOOP("Problems", "{attr} needs a value"),
    QT_TRANSLATE_NOOP("Problems", "{attr} must be true or false, got {value}"),
    QT_TRANSLATE_NOOP("Problems", "{attr} must be a whole number, got {value}"),
    QT_TRANSLATE_NOOP("Problems", "{attr} must be a number, got {value}"),
    QT_TRANSLATE_NOOP("Problems", "{attr} must be a finite number"),
    QT_TRANSLATE_NOOP("Problems", "{attr} must be at least {low}, got {value}"),
    QT_TRANSLATE_NOOP("Problems", "{attr} must be at most {high}, got {value}"),
    QT_TRANSLATE_NOOP("Problems", "{attr} must be one of {options}, got {value}"),
    QT_TRANSLATE_NOOP("Problems", "{attr} must not be empty"),
    # a framework that is not installed (frameworks.py missing_message)
    QT_TRANSLATE_NOOP("Problems", "{title} is not installed, so the {backend} backend cannot "
                                  "run"),
    QT_TRANSLATE_NOOP("Problems", "install it with {command} or choose the other backend"),
    # datasets
    QT_TRANSLATE_NOOP("Problems", "{name}: classification, {n} samples of shape {shape} "
                                  "({xdtype}), targets {ydtype}"),
    QT_TRANSLATE_NOOP("Problems", "{name}: regression, {n} samples of shape {shape} "
                                  "({xdtype}), targets {ydtype}"),
    QT_TRANSLATE_NOOP("Problems", "classes: {counts}"),
    QT_TRANSLATE_NOOP("Problems", "dataset file {name} does not exist"),
    QT_TRANSLATE_NOOP("Problems", "dataset file {name} cannot be read: permission denied"),
    QT_TRANSLATE_NOOP("Problems", "dataset {name} gives samples of shape {got}, the Input "
                                  "expects {want}"),
    QT_TRANSLATE_NOOP("Problems", "set the Input's shape to {shape} or choose a dataset with "
                                  "samples of shape {want}"),
    QT_TRANSLATE_NOOP("Problems", "its shape {shape} must start with -1 (the batch dimension) "
                                  "to be fed from a dataset"),
    QT_TRANSLATE_NOOP("Problems", "the graph has Inputs ({inputs}) but the dataset is 'none'"),
    QT_TRANSLATE_NOOP("Problems", "choose a dataset"),
    QT_TRANSLATE_NOOP("Problems", "the graph has no feature Input"),
    QT_TRANSLATE_NOOP("Problems", "the graph has {n} feature Inputs"),
    QT_TRANSLATE_NOOP("Problems", "a dataset feeds exactly one (set role=target on label "
                                  "Inputs)"),
    QT_TRANSLATE_NOOP("Problems", "the graph has {n} target Inputs"),
    QT_TRANSLATE_NOOP("Problems", "a dataset provides one target"),
    QT_TRANSLATE_NOOP("Problems", "dataset {name} gives one number per sample (its x has shape "
                                  "{xshape}), the Input expects samples of shape {want}"),
    QT_TRANSLATE_NOOP("Problems", "save x with {n} values per row, or set the Input's shape to "
                                  "[-1, 1]"),
    QT_TRANSLATE_NOOP("Problems", "image folder {name} gives samples of shape {got}, the Input "
                                  "expects {want}"),
]

_FIELD = re.compile(r"\{(\w+)\}")
_ANY = {"rest": ".*", "op": r"[\w.]+", "port": r"[\w.]+"}  # what a field may match


def _pattern(template: str) -> re.Pattern:
    """The English template as a regex: each ``{field}`` matches any text."""
    parts, pos = [], 0
    for m in _FIELD.finditer(template):
        parts.append(re.escape(template[pos:m.start()]))
        name = m.group(1)
        parts.append(f"(?P<{name}>{_ANY.get(name, '.+?')})")
        pos = m.end()
    parts.append(re.escape(template[pos:]))
    return re.compile("".join(parts) + r"\Z", re.S)


_PREFIXES = [(t, _pattern(t)) for t in PREFIXES]
# the most specific first: "set {where}'s shape to {shape}" must not take a clause that a
# longer template spells out ("set the Input's shape to {shape} or choose a dataset ...")
_CLAUSES = [(t, _pattern(t)) for t in sorted(CLAUSES, key=lambda t: -len(_FIELD.sub("", t)))]


def _clause(text: str) -> str:
    tail = "…" if text.endswith("…") else ""  # a status line still going on
    body = text[:-1] if tail else text
    for template, pattern in _CLAUSES:
        m = pattern.match(body)
        if m:
            return translate(CONTEXT, template).format(**m.groupdict()) + tail
    return text


def translate_message(text: str) -> str:
    """``text`` (a model-layer message) in the UI's language, field values kept."""
    if installed_language() == "en" or not text:
        return text
    if text[:1].isspace():  # an indented line of a longer message (a compile error's)
        body = text.lstrip()
        return text[:len(text) - len(body)] + translate_message(body)
    for template, pattern in _PREFIXES:
        m = pattern.match(text)
        if m:
            fields = m.groupdict()
            fields["rest"] = translate_message(fields["rest"])
            return translate(CONTEXT, template).format(**fields)
    sep = translate(CONTEXT, "; ")
    return sep.join(_clause(c) for c in text.split("; "))


QT_TRANSLATE_NOOP("Problems", "; ")
