"""Writing a block's class (either backend) and the top class's block-aware body."""

from __future__ import annotations

import textwrap

from graphlab.compile.block_classes import Body, ClassCode, comment_text
from graphlab.compile.escape import comment, doc_text, literal
from graphlab.compile.source_writer import SourceWriter, warning_lines


def render_class(w: SourceWriter, cls: ClassCode, doc: str, tf: bool) -> None:
    """``class Name(nn.Module | tf.Module)`` with ``__init__`` (the block parameters,
    then keyword-only derived arguments) and ``forward`` / ``__call__``."""
    if cls.why:
        w.add(f"# {comment(cls.why)}")
    w.add(f"class {cls.name}({'tf.Module' if tf else 'nn.Module'}):")
    users = ", ".join(cls.users)
    text = f"Block {doc_text(cls.definition)}, used as {doc_text(users)}."
    if doc:
        said = doc_text(doc).strip()
        text += " " + said[:1].upper() + said[1:] + ("" if said.endswith((".", "!", "?")) else ".")
    if tf and any(line.nhwc for line in cls.forward):
        text += " Takes and returns NCHW images, as the graph does."
    lines = textwrap.wrap(f'"""{text}"""', 92, break_long_words=False, break_on_hyphens=False)
    w.add("\n".join(lines), 1)
    w.add()
    args = [f"{a}={d}" for a, d in cls.params]
    if cls.derived:
        args += ["*", *cls.derived]
    w.statement(f"def __init__(self{''.join(', ' + a for a in args)}):", "", 1)
    w.add(f"super().__init__(name={literal(cls.name)})" if tf else "super().__init__()", 2)
    for a in cls.stored:
        w.add(f"self.{a} = {a}", 2)
    for line in cls.init:
        w.statement(line.code, "", 2)
    w.add()
    ins = "".join(", " + a for a in cls.inputs)
    if tf:
        w.add(f"def __call__(self{ins}, training=False):", 1)
    else:
        w.add(f"def forward(self{ins}):", 1)
    write_forward(w, Body(cls.init, cls.forward, cls.ret))


def write_init(w: SourceWriter, body: Body) -> None:
    for line in body.init:
        w.statement(line.code, "", 2, line.node)


def write_forward(w: SourceWriter, body: Body) -> None:
    for line in body.forward:
        for text in warning_lines(_Warned(line.warnings)):
            w.add(text, 2, line.node)
        w.statement(line.code, comment_text(line), 2, line.node)
    w.statement(body.ret.code, "", 2)


class _Warned:
    def __init__(self, warnings: list[str]) -> None:
        self.warnings = warnings


class ClassWriter:
    """What both backends' block writers share: the bodies of every definition and of the
    top model (a subclass's ``body(site)`` lowers one), every block's class, each
    followed by two blank lines, and the top model's ``__init__`` and forward lines."""

    tf = False

    def __init__(self, plan) -> None:
        from graphlab.compile.block_bodies import BlockBodies

        self.bb = BlockBodies(plan)
        self.classes = self.bb.classes(self.body)
        self.top = self.body(self.bb.top_site())

    def write_classes(self, w) -> None:
        for cls in self.classes:
            render_class(w, cls, self.bb.source.blocks[cls.definition].doc, tf=self.tf)
            w.add()
            w.add()

    def write_top_init(self, w) -> None:
        write_init(w, self.top)

    def write_top_forward(self, w) -> None:
        write_forward(w, self.top)
