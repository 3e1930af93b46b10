"""Broken or hostile dataset files, as a user hands them to `graphlab train`: each one is
a message and exit 2 (the app shows the same message), never a traceback, a hang, an
allocation the size of a disk, or advice to load pickles."""

from __future__ import annotations

import io
import os
import pickle
import re
import zipfile

import numpy as np
import pytest

from graphlab import example
from graphlab.cli import main
from graphlab.graph.fileformat import save
from graphlab.train.session import TrainingError, TrainingSession


def train(capsys, dataset, *extra) -> str:
    """stderr of `graphlab train digits_mlp --dataset DATASET`, which must exit 2."""
    capsys.readouterr()
    code = main(["train", "digits_mlp", "--dataset", str(dataset), "--epochs", "1", *extra])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err and "pickle" not in err.lower()
    assert err.startswith("graphlab: ") and err.count("\n") == 1, err
    return err


def good_npz(path, n=20, x=None, y=None):
    rng = np.random.default_rng(0)
    np.savez(path, x=rng.random((n, 64), dtype=np.float32) if x is None else x,
             y=rng.integers(0, 10, n) if y is None else y)
    return path


def test_a_csv_with_only_a_header_row(tmp_path, capsys):
    path = tmp_path / "header.csv"
    path.write_text("a,b,label\n\n")
    assert "header.csv has a header row but no data rows" in train(capsys, path)


def test_a_csv_whose_target_column_is_missing(tmp_path, capsys):
    # (the old loader already said this well; kept so it stays so)
    path = tmp_path / "d.csv"
    path.write_text("a,b,c\n1,2,3\n4,5,6\n")
    assert "no column named 'label'; the columns are a, b, c" in train(
        capsys, path, "--target", "label")


def test_a_target_column_that_is_not_a_name_or_index(tmp_path):
    # a graph file's {"path", "target"} reaches the loader (the file format also checks it)
    path = tmp_path / "d.csv"
    path.write_text("a,b,c\n1,2,0\n4,5,1\n")
    with pytest.raises(TrainingError, match="the target column is a name or a whole number"):
        TrainingSession(example("digits_mlp"), dataset=str(path),
                        dataset_opts={"target": 1.5}).prepare()


def test_a_truncated_npz(tmp_path, capsys):
    data = good_npz(tmp_path / "good.npz").read_bytes()
    cut = tmp_path / "cut.npz"
    cut.write_bytes(data[: len(data) // 2])
    assert "cut.npz is not an .npz archive (it may be cut short" in train(capsys, cut)


def test_an_npz_with_a_damaged_array(tmp_path, capsys):
    path = good_npz(tmp_path / "bad.npz", x=np.full((20, 64), 7.0, np.float32))
    data = bytearray(path.read_bytes())
    at = data.index(np.full(16, 7.0, np.float32).tobytes())  # x's data (stored as is)
    data[at:at + 64] = b"\xff" * 64  # the CRC no longer matches
    path.write_bytes(bytes(data))
    assert "bad.npz could not be read (it may be damaged or cut short)" in train(capsys, path)


@pytest.mark.parametrize("content", [b"x,y\n1,2\n", pickle.dumps({"x": [1, 2], "y": [0, 1]})],
                         ids=["text", "pickle"])
def test_a_file_that_is_not_an_npz_never_suggests_allow_pickle(tmp_path, capsys, content):
    path = tmp_path / "data.npz"
    path.write_bytes(content)
    assert "data.npz is not an .npz archive" in train(capsys, path)


def test_object_arrays_are_refused_without_loading_them(tmp_path, capsys):
    path = tmp_path / "obj.npz"
    np.savez(path, x=np.array([[1, "a"]] * 10, dtype=object), y=np.zeros(10, np.int64))
    assert "array 'x' holds Python objects (dtype object), not plain numbers" in train(
        capsys, path)


@pytest.mark.parametrize(("x", "y", "says"), [
    (np.zeros((0, 64), np.float32), np.zeros(0, np.int64), "array 'x' holds no samples"),
    (np.float32(1.0), np.int64(1), "array 'x' is a single number"),
    (np.zeros((10, 64), np.float32), np.int64(3), "array 'y' is a single number"),
    (np.zeros((10, 64), np.float32), np.zeros(7, np.int64),
     "x has 10 samples but y has 7; they need one row each per sample"),
    (np.zeros((10, 64), np.complex64), np.zeros(10, np.int64), "array 'x' holds complex"),
    (np.zeros((10, 64), np.float32), -np.ones(10, np.int64), "negative class indices"),
    (np.zeros((10, 0), np.float32), np.zeros(10, np.int64), "its samples hold no values"),
], ids=["empty", "scalar-x", "scalar-y", "lengths", "complex", "negative-labels", "no-features"])
def test_arrays_that_cannot_be_training_data(tmp_path, capsys, x, y, says):
    path = tmp_path / "d.npz"
    np.savez(path, x=x, y=y)
    assert says in train(capsys, path)


def test_samples_with_the_wrong_number_of_dimensions_for_the_input(tmp_path, capsys):
    # [3, 5] samples for a [64] Input: the old binding already named both shapes
    err = train(capsys, good_npz(tmp_path / "a.npz", x=np.zeros((20, 3, 5), np.float32)))
    assert 'Input "image": dataset a.npz gives samples of shape [3, 5], the Input expects ' \
           "[64]" in err
    # x of shape [N]: one number per sample, which the old message showed as "shape []"
    err = train(capsys, good_npz(tmp_path / "b.npz", x=np.zeros(20, np.float32)))
    assert "gives one number per sample (its x has shape [20]), the Input expects samples " \
           "of shape [64]" in err


def test_an_npz_declaring_huge_arrays_is_refused_from_its_header(tmp_path, capsys):
    path = tmp_path / "bomb.npz"
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f8", "fortran_order": False, "shape": (10**6, 10**5)})
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("x.npy", b"\x93NUMPY\x01\x00" + header.getvalue()[8:])
        buf = io.BytesIO()
        np.save(buf, np.zeros(10**6, np.int64))
        zf.writestr("y.npy", buf.getvalue())
    err = train(capsys, path)
    assert re.search(r"bomb.npz: its arrays would take about [\d.]+ [GT]iB in memory", err)


@pytest.mark.parametrize("kind", ["folder", "fifo", "device-link", "device"])
def test_a_data_path_that_is_not_a_regular_file(tmp_path, capsys, kind):
    path = tmp_path / "data.npz"
    if kind == "folder":
        path.mkdir()
        says = "is a folder"
    elif kind == "fifo":
        os.mkfifo(path)
        says = "is a named pipe (FIFO)"
    elif kind == "device-link":
        path.symlink_to("/dev/zero")
        says = "is a device"
    else:
        path, says = "/dev/zero", "dataset path /dev/zero is a device"
    assert says in train(capsys, path)


def test_a_data_file_over_the_size_cap_is_not_read(tmp_path, capsys):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as fh:  # sparse: 3 GiB of nothing on disk
        fh.truncate(3 << 30)
    assert "huge.csv is 3.0 GiB; graphlab reads dataset files up to 1.0 GiB" in train(
        capsys, path)


def test_the_app_gets_the_same_message_from_the_session(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("a,b,label\n")
    with pytest.raises(TrainingError, match="has a header row but no data rows"):
        TrainingSession(example("digits_mlp"), dataset=str(path)).prepare()


def test_graphlab_datasets_previews_refuse_the_same_files(tmp_path, capsys):
    path = tmp_path / "cut.npz"
    path.write_bytes(good_npz(tmp_path / "good.npz").read_bytes()[:100])
    assert main(["datasets", str(path)]) == 2
    err = capsys.readouterr().err
    assert "cut.npz is not an .npz archive" in err and "Traceback" not in err


def test_a_graph_files_data_path_that_is_a_pipe_beside_it(tmp_path, capsys, monkeypatch):
    project = tmp_path / "project"
    project.mkdir()
    os.mkfifo(project / "data.csv")
    g = example("xor")
    g.set_meta(training={**g.training, "dataset": "data.csv"})
    save(g, project / "g.graphlab.json")
    monkeypatch.chdir(tmp_path)  # the path is read from the graph's folder, not from here
    assert main(["train", str(project / "g.graphlab.json")]) == 2
    err = capsys.readouterr().err
    assert f"dataset path {project / 'data.csv'} is a named pipe (FIFO)" in err


def test_a_csv_whose_first_line_never_ends(tmp_path, capsys):
    path = tmp_path / "one_line.csv"
    path.write_text("1," * (1 << 20))
    assert "its first line is longer than 1,048,576 characters" in train(capsys, path)
