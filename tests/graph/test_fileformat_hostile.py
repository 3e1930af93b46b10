"""Hostile graph files, one item at a time: each is a LoadError naming where, never a crash,
a hang or a file graphlab then cannot read back (docs/security.md)."""

import json
import os
import re
import signal
import stat
import subprocess
import sys
import threading

import pytest

import graphlab
from graphlab.graph.fileformat import (
    LoadError,
    SaveError,
    graph_to_dict,
    load,
    load_warnings,
    loads,
    save,
)
from graphlab.graph.ops import REGISTRY
from graphlab.graph.ops.attr_check import check_attr
from graphlab.graph.optimizer_settings import OptimizerError, resolve
from graphlab.units import grouped, human_bytes, human_count


def xor_dict():
    return graph_to_dict(graphlab.example("xor"))


def problems(text: str) -> list[str]:
    with pytest.raises(LoadError) as info:
        loads(text)
    return info.value.problems


def problems_of(data) -> list[str]:
    return problems(json.dumps(data))


# ----- the JSON itself ---------------------------------------------------------------------

def test_json_nested_100000_deep_is_refused_not_a_recursion_error():
    assert problems("[" * 100_000 + "]" * 100_000) == [
        "$: nested more than 64 levels deep; a graph file is nested at most 64 deep"]
    d = xor_dict()
    d["nodes"][0]["attrs"]["shape"] = json.loads("[" * 70 + "]" * 70)
    assert any("nested more than 64" in p for p in problems_of(d))


def test_an_integer_of_5000_digits_names_its_path():
    text = json.dumps({**xor_dict(), "seed": "@"}).replace('"@"', "7" * 5000)
    assert problems(text) == ["$.seed: a 5,000-digit number is too large; numbers in a graph "
                              "file have at most 30 digits"]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_nan_and_infinity_are_not_numbers_of_a_graph_file(constant):
    d = xor_dict()
    d["nodes"][1]["pos"] = ["@", 0]  # pos took NaN before, and save wrote it back
    text = json.dumps(d).replace('"@"', constant)
    (problem,) = problems(text)
    assert problem.startswith("$.nodes[1].pos[0]: ")
    assert "not a number in standard JSON" in problem or "too large to hold" in problem


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.graphlab.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(xor_dict()).encode("utf-8"))
    assert load(path).name == "xor"
    assert loads("\ufeff" + json.dumps(xor_dict())).name == "xor"


def test_bytes_that_are_not_utf8_say_where(tmp_path):
    path = tmp_path / "latin1.graphlab.json"
    path.write_bytes(json.dumps(xor_dict()).replace('"xor"', '"x\xe9"', 1).encode("latin-1"))
    with pytest.raises(LoadError) as info:
        load(path)
    (problem,) = info.value.problems
    assert problem.startswith("$: not UTF-8 text (byte 0xe9 at offset ")
    assert problem.endswith("line 1); save the file as UTF-8")


# ----- text --------------------------------------------------------------------------------

@pytest.mark.parametrize("where,char,expected", [
    (("nodes", 3, "label"), "\r", "$.nodes[3].label: contains a control character (U+000D); "
                                  "labels are one line of text"),
    (("name",), "\x85", "$.name: contains a control character (U+0085); names are one line "
                        "of text"),
    (("nodes", 0, "attrs", "name"), "\x1c", "$.nodes[0].attrs.name: contains a control "
                                            "character (U+001C); names are one line of text"),
    (("nodes", 2, "label"), "\u2028", "$.nodes[2].label: contains a control character "
                                      "(U+2028); labels are one line of text"),
    (("training", "dataset"), "\t", "$.training.dataset: contains a control character "
                                    "(U+0009); strings in a graph file are one line of text"),
    (("name",), "\u202e", "$.name: contains a control character (U+202E); names are one "
                          "line of text"),
])
def test_control_characters_are_refused_with_their_path(where, char, expected):
    d = xor_dict()
    box = d
    for step in where[:-1]:
        box = box[step]
    box[where[-1]] = f"a{char}b"
    assert problems_of(d) == [expected]


def test_control_characters_written_raw_are_refused_too():
    d = xor_dict()
    d["nodes"][2]["label"] = "a\u2028b\x85"
    assert problems(json.dumps(d, ensure_ascii=False)) == [
        "$.nodes[2].label: contains a control character (U+2028); labels are one line of text"]
    d["nodes"][2]["label"] = "a\\nb"  # a backslash and an n: text, not a line break
    assert loads(json.dumps(d)).node(d["nodes"][2]["id"]).label == "a\\nb"


def test_a_lone_surrogate_is_not_text():
    text = json.dumps(xor_dict()).replace('"name": "xor"', '"name": "\\ud800"')
    assert problems(text) == ["$.name: contains a lone surrogate (U+D800), which is not text; "
                              "write valid Unicode"]
    d = xor_dict()
    d["nodes"][0]["label"] = "\ud83d\ude00"  # a pair is one character: fine
    assert loads(json.dumps(d)).node("n1").label == "\U0001f600"


# ----- sizes and numbers --------------------------------------------------------------------

def test_sizes_of_10_to_the_400_are_refused():
    d = xor_dict()
    d["nodes"][1]["attrs"]["out_features"] = 10**400
    (problem,) = problems_of(d)
    assert problem.startswith("$.nodes[1].attrs.out_features: a 401-digit number is too large")
    d = xor_dict()
    d["nodes"][0]["attrs"]["shape"] = [-1, 2**40]
    # only the node's own problem: not 'dangling edge' for each of its wires
    assert problems_of(d) == ["$.nodes[0].attrs.shape: shape: every entry must be at most "
                              "2,147,483,647 in size, got 1099511627776"]
    d = xor_dict()
    d["nodes"][0]["attrs"]["shape"] = [-1] + [2**31 - 1] * 20_000  # 10**186,000 elements
    assert problems_of(d) == ["$.nodes[0].attrs.shape: shape: at most 32 entries, got 20,001"]
    d = xor_dict()
    d["nodes"][1]["attrs"]["out_features"] = 2**31
    assert problems_of(d) == ["$.nodes[1].attrs.out_features: out_features must be at most "
                              "2,147,483,647 in size, got 2147483648"]


def test_attribute_checks_take_any_number():
    eps = REGISTRY["LayerNorm"].attr("eps")
    assert check_attr(eps, 10**400) == (None, "eps must be a finite number")
    out = REGISTRY["Linear"].attr("out_features")
    assert check_attr(out, float("inf"))[1] == "out_features must be a whole number, got Infinity"


def test_sizes_of_any_magnitude_format():
    assert human_count(10**400) == "~1e+400"
    assert human_bytes(10**400) == "~1e+388 TiB"
    assert grouped(10**5000) == "~1e+5000"
    assert human_count(float("nan")) == "?"
    assert human_bytes(2**50) == "1.02e+03 TiB"
    assert grouped(1234567) == "1,234,567"


# ----- training settings -------------------------------------------------------------------

@pytest.mark.parametrize("optimizer,params,expected", [
    ("adam", {"eps": "abc"}, 'eps must be a finite number >= 0, got "abc"'),
    ("adam", {"eps": None}, "eps must be a finite number >= 0, got null"),
    ("adam", {"betas": [0.9]}, "betas must be two numbers from 0 up to (not including) 1, "
                               "e.g. [0.9, 0.999], got [0.9]"),
    ("sgd", {"momentum": "x"}, 'momentum must be a finite number >= 0, got "x"'),
    ("sgd", {"nesterov": 1}, "nesterov must be true or false, got 1"),
    ("rmsprop", {"alpha": -1}, "alpha must be a finite number >= 0, got -1"),
    ("adam", {"momentum": 0.9}, "optimizer adam has no parameter 'momentum'; its parameters "
                                "are betas, eps, weight_decay, amsgrad"),
])
def test_optimizer_parameters_are_checked_on_load(optimizer, params, expected):
    d = xor_dict()
    d["training"].update(optimizer=optimizer, optimizer_params=params)
    (key,) = params
    assert problems_of(d) == [f"$.training.optimizer_params.{key}: {expected}"]
    with pytest.raises(OptimizerError, match="must be|has no parameter"):
        resolve(optimizer, params)  # training and export refuse the same


@pytest.mark.parametrize("key,value,expected", [
    ("lr", 10**400, "$.training.lr: a 401-digit number is too large"),
    ("lr", "0.1", '$.training.lr: expected a finite number > 0, got "0.1"'),
    ("epochs", 2**31, "$.training.epochs: expected a whole number from 1 to 2,147,483,647, "
                      "got 2147483648"),
    ("batch_size", 1.5, "$.training.batch_size: expected a whole number from 1 to "
                        "2,147,483,647, got 1.5"),
])
def test_training_numbers_are_checked(key, value, expected):
    d = xor_dict()
    d["training"][key] = value
    (problem,) = problems_of(d)
    assert problem.startswith(expected)


def test_seeds_over_2_to_the_63_are_refused():
    d = xor_dict()
    d["seed"] = 2**64
    assert problems_of(d) == ["$.seed: expected a whole number from 0 to 9223372036854775807, "
                              "got 18446744073709551616"]
    d["seed"] = 2**63 - 1
    assert loads(json.dumps(d)).seed == 2**63 - 1


def test_another_optimizer_without_parameters_starts_from_its_defaults():
    d = xor_dict()
    d["training"] = {"optimizer": "sgd"}
    g = loads(json.dumps(d))
    assert resolve("sgd", g.training["optimizer_params"])["momentum"] == 0.0


# ----- special files -----------------------------------------------------------------------

def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.graphlab.json"
    os.mkfifo(fifo)
    text = json.dumps(xor_dict()).encode()

    def writer():  # the old loader read whatever came down the pipe (or waited forever)
        try:
            with open(fifo, "wb") as fh:
                fh.write(text)
        except BrokenPipeError:
            pass

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    with pytest.raises(LoadError) as info:
        load(fifo)
    assert info.value.problems == ["this is a named pipe (FIFO), not a regular file; a graph "
                                   "file is a plain .graphlab.json file"]
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader lets the writer finish
    thread.join()
    os.close(reader)


def test_a_device_and_a_file_over_256_mb_are_refused_unread(tmp_path):
    # /dev/zero (endless) is in tests/cli/test_hostile_files.py, under a memory limit
    with pytest.raises(LoadError, match="this is a device, not a regular file"):
        load("/dev/null")
    big = tmp_path / "big.graphlab.json"
    with open(big, "wb") as fh:
        fh.truncate(257 * 2**20)  # sparse: no disk used
    with pytest.raises(LoadError) as info:
        load(big)
    assert info.value.problems == ["the file is larger than 256 MB (graph files over that are "
                                   "refused; it has at least 269,484,032 bytes)"]


# ----- unknown keys and versions -----------------------------------------------------------

def test_unknown_keys_are_kept_saved_back_and_warned_about(tmp_path):
    d = xor_dict()
    d["made_by"] = {"tool": "other", "v": [1, 2]}
    d["nodes"][2]["colour"] = "#ff0000"
    d["edges"][1]["style"] = "dashed"
    d["training"]["scheduler"] = "cosine"
    g = loads(json.dumps(d))
    assert load_warnings(g) == [
        "$.made_by: not a key this graphlab knows; kept as it is and saved back",
        "$.training.scheduler: not a key this graphlab knows; kept as it is and saved back",
        "$.nodes[2].colour: not a key this graphlab knows; kept as it is and saved back",
        "$.edges[1].style: not a key this graphlab knows; kept as it is and saved back"]
    assert "scheduler" not in g.training  # training never sees what it does not know
    g.rename(d["nodes"][2]["id"], "renamed")
    save(g.copy(), tmp_path / "x.graphlab.json")
    again = json.loads((tmp_path / "x.graphlab.json").read_text(encoding="utf-8"))
    assert again["made_by"] == {"tool": "other", "v": [1, 2]}
    assert again["nodes"][2]["colour"] == "#ff0000"
    assert again["nodes"][2]["label"] == "renamed"
    assert again["edges"][1]["style"] == "dashed"
    assert again["training"]["scheduler"] == "cosine"
    # an unknown dataset or optimizer setting would change what is trained: still refused
    d = xor_dict()
    d["training"]["dataset"] = {"path": "d.csv", "sep": ";"}
    assert problems_of(d) == ["$.training.dataset.sep: unknown setting (path, target, task, "
                              "size and color are known)"]


# ----- saving ------------------------------------------------------------------------------

def test_save_follows_a_symlink_and_keeps_the_mode(tmp_path):
    real = tmp_path / "real" / "g.graphlab.json"
    real.parent.mkdir()
    real.write_text("{}", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.graphlab.json"
    link.symlink_to(real)
    save(graphlab.example("xor"), link)
    assert link.is_symlink() and load(link).name == "xor"
    assert load(real).name == "xor"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_a_new_file_gets_the_umask(tmp_path):
    old = os.umask(0o027)
    try:
        save(graphlab.example("xor"), tmp_path / "new.graphlab.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.graphlab.json").stat().st_mode) == 0o640


def test_temp_files_of_a_killed_save_are_cleaned_on_the_next_save(tmp_path):
    target = tmp_path / "g.graphlab.json"
    child = subprocess.Popen([sys.executable, "-c", (
        "import sys, graphlab\n"
        "from graphlab.graph.fileformat import save\n"
        "g = graphlab.example('digits_cnn'); print('go', flush=True)\n"
        "while True: save(g, sys.argv[1])\n"), str(target)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "go\n"
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    dead = f".g.graphlab.json.{child.pid}-0123abcd.tmp"  # in case the kill fell between saves
    (tmp_path / dead).write_text("half", encoding="utf-8")
    (tmp_path / ".g.graphlab.json.k2j4h6g8.tmp").write_text("old mkstemp", encoding="utf-8")
    alive = f".g.graphlab.json.{os.getppid()}-0123abcd.tmp"  # a save running elsewhere
    (tmp_path / alive).write_text("busy", encoding="utf-8")
    save(graphlab.example("xor"), target)
    assert sorted(os.listdir(tmp_path)) == sorted([alive, "g.graphlab.json"])


def test_save_never_writes_nan(tmp_path):
    target = tmp_path / "g.graphlab.json"
    g = graphlab.example("xor")
    save(g, target)
    g.set_meta(training={**g.training, "lr": float("nan")})
    with pytest.raises(SaveError, match=r"\$\.training\.lr: NaN is not a number|"
                                        r"\$\.training\.lr: a number too large"):
        save(g, target)
    assert load(target).training["lr"] == graphlab.example("xor").training["lr"]
    assert os.listdir(tmp_path) == ["g.graphlab.json"]


@pytest.mark.parametrize("change,expected", [
    (lambda g: g._g.nodes[g.find("hidden")].update(label="two\nlines"),
     "$.nodes[1].label: contains a control character (U+000A); labels are one line of text"),
    (lambda g: setattr(g, "seed", 2**64), "$.seed: expected a whole number from 0 to "),
    (lambda g: g.set_meta(training={**g.training, "optimizer_params": {"eps": "x"}}),
     '$.training.optimizer_params.eps: eps must be a finite number >= 0, got "x"'),
])
def test_save_refuses_what_load_would_refuse(tmp_path, change, expected):
    """A file graphlab writes always opens again: the old save wrote these, then the file
    could not be loaded. (The model refuses them too; the changes here go around it, as
    a bug might.)"""
    g = graphlab.example("xor")
    change(g)
    with pytest.raises(SaveError, match=re.escape(expected)):
        save(g, tmp_path / "g.graphlab.json")
    assert os.listdir(tmp_path) == []
