"""Write ui/i18n/registry_docs.py: the op table's, attributes' and datasets' docs as
literals lupdate can find.

graph/ops and train/datasets are Qt-free and hold their docs as plain strings; the UI
translates them where it shows them (``translate("OpDocs", spec.doc)``, docs.py), and
lupdate only finds strings written in the source. So the registries' docs are written out
here, never copied by hand: ``make translations`` runs this first, and a test fails when
the file is not what the registries give now.

    python -m graphlab.ui.i18n.write_registry_docs
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

OUT = Path(__file__).with_name("registry_docs.py")
WIDTH = 76  # characters of text per literal, so every line stays within 100 columns


def lists() -> dict[str, tuple[str, list[str]]]:
    """name -> (lupdate context, texts in registry order, each once)."""
    from graphlab.graph.ops import ops_by_category
    from graphlab.train.datasets import REGISTRY as DATASETS

    specs = [s for group in ops_by_category().values() for s in group]
    ops = [s.doc for s in specs if s.doc]
    attrs = [a.doc for s in specs for a in s.attrs if a.doc]
    data = [s.description for s in DATASETS.values() if s.description]
    return {"OP_DOCS": ("OpDocs", list(dict.fromkeys(ops))),
            "ATTR_DOCS": ("AttrDocs", list(dict.fromkeys(attrs))),
            "DATASET_DOCS": ("Datasets", list(dict.fromkeys(data)))}


def _literal(context: str, text: str) -> str:
    chunks = textwrap.wrap(text, WIDTH, drop_whitespace=False, replace_whitespace=False,
                           break_long_words=True, break_on_hyphens=False) or [""]
    quoted = [json.dumps(c, ensure_ascii=False) for c in chunks]
    if len(quoted) == 1:
        return f"    QT_TRANSLATE_NOOP({json.dumps(context)}, {quoted[0]}),"
    pad = " " * 8
    body = "\n".join(pad + q for q in quoted)
    return f"    QT_TRANSLATE_NOOP(\n        {json.dumps(context)},\n{body}),"


def render() -> str:
    out = ['"""The registries\' docs for lupdate. Written by', "python -m "
           'graphlab.ui.i18n.write_registry_docs (make translations): do not edit."""', "",
           "from graphlab.ui.i18n import QT_TRANSLATE_NOOP"]
    for name, (context, texts) in lists().items():
        out += ["", f"{name} = ["] + [_literal(context, t) for t in texts] + ["]"]
    return "\n".join(out) + "\n"


def main() -> None:
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
