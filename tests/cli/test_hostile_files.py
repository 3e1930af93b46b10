"""A corpus of hostile graph files through every command a user runs on a file, as real
subprocesses: `check`, `export`, `train --epochs 1` and `--screenshot`. Each ends with a
message and exit 2 (0 for the acceptable ones), never a traceback, a hang, a crash or a
payload that ran (docs/security.md)."""

import json
import os
import resource
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import graphlab
from graphlab.graph.fileformat import graph_to_dict

ROOT = Path(graphlab.__file__).resolve().parent.parent
TIMEOUT = 60
PAYLOAD = "__import__('pathlib').Path('PWNED').touch()"


def _xor():
    return graph_to_dict(graphlab.example("xor"))


def _with(change):
    d = _xor()
    change(d)
    return json.dumps(d)


def _set(path, value):
    def change(d):
        box = d
        for step in path[:-1]:
            box = box[step]
        box[path[-1]] = value
    return change


def _payload(d):
    d["name"] = f'x"""\'\'\'; {PAYLOAD} #'
    for i, node in enumerate(d["nodes"]):
        node["label"] = f"l{i}\"\"\"'; {PAYLOAD}; \\\\ #"
        if node["op"] == "Input":
            node["attrs"]["name"] = f"in{i}\"'{{}}; {PAYLOAD}"


def _unicode(d):
    d["name"] = "网络"
    d["nodes"][1]["label"] = "层1"


# name -> (file text or bytes, exit code); files that are not text are made in corpus()
TEXT = {
    "deep": ("[" * 100_000 + "]" * 100_000, 2),
    "digits": (_with(_set(("seed",), "@")).replace('"@"', "9" * 5000), 2),
    "nan": (_with(_set(("training", "epochs"), "@")).replace('"@"', "NaN"), 2),
    "infinity": (_with(_set(("nodes", 1, "pos"), ["@", 0])).replace('"@"', "-Infinity"), 2),
    "huge_attr": (_with(_set(("nodes", 1, "attrs", "out_features"), 10**400)), 2),
    "huge_shape": (_with(_set(("nodes", 0, "attrs", "shape"), [-1, 2**40])), 2),
    "cr_label": (_with(_set(("nodes", 3, "label"), "a\rb")), 2),
    "nel_name": (_with(_set(("name",), "a\x85b")), 2),
    "fs_input_name": (_with(_set(("nodes", 0, "attrs", "name"), "x\x1cy")), 2),
    "surrogate": (_with(_set(("name",), "@")).replace('"@"', '"\\ud800"'), 2),
    "eps_text": (_with(_set(("training", "optimizer_params"), {"eps": "abc"})), 2),
    "eps_null": (_with(_set(("training", "optimizer_params"), {"eps": None})), 2),
    "betas_one": (_with(_set(("training", "optimizer_params"), {"betas": [0.9]})), 2),
    "momentum_text": (_with(lambda d: d["training"].update(
        optimizer="sgd", optimizer_params={"momentum": "x"})), 2),
    "unknown_param": (_with(_set(("training", "optimizer_params"), {"gamma": 0.1})), 2),
    "lr_huge": (_with(_set(("training", "lr"), 10**400)), 2),
    "seed_huge": (_with(_set(("seed",), 2**64)), 2),
    "newer": (_with(_set(("format",), 99)), 2),
    "extras": (_with(lambda d: d.update(made_by={"tool": "x"})), 0),
    "payload": (_with(_payload), 0),
}
BYTES = {
    "bom": (b"\xef\xbb\xbf" + _with(lambda d: None).encode("utf-8"), 0),
    "latin1": (_with(_set(("name",), "caf\xe9")).replace("\\u00e9", "\xe9").encode("latin-1"), 2),
}
# the heavier commands run on a representative few: one refusal of each layer (the file
# itself, the JSON, the text rule, the training rule) and the acceptable files
HEAVY = ["fifo", "deep", "cr_label", "eps_text", "bom", "payload"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    files = {}
    for name, (text, code) in TEXT.items():
        path = folder / f"{name}.graphlab.json"
        path.write_text(text, encoding="utf-8")
        files[name] = (path, code)
    for name, (data, code) in BYTES.items():
        path = folder / f"{name}.graphlab.json"
        path.write_bytes(data)
        files[name] = (path, code)
    fifo = folder / "fifo.graphlab.json"
    os.mkfifo(fifo)
    files["fifo"] = (fifo, 2)
    big = folder / "big.graphlab.json"
    with open(big, "wb") as fh:
        fh.truncate(300 * 2**20)  # sparse
    files["big"] = (big, 2)
    return folder, files


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"}
    env.update({"QT_QPA_PLATFORM": "offscreen", "TF_CPP_MIN_LOG_LEVEL": "3",
                "PYTHONPATH": str(ROOT), **extra})
    return env


def _limit_memory():  # /dev/zero read to the end would take every byte of memory
    resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))


def _run(folder, args, expected, env=None, preexec=None):
    """'' if the command behaved, else what went wrong."""
    cmd = [sys.executable, "-m", "graphlab", *args]
    try:
        r = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, errors="replace",
                           timeout=TIMEOUT, env=env or _env(), preexec_fn=preexec)
    except subprocess.TimeoutExpired:
        return f"{' '.join(args)}: hung (no answer in {TIMEOUT} s)"
    out = r.stdout + r.stderr
    if r.returncode != expected or "Traceback" in out:
        return f"{' '.join(args)}: exit {r.returncode} (expected {expected})\n{out[-2000:]}"
    if expected == 2 and "graphlab: " not in r.stderr:
        return f"{' '.join(args)}: exit 2 without a message"
    return ""


def _all(folder, jobs):
    with ThreadPoolExecutor(max_workers=2) as pool:
        found = [f for f in pool.map(lambda job: _run(folder, *job), jobs) if f]
    assert not (folder / "PWNED").exists(), "a payload in the file ran"
    assert not found, "\n\n".join(found)


def test_check_refuses_every_hostile_file(corpus):
    folder, files = corpus
    jobs = [(["check", str(path)], code) for path, code in files.values()]
    jobs.append((["check", "/dev/zero"], 2, None, _limit_memory))
    _all(folder, jobs)


def test_export_refuses_or_writes_safe_code(corpus):
    folder, files = corpus
    jobs = [(["export", str(files[n][0]), "--backend", "torch", "-o", f"{n}.py"], files[n][1])
            for n in HEAVY]
    jobs.append((["export", str(files["payload"][0]), "--backend", "tf", "--with-training",
                  "-o", "payload_tf.py"], 0))
    _all(folder, jobs)
    # the exported file of the payload graph runs without graphlab, and the payload does not
    r = subprocess.run([sys.executable, "payload.py"], cwd=folder, capture_output=True,
                       text=True, timeout=TIMEOUT, env=_env(PYTHONPATH=""))
    assert r.returncode == 0, r.stderr[-2000:]
    assert not (folder / "PWNED").exists()


def test_train_refuses_or_trains(corpus):
    folder, files = corpus
    _all(folder, [(["train", str(files[n][0]), "--epochs", "1"], files[n][1]) for n in HEAVY])


def test_screenshot_refuses_or_draws(corpus):
    folder, files = corpus
    _all(folder, [([str(files[n][0]), "--screenshot", f"{n}.png"], files[n][1])
                  for n in HEAVY])
    assert (folder / "payload.png").stat().st_size > 0


def test_text_the_terminal_cannot_show_is_escaped(tmp_path):
    """An ASCII-only locale (LC_ALL=C, no UTF-8 mode) and a graph named in Chinese."""
    path = tmp_path / "unicode.graphlab.json"
    path.write_text(_with(_unicode), encoding="utf-8")
    env = _env(LC_ALL="C", LANG="C", PYTHONCOERCECLOCALE="0", PYTHONUTF8="0")
    found = [f for f in (_run(tmp_path, ["check", str(path)], 0, env),
                         _run(tmp_path, ["check", str(path), "--json"], 0, env)) if f]
    assert not found, "\n\n".join(found)
    r = subprocess.run([sys.executable, "-m", "graphlab", "check", str(path)], cwd=tmp_path,
                       capture_output=True, env=env, timeout=TIMEOUT)
    assert r.stdout.startswith(b"\\u7f51\\u7edc: 7 nodes")
