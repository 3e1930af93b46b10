"""Autosave each window's unsaved work to its own recovery file; offer orphans after a crash.

Every ``interval`` ms, if the undo stack is not clean, the graph is written (atomically)
to ``<doc>-<pid>-<n>.graphlab.json`` in the recovery folder, beside a small
``<same>.meta.json`` naming the file it came from. ``<doc>`` is a hash of the document's
path, ``<pid>`` the owning process and ``<n>`` the window within it, so two windows or
two running instances never share (or delete) one file. The file is removed only when
its work is saved or the person discards it (a clean close, answering Discard, undoing
back to the saved state, declining the recovery offer). A file whose owning process is
no longer alive is an *orphan*: the last session crashed, and the next window offers it.
Recovering *adopts* the orphan (an atomic rename to the window's own name), so the work
survives a second crash too. The folder is ``$GRAPHLAB_RECOVERY_DIR`` when set (tests),
else the app data folder.

Trained weights that are not saved yet are unsaved work too: with them the file is
written even when the undo stack is clean, beside ``<same>.weights.npz`` that it names
(its ``training.weights``), and recovering brings them back marked unsaved.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import re
import time
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from graphlab.graph import file_weights
from graphlab.graph.file_save import write_text_atomic
from graphlab.graph.fileformat import LoadError, graph_to_dict, load
from graphlab.graph.graph import Graph
from graphlab.ui.editor import Editor

INTERVAL_MS = 30_000
GRAPH_SUFFIX, META_SUFFIX = ".graphlab.json", ".meta.json"
# <doc>-<pid>-<n>.graphlab.json; the older single "recovery.graphlab.json" (no owner)
_NAME = re.compile(r"^(?:(?P<doc>[0-9a-f]{12})-(?P<pid>\d+)-(?P<n>\d+)|recovery)\.graphlab\.json$")
_windows = itertools.count(1)


def default_dir() -> Path:
    env = os.environ.get("GRAPHLAB_RECOVERY_DIR")
    if env:
        return Path(env)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".graphlab") / "recovery"


def doc_key(path: str | None) -> str:
    text = str(Path(path).resolve()) if path else "<untitled>"
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def process_started(pid: int) -> str | None:
    """The kernel's start time of ``pid`` (tells a reused pid apart), None if unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[-1].split()[19]  # field 22, counted after "(comm)"


def process_alive(pid: int, started: str | None = None) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's process: alive
    except OSError:
        return False
    now = process_started(pid)
    return started is None or now is None or now == started


def _meta_of(graph_file: Path) -> Path:
    return graph_file.with_name(graph_file.name[:-len(GRAPH_SUFFIX)] + META_SUFFIX)


class Autosaver(QObject):
    def __init__(self, editor: Editor, directory: Path | None = None,
                 interval_ms: int = INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.directory = Path(directory) if directory else default_dir()
        self.owner = f"{os.getpid()}-{next(_windows)}"
        self._source_path: str | None = None
        self._holding = 0
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        editor.stack.cleanChanged.connect(self._clean_changed)
        # written since the last change? (a 100,000-node graph takes 1-2 s to write)
        self._changed = True
        self._unsubscribe = None
        self.weights = None  # the window's DocumentWeights (track_weights)
        editor.graph_replaced.connect(self._follow)
        self._follow(editor.graph)

    def track_weights(self, weights) -> None:
        """Autosave ``weights`` (a DocumentWeights) while they are unsaved."""
        self.weights = weights
        weights.changed.connect(self._weights_changed)

    def _unsaved_weights(self) -> bool:
        return self.weights is not None and self.weights.unsaved

    def _dirty(self) -> bool:
        return not self.editor.stack.isClean() or self._unsaved_weights()

    def _weights_changed(self) -> None:
        self._changed = True
        if not self._dirty() and not self._holding:
            self.discard()

    def _follow(self, graph: Graph) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._unsubscribe = graph.subscribe(self._graph_changed)
        self._changed = True

    def _graph_changed(self, _event) -> None:
        self._changed = True

    # ----- this window's own file ------------------------------------------------------
    @property
    def source_path(self) -> str | None:
        return self._source_path

    @source_path.setter
    def source_path(self, path: str | None) -> None:
        old = (self.recovery_file, self.meta_file)
        self._source_path = path
        self._changed = True  # the next tick names the weights file under the new name
        for a, b in zip(old, (self.recovery_file, self.meta_file), strict=True):
            if a != b and a.exists():
                os.replace(a, b)

    @property
    def recovery_file(self) -> Path:
        return self.directory / f"{doc_key(self._source_path)}-{self.owner}{GRAPH_SUFFIX}"

    @property
    def meta_file(self) -> Path:
        return _meta_of(self.recovery_file)

    @property
    def weights_file(self) -> Path:
        return self.directory / file_weights.file_name(self.recovery_file)

    def start(self) -> None:
        self.timer.start()

    def tick(self) -> bool:
        """Write the recovery file if there are unsaved changes not written yet; True if
        written."""
        if not self._dirty():
            return False
        if not self._changed and self.recovery_file.exists():
            return False
        named = self.weights.named() if self._unsaved_weights() else {}
        ref = self.weights_file.name if named else None
        try:
            # compact JSON, unchecked: a fifth of a checked, indented save's time (5 s for
            # 100,000 nodes, every 30 s while editing); a value the loader refuses is
            # reported when recovering, and the file is kept
            text = json.dumps(graph_to_dict(self.editor.graph, ref), separators=(",", ":"))
        except (TypeError, ValueError):
            return False
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            if named:  # first: the graph file never names weights not written yet
                file_weights.write(self.weights_file, named)
            else:
                with contextlib.suppress(FileNotFoundError):
                    self.weights_file.unlink()
            write_text_atomic(self.recovery_file, text)
            self._write_meta()
        except OSError:
            return False
        self._changed = False
        return True

    def _write_meta(self) -> None:
        tmp = self.meta_file.with_name(self.meta_file.name + ".tmp")
        tmp.write_text(json.dumps({"path": self._source_path, "saved_at": time.time(),
                                   "pid": os.getpid(),
                                   "started": process_started(os.getpid())}))
        os.replace(tmp, self.meta_file)

    def discard(self) -> None:
        """The work is saved or the person threw it away: remove this window's file."""
        for f in (self.recovery_file, self.meta_file, self.weights_file):
            with contextlib.suppress(FileNotFoundError):
                f.unlink()

    @contextlib.contextmanager
    def holding(self):
        """Keep the file while a recovered graph is put in the window (which looks clean
        for a moment)."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1

    def _clean_changed(self, clean: bool) -> None:
        if clean and not self._holding and not self._unsaved_weights():
            self.discard()

    # ----- other sessions' files ---------------------------------------------------------
    def orphans(self) -> list[dict]:
        """Recovery files whose owning process is gone, newest first: dicts with
        ``file``, ``meta``, ``path`` (the document, or None) and ``saved_at``."""
        try:
            names = os.listdir(self.directory)
        except OSError:
            return []
        found = []
        for name in names:
            m = _NAME.match(name)
            if m is None:
                continue
            file = self.directory / name
            # an older graphlab wrote one shared recovery.graphlab.json + recovery.json
            meta_file = _meta_of(file) if m["pid"] else self.directory / "recovery.json"
            try:
                meta = json.loads(meta_file.read_text())
                if not isinstance(meta, dict):
                    meta = {}
            except (OSError, ValueError):
                meta = {}
            if m["pid"] is not None and process_alive(int(m["pid"]), meta.get("started")):
                continue
            path = meta.get("path") if isinstance(meta.get("path"), str) else None
            saved = meta.get("saved_at")
            if not isinstance(saved, int | float):
                saved = file.stat().st_mtime if file.exists() else 0.0
            found.append({"file": file, "meta": meta_file, "path": path, "saved_at": saved})
        return sorted(found, key=lambda o: -o["saved_at"])

    def pending(self) -> dict | None:
        """The newest orphan, or None."""
        found = self.orphans()
        return found[0] if found else None

    def drop_orphan(self, orphan: dict) -> None:
        """The person declined to recover it."""
        weights = orphan["file"].with_name(file_weights.file_name(orphan["file"]))
        for f in (orphan["file"], orphan["meta"], weights):
            with contextlib.suppress(OSError):
                f.unlink()

    def _adopt_weights(self, src: Path) -> None:
        """Move the orphan's weights under this window's name, and name them so."""
        old = src.with_name(file_weights.file_name(src))
        try:
            os.replace(old, self.weights_file)
            data = json.loads(self.recovery_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # none, or a file the loader will explain
        training = data.get("training") if isinstance(data, dict) else None
        if isinstance(training, dict) and training.get(file_weights.KEY) == old.name:
            training[file_weights.KEY] = self.weights_file.name
            with contextlib.suppress(OSError):
                write_text_atomic(self.recovery_file, json.dumps(data, separators=(",", ":")))

    def adopt(self, orphan: dict) -> tuple[Graph | None, str]:
        """Take the orphan over as this window's own file and load it: (graph, "") or
        (None, why). The rename is atomic, so two windows cannot both adopt one file."""
        self.discard()
        self.source_path = orphan["path"]
        src = orphan["file"]
        try:
            os.replace(src, self.recovery_file)
        except FileNotFoundError:
            return None, "another graphlab window has already recovered it"
        except OSError as err:
            return None, f"cannot move {src}: {err}"
        with contextlib.suppress(OSError):
            os.replace(orphan["meta"], self.meta_file)
        self._adopt_weights(src)
        try:
            return load(self.recovery_file), ""
        except LoadError as err:
            kept = self.recovery_file.with_name(self.recovery_file.name + ".unreadable")
            with contextlib.suppress(OSError):
                os.replace(self.recovery_file, kept)
            self.discard()
            return None, f"{err}\n(the file was kept as {kept})"
