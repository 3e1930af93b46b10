"""How long importing a ResNet-18-sized ONNX model (11.7 M parameters, ~70 ops) and opening
it in the editor takes, against loading the same file with onnx and creating an
onnxruntime InferenceSession (what any tool that runs the file pays), in the same run.

The model is torchvision's resnet18 layout written in plain torch (tests/importers/
models.py), exported once to a temporary ONNX file. Each round times, in this process:

- baseline: ``onnx.load`` + ``onnxruntime.InferenceSession``;
- import: ``graphlab.importers.import_onnx`` (read, fold, convert, lay out);
- open: the imported graph shown in the editor's main window (offscreen), events
  processed until the canvas is drawn.

Goal: import + open under 2 s. Prints a table; ``--json`` prints one JSON object.

    python bench/import_speed.py [--json] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def export_resnet(path: Path) -> int:
    import torch

    from tests.importers.models import ResNet18, with_batchnorm_statistics

    model = with_batchnorm_statistics(ResNet18())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (torch.randn(1, 3, 224, 224),), str(path),
                          input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {0: "n"}, "y": {0: "n"}}, dynamo=False,
                          opset_version=20, do_constant_folding=False)
    return sum(p.numel() for p in model.parameters())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()

    import onnx
    import onnxruntime as ort
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from graphlab.importers import import_onnx
    from graphlab.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "resnet18.onnx"
        params = export_resnet(path)
        rows = []
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings=settings, recovery_dir=Path(tmp), autosave=False)
        window.resize(1920, 1080)
        window.show()
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            onnx.load(str(path))
            ort.InferenceSession(str(path))
            base = time.perf_counter() - t0
            t0 = time.perf_counter()
            imported = import_onnx(path)
            t_import = time.perf_counter() - t0
            t0 = time.perf_counter()
            window.files.show_graph(imported.graph, None, "resnet18 (imported)")
            window.view.frame_all()
            app.processEvents()
            window.view.viewport().repaint()
            t_open = time.perf_counter() - t0
            rows.append((base, t_import, t_open))
        window.close()
    base, imp, opened = (statistics.median(c) for c in zip(*rows, strict=True))
    result = {"model": "resnet18", "params": params, "nodes": len(imported.graph),
              "baseline_s": round(base, 3), "import_s": round(imp, 3),
              "open_s": round(opened, 3), "import_and_open_s": round(imp + opened, 3),
              "ratio_vs_baseline": round((imp + opened) / base, 2), "goal_s": 2.0,
              "rounds": args.rounds}
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"ResNet-18 ONNX ({params:,} parameters, {result['nodes']} nodes), median of "
          f"{args.rounds} rounds")
    print(f"{'step':<42}{'seconds':>10}")
    print(f"{'baseline: onnx.load + InferenceSession':<42}{base:>10.3f}")
    print(f"{'graphlab import_onnx':<42}{imp:>10.3f}")
    print(f"{'open in the editor (drawn)':<42}{opened:>10.3f}")
    print(f"{'import + open':<42}{imp + opened:>10.3f}   goal < 2 s")
    print(f"{'ratio import + open / baseline':<42}{result['ratio_vs_baseline']:>10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
