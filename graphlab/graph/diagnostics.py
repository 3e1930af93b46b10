"""Diagnostics: problems pinned to a node and port, worded for the person fixing them."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    node: str
    port: str | None
    message: str
    severity: str = ERROR

    def to_dict(self) -> dict:
        return {"node": self.node, "port": self.port, "severity": self.severity,
                "message": self.message}

    def __str__(self) -> str:
        return self.message


def node_title(op: str, label: str) -> str:
    return f'{op} "{label}"'


def located(op: str, label: str, port: str | None, text: str, port_kind: str = "input") -> str:
    where = node_title(op, label)
    if port:
        where += f", {port_kind} {port}"
    return f"{where}: {text}"
