"""How the editor scales: open graphs of 1,000 to 100,000 nodes and a node with a 1 MB
label offscreen, then time repaints of the canvas after a pan and after a zoom.

Opening is timed in three parts, as ``File > Open`` does them: "load" (the file read,
checked and every shape inferred), "scene" (the window takes the graph: one canvas item
per node and wire, the panels) and "paint" (framing and the first paint, after the
event loop has run once). "code" is the code view's refresh that follows 300 ms later
(the window is busy meanwhile). "cpu s" is the process's CPU time for the opening: on
a shared machine it varies less than the wall time. Repaints are timed three times: with the whole graph
framed (nodes tiny on screen: the batched overview drawing applies), at 40 % zoom (many
items, drawn without text) and at 100 % zoom (full detail). The baseline is a
hand-written QGraphicsScene with one plain rect, text and path item per node and wire at
the same positions, timed in the same process. The 1 MB label rows open ``seed_mlp``
with one node renamed to a million characters (valid, and with that node's input
unwired so its name is in an error message too), then select that node.
Goals: 10,000 nodes open in under 2 s, 100,000 in under 20 s; a 1,000-node graph
repaints in under 16 ms.

    QT_QPA_PLATFORM=offscreen python bench/editor_scaling.py [--json]
        [--sizes 1000,10000,100000] [--no-baseline] [--no-label]
"""

from __future__ import annotations

import argparse
import contextlib
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

SIZES = (1000, 10_000, 100_000)
LABEL = 1_000_000  # characters in the long label
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


def _window(app, folder: str):
    from graphlab.ui.main_window import MainWindow

    settings = QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, recovery_dir=Path(folder), autosave=False)
    w.resize(1400, 900)
    w.show()
    app.processEvents()
    return w


def _open(w, path: Path, app) -> dict:
    """File > Open in three timed parts (load, scene, paint), then the code view."""
    from graphlab.graph.fileformat import load

    try:
        from graphlab.graph.graph import gc_paused
    except ImportError:  # graphlab before the big-graph work, for the "before" figures
        gc_paused = contextlib.nullcontext

    c0, t0 = time.process_time(), time.perf_counter()
    with gc_paused():  # as FileActions.open_path loads
        graph = load(path)
    t1 = time.perf_counter()
    w.files.show_graph(graph, path, path.name)
    t2 = time.perf_counter()
    app.processEvents()  # the queued frame_readable
    w.repaint()
    t3, c3 = time.perf_counter(), time.process_time()
    w.code_view.refresh_now()
    t4 = time.perf_counter()
    return {"load_s": t1 - t0, "scene_s": t2 - t1, "paint_s": t3 - t2, "open_s": t3 - t0,
            "open_cpu_s": c3 - c0, "code_s": t4 - t3}


def _close(w, app) -> None:
    w.editor.stack.setClean()
    w.close()
    w.deleteLater()
    app.processEvents()


def measure_graphlab(path: Path, app) -> dict:
    with tempfile.TemporaryDirectory() as d:
        w = _window(app, d)
        out = _open(w, path, app)
        view = w.view
        view.frame_all()
        out["overview_zoom"] = view.zoom_factor()
        out["overview_pan_ms"] = repaint_ms(view, pan(view))
        out["overview_zoom_ms"] = repaint_ms(view, zoom(view))
        view.set_zoom(0.4)  # above overview: many items, each painted without text
        view.centerOn(w.canvas.nodes_rect().center())
        out["mid_pan_ms"] = repaint_ms(view, pan(view))
        out["mid_zoom_ms"] = repaint_ms(view, zoom(view))
        view.set_zoom(1.0)
        view.centerOn(w.canvas.nodes_rect().center())
        out["detail_pan_ms"] = repaint_ms(view, pan(view))
        out["detail_zoom_ms"] = repaint_ms(view, zoom(view))
        _close(w, app)
    return out


def label_graph(broken: bool) -> Graph:
    """seed_mlp with one Linear renamed to LABEL characters (its input unwired if broken)."""
    from graphlab import examples

    g = examples.example("seed_mlp")
    node = next(v.id for v in g.nodes() if v.op == "Linear")
    g.rename(node, "L" * LABEL)
    if broken:
        g.disconnect(g.input_edge(node, "x"))
    return g


def measure_label(path: Path, app) -> dict:
    with tempfile.TemporaryDirectory() as d:
        w = _window(app, d)
        out = _open(w, path, app)
        node = next(v.id for v in w.graph.nodes() if len(v.label) == LABEL)
        t0 = time.perf_counter()
        w.select_node(node)
        app.processEvents()
        w.repaint()
        out["select_s"] = time.perf_counter() - t0
        out["repaint_ms"] = repaint_ms(w.view, pan(w.view))
        _close(w, app)
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
    ap.add_argument("--no-baseline", action="store_true", help="skip the plain-Qt baseline")
    ap.add_argument("--no-label", action="store_true", help="skip the 1 MB label")
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])
    rows, labels = [], []
    with tempfile.TemporaryDirectory() as d:
        for n in (int(s) for s in args.sizes.split(",")):
            g = build(n)
            path = Path(d) / f"g{n}.graphlab.json"
            save(g, path)
            row = {"nodes": n, "edges": len(g.edges()), **measure_graphlab(path, app)}
            if not args.no_baseline:
                base = measure_baseline(g, app)
                row.update(baseline=base, ratio_open=row["open_s"] / base["open_s"])
            rows.append(row)
            del g
        for broken in (() if args.no_label else (False, True)):
            path = Path(d) / f"label{int(broken)}.graphlab.json"
            save(label_graph(broken), path)
            labels.append({"case": "1 MB label" + (", in an error" if broken else ""),
                           **measure_label(path, app)})
    at = {r["nodes"]: r for r in rows}
    summary = {}
    for n, goal in ((1000, None), (10_000, 2.0), (100_000, 20.0)):
        if n in at:
            summary[f"open_{n}_s"] = at[n]["open_s"]
            if goal:
                summary[f"goal_open_{n}_s"] = goal
    if 1000 in at:
        r = at[1000]
        summary["worst_repaint_1000_ms"] = max(
            r["overview_pan_ms"], r["overview_zoom_ms"], r["mid_pan_ms"], r["mid_zoom_ms"],
            r["detail_pan_ms"], r["detail_zoom_ms"])
        summary["goal_repaint_ms"] = 16.0
    if args.json:
        print(json.dumps({"rows": rows, "labels": labels, "summary": summary}))
        return
    print_tables(rows, labels, summary)


def print_tables(rows, labels, summary) -> None:
    print(f"{'nodes':>7} {'load s':>7} {'scene s':>8} {'paint s':>8} {'open s':>7} "
          f"{'cpu s':>6} {'(base)':>7} | {'code s':>7} | {'overview: pan ms':>16} {'zoom ms':>8} | "
          f"{'40%: pan ms':>11} {'zoom ms':>8} | {'100%: pan ms':>12} {'zoom ms':>8}")
    for r in rows:
        base = f"{r['baseline']['open_s']:>7.3f}" if "baseline" in r else f"{'-':>7}"
        print(f"{r['nodes']:>7} {r['load_s']:>7.3f} {r['scene_s']:>8.3f} {r['paint_s']:>8.3f} "
              f"{r['open_s']:>7.3f} {r['open_cpu_s']:>6.2f} {base} | {r['code_s']:>7.3f} | "
              f"{r['overview_pan_ms']:>16.2f} {r['overview_zoom_ms']:>8.2f} | "
              f"{r['mid_pan_ms']:>11.2f} {r['mid_zoom_ms']:>8.2f} | "
              f"{r['detail_pan_ms']:>12.2f} {r['detail_zoom_ms']:>8.2f}")
    if labels:
        print(f"\n{'case':<26} {'load s':>7} {'scene s':>8} {'paint s':>8} {'open s':>7} "
              f"{'code s':>7} {'select s':>9} {'repaint ms':>11}")
        for r in labels:
            print(f"{r['case']:<26} {r['load_s']:>7.3f} {r['scene_s']:>8.3f} "
                  f"{r['paint_s']:>8.3f} {r['open_s']:>7.3f} {r['code_s']:>7.3f} "
                  f"{r['select_s']:>9.3f} {r['repaint_ms']:>11.2f}")
    print()
    for n, goal in ((10_000, 2.0), (100_000, 20.0)):
        if f"open_{n}_s" in summary:
            print(f"{n:,} nodes: open in {summary[f'open_{n}_s']:.2f} s (goal < {goal:g} s)")
    if "worst_repaint_1000_ms" in summary:
        print(f"1,000 nodes: worst repaint {summary['worst_repaint_1000_ms']:.1f} ms "
              f"(goal < 16 ms)")


if __name__ == "__main__":
    main()
