"""Start the editor: ``graphlab [FILE|EXAMPLE] [--screenshot OUT.png]``.

Nothing here imports torch or TensorFlow: the window must be up before either is
needed. ``--screenshot`` renders the window offscreen to a PNG and exits, so it
works without a display. ``GRAPHLAB_STARTUP_PROBE=1`` prints the time the window was
first shown and exits (used by ``bench/startup.py``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="graphlab", description="Open the graphlab editor.")
    p.add_argument("file", nargs="?", help="a .graphlab.json file or an example name")
    p.add_argument("--screenshot", metavar="OUT.png",
                   help="render the window with the file open to a PNG and exit")
    p.add_argument("--size", default="1500x900", type=_size,
                   help="window size for --screenshot (WxH)")
    p.add_argument("--backend", choices=("torch", "tf"), default="torch",
                   help="code shown in the code view")
    p.add_argument("--select", metavar="LABEL", help="select this node (for screenshots)")
    p.add_argument("--language", choices=("en", "zh_CN"),
                   help="the UI's language (default: View > Language, else the system's)")
    return p.parse_args(argv)


def _load_into(window, target: str | None) -> str | None:
    """Open ``target`` (file path or example name); the error text if it fails."""
    from graphlab import examples
    from graphlab.graph.fileformat import LoadError, load

    if target is None:
        window.files.open_example(examples.DEFAULT)
        return None
    if not Path(target).exists() and target in examples.names():
        window.files.open_example(target)
        return None
    try:
        load(target)
    except LoadError as err:
        return str(err)
    window.files.open_path(target)
    return None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.screenshot and not os.environ.get("DISPLAY") and not os.environ.get(
            "WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from graphlab.ui import resources, theme
    from graphlab.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setOrganizationName("graphlab")
    app.setApplicationName("graphlab")
    # the icon of dialogs and task bars; Wayland finds assets/graphlab.desktop by this name
    app.setWindowIcon(resources.app_icon())
    app.setDesktopFileName("graphlab")
    theme.apply_app_style(app)
    from PySide6.QtCore import QSettings

    from graphlab.ui.i18n import chosen_language, install_translator

    install_translator(app, args.language or chosen_language(QSettings("graphlab", "graphlab")))
    # Qt can crash at exit while the clipboard still holds our nodes; let go of it first.
    app.aboutToQuit.connect(
        lambda: app.clipboard().clear() if app.clipboard().ownsClipboard() else None)
    window = MainWindow(autosave=not args.screenshot, remember_layout=not args.screenshot)
    if args.backend == "tf":
        window.code_view.backend.setCurrentIndex(1)
    error = _load_into(window, args.file)
    if args.screenshot:
        if error:
            print(f"graphlab: {error}", file=sys.stderr)
            return 2
        return _screenshot(app, window, args)
    window.restore_geometry()
    window.show()
    if error:
        from graphlab.ui.i18n import translate

        window.show_error(translate("App", "Cannot open file"), error)
        window.files.open_example("seed_mlp")
    if os.environ.get("GRAPHLAB_STARTUP_PROBE"):
        from PySide6.QtCore import QTimer

        def probe():
            window.repaint()  # make sure the canvas has been painted once
            print(f"graphlab-window-shown {time.time():.6f} nodes={len(window.canvas.node_items())}",
                  flush=True)
            app.quit()

        QTimer.singleShot(0, probe)
        return app.exec()
    window.offer_recovery()
    from graphlab.ui.live import install_in_stages

    # after the window is up, a piece per event-loop turn; then the docks go where they
    # were when graphlab was last closed
    install_in_stages(window, done=lambda live: window.restore_docks() or live.docks.fit())
    return app.exec()


def _screenshot(app, window, args) -> int:
    from graphlab.ui import picture

    if not show_as_opened(app, window, args.size, args.select):
        return 2
    try:
        path = picture.screenshot(window, args.screenshot)
    except OSError as err:
        print(f"graphlab: {err}", file=sys.stderr)
        return 2
    finally:
        window.editor.stack.setClean()
        window.close()
    print(f"wrote {path}")
    return 0


def show_as_opened(app, window, size: tuple[int, int], select: str | None = None) -> bool:
    """Lay ``window`` out at ``size`` as a person sees it on opening: the live panel's
    docks sized for the window, the graph at a readable zoom. False (and a message) if
    ``select`` names no node."""
    from graphlab.ui.live import install

    window.resize(*size)
    window.show()
    app.processEvents()
    install(window)  # the Train, Curves, Insights and Step-through docks too
    window.live.docks.fit()
    app.processEvents()
    window.code_view.refresh_now()
    window.view.frame_readable()
    if select:  # selected and in the middle of the view
        from graphlab.graph.graph import GraphError

        try:
            window.select_node(window.graph.find(select))
        except GraphError as err:
            print(f"graphlab: --select: {err}", file=sys.stderr)
            return False
    for _ in range(3):  # a relayout posts more layout requests (the Inspector's rows)
        app.processEvents()
    return True


def _size(text: str) -> tuple[int, int]:
    """argparse type of ``--size``: WxH in pixels, e.g. 1500x900."""
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        w = h = 0
    if not (100 <= w <= 10000 and 100 <= h <= 10000):
        raise argparse.ArgumentTypeError(f"expected WxH in pixels (100-10000 each), e.g. "
                                         f"1500x900, not {text!r}")
    return w, h


if __name__ == "__main__":
    sys.exit(main())
