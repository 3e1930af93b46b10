"""The top-level assets/ folder: installed files found through importlib.resources, an
icon that loads at every size and matches its SVG, a valid desktop entry, and a style
sheet that the running app applies (its colours are theme.py's)."""

import configparser
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage, QPixmap

from graphlab.ui import resources, theme


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    return np.frombuffer(image.constBits(), np.uint8).reshape(
        image.height(), image.bytesPerLine() // 4, 4)[:, :image.width()].astype(int)


def test_icon_loads_at_every_size_and_matches_its_svg(qapp, tmp_path):
    assert resources.asset(resources.ICON_SVG).is_file()
    svg = Path(str(resources.asset(resources.ICON_SVG)))
    fresh = {p.name: p for p in resources.render_icon_pngs(svg, tmp_path)}
    for size in resources.ICON_SIZES:
        name = resources.icon_png(size)
        pixmap = QPixmap()
        assert pixmap.loadFromData(resources.asset(name).read_bytes(), "PNG"), name
        assert (pixmap.width(), pixmap.height()) == (size, size), name
        px = _pixels(pixmap.toImage())
        assert px[0, 0, 3] == 0, f"{name}: the corner should be transparent"
        assert px[size // 2, size // 2, 3] == 255, f"{name}: the middle should be opaque"
        # a PNG rendered from an older SVG fails here: run python -m graphlab.ui.resources
        committed = px.astype(float)
        rendered = _pixels(QImage(str(fresh[Path(name).name]))).astype(float)
        assert np.abs(committed - rendered).mean() < 2.0, f"{name} is stale"
    sizes = {(s.width(), s.height()) for s in resources.app_icon().availableSizes()}
    assert sizes == {(n, n) for n in resources.ICON_SIZES}


def test_desktop_entry_names_the_command_icon_and_file_type(tmp_path):
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(resources.asset(resources.DESKTOP_ENTRY).read_text(encoding="utf-8"))
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "graphlab" and entry["Comment"]
    assert entry["Exec"] == "graphlab %f" and entry["Terminal"] == "false"
    assert entry["Icon"] == "graphlab" == resources.ICON_SVG.split("/")[-1].removesuffix(".svg")
    assert entry["Categories"] == "Development;Education;Science;"
    mime = resources.asset("graphlab-mime.xml").read_text(encoding="utf-8")
    (mime_type,) = re.findall(r'<mime-type type="([^"]+)"', mime)
    assert entry["MimeType"] == f"{mime_type};"
    assert '<glob pattern="*.graphlab.json"' in mime
    validate = shutil.which("desktop-file-validate")
    if validate:  # the freedesktop checker, where it is installed
        desktop = tmp_path / "graphlab.desktop"
        desktop.write_bytes(resources.asset(resources.DESKTOP_ENTRY).read_bytes())
        out = subprocess.run([validate, str(desktop)], capture_output=True, text=True)
        assert out.returncode == 0 and "error" not in out.stdout.lower(), out.stdout


def test_style_sheet_takes_its_colours_from_the_theme(make_window):
    raw = resources.asset(resources.STYLE_SHEET).read_text(encoding="utf-8")
    assert not re.search(r"#[0-9a-fA-F]{3,8}\b|rgba?\(", raw), "colours belong in theme.py"
    sheet = resources.style_sheet()
    assert "@" not in sheet and theme.css_colour(theme.TOAST_BACKGROUND) in sheet
    assert theme.css_colour(theme.TOAST_BACKGROUND) == "rgba(160, 40, 40, 230)"
    with pytest.raises(ValueError, match=r"style\.qss: @TEXT_DIMM is not a colour"):
        theme.fill_style_sheet("QLabel { color: @TEXT_DIMM; }", source="style.qss")
    # every widget the sheet names exists, so renaming one in the code fails here
    window = make_window()
    names = set(re.findall(r"\w#(\w+)", raw))
    assert names == {"inspectorDoc", "paletteDoc", "inspectorError", "inspectorProblems",
                     "canvasToast"}
    from PySide6.QtWidgets import QLabel

    found = {w.objectName() for w in window.findChildren(QLabel)}
    assert names <= found, names - found


APP = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([sys.argv[0]])
from graphlab.ui import app as graphlab_app, resources, theme
from graphlab.ui.main_window import MainWindow

def inspect():
    (w,) = [t for t in app.topLevelWidgets() if isinstance(t, MainWindow)]
    w.view.show_message("Cannot connect: refused")
    toast = w.view.viewport().findChild(QLabel, "canvasToast")
    def colour(label):
        label.ensurePolished()
        return label.palette().color(QPalette.ColorRole.WindowText).name()
    print(json.dumps({
        "app_icon": sorted(s.width() for s in app.windowIcon().availableSizes()),
        "window_icon": sorted(s.width() for s in w.windowIcon().availableSizes()),
        "desktop_file": app.desktopFileName(),
        "sheet_applied": app.styleSheet() == resources.style_sheet() != "",
        "colours": [colour(w.inspector.doc), colour(w.palette.doc), colour(w.inspector.error),
                    colour(toast)],
        "expected": [theme.TEXT_DIM.name(), theme.TEXT_DIM.name(), theme.ERROR.name(),
                     theme.TOAST_TEXT.name()],
        "toast": toast.isVisible()}), flush=True)

QTimer.singleShot(0, inspect)
sys.exit(graphlab_app.main(["xor"]))
"""


def test_running_app_has_the_icon_and_the_style_sheet():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GRAPHLAB_STARTUP_PROBE="1")
    out = subprocess.run([sys.executable, "-c", APP], capture_output=True, text=True, env=env,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    info = json.loads(next(line for line in out.stdout.splitlines() if line.startswith("{")))
    assert info["app_icon"] == info["window_icon"] == list(resources.ICON_SIZES)
    assert info["desktop_file"] == "graphlab" and info["sheet_applied"] and info["toast"]
    assert info["colours"] == info["expected"]
    # the dim text is not the palette's ordinary text: the sheet, not the default, set it
    assert QColor(info["colours"][0]) != QColor("#e2e2e2")


INSTALLED = """
import json, sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
import graphlab
from graphlab.ui import resources
print(json.dumps({"package": graphlab.__file__, "sheet": resources.style_sheet(),
                  "icon": sorted(s.width() for s in resources.app_icon().availableSizes()),
                  "desktop": resources.asset(resources.DESKTOP_ENTRY).read_text()}))
"""


def test_the_wheel_ships_the_assets_and_the_installed_app_finds_them(tmp_path):
    """A wheel built from the sources has assets/ as graphlab.assets, and graphlab run
    from the unpacked wheel (not this checkout) reads its icon and style sheet."""
    root = Path(__file__).resolve().parents[2]
    src = tmp_path / "src"  # build from a copy: the build leaves build/ and egg-info behind
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("graphlab", "assets"):
        shutil.copytree(root / name, src / name, ignore=skip)
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(root / name, src / name)
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                          "--no-build-isolation", "-w", str(tmp_path / "dist"), str(src)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    (wheel,) = (tmp_path / "dist").glob("graphlab-*.whl")
    with zipfile.ZipFile(wheel) as z:
        z.extractall(tmp_path / "site")
        names = set(z.namelist())
    shipped = {f"graphlab/assets/{p.relative_to(root / 'assets')}"
               for p in (root / "assets").rglob("*") if p.is_file() and "__pycache__" not in
               p.parts}
    assert shipped <= names, shipped - names
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(tmp_path / "site"))
    run = subprocess.run([sys.executable, "-c", INSTALLED], capture_output=True, text=True,
                         env=env, cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr
    info = json.loads(run.stdout.strip().splitlines()[-1])
    assert info["package"].startswith(str(tmp_path / "site"))
    assert info["sheet"] == resources.style_sheet()
    assert info["icon"] == list(resources.ICON_SIZES) and "Exec=graphlab %f" in info["desktop"]
