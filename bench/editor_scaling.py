"""How the editor scales: open graphs of 100, 1,000 and 3,000 nodes offscreen, then
time a repaint of the canvas after a pan and after a zoom.

"open" is file load + building every canvas item + the first paint of the window.
Repaints are timed three times: with the whole graph framed (nodes tiny on screen:
the batched overview drawing applies), at 40 % zoom (many items, drawn without
text) and at 100 % zoom (full detail). The baseline is a
hand-written QGraphicsScene with one plain rect, text and path item per node and
wire at the same positions, timed in the same process. Goal: a 1,000-node graph
opens in under 1.5 s and repaints in under 16 ms.

    QT_QPA_PLATFORM=offscreen python bench/editor_scaling.py [--json] [--sizes 100,1000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, QSettings  # noqa: E402
from PySide6.QtGui import QPainterPath  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)

from graphlab.graph import Graph  # noqa: E402
from graphlab.graph.fileformat import save  # noqa: E402

SIZES = (100, 1000, 3000)
CHAIN = 50  # nodes per row


def build(n_nodes: int) -> Graph:
    """Rows of Linear -> ReLU chains fed by one Input per row, laid out on a grid."""
    g = Graph("editor_scaling")
    with g.bulk_edit():
        count, row = 0, 0
        while count < n_nodes:
            y = row * 130.0
            cur = g.add_node("Input", {"name": f"x{row}", "shape": [-1, 32]}, f"x{row}",
                             (0.0, y))
            count += 1
            col = 1
            while count < n_nodes and col < CHAIN:
                op = "Linear" if col % 2 else "ReLU"
                attrs = {"out_features": 32} if op == "Linear" else {}
                nxt = g.add_node(op, attrs, None, (col * 240.0, y))
                g.connect(cur, "y", nxt, "x")
                cur, count, col = nxt, count + 1, col + 1
            row += 1
    return g


def repaint_ms(view: QGraphicsView, change, repeat: int = 7) -> float:
    times = []
    for i in range(repeat):
        change(i)
        QApplication.processEvents()
        t0 = time.perf_counter()
        view.viewport().repaint()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def pan(view):
    def change(i):
        d = 60 if i % 2 else -60
        view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + d)
        view.verticalScrollBar().setValue(view.verticalScrollBar().value() + d // 2)
    return change


def zoom(view):
    def change(i):
        f = 1.15 if i % 2 else 1 / 1.15
        if hasattr(view, "zoom_by"):
            view.zoom_by(f)  # graphlab's view: also picks overview or item drawing
        else:
            view.scale(f, f)
    return change


def measure_graphlab(path: Path, app) -> dict:
    from graphlab.ui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as d:
        settings = QSettings(str(Path(d) / "s.ini"), QSettings.Format.IniFormat)
        w = MainWindow(settings=settings, recovery_dir=Path(d), autosave=False)
        w.resize(1400, 900)
        w.show()
        app.processEvents()
        t0 = time.perf_counter()
        assert w.files.open_path(path)
        t_items = time.perf_counter() - t0
        w.view.frame_all()
        w.repaint()
        app.processEvents()
        t_open = time.perf_counter() - t0
        view = w.view
        out = {"open_s": t_open, "load_and_items_s": t_items,
               "overview_zoom": view.zoom_factor(),
               "overview_pan_ms": repaint_ms(view, pan(view)),
               "overview_zoom_ms": repaint_ms(view, zoom(view))}
        view.set_zoom(0.4)  # above overview: many items, each painted without text
        view.centerOn(w.canvas.nodes_rect().center())
        out["mid_pan_ms"] = repaint_ms(view, pan(view))
        out["mid_zoom_ms"] = repaint_ms(view, zoom(view))
        view.set_zoom(1.0)
        view.centerOn(w.canvas.nodes_rect().center())
        out["detail_pan_ms"] = repaint_ms(view, pan(view))
        out["detail_zoom_ms"] = repaint_ms(view, zoom(view))
        w.editor.stack.setClean()
        w.close()
        w.deleteLater()
        app.processEvents()
    return out


def measure_baseline(graph: Graph, app) -> dict:
    """Plain Qt items, no model, no level of detail: what Qt itself costs."""
    t0 = time.perf_counter()
    scene = QGraphicsScene()
    scene.setSceneRect(-100_000, -100_000, 200_000, 200_000)
    for v in graph.nodes():
        r = QGraphicsRectItem(0, 0, 168, 60)
        r.setPos(*v.pos)
        r.setBrush(app.palette().button())
        scene.addItem(r)
        t = QGraphicsSimpleTextItem(v.label, r)
        t.setPos(8, 4)
    for e in graph.edges():
        a, b = graph.node(e.src).pos, graph.node(e.dst).pos
        p = QPainterPath(QPointF(a[0] + 168, a[1] + 35))
        p.cubicTo(QPointF(a[0] + 208, a[1] + 35), QPointF(b[0] - 40, b[1] + 35),
                  QPointF(b[0], b[1] + 35))
        scene.addItem(QGraphicsPathItem(p))
    view = QGraphicsView(scene)
    view.resize(1100, 700)
    view.show()
    view.fitInView(scene.itemsBoundingRect(), )
    view.repaint()
    app.processEvents()
    out = {"open_s": time.perf_counter() - t0,
           "overview_pan_ms": repaint_ms(view, pan(view)),
           "overview_zoom_ms": repaint_ms(view, zoom(view))}
    view.resetTransform()
    view.centerOn(QRectF(scene.itemsBoundingRect()).center())
    out["detail_pan_ms"] = repaint_ms(view, pan(view))
    out["detail_zoom_ms"] = repaint_ms(view, zoom(view))
    view.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for n in (int(s) for s in args.sizes.split(",")):
            g = build(n)
            path = Path(d) / f"g{n}.graphlab.json"
            save(g, path)
            gl = measure_graphlab(path, app)
            base = measure_baseline(g, app)
            row = {"nodes": n, "edges": len(g.edges()), **gl,
                   "baseline": base,
                   "ratio_open": gl["open_s"] / base["open_s"],
                   "ratio_overview_pan": gl["overview_pan_ms"] / base["overview_pan_ms"],
                   "ratio_detail_pan": gl["detail_pan_ms"] / base["detail_pan_ms"]}
            rows.append(row)
    at = {r["nodes"]: r for r in rows}
    summary = {}
    if 1000 in at:
        r = at[1000]
        worst = max(r["overview_pan_ms"], r["overview_zoom_ms"], r["mid_pan_ms"],
                    r["mid_zoom_ms"], r["detail_pan_ms"], r["detail_zoom_ms"])
        summary = {"open_1000_s": r["open_s"], "goal_open_s": 1.5,
                   "worst_repaint_1000_ms": worst, "goal_repaint_ms": 16.0}
    if args.json:
        print(json.dumps({"rows": rows, "summary": summary}))
        return
    print(f"{'nodes':>6} {'open s':>7} {'(base)':>7} {'ratio':>6} | {'overview: pan ms':>16} "
          f"{'zoom ms':>8} {'(base pan)':>10} | {'40%: pan ms':>11} {'zoom ms':>8} | "
          f"{'100%: pan ms':>12} {'zoom ms':>8} {'(base pan)':>10}")
    for r in rows:
        b = r["baseline"]
        print(f"{r['nodes']:>6} {r['open_s']:>7.3f} {b['open_s']:>7.3f} {r['ratio_open']:>6.2f} | "
              f"{r['overview_pan_ms']:>16.2f} {r['overview_zoom_ms']:>8.2f} "
              f"{b['overview_pan_ms']:>10.2f} | {r['mid_pan_ms']:>11.2f} "
              f"{r['mid_zoom_ms']:>8.2f} | {r['detail_pan_ms']:>12.2f} "
              f"{r['detail_zoom_ms']:>8.2f} {b['detail_pan_ms']:>10.2f}")
    if summary:
        print(f"\n1,000 nodes: opens in {summary['open_1000_s']:.2f} s (goal < 1.5 s); worst "
              f"repaint {summary['worst_repaint_1000_ms']:.1f} ms (goal < 16 ms)")


if __name__ == "__main__":
    main()
