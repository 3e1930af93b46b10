"""Autosave to a recovery file while there are unsaved changes, and offer it after a crash.

Every ``interval`` ms, if the undo stack is not clean, the graph is written
(atomically) to ``recovery.graphlab.json`` in the recovery folder, with a small
``recovery.json`` naming the file it came from. A clean close or a save removes
both, so a recovery file found at start means the last session did not end cleanly.
The folder is ``$GRAPHLAB_RECOVERY_DIR`` when set (tests), else the app data folder.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from graphlab.graph.fileformat import LoadError, load, save
from graphlab.graph.model import Graph
from graphlab.ui.editor import Editor

INTERVAL_MS = 30_000


def default_dir() -> Path:
    env = os.environ.get("GRAPHLAB_RECOVERY_DIR")
    if env:
        return Path(env)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".graphlab") / "recovery"


class Autosaver(QObject):
    def __init__(self, editor: Editor, directory: Path | None = None,
                 interval_ms: int = INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.directory = Path(directory) if directory else default_dir()
        self.source_path: str | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)

    @property
    def recovery_file(self) -> Path:
        return self.directory / "recovery.graphlab.json"

    @property
    def meta_file(self) -> Path:
        return self.directory / "recovery.json"

    def start(self) -> None:
        self.timer.start()

    def tick(self) -> bool:
        """Write the recovery file if there are unsaved changes; True if written."""
        if self.editor.stack.isClean():
            return False
        try:
            save(self.editor.graph, self.recovery_file)
            self.meta_file.write_text(json.dumps({"path": self.source_path,
                                                  "saved_at": time.time()}))
        except OSError:
            return False
        return True

    def discard(self) -> None:
        for f in (self.recovery_file, self.meta_file):
            try:
                f.unlink()
            except FileNotFoundError:
                pass

    def pending(self) -> dict | None:
        """What a previous session left behind: {"path", "saved_at"}, or None."""
        if not self.recovery_file.exists():
            return None
        try:
            meta = json.loads(self.meta_file.read_text())
        except (OSError, ValueError):
            meta = {}
        return {"path": meta.get("path"), "saved_at": meta.get("saved_at")}

    def recover(self) -> Graph | None:
        try:
            return load(self.recovery_file)
        except LoadError:
            return None
