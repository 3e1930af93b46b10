"""Datasets: registry, preview, split/standardise, fitting to graphs, exported source."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from graphlab import example
from graphlab.graph import Graph
from graphlab.train.datasets import (
    DatasetError,
    DatasetMismatch,
    dataset_source,
    load_dataset,
    names,
    prepare,
    preview,
)


def test_registry_lists_every_kind_of_dataset():
    for name in ("xor", "moons", "circles", "spirals", "blobs", "sine", "seed_task", "digits",
                 "iris", "wine", "breast_cancer", "none"):
        assert name in names()


@pytest.mark.parametrize("name", ["xor", "moons", "circles", "spirals", "blobs", "sine",
                                  "seed_task", "digits", "iris", "wine", "breast_cancer"])
def test_every_dataset_loads_with_consistent_arrays(name):
    d = load_dataset(name, seed=3)
    assert d.x.dtype == np.float32 and len(d.x) == len(d.y)
    assert np.all(np.isfinite(d.x))
    if d.task == "classification":
        assert d.y.dtype == np.int64 and d.n_classes >= 2


def test_synthetic_sets_depend_on_the_seed_and_only_on_it():
    a, b, c = (load_dataset("moons", seed=s) for s in (1, 1, 2))
    np.testing.assert_array_equal(a.x, b.x)
    assert not np.array_equal(a.x, c.x)


def test_xor_is_the_four_points_repeated():
    d = load_dataset("xor", n_samples=8)
    assert d.x.shape == (8, 2)
    np.testing.assert_array_equal(d.y, (d.x[:, 0] != d.x[:, 1]).astype(np.int64))


def test_seed_task_is_a_balanced_binary_task():
    d = load_dataset("seed_task", seed=0)
    assert d.x.shape == (1000, 10)
    assert 0.3 < d.y.mean() < 0.7


def test_preview_shows_shape_counts_and_samples():
    p = preview("iris", n=2)
    assert p.sample_shape == (4,) and p.n_samples == 150
    assert p.class_counts == {0: 50, 1: 50, 2: 50}
    assert len(p.samples) == 2
    assert "150 samples" in str(p)
    assert p.to_dict()["class_counts"]["1"] == 50


def test_prepare_splits_standardises_on_train_and_shapes_targets():
    g = example("seed_mlp")
    p = prepare(g, "seed_task", val_fraction=0.25, standardize=True, seed=0)
    assert p.n_train == 750 and p.n_val == 250
    np.testing.assert_allclose(p.x_train.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(p.x_train.std(axis=0), 1, atol=1e-4)
    assert abs(p.x_val.mean()) > 1e-6  # scaled with the training statistics, not its own
    assert p.y_train.dtype == np.float32 and p.y_train.shape == (750, 1)  # BCE wants [N, 1]


def test_cross_entropy_graph_gets_int64_class_indices():
    p = prepare(example("digits_mlp"), "digits", val_fraction=0.2, seed=0)
    assert p.y_train.dtype == np.int64 and p.y_train.ndim == 1
    assert p.x_train.shape[1] == 64


def test_shape_mismatch_names_the_input_and_both_shapes():
    with pytest.raises(DatasetMismatch) as err:
        prepare(example("seed_mlp"), "wine")
    msg = str(err.value)
    assert 'Input "x": dataset wine gives samples of shape [13], the Input expects [10]' in msg


def test_too_many_classes_for_the_logits_is_reported_on_the_loss():
    with pytest.raises(DatasetMismatch, match='CrossEntropyLoss "loss".*10 classes.*2 columns'):
        g = example("residual")
        g.set_attr(g.find("x"), "shape", [-1, 64])
        g.set_attr(g.find("stem"), "in_features", 64)
        prepare(g, "digits")


def test_csv_with_wrong_number_of_columns_gives_the_mismatch(tmp_path):
    rng = np.random.default_rng(0)
    data = np.column_stack([rng.normal(size=(20, 12)), rng.integers(0, 2, 20)])
    path = tmp_path / "data.csv"
    header = ",".join([f"f{i}" for i in range(12)] + ["label"])
    np.savetxt(path, data, delimiter=",", header=header, comments="")
    with pytest.raises(DatasetMismatch) as err:
        prepare(example("seed_mlp"), str(path), target="label")
    assert ('Input "x": dataset data.csv gives samples of shape [12], the Input expects [10]'
            in str(err.value))


def test_csv_target_column_by_name_and_npz(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("label,a,b\n1,0.5,2\n0,1.5,3\n1,2.5,4\n")
    d = load_dataset(str(path), target="label")
    np.testing.assert_array_equal(d.y, [1, 0, 1])
    np.testing.assert_allclose(d.x, [[0.5, 2], [1.5, 3], [2.5, 4]])
    npz = tmp_path / "d.npz"
    np.savez(npz, x=np.ones((5, 3)), y=np.arange(5.0))
    d = load_dataset(str(npz))
    assert d.task == "regression" and d.x.shape == (5, 3)


def test_a_file_with_nan_or_inf_is_refused_naming_the_row_and_column(tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text("a,b,label\n0.1,0.2,0\n0.3,nan,1\n0.5,0.6,0\ninf,0.1,1\n")
    with pytest.raises(DatasetError) as err:
        load_dataset(str(path), target="label")
    assert ("gaps.csv: 2 sample(s) hold a value that is not a number (NaN or inf), the "
            "first at data row 2 (after the header), column 'b'") in str(err.value)
    npz = tmp_path / "gaps.npz"
    np.savez(npz, x=np.ones((4, 3)), y=np.array([0.0, 1.0, np.nan, 1.0]))
    with pytest.raises(DatasetError, match="the first at sample 2, the target"):
        load_dataset(str(npz))


def test_bad_files_and_names_give_messages_not_tracebacks(tmp_path):
    with pytest.raises(DatasetError, match="no dataset named 'mnist'"):
        load_dataset("mnist")
    with pytest.raises(DatasetError, match="does not exist"):
        load_dataset(str(tmp_path / "missing.csv"))
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b,c\n1,2,3\n4,5\n")
    with pytest.raises(DatasetError, match="line 3: 2 values"):
        load_dataset(str(bad))
    with pytest.raises(DatasetError, match="no column named 'z'"):
        load_dataset(str(bad), target="z")


def test_none_dataset_fits_a_graph_without_inputs_only():
    p = prepare(example("scalar_expr"), "none")
    assert p.x_train is None
    with pytest.raises(DatasetMismatch, match="choose a dataset"):
        prepare(example("xor"), "none")


def test_dataset_with_matching_size_is_reshaped_for_an_image_input():
    g = Graph("img")
    x = g.add_node("Input", {"name": "x", "shape": [-1, 1, 8, 8]}, "x")
    f = g.add_node("Flatten", {}, "flat")
    g.connect(x, "y", f, "x")
    p = prepare(g, "digits")
    assert p.x_train.shape[1:] == (1, 8, 8)
    assert p.binding.notes


@pytest.mark.parametrize("name,graph", [("digits", "digits_cnn"), ("seed_task", "seed_mlp"),
                                        ("moons", "residual")])
def test_dataset_source_rebuilds_the_same_arrays_without_graphlab(tmp_path, name, graph):
    g = example(graph)
    src = dataset_source(name, graph=g)
    assert "import graphlab" not in src and "from graphlab" not in src
    script = tmp_path / "data.py"
    script.write_text(src + "\nif __name__ == '__main__':\n    import sys\n"
                      "    np.savez(sys.argv[1], *load_data())\n")
    out = tmp_path / "out.npz"
    # -I isolates from the project: graphlab cannot be imported in the child
    subprocess.run([sys.executable, "-I", str(script), str(out)], check=True, cwd=tmp_path)
    p = prepare(g, name, val_fraction=g.training["val_fraction"],
                standardize=g.training["standardize"], seed=g.seed)
    with np.load(out) as f:
        for i, arr in enumerate((p.x_train, p.y_train, p.x_val, p.y_val)):
            np.testing.assert_array_equal(f[f"arr_{i}"], arr)
            assert f[f"arr_{i}"].dtype == arr.dtype


def test_dataset_source_for_a_csv_file_reads_the_same_file(tmp_path):
    rng = np.random.default_rng(2)
    path = tmp_path / "d.csv"
    np.savetxt(path, np.column_stack([rng.integers(0, 2, 40), rng.normal(size=(40, 10))]),
               delimiter=",", header="label," + ",".join(f"f{i}" for i in range(10)),
               comments="")
    g = example("seed_mlp")
    src = dataset_source(str(path), graph=g, target="label")
    ns: dict = {}
    exec(compile(src, "data.py", "exec"), ns)  # noqa: S102 - our own generated text
    p = prepare(g, str(path), g.training["val_fraction"], g.training["standardize"], g.seed,
                target="label")
    for got, want in zip(ns["load_data"](), (p.x_train, p.y_train, p.x_val, p.y_val),
                         strict=True):
        np.testing.assert_array_equal(got, want)
