"""A folder of images, one subfolder per class, as a dataset: real PNG/JPEG/GIF files written
with Pillow, loaded, refused when unusable, trained on with `graphlab train`, and rebuilt
by an exported file where graphlab cannot be imported."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from graphlab.cli import main
from graphlab.compile.export import python_source
from graphlab.graph import Graph
from graphlab.graph.fileformat import load, save
from graphlab.train.datasets import DatasetError, DatasetMismatch, load_dataset, prepare, preview
from graphlab.train.datasets.image_folder import image_files, read_image
from graphlab.train.datasets.source import dataset_source
from tests.compile.test_export import run_without_graphlab

CLASSES = {"cat": (12, 10), "dog": (40, 30), "owl": (28, 28)}  # (width, height) of each


def make_folder(root: Path, per_class: int = 4) -> Path:
    """Three classes told apart by brightness (dark, mid, bright), with some noise, each
    class at its own size and a different file type."""
    rng = np.random.default_rng(0)
    for k, (name, (w, h)) in enumerate(CLASSES.items()):
        (root / name).mkdir(parents=True)
        for i in range(per_class):
            level = 40 + 80 * k
            px = np.clip(level + rng.integers(-20, 20, (h, w)), 0, 255).astype(np.uint8)
            suffix = (".png", ".jpg", ".gif")[k] if i else ".png"
            Image.fromarray(px).save(root / name / f"{i}{suffix}")
    return root


def _grey(path: Path, value: int, size=(20, 20), mode="L") -> None:
    Image.new(mode, size, value).save(path)


def test_loads_sorted_classes_as_nchw_floats_in_0_1(tmp_path):
    root = make_folder(tmp_path / "imgs")
    d = load_dataset(str(root) + "/")
    assert d.x.shape == (12, 1, 28, 28) and d.x.dtype == np.float32
    assert d.y.tolist() == [0] * 4 + [1] * 4 + [2] * 4 and d.y.dtype == np.int64
    assert d.class_names == ("cat", "dog", "owl") and d.n_classes == 3
    assert 0.0 <= d.x.min() and d.x.max() <= 1.0
    means = [d.x[d.y == k].mean() * 255 for k in range(3)]
    assert means == pytest.approx([40, 120, 200], abs=6)  # the classes' brightness
    # a constant picture stays that constant through the resize
    _grey(root / "cat" / "0.png", 51, size=(7, 90))
    assert np.allclose(load_dataset(str(root)).x[0], 51 / 255)


def test_size_and_color_options_give_rgb_channels_and_any_height_width(tmp_path):
    root = tmp_path / "rgb"
    for name, colour in (("red", (255, 0, 0)), ("blue", (0, 0, 255))):
        (root / name).mkdir(parents=True)
        Image.new("RGB", (33, 17), colour).save(root / name / "a.png")
        Image.new("RGBA", (5, 5), (*colour, 128)).save(root / name / "b.png")
    d = load_dataset(str(root), size=[8, 16], color="rgb")
    assert d.x.shape == (4, 3, 8, 16)
    assert d.class_names == ("blue", "red")  # sorted
    assert np.allclose(d.x[0], np.array([0, 0, 1])[:, None, None])  # blue: channel 2 only
    assert np.allclose(d.x[3], np.array([1, 0, 0])[:, None, None])
    grey = load_dataset(str(root), size=4)  # grey by Pillow's L: 299/1000 R + 114/1000 B
    assert grey.x.shape == (4, 1, 4, 4)
    assert np.allclose(grey.x[0], 29 / 255) and np.allclose(grey.x[2], 76 / 255)
    Image.fromarray(np.full((6, 9), 40000, np.uint16)).save(root / "red" / "c.png")  # 16 bits
    deep = load_dataset(str(root), size=4)
    assert np.allclose(deep.x[4], 40000 / 65535) and deep.x.max() <= 1.0  # not clipped to 1


def _one_class(root):
    (root / "only").mkdir(parents=True)
    _grey(root / "only" / "a.png", 9)


def _empty_class(root):
    make_folder(root, 1)
    (root / "zebra").mkdir()


def _text_png(root):
    make_folder(root, 1)
    (root / "dog" / "notes.png").write_text("not a picture at all\n")


def _link_out(root):
    make_folder(root, 1)
    outside = root.parent / "secret.png"
    _grey(outside, 3)
    os.symlink(outside, root / "owl" / "x.png")


def _truncated(root):
    make_folder(root, 1)
    data = (root / "cat" / "0.png").read_bytes()
    (root / "cat" / "0.png").write_bytes(data[:len(data) // 2])


def _loose_image(root):
    make_folder(root, 1)
    _grey(root / "stray.png", 1)


def _nested(root):
    make_folder(root, 1)
    (root / "dog" / "puppies").mkdir()


def _not_an_image(root):
    make_folder(root, 1)
    (root / "owl" / "labels.csv").write_text("a,b\n")


def _fifo(root):
    make_folder(root, 1)
    os.mkfifo(root / "cat" / "pipe.png")


@pytest.mark.parametrize("build, message", [
    (_one_class, r"imgs has 1 class subfolder\(s\); classification needs at least 2"),
    (_empty_class, r"imgs: class folder zebra holds no images"),
    (_text_png, r"dog/notes.png is not a PNG, JPEG, BMP or GIF image"),
    (_link_out, r"owl/x.png links to outside the image folder"),
    (_truncated, r"cat/0.png cannot be read as an image \(it may be damaged or cut short\)"),
    (_loose_image, r"imgs: stray.png is not in a class subfolder"),
    (_nested, r"imgs: dog/puppies is a folder"),
    (_not_an_image, r"imgs: owl/labels.csv is not a .png, .jpg, .jpeg, .bmp, .gif image"),
    (_fifo, r"cat/pipe.png is not a regular file"),
], ids=["one-class", "empty-class", "text-named-png", "symlink-out", "truncated",
        "loose-image", "nested-folder", "csv-in-class", "fifo"])
def test_unusable_folders_are_refused_naming_the_folder_or_file(tmp_path, build, message):
    root = tmp_path / "imgs"
    build(root)
    with pytest.raises(DatasetError, match=message):
        load_dataset(str(root) + "/")


def test_a_link_inside_the_folder_is_read_like_the_file(tmp_path):
    root = make_folder(tmp_path / "imgs", 2)
    os.symlink(root / "cat" / "0.png", root / "dog" / "z.png")
    d = load_dataset(str(root))
    assert d.y.tolist() == [0, 0, 1, 1, 1, 2, 2] and np.array_equal(d.x[0], d.x[4])


def test_bad_options_and_a_missing_folder_are_named(tmp_path):
    root = make_folder(tmp_path / "imgs", 1)
    for opts, message in (({"size": 0}, "size must be a whole number from 1 to 1024"),
                          ({"size": [8, 8, 8]}, "size must be"),
                          ({"size": True}, "size must be"),
                          ({"color": "blue"}, "color must be grey or rgb, not 'blue'"),
                          ({"target": "y"}, "takes the options size and color, not target")):
        with pytest.raises(DatasetError, match=message):
            load_dataset(str(root), **opts)
    with pytest.raises(DatasetError, match="image folder .*/nope does not exist; give a folder"):
        load_dataset(str(tmp_path / "nope") + "/")
    with pytest.raises(DatasetError, match="size and color are options of an image folder"):
        load_dataset("digits", size=8)


def test_caps_on_pixels_and_file_count_refuse_before_decoding(tmp_path):
    root = make_folder(tmp_path / "imgs", 3)
    with pytest.raises(ValueError, match="more than 5 images"):
        image_files(str(root), max_images=5)
    big = root / "dog" / "0.png"
    with pytest.raises(ValueError, match=r"dog/0.png has more than 1,000 pixels"):
        read_image(str(big), (8, 8), "grey", "imgs/dog/0.png", max_pixels=1000)
    assert Image.MAX_IMAGE_PIXELS == 1000  # Pillow's own bomb guard set to the same cap
    with pytest.raises(ValueError, match=r"0.png is 1,\d{3} bytes; graphlab reads images up"):
        read_image(str(big), (8, 8), "grey", "0.png", max_bytes=1000)
    read_image(str(big), (8, 8), "grey")
    link = tmp_path / "link.png"  # a resolved path that became a link is not followed
    link.symlink_to(big)
    with pytest.raises(ValueError, match=r"link.png cannot be read: Too many levels"):
        read_image(str(link), (8, 8), "grey")
    assert Image.MAX_IMAGE_PIXELS == 40_000_000


def test_preview_lists_classes_by_name_without_reading_every_image(tmp_path):
    root = make_folder(tmp_path / "imgs")
    (root / "owl" / "3.gif").write_bytes(b"damaged")  # the preview reads each class's first
    p = preview(str(root) + "/", n=3)
    assert (p.n_samples, p.sample_shape, p.class_names) == (12, (1, 28, 28),
                                                            ("cat", "dog", "owl"))
    assert p.class_counts == {0: 4, 1: 4, 2: 4} and [y for _, y in p.samples] == [0, 1, 2]
    assert "classes: 0 cat: 4, 1 dog: 4, 2 owl: 4" in str(p)


def _graph(dataset, shape=(1, 8, 8)) -> Graph:
    g = Graph(name="folder_mlp", seed=0, training={
        "dataset": dataset, "batch_size": 4, "lr": 0.05, "optimizer": "adam", "epochs": 2,
        "val_fraction": 0.25})
    x = g.add_node("Input", {"name": "x", "shape": [-1, *shape]}, "x")
    flat = g.add_node("Flatten", {}, "flat")
    fc = g.add_node("Linear", {"out_features": 3}, "fc")
    label = g.add_node("Input", {"name": "label", "shape": [-1], "dtype": "int64",
                                 "role": "target"}, "label")
    loss = g.add_node("CrossEntropyLoss", {}, "loss")
    out = g.add_node("Output", {"name": "logits"}, "logits")
    g.connect(x, "y", flat, "x")
    g.connect(flat, "y", fc, "x")
    g.connect(fc, "y", loss, "logits")
    g.connect(fc, "y", out, "x")
    g.connect(label, "y", loss, "target")
    return g


def test_graphlab_check_and_train_read_a_folder_beside_the_graph(tmp_path, capsys):
    pytest.importorskip("torch")
    make_folder(tmp_path / "imgs")
    path = save(_graph({"path": "imgs/", "size": 8}), tmp_path / "g.graphlab.json")
    assert main(["check", str(path)]) == 0
    capsys.readouterr()
    trace = tmp_path / "t.jsonl"
    assert main(["train", str(path), "--backend", "torch", "--max-steps", "12", "--json",
                 "--probe-every", "1000", "--trace", str(trace)]) == 0
    result = json.loads(capsys.readouterr().out)
    first = json.loads(trace.read_text().splitlines()[0])
    assert result["status"] == "finished" and result["steps"] == 6  # 9 samples, 2 epochs
    assert result["val_loss"] < first["loss"]
    # the exported file reads the folder itself and trains to the same numbers
    (tmp_path / "exported.py").write_text(python_source(load(path), "torch", True))
    proc = run_without_graphlab(tmp_path, EXPORTED_DRIVER)
    assert proc.returncode == 0, proc.stderr[-2000:]
    last = proc.stdout.strip().splitlines()[-1].split()
    assert last[:2] == ["epoch", "2/2"]
    assert float(last[last.index("val_loss") + 1]) == pytest.approx(result["val_loss"],
                                                                   abs=1e-4)


EXPORTED_DRIVER = """import runpy, sys
try:
    import graphlab  # noqa: F401
    sys.exit("graphlab is importable here; the test would prove nothing")
except ImportError:
    pass
sys.argv = ["exported.py", "--epochs", "2"]
runpy.run_path("exported.py", run_name="__main__")
"""


def test_the_cli_refuses_an_unusable_folder_with_exit_2(tmp_path, capsys):
    _empty_class(tmp_path / "imgs")
    path = save(_graph("imgs/"), tmp_path / "g.graphlab.json")
    for command in (["check", str(path)], ["train", str(path), "--max-steps", "1"]):
        assert main(command) == (1 if command[0] == "check" else 2)  # check: 1, a problem
        out, err = capsys.readouterr()
        assert "class folder zebra holds no images" in out + err and "Traceback" not in err


def test_an_input_of_other_channels_is_told_the_options_to_set(tmp_path):
    root = make_folder(tmp_path / "imgs", 1)
    with pytest.raises(DatasetMismatch, match=r'"size": \[8, 8\], "color": "rgb"'):
        prepare(_graph(str(root), shape=(3, 8, 8)), str(root))


def test_the_exported_data_functions_read_the_folder_alike_without_graphlab(tmp_path):
    make_folder(tmp_path / "imgs")
    (tmp_path / "imgs" / "owl" / "9.jpeg").write_bytes(
        (tmp_path / "imgs" / "owl" / "1.gif").read_bytes())  # a GIF named .jpeg reads too
    g = _graph({"path": "imgs/", "size": 8}, shape=(64,))
    g.folder = tmp_path
    src = dataset_source(str(tmp_path / "imgs") + "/", graph=g, size=8)
    assert "needs only numpy and pillow" in src and "graphlab" not in src.split('"""')[2]
    (tmp_path / "data.py").write_text(src)
    driver = ("import sys\ntry:\n    import graphlab\n    sys.exit('graphlab importable')\n"
              "except ImportError:\n    pass\nimport numpy as np\nfrom data import load_data\n"
              "np.savez('out.npz', *load_data())\n")
    proc = run_without_graphlab(tmp_path, driver)
    assert proc.returncode == 0, proc.stderr[-2000:]
    p = prepare(g, str(tmp_path / "imgs"), g.training["val_fraction"], True, g.seed, size=8)
    with np.load(tmp_path / "out.npz") as f:
        for i, arr in enumerate((p.x_train, p.y_train, p.x_val, p.y_val)):
            np.testing.assert_array_equal(f[f"arr_{i}"], arr)
            assert f[f"arr_{i}"].dtype == arr.dtype
    assert p.x_train.shape == (10, 64)


def test_a_hostile_folder_name_reaches_the_export_only_as_a_string_literal(tmp_path):
    import ast

    root = make_folder(tmp_path / 'im"g\'s\n"""\rx = 1 #', 1)
    src = dataset_source(str(root) + "/")
    tree = ast.parse(src)
    assert all(isinstance(n, ast.FunctionDef) for n in tree.body[2:])  # doc, import, defs
    call = next(n.value for f in tree.body if getattr(f, "name", "") == "load_data"
                for n in f.body if isinstance(n, ast.Assign))
    assert ast.literal_eval(call.keywords[0].value) == str(root) + "/"
