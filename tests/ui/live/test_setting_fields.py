"""The Train dock's fields come from the settings table: every simple setting has one,
loads from the graph and writes back through the undo stack."""

from __future__ import annotations

from graphlab.graph.training_settings import SETTINGS
from graphlab.ui.live.setting_fields import field_for


def test_every_simple_setting_has_a_field_in_the_dock(live_window):
    w = live_window("xor")
    p = w.live.train_panel
    simple = {s.name for s in SETTINGS if field_for(s) is not None}
    assert {"backend", "optimizer", "lr", "batch_size", "epochs", "val_fraction",
            "standardize", "device"} <= simple
    assert set(p.fields) == simple
    for name, f in p.fields.items():
        assert f.value() == w.graph.training[name], name  # loaded from the graph
        assert f.widget.toolTip()  # the table's doc


def test_validation_share_and_standardize_edit_the_graph_with_undo(qtbot, live_window):
    w = live_window("xor")
    p = w.live.train_panel
    before = dict(w.graph.training)
    p.val_fraction.setValue(0.35)
    p.val_fraction.editingFinished.emit()
    assert w.graph.training["val_fraction"] == 0.35
    p.standardize.setChecked(not before["standardize"])
    assert w.graph.training["standardize"] is (not before["standardize"])
    w.editor.stack.undo()
    w.editor.stack.undo()
    assert w.graph.training["val_fraction"] == before["val_fraction"]
    assert w.graph.training["standardize"] == before["standardize"]
    assert p.val_fraction.value() == before["val_fraction"]  # the dock follows the undo
