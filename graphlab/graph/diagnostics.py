"""Diagnostics: problems pinned to a node and port, worded for the person fixing them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Fix:
    """A one-click repair: set ``node``'s attribute ``attr`` to ``value`` (``text`` says it,
    e.g. 'set out_features to 1'), so the editor can offer it beside the problem."""

    node: str
    attr: str
    value: Any
    text: str


@dataclass(frozen=True)
class Diagnostic:
    """A problem on ``node`` ("" for the whole graph), port ``port``, and its repair if any."""

    node: str
    port: str | None
    message: str
    severity: str = ERROR
    fix: Fix | None = None

    def to_dict(self) -> dict:
        out = {"node": self.node, "port": self.port, "severity": self.severity,
               "message": self.message}
        if self.fix is not None:
            f = self.fix
            out["fix"] = {"node": f.node, "attr": f.attr, "value": f.value, "text": f.text}
        return out

    def __str__(self) -> str:
        return self.message


def node_title(op: str, label: str) -> str:
    return f'{op} "{label}"'


def located(op: str, label: str, port: str | None, text: str, port_kind: str = "input") -> str:
    where = node_title(op, label)
    if port:
        where += f", {port_kind} {port}"
    return f"{where}: {text}"
