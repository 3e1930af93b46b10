"""The registries' docs in the UI's language, looked up where they are shown.

The op table (``OpSpec.doc``, ``Attr.doc``) and the dataset registry hold the English
text, the one source; the catalogue translates it by that text (contexts OpDocs,
AttrDocs, Datasets). lupdate finds the texts in registry_docs.py, which
``make translations`` writes from the registries (write_registry_docs.py).
"""

from __future__ import annotations

from graphlab.ui.i18n import translate


def op_doc(spec) -> str:
    """``spec``'s doc in the UI's language (a block's own doc as its file says)."""
    return translate("OpDocs", spec.doc) if spec.doc else spec.doc


def attr_doc(attr) -> str:
    """``attr``'s doc in the UI's language."""
    return translate("AttrDocs", attr.doc) if attr.doc else attr.doc


def dataset_doc(text: str) -> str:
    """A dataset's description in the UI's language (a file's own as it is)."""
    return translate("Datasets", text) if text else text
