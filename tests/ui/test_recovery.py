"""Autosave and crash recovery: every window keeps its own recovery file, a running
instance's file is never offered or deleted, and recovered work survives a second crash.

Crashes are real: a window in another process autosaves and is killed with SIGKILL
(tests/ui/crash_session.py)."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

from graphlab.graph.fileformat import load
from tests.ui.conftest import normalised

ROOT = Path(__file__).resolve().parents[2]


def session(tmp_path, rec, *args, wait=False):
    """Start a window in another process; its JSON line once it has autosaved."""
    cmd = [sys.executable, "-m", "tests.ui.crash_session", str(rec),
           str(tmp_path / "child_settings.ini"), *args] + (["--wait"] if wait else [])
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ready, _, _ = select.select([proc.stdout], [], [], 60)  # never hang on a stuck child
    if not ready:
        proc.kill()
        raise AssertionError("the window process printed nothing in 60 s")
    line = proc.stdout.readline()
    if not wait:
        proc.wait(timeout=60)
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
    assert line, proc.stderr.read()
    return proc, json.loads(line)


def recovery_files(rec: Path) -> list[Path]:
    return sorted(rec.glob("*.graphlab.json"))


def test_recovered_work_survives_a_second_crash_and_live_files_are_left_alone(
        make_window, tmp_path):
    rec, project = tmp_path / "rec", tmp_path / "project"
    project.mkdir()
    mine = project / "mine.graphlab.json"
    live, first = session(tmp_path, rec, "--example", "digits_mlp", "--save-to", str(mine),
                          "--add", "extra", wait=True)
    try:
        assert "extra" in first["labels"]
        # another instance is still running: its file is neither offered nor deleted
        bystander = make_window(None, recovery_dir=rec)
        assert bystander.autosaver.pending() is None
        assert not bystander.offer_recovery()
        bystander.close()
        assert [str(p) for p in recovery_files(rec)] == [first["file"]]
    finally:
        live.kill()  # the first instance crashes
        live.wait(timeout=30)
    # the next instance recovers it, then crashes too before any save
    _, second = session(tmp_path, rec, "--recover")
    assert second["recovered"] and second["labels"] == first["labels"]
    assert len(recovery_files(rec)) == 1
    third = make_window(None, recovery_dir=rec)
    third.answers.append("yes")
    assert third.offer_recovery()
    assert sorted(v.label for v in third.graph.nodes()) == first["labels"]
    assert third.isWindowModified() and third.files.path == mine
    assert third.graph.folder == project.resolve()  # relative data paths' home
    # the recovered file is now this window's and stays until the work is saved
    assert recovery_files(rec) == [third.autosaver.recovery_file]
    assert third.autosaver.tick()
    assert third.files.save()
    assert recovery_files(rec) == [] and "extra" in {v.label for v in load(mine).nodes()}


def test_two_windows_on_two_documents_keep_their_own_recovery_files(make_window, tmp_path):
    rec = tmp_path / "rec"
    a, b = make_window("xor", recovery_dir=rec), make_window("digits_mlp", recovery_dir=rec)
    assert a.files.save_to(tmp_path / "a.graphlab.json")
    assert b.files.save_to(tmp_path / "b.graphlab.json")
    a.editor.add_node("Tanh", (10, 10), label="in_a")
    b.editor.add_node("ReLU", (10, 10), label="in_b")
    assert a.autosaver.tick() and b.autosaver.tick()
    assert not a.autosaver.tick()  # nothing changed since: not written again
    a.editor.move({a.graph.find("in_a"): (30.0, 40.0)})
    assert a.autosaver.tick()
    assert a.autosaver.recovery_file != b.autosaver.recovery_file
    assert len(recovery_files(rec)) == 2
    # a window of this (running) process is never offered another's work
    assert a.autosaver.pending() is None and b.autosaver.pending() is None
    b.answers.append("discard")
    assert b.close()
    assert recovery_files(rec) == [a.autosaver.recovery_file]
    assert normalised(load(a.autosaver.recovery_file)) == normalised(a.graph)


def test_declining_deletes_the_orphan_and_undoing_to_saved_removes_the_own_file(
        make_window, tmp_path):
    rec = tmp_path / "rec"
    _, crashed = session(tmp_path, rec, "--example", "xor", "--add", "extra")
    w = make_window("xor", recovery_dir=rec)
    w.editor.add_node("Tanh", (0, 0), label="mine")
    assert w.autosaver.tick()
    assert len(recovery_files(rec)) == 2
    w.answers.append("no")
    assert not w.offer_recovery()
    assert recovery_files(rec) == [w.autosaver.recovery_file]
    w.editor.stack.undo()  # back to the state on disk: nothing left to recover
    assert recovery_files(rec) == []
    assert not Path(crashed["file"]).exists()


def test_an_unreadable_orphan_is_reported_and_kept_aside(make_window, tmp_path):
    rec = tmp_path / "rec"
    _, crashed = session(tmp_path, rec, "--example", "xor", "--add", "extra")
    Path(crashed["file"]).write_text("{not json")
    w = make_window(None, recovery_dir=rec)
    w.answers.append("yes")
    assert not w.offer_recovery()
    assert "not valid JSON" in w.errors[0] and "kept as" in w.errors[0]
    assert recovery_files(rec) == [] and len(list(rec.glob("*.unreadable"))) == 1


def test_unsaved_trained_weights_are_autosaved_and_come_back_after_a_crash(
        make_window, tmp_path):
    """A run's weights with nothing else edited (a clean undo stack) are work too."""
    rec = tmp_path / "rec"
    _, crashed = session(tmp_path, rec, "--example", "xor", "--trained", "0.25")
    assert len(recovery_files(rec)) == 1
    assert len(list(rec.glob("*.weights.npz"))) == 1
    w = make_window(None, recovery_dir=rec)
    w.answers.append("yes")
    assert w.offer_recovery()
    trained = w.weights.named()
    assert trained and all((v == 0.25).all() for v in trained.values())
    assert w.weights.unsaved and w.isWindowModified()  # never saved to a file of theirs
    assert w.autosaver.tick()  # this window's own files now, weights beside them
    assert [p.name for p in rec.glob("*.weights.npz")] == [w.autosaver.weights_file.name]
    out = tmp_path / "xor.graphlab.json"
    assert w.files.save_to(out)
    assert recovery_files(rec) == [] and list(rec.glob("*.weights.npz")) == []
    assert all((v == 0.25).all() for v in load(out).saved_weights.values())
