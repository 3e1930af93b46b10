"""`graphlab train` as a user runs it: JSON metrics, trace lines, weights, exit codes."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from graphlab import example
from graphlab.cli import main
from graphlab.graph.fileformat import save
from tests.train.test_faults import overflow_graph


def test_json_prints_final_metrics(capsys):
    assert main(["train", "xor", "--json", "--epochs", "50"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["status"] == "finished" and d["steps"] == 50 and d["backend"] == "torch"
    assert 0 <= d["train_accuracy"] <= 1


def test_trace_and_weights_then_continue_in_tf(tmp_path, capsys):
    trace, weights = tmp_path / "t.jsonl", tmp_path / "w.npz"
    assert main(["train", "digits_mlp", "--epochs", "1", "--probe-every", "5", "--trace",
                 str(trace), "--save-weights", str(weights)]) == 0
    lines = [json.loads(x) for x in trace.read_text().splitlines()]
    assert [f["step"] for f in lines] == [1, 6, 11, 16, 21]
    assert lines[0]["nodes"]["n2"]["value"]["count"] == 64 * 128  # fc1 output, batch 64
    assert "fc1.weight" in lines[0]["params"]
    out = capsys.readouterr().out
    assert "digits_mlp: finished after 1 epoch(s)" in out and "validation loss" in out
    with np.load(weights) as f:
        assert f["fc1.weight"].shape == (128, 64)
    assert main(["train", "digits_mlp", "--backend", "tf", "--init-weights", str(weights),
                 "--epochs", "1", "--json"]) == 0
    continued = json.loads(capsys.readouterr().out)
    assert main(["train", "digits_mlp", "--backend", "tf", "--epochs", "1", "--json"]) == 0
    scratch = json.loads(capsys.readouterr().out)
    # continued from the torch epoch, not from scratch
    assert continued["train_loss"] < 0.7 * scratch["train_loss"]


def test_mismatch_is_exit_2_and_fault_is_exit_1(tmp_path, capsys):
    assert main(["train", "seed_mlp", "--dataset", "wine"]) == 2
    assert 'Input "x": dataset wine gives samples of shape [13]' in capsys.readouterr().err
    path = tmp_path / "overflow.graphlab.json"
    save(overflow_graph(), path)
    assert main(["train", str(path), "--json"]) == 1
    d = json.loads(capsys.readouterr().out)
    assert d["status"] == "failed" and 'Exp "boom"' in d["message"]
    assert main(["train", "digits_cnn", "--memory-limit-mb", "1", "--epochs", "1"]) == 2
    assert "the model needs about 1.9 MiB" in capsys.readouterr().err


def test_bad_option_values_are_messages(capsys):
    assert main(["train", "xor", "--optimizer", "lbfgs"]) == 2
    assert "choose one of sgd, adam, adamw, rmsprop" in capsys.readouterr().err
    assert main(["train", "no_such_graph.json"]) == 2
    for option, value, says in (("--lr", "inf", "lr inf: expected a finite number > 0"),
                                ("--max-steps", "0", "max_steps must be at least 1"),
                                ("--memory-limit-mb", "-1", "memory_limit_mb must be positive")):
        capsys.readouterr()
        assert main(["train", "xor", option, value]) == 2, option
        err = capsys.readouterr().err
        assert says in err and "Traceback" not in err, option
    with pytest.raises(SystemExit) as exit_:  # argparse refuses it, as any malformed option
        main(["train", "xor", "--seed", "-5"])
    assert exit_.value.code == 2 and "a seed is a whole number" in capsys.readouterr().err


def test_a_run_that_fails_before_its_first_step_prints_only_the_reason(tmp_path, capsys):
    weights = tmp_path / "mlp.npz"
    assert main(["train", "digits_mlp", "--max-steps", "1", "--save-weights", str(weights)]) == 0
    capsys.readouterr()
    assert main(["train", "digits_cnn", "--init-weights", str(weights), "--epochs", "1"]) == 1
    out = capsys.readouterr()
    assert out.out == ""  # no "failed after 0 epoch(s), 0 steps" summary
    assert out.err.startswith(f"graphlab: the weights in {weights} do not fit this graph")


def test_weights_files_that_cannot_work_are_refused_with_reasons(tmp_path, capsys):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    # checked before training, so a typo does not cost the trained weights at the end
    assert main(["train", "xor", "--save-weights", str(blocker / "w.npz")]) == 2
    out = capsys.readouterr()
    assert out.out == "" and f"{blocker} is not a folder" in out.err
    assert main(["train", "xor", "--init-weights", str(tmp_path / "none.npz")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["train", "xor", "--init-weights", str(blocker)]) == 1
    assert "it is not an .npz file" in capsys.readouterr().err
    other = tmp_path / "digits.npz"
    np.savez(other, **{"fc1.weight": np.zeros((128, 64), np.float32)})
    assert main(["train", "xor", "--init-weights", str(other)]) == 1
    err = capsys.readouterr().err
    assert "do not fit this graph: it lacks hidden.weight" in err and "Traceback" not in err
    pickled = tmp_path / "objects.npz"
    np.savez(pickled, **{"hidden.weight": np.array([{"a": 1}], dtype=object)})
    assert main(["train", "xor", "--init-weights", str(pickled)]) == 1
    err = capsys.readouterr().err
    assert "holds Python objects" in err and "pickle" not in err and "Traceback" not in err


def test_a_file_whose_dataset_is_a_csv_with_its_target_column(tmp_path, capsys):
    """training.dataset as {"path", "target"}: train and export-with-training use the file
    and that column; --dataset on the command line replaces both."""
    import graphlab

    rng = np.random.default_rng(1)
    x = rng.normal(size=(40, 2))
    data = tmp_path / "d.csv"
    data.write_text("y,a,b\n" + "".join(f"{int(a > b)},{a},{b}\n" for a, b in x))
    g = graphlab.example("xor")
    g.set_meta(training={**g.training, "dataset": {"path": str(data), "target": "y"}})
    path = save(g, tmp_path / "mine.graphlab.json")
    assert main(["train", str(path), "--epochs", "2", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["status"] == "finished" and d["dataset"] == str(data)
    assert main(["train", str(path), "--epochs", "1", "--dataset", "xor", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["dataset"] == "xor"


def test_a_relative_data_path_is_read_next_to_the_graph_file(tmp_path, capsys, monkeypatch):
    """A project folder holding a graph and its data.csv trains from any working folder."""
    import graphlab

    project = tmp_path / "project"
    project.mkdir()
    rng = np.random.default_rng(2)
    (project / "data.csv").write_text(
        "a,b,y\n" + "".join(f"{a},{b},{int(a > b)}\n" for a, b in rng.normal(size=(30, 2))))
    g = graphlab.example("xor")
    g.set_meta(training={**g.training, "dataset": "data.csv"})
    path = save(g, project / "mine.graphlab.json")
    monkeypatch.chdir(tmp_path)  # not the project folder
    assert main(["train", str(path), "--epochs", "1", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["status"] == "finished" and d["dataset"] == str(project / "data.csv")


def test_outputs_never_overwrite_what_the_command_reads(tmp_path, capsys):
    """export -o, --trace and --save-weights naming the graph (by any spelling: ./, a
    symlink, a hard link), the dataset or --init-weights file are refused; nothing is
    written."""
    graph = save(example("xor"), tmp_path / "g.graphlab.json")
    before = graph.read_bytes()
    (tmp_path / "link.json").symlink_to(graph)
    os.link(graph, tmp_path / "hard.json")
    data = tmp_path / "d.csv"
    data.write_text("a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n")
    weights = tmp_path / "w.npz"
    np.savez(weights, placeholder=np.zeros(1))
    for argv, says in (
            (["export", str(graph), "-o", str(tmp_path / "." / "g.graphlab.json")],
             "is the graph file being exported"),
            (["export", str(graph), "--backend", "tf", "-o", str(tmp_path / "link.json")],
             "is the graph file being exported"),
            (["train", str(graph), "--trace", str(tmp_path / "hard.json")],
             "--trace " + str(tmp_path / "hard.json") + " is the graph file this run reads"),
            (["train", str(graph), "--save-weights", str(graph)],
             "is the graph file this run reads"),
            (["train", str(graph), "--dataset", str(data), "--save-weights", str(data)],
             "is the dataset file this run reads"),
            (["train", str(graph), "--init-weights", str(weights), "--trace", str(weights)],
             "is the --init-weights file this run reads"),
            (["train", str(graph), "--trace", str(tmp_path / "o"), "--save-weights",
              str(tmp_path / "o")], "--trace and --save-weights both name")):
        capsys.readouterr()
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert says in err and ("choose another path" in err or "different paths" in err), err
    assert graph.read_bytes() == before and data.read_text().startswith("a,b,y\n")
    with np.load(weights) as f:
        assert f.files == ["placeholder"]
    assert not (tmp_path / "o").exists()


def test_every_file_setting_has_a_flag_and_the_flags_take_effect(capsys):
    """The flags come from the one settings table, so none is missing (--val-fraction
    and --standardize were)."""
    from graphlab.cli import build_parser
    from graphlab.graph.training_settings import SETTINGS

    for s in SETTINGS:
        if s.kind == "params":
            continue
        given = [s.flag] if s.kind == "bool" else [s.flag, str(s.default)]
        args = build_parser().parse_args(["train", "xor", *given])
        assert getattr(args, s.name) == s.default, s.name
    assert build_parser().parse_args(["train", "xor", "--no-standardize"]).standardize is False
    assert main(["train", "xor", "--epochs", "1", "--val-fraction", "0.5", "--json"]) == 0
    half = json.loads(capsys.readouterr().out)
    assert main(["train", "xor", "--epochs", "1", "--val-fraction", "0", "--json"]) == 0
    none = json.loads(capsys.readouterr().out)
    assert half["val_loss"] is not None and none.get("val_loss") is None
    assert main(["train", "xor", "--val-fraction", "1.5"]) == 2
    assert "val_fraction 1.5: expected a number from 0 up to" in capsys.readouterr().err
