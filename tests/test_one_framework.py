"""graphlab with only one framework installed: the other is refused with a clear message
and greyed out in the editor, and everything else keeps working.

Each test runs a fresh interpreter whose only site-packages is a folder of links to this
environment's packages minus the hidden framework, so `import tensorflow` (or `torch`)
really fails there, exactly as on a machine without it.
"""

import json
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HIDE = {"tf": ("tensorflow", "keras", "tf_keras", "tensorboard"), "torch": ("torch",)}


def site_without(tmp_path: Path, backend: str) -> Path:
    site = tmp_path / f"site_without_{backend}"
    site.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.lower().startswith(HIDE[backend]):
            (site / entry.name).symlink_to(entry)
    return site


def run_without(tmp_path, backend, code, *args):
    site = site_without(tmp_path, backend)
    env = {"PYTHONPATH": f"{site}:{ROOT}", "QT_QPA_PLATFORM": "offscreen",
           "TF_CPP_MIN_LOG_LEVEL": "3", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-S", "-c", code, *args], capture_output=True,
                          text=True, timeout=180, env=env, cwd=tmp_path)


COMPILE = """
import json, sys, graphlab
from graphlab.frameworks import FrameworkMissing, installed_backends
g = graphlab.example("xor")
out = {"installed": installed_backends()}
for backend in ("torch", "tf"):
    try:
        c = graphlab.build(g, backend)
        out[backend] = "ok" if c.model is not None else "no model"
    except FrameworkMissing as err:
        out[backend] = str(err)
print(json.dumps(out))
"""


@pytest.mark.parametrize("hidden,kept,title", [("tf", "torch", "TensorFlow"),
                                               ("torch", "tf", "PyTorch")])
def test_compile_refuses_the_missing_framework_clearly(tmp_path, hidden, kept, title):
    r = run_without(tmp_path, hidden, COMPILE)
    assert r.returncode == 0, r.stderr[-2000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["installed"] == [kept]
    assert out[kept] == "ok"
    assert out[hidden].startswith(f"{title} is not installed")
    assert f"graphlab[{hidden}]" in out[hidden]


def test_code_view_source_needs_no_framework(tmp_path):
    code = ("import graphlab\nfrom graphlab.compile import generate_source\n"
            "src = generate_source(graphlab.example('digits_cnn'), 'tf')\n"
            "print('import tensorflow as tf' in src)")
    r = run_without(tmp_path, "tf", code)
    assert r.stdout.strip() == "True", r.stderr[-2000:]


def test_train_cli_with_missing_framework_exits_2_with_message(tmp_path):
    code = ("import sys\nfrom graphlab.cli import main\n"
            "sys.exit(main(['train', 'xor', '--backend', 'tf', '--epochs', '1']))")
    r = run_without(tmp_path, "tf", code)
    assert r.returncode == 2
    assert "TensorFlow is not installed" in r.stderr
    assert "Traceback" not in r.stderr


def test_torch_training_runs_without_tensorflow(tmp_path):
    code = ("import sys\nfrom graphlab.cli import main\n"
            "sys.exit(main(['train', 'xor', '--epochs', '2', '--json']))")
    r = run_without(tmp_path, "tf", code)
    assert r.returncode == 0, r.stderr[-2000:]
    assert json.loads(r.stdout.strip().splitlines()[-1])["status"] == "finished"


def test_editor_greys_out_the_missing_backend(tmp_path):
    code = """
from PySide6.QtWidgets import QApplication
app = QApplication([])
from graphlab.ui.main_window import MainWindow
from graphlab.ui.live import install
w = MainWindow(autosave=False, recovery_dir=None)
w.files.open_example("xor")
w.show()
live = install(w)
combo = live.train_panel.backend
model = combo.model()
print({combo.itemText(i): model.item(i).isEnabled() for i in range(combo.count())})
"""
    r = run_without(tmp_path, "tf", code)
    assert r.stdout.strip().splitlines()[-1] == "{'torch': True, 'tf': False}", r.stderr[-2000:]
