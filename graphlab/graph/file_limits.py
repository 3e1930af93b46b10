"""Reading an untrusted graph file safely: size, kind of file, encoding, nesting, numbers, text.

A ``.graphlab.json`` file may come from anyone. Before the loader looks at what it
means, this module makes sure it is a plain file of at most :data:`MAX_FILE_BYTES`,
UTF-8 (a byte-order mark is accepted), standard JSON nested at most :data:`MAX_DEPTH`
deep, with no NaN or Infinity, no number of more than :data:`MAX_INT_DIGITS` digits,
and no string holding a control character or a lone surrogate. Every refusal names
the JSON path (``$.nodes[3].label: ...``). See ``docs/security.md``.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from typing import Any

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_DEPTH = 64  # a graph file needs 6; deeper is a hostile or broken file
MAX_INT_DIGITS = 30  # no field means anything past 10**30; int(str) of 5,000 digits raises
MAX_PROBLEMS = 100
SEED_LIMIT = 2**63 - 1  # TF and torch take 64-bit seeds
# editor-only layout (graphlab/graph/graph_frames.py): enough for any real canvas, small
# enough that a hostile file cannot make the canvas build millions of items
MAX_FRAMES = 1_000
MAX_VIA_POINTS = 64  # reroute points on one wire
MAX_VIA_TOTAL = 10_000  # reroute points in a whole file (each is an item on the canvas)
MAX_FRAME_TITLE = 200
MAX_COORD = 1e7  # a canvas coordinate (the scene grows to hold the graph, not to 1e300)

BOM = b"\xef\xbb\xbf"
# Unicode Cc (C0, DEL, C1 incl. U+0085 and U+001C-U+001E), Zl, Zp, the bidirectional
# embeddings/overrides/isolates that make text display other than it reads, lone surrogates
_BAD_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class FileProblem(ValueError):
    """The file cannot be read as JSON data; ``problems`` are 'path: message' lines."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


class _Huge:
    """A JSON integer of more than MAX_INT_DIGITS digits, kept only to be reported."""

    def __init__(self, digits: int):
        self.digits = digits

    def __repr__(self) -> str:
        return f"a {self.digits:,}-digit number"


class _Constant:
    """NaN, Infinity or -Infinity as Python's json reads them (standard JSON has none)."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


# ----- the file itself ---------------------------------------------------------------------

def read_bytes(path: str | os.PathLike) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES. FIFOs, devices, sockets and
    folders are refused before anything is read (opening a FIFO does not wait for a
    writer), so ``/dev/zero`` or a named pipe cannot hang or exhaust memory."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise FileProblem(["no such file"]) from None
    except IsADirectoryError:
        raise FileProblem(["this is a folder, not a graph file"]) from None
    except OSError as err:
        raise FileProblem([f"cannot read the file ({err.strerror or err})"]) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise FileProblem(["this is a folder, not a graph file"])
        if not stat.S_ISREG(st.st_mode):
            raise FileProblem([f"this is {file_kind(st.st_mode)}, not a regular file; a graph "
                               "file is a plain .graphlab.json file"])
        if st.st_size > MAX_FILE_BYTES:
            raise FileProblem([_too_big(st.st_size)])
        chunks, total = [], 0
        while True:  # the size may change under us: never read past the limit
            chunk = os.read(fd, min(1 << 20, MAX_FILE_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_FILE_BYTES:
                raise FileProblem([_too_big(total)])
        return b"".join(chunks)
    except OSError as err:
        raise FileProblem([f"cannot read the file ({err.strerror or err})"]) from None
    finally:
        os.close(fd)


def file_kind(mode: int) -> str:
    """What a file that is not a regular one is, in words (graph and data files alike)."""
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a special file"


def _too_big(size: int) -> str:
    return (f"the file is larger than {MAX_FILE_BYTES // 2**20} MB (graph files over that "
            f"are refused; it has at least {size:,} bytes)")


def decode(data: bytes) -> str:
    """UTF-8 text, a leading byte-order mark dropped."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem(["$: the file is UTF-16; save it as UTF-8"])
    if data.startswith(BOM):
        data = data[len(BOM):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise FileProblem([f"$: not UTF-8 text (byte 0x{data[err.start]:02x} at offset "
                           f"{err.start}, line {line}); save the file as UTF-8"]) from None


# ----- JSON ------------------------------------------------------------------------------

def parse(text: str) -> tuple[Any, bool]:
    """(data, suspect): standard JSON only. NaN, Infinity and huge integers parse to
    markers; ``suspect`` is False when no number or string can break a rule, so
    :func:`problems_in` need not walk a clean file (a 5,000-node graph in 20 ms)."""
    text = text.removeprefix("\ufeff")
    flags = []

    def constant(name: str) -> _Constant:
        flags.append(name)
        return _Constant(name)

    def number(s: str) -> float:
        f = float(s)
        if not math.isfinite(f):
            flags.append(s)
        return f

    def whole(s: str) -> int | _Huge:
        digits = len(s) - s.startswith("-")
        if digits > MAX_INT_DIGITS:
            flags.append(s)
            return _Huge(digits)
        return int(s)

    try:
        data = json.loads(text, parse_int=whole, parse_float=number, parse_constant=constant)
    except json.JSONDecodeError as err:
        raise FileProblem([f"$: not valid JSON: {err.msg} at line {err.lineno} column "
                           f"{err.colno}"]) from None
    except RecursionError:  # the parser counts its depth: 100,000 [ stop here, in C
        raise FileProblem([f"$: nested more than {MAX_DEPTH} levels deep; a graph file is "
                           f"nested at most {MAX_DEPTH} deep"]) from None
    return data, bool(flags) or may_hold_bad_text(text) or _deeper_than(data, MAX_DEPTH)


# a control character, separator, bidi control or surrogate, raw or as a JSON escape
# (false alarms such as an escaped backslash before "n" only cost a walk)
_ESCAPE = re.compile(r"\\(?:[btnfr]|u(?:00[01]|007f|00[89]|202[89a-e]|206[6-9]|d[89a-f]))",
                     re.IGNORECASE)


# raw in the text: json refuses raw C0 controls inside strings, and whitespace between
# tokens (newlines, tabs) is no string's
_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def may_hold_bad_text(text: str) -> bool:
    """Whether a JSON document's text may hold a string :func:`text_problem` refuses."""
    return bool(_ESCAPE.search(text) or _RAW.search(text))


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether containers nest more than ``limit`` deep (scalars are not visited)."""
    level, depth = [data], 0
    while level:
        depth += 1
        if depth > limit:
            return True
        nxt = []
        for v in level:
            if isinstance(v, dict):
                nxt.extend(x for x in v.values() if isinstance(x, dict | list))
            elif isinstance(v, list):
                nxt.extend(x for x in v if isinstance(x, dict | list))
        level = nxt
    return False


# ----- values ----------------------------------------------------------------------------

def text_problem(s: str, what: str = "strings") -> str | None:
    """Why ``s`` cannot be a label, name or other string of a graph file (None if it can).
    ``what`` names the kind of text in the reason ('labels', 'names')."""
    if m := _SURROGATE.search(s):
        return (f"contains a lone surrogate (U+{ord(m.group()):04X}), which is not text; "
                "write valid Unicode")
    if m := _BAD_TEXT.search(s):
        return f"contains a control character (U+{ord(m.group()):04X}); {what} are one line " \
               "of text"
    return None


def key_path(path: str, key: str) -> str:
    """``$.a`` + ``b`` -> ``$.a.b``; keys that are not plain words are quoted."""
    return f"{path}.{key}" if key.isidentifier() else f"{path}[{json.dumps(key)}]"


def _what(path: str) -> str:
    tail = path.rsplit(".", 1)[-1]
    return {"label": "labels", "name": "names"}.get(tail, "strings in a graph file")


def problems_in(data: Any, root: str = "$") -> list[str]:
    """Every string, number and key of ``data`` checked: 'path: reason' lines."""
    out: list[str] = []
    todo = [(root, data, 0)]
    while todo and len(out) < MAX_PROBLEMS:
        path, v, depth = todo.pop()
        if depth > MAX_DEPTH:
            out.append(f"{path}: nested more than {MAX_DEPTH} levels deep")
        elif isinstance(v, dict):
            for k, x in reversed(v.items()):
                if why := text_problem(k, "keys"):
                    out.append(f"{path}: a key {why}")
                    continue
                todo.append((key_path(path, k), x, depth + 1))
        elif isinstance(v, list):
            todo.extend((f"{path}[{i}]", x, depth + 1) for i, x in reversed(list(enumerate(v))))
        elif isinstance(v, str):
            if why := text_problem(v, _what(path)):
                out.append(f"{path}: {why}")
        elif isinstance(v, _Huge):
            out.append(f"{path}: {v!r} is too large; numbers in a graph file have at most "
                       f"{MAX_INT_DIGITS} digits")
        elif isinstance(v, _Constant):
            out.append(f"{path}: {v.name} is not a number in standard JSON; write a number")
        elif isinstance(v, float) and v != v:
            out.append(f"{path}: NaN is not a number in standard JSON; write a number")
        elif isinstance(v, float) and not math.isfinite(v):
            out.append(f"{path}: a number too large to hold (over 1.8e308); write a smaller "
                       "one")
    return out


def show(v: Any, limit: int = 60) -> str:
    """A short JSON-like rendering for messages: null, true, "text" (escaped), huge numbers
    by their length, long values cut."""
    if isinstance(v, _Huge | _Constant):
        return repr(v)
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 10**MAX_INT_DIGITS:
        return f"a {len(str(abs(v))) if v.bit_length() < 14000 else 'many'}-digit number"
    try:
        text = json.dumps(v, default=repr)
    except (ValueError, RecursionError):
        return f"a {type(v).__name__}"
    return text if len(text) <= limit else text[:limit - 3] + "..."


def entry_problem(entry: Any, path: str, keys: tuple[str, ...], what: str) -> str | None:
    """Why a list entry at ``path`` is not an object with only ``keys`` (a block
    definition, a comment frame: ``what``), or None."""
    if not isinstance(entry, dict):
        return f"{path}: expected an object with {', '.join(keys)}"
    unknown = [k for k in entry if k not in keys]
    if unknown:
        return f"{path}.{unknown[0]}: not a key of {what} ({', '.join(keys)})"
    return None
