"""Opening a graph shows it at a zoom where node titles are drawn, starting at its inputs."""

from graphlab.ui import theme


def test_opened_wide_graph_is_readable_and_starts_at_the_inputs(make_window, qtbot):
    w = make_window(example=None)
    w.resize(1500, 900)
    w.files.open_example("digits_cnn")
    qtbot.waitUntil(lambda: w.view.zoom_factor() >= theme.LOD_TEXT, timeout=2000)
    image = w.canvas.node_item(w.graph.find("image"))
    shown = w.view.mapToScene(w.view.viewport().rect()).boundingRect()
    assert shown.contains(image.sceneBoundingRect())
    w.view.frame_all()  # F still shows everything, however small
    assert w.view.zoom_factor() < theme.LOD_TEXT
