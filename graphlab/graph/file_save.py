"""Writing a graph file atomically, where the user meant and as the user had it.

The text goes to a temporary file beside the target (created with the umask applied,
like any new file), takes the old file's mode, is flushed to disk, then renamed over
the target; the folder is synced so the rename survives a power cut. A symlink is
followed: its target is replaced and the link kept. A process killed mid-save leaves
``.NAME.<pid>-<random>.tmp`` behind; the next save of the same file removes those whose
process is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from pathlib import Path


def write_text_atomic(path: str | os.PathLike, text: str) -> Path:
    """Replace ``path`` (or the file its symlink points at) with ``text`` in UTF-8."""
    link = Path(path)
    target = Path(os.path.realpath(link)) if link.is_symlink() else link
    target.parent.mkdir(parents=True, exist_ok=True)
    _clean_stale(target)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None  # a new file: os.open below applies the umask to 0o666
    tmp = target.parent / f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
    data = text.encode("utf-8")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        try:
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _sync_folder(target.parent)
    return link


def temp_files(target: Path) -> list[Path]:
    """Temporary files of saves of ``target`` (ours and mkstemp's of older graphlabs)."""
    prefix = f".{target.name}."
    try:
        names = os.listdir(target.parent)
    except OSError:
        return []
    return [target.parent / n for n in names
            if n.startswith(prefix) and n.endswith(".tmp") and len(n) > len(prefix) + 4]


# the part between ".NAME." and ".tmp": ours "<pid>-<8 hex>", tempfile.mkstemp's 8 chars
_OURS = re.compile(r"(\d+)-[0-9a-f]{8}")
_MKSTEMP = re.compile(r"[a-z0-9_]{8}")


def _clean_stale(target: Path) -> None:
    """Remove temp files of saves of ``target`` whose process no longer runs."""
    for tmp in temp_files(target):
        middle = tmp.name[len(target.name) + 2:-len(".tmp")]
        m = _OURS.fullmatch(middle)
        if m and _alive(int(m.group(1))):
            continue  # a save in progress (this process or another): leave it be
        if m or _MKSTEMP.fullmatch(middle):
            with contextlib.suppress(OSError):
                tmp.unlink()


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows' os.kill would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process: not ours to judge
    return True


def _sync_folder(folder: Path) -> None:
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
