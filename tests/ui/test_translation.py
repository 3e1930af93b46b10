"""The UI in Simplified Chinese: menus, docks, lessons and model-layer messages read in
Chinese with the zh_CN translator installed; the catalogue is complete and current; the
English UI is unchanged without it."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication

from graphlab.graph.graph import Graph
from graphlab.graph.training_settings import SETTINGS
from graphlab.lessons import LESSONS
from graphlab.ui.i18n import (
    CHINESE,
    ENGLISH,
    HERE,
    SETTING,
    chosen_language,
    install_translator,
    system_language,
)

TS = HERE / "graphlab_zh_CN.ts"
QM = HERE / "graphlab_zh_CN.qm"
FIELD = re.compile(r"\{(\w*)\}")


@pytest.fixture
def zh(qapp):
    assert install_translator(qapp, CHINESE)
    yield qapp
    install_translator(qapp, ENGLISH)


def _messages():
    """(context, source, translation element) of every message in the .ts."""
    for ctx in ET.parse(TS).getroot().iter("context"):
        name = ctx.find("name").text
        for m in ctx.iter("message"):
            yield name, m.find("source").text, m.find("translation")


def _bce_mismatch() -> Graph:
    """A last Linear left at 10 outputs in front of a BCELoss whose target is [N, 1]."""
    g = Graph("bce")
    x = g.add_node("Input", {"name": "x", "shape": [-1, 4]}, "x")
    fc = g.add_node("Linear", {"out_features": 10}, "fc_out")
    s = g.add_node("Sigmoid", {}, "sig")
    o = g.add_node("Output", {"name": "y"}, "out")
    t = g.add_node("Input", {"name": "t", "shape": [-1, 1], "role": "target"}, "target")
    loss = g.add_node("BCELoss", {}, "bce_loss")
    for a, b, port in ((x, fc, "x"), (fc, s, "x"), (s, o, "x"), (s, loss, "pred"),
                       (t, loss, "target")):
        g.connect(a, "y", b, port)
    return g


def _menu_titles(window) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def _with_live(window):
    from graphlab.ui.live import install

    install(window)
    return window


def test_menus_and_train_dock_read_in_chinese(zh, make_window):
    w = _with_live(make_window())
    titles = _menu_titles(w)
    assert {"文件(&F)", "编辑(&E)", "模块(&B)", "视图(&V)", "训练(&T)", "课程(&L)",
            "帮助(&H)"} <= set(titles)
    file_menu = w.menuBar().actions()[0].menu()
    assert [a.text() for a in file_menu.actions()][:2] == ["新建(&N)", "打开(&O)…"]
    live = w.live.docks
    assert live.train_dock.windowTitle() == "训练"
    panel = live.train_panel
    assert panel.run_button.text() == "运行" and panel.stop_button.text() == "停止"
    assert panel.status.text() == "空闲"
    form_labels = {lab.text() for lab in panel.findChildren(type(panel.status))}
    assert {"学习率", "批量大小", "优化器", "数据集"} <= form_labels
    assert "个样本，形状" in panel.preview.text().splitlines()[0]  # the dataset's preview
    assert w.diagnostics_dock.windowTitle() == "问题"
    # the saved layout names the docks in English, so it survives a change of language
    assert (live.train_dock.objectName(), w.diagnostics_dock.objectName()) == (
        "train", "problems")
    assert w.summary.text().startswith(f"{len(w.graph)} 个节点")
    assert live.curves.empty_label.text() == "按“运行”：每一步的损失和准确率会显示在这里"
    assert live.health.list.item(0).text() == "训练记录探测数据后，这里会显示健康提示"
    language = w.menus.language_menu
    assert [a.text() for a in language.actions()] == ["English", "简体中文"]


def test_a_lesson_title_and_text_are_chinese(zh, make_window):
    w = _with_live(make_window())
    xor = LESSONS["xor"]
    act = next(a for a in w.live.lessons_menu.actions() if a.text() == "XOR：为什么需要隐藏层")
    act.trigger()
    assert w.live.current_lesson == "xor"
    text = w.live.lesson_text.toPlainText()
    assert "隐藏层" in text and "hidden → tanh → logit" in text  # code stays as it is
    assert "Four points that no straight line" in xor.text
    assert "Four points that no straight line" not in text  # not the English text
    w.editor.stack.setClean()


def test_a_shape_mismatch_reads_in_chinese_with_names_and_shapes_intact(zh, make_window):
    w = make_window(None)
    w.files.show_graph(_bce_mismatch(), None, "bce")
    rows = w.diagnostics.messages()
    assert rows[0] == ('错误：BCELoss "bce_loss" 的输入 target：形状应与 pred 相同，即 [32, 10]，'
                       '实际为 [32, 1]；pred 中的 10 来自 Linear "fc_out" 的 out_features=10；'
                       '把 Linear "fc_out" 的 out_features 设为 1')
    assert rows[1].strip() == '修复：把 Linear "fc_out" 的 out_features 设为 1（点击）'
    w.select_node(w.graph.find("bce_loss"))  # the Inspector says the same
    assert "(损失函数)" in w.inspector.title.text()
    assert w.inspector.problems.text().startswith('BCELoss "bce_loss" 的输入 target：形状应与')
    w.code_view.refresh_now()  # the code view says it too, indented lines included
    code = w.code_view.text.toPlainText().splitlines()
    assert code[:2] == ["# 这个计算图暂时无法编译：", '# 计算图 "bce" 有错误：1 个问题']
    assert code[2].startswith('#   BCELoss "bce_loss" 的输入 target：')
    w.editor.stack.setClean()


def test_missing_input_no_output_and_cycle_read_in_chinese(zh, make_window):
    from graphlab.ui.i18n.messages import translate_message

    w = make_window(None)
    g = Graph("empty_head")
    x = g.add_node("Input", {"name": "x", "shape": [-1, 4]}, "x")
    fc = g.add_node("Linear", {"out_features": 3}, "fc1")
    g.connect(x, "y", fc, "x")
    w.files.show_graph(g, None, "g")
    assert '错误：计算图 "empty_head" 没有 Output 节点；请把模型应返回的值连到一个 Output' in (
        w.diagnostics.messages())
    g.add_node("Add", {}, "add1")
    w.files.show_graph(g, None, "g")
    assert ('错误：Add "add1" 的输入 a：没有连接；请给它连上一个张量，或删除该节点'
            in w.diagnostics.messages())
    add = g.find("add1")
    r = g.add_node("ReLU", {}, "r")
    g.connect(add, "y", r, "x")
    refusal = g.can_connect(r, "y", add, "a")  # English from the model layer ...
    assert refusal == 'wiring "r" into "add1" would make a cycle ("add1" already feeds "r")'
    w.show_refusal(refusal)  # ... in Chinese where the window shows it
    assert w.statusBar().currentMessage() == '把 "r" 连到 "add1" 会形成环（"add1" 已经连到 "r"）'
    # ... and a clause no template knows stays as it was
    assert translate_message("unheard of; add a Flatten before it") == (
        "unheard of；请在它之前添加 Flatten")
    w.editor.stack.setClean()


def test_the_english_default_is_unchanged(make_window):
    w = _with_live(make_window(None))
    assert {"&File", "&Edit", "&Blocks", "&View", "&Train", "&Lessons", "&Help"} <= set(
        _menu_titles(w))
    assert w.live.docks.train_dock.windowTitle() == "Train"
    assert w.live.train_panel.run_button.text() == "Run"
    w.files.show_graph(_bce_mismatch(), None, "bce")
    assert w.diagnostics.messages()[0].startswith(
        'error: BCELoss "bce_loss", input target: expected the same shape as pred [32, 10]')
    w.editor.stack.setClean()


def test_every_message_is_translated_with_its_placeholders():
    seen = 0
    for ctx, src, tr in _messages():
        seen += 1
        assert tr.get("type") is None, (ctx, src)  # not "unfinished", not "obsolete"
        assert tr.text and tr.text.strip(), (ctx, src)
        assert sorted(FIELD.findall(src)) == sorted(FIELD.findall(tr.text)), (ctx, src)
        assert src.count("<") == tr.text.count("<"), (ctx, src)  # HTML tags kept
    assert seen > 200


def test_the_compiled_catalogue_matches_the_source():
    """The .qm the app loads says what the .ts says (make translations was run)."""
    t = QTranslator()
    assert t.load(str(QM))
    for ctx, src, tr in _messages():
        assert t.translate(ctx, src) == tr.text, (ctx, src)


@pytest.mark.skipif(shutil.which("pyside6-lupdate", path=str(Path(
    __import__("sys").executable).parent)) is None, reason="PySide6's lupdate not installed")
def test_the_catalogue_holds_every_marked_string(tmp_path):
    """A string marked in the code but missing from the .ts (make translations not run)
    would show in English."""
    import sys

    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    out = tmp_path / "fresh.ts"
    root = Path(__file__).resolve().parents[2]
    subprocess.run([lupdate, "-extensions", "py", "-locations", "none", str(root / "graphlab"),
                    "-ts", str(out)], check=True, capture_output=True, timeout=120)
    fresh = {(c.find("name").text, m.find("source").text)
             for c in ET.parse(out).getroot().iter("context") for m in c.iter("message")}
    ours = {(ctx, src) for ctx, src, _ in _messages()}
    assert fresh - ours == set()


def test_every_setting_has_a_translatable_label_and_doc():
    from graphlab.ui.i18n.words import SETTING_DOCS, SETTING_LABELS

    for s in SETTINGS:
        if s.kind in ("dataset", "params"):
            continue  # the dock labels these rows itself
        assert s.name in SETTING_LABELS, s.name
        assert s.doc in SETTING_DOCS, s.name


def test_the_language_follows_the_menu_then_the_locale(zh, make_window, tmp_path):
    from graphlab.ui.i18n.language_menu import choose

    assert system_language(QLocale(QLocale.Language.Chinese, QLocale.Country.China)) == CHINESE
    assert system_language(QLocale("zh_TW")) == ENGLISH  # traditional script: not Simplified
    assert system_language(QLocale("en_US")) == ENGLISH
    w = make_window(None)
    assert w.settings.value(SETTING) is None
    assert chosen_language(w.settings) == system_language()
    assert choose(w, CHINESE) == "语言将在重新启动 graphlab 后生效。"  # in the new language
    again = QSettings(w.settings.fileName(), QSettings.Format.IniFormat)
    assert chosen_language(again) == CHINESE
    assert choose(w, ENGLISH) == "The language changes when graphlab is started again."
    assert w.settings.value(SETTING) == ENGLISH
    assert QApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's own buttons


def test_history_and_the_shortcut_sheet_read_in_chinese(zh, make_window):
    w = make_window()
    new = w.editor.add_node("ReLU", (0.0, 0.0))
    stack = w.editor.stack
    assert stack.text(stack.count() - 1) == f"添加 ReLU {w.graph.node(new).label}"
    sheet = w.menus.show_shortcuts()
    assert sheet.windowTitle() == "键盘快捷键"
    assert "以光标为中心缩放" in sheet.text.toPlainText()
    sheet.close()
    w.editor.stack.setClean()


def test_the_registries_docs_are_listed_for_lupdate_as_the_registries_have_them():
    """registry_docs.py is written from the op table and the dataset registry; a doc
    changed there and not regenerated would show in English again."""
    from graphlab.ui.i18n import write_registry_docs

    written = write_registry_docs.OUT.read_text(encoding="utf-8")
    assert written == write_registry_docs.render(), (
        "run make translations (it rewrites ui/i18n/registry_docs.py) and translate the "
        "new texts in graphlab_zh_CN.ts")


def test_an_ops_doc_reads_in_chinese_in_the_inspector(zh, make_window):
    w = make_window()
    w.select_node(next(v.id for v in w.graph.nodes() if v.op == "Linear"))
    assert w.inspector.doc.text().startswith("全连接层 y = x W^T + b")
    assert "(层)" in w.inspector.title.text()


@pytest.mark.parametrize("english, chinese", [
    ('Linear "fc": out_features must be at least 1, got 0',
     'Linear "fc"：out_features 至少应为 1，实际为 0'),
    ("dataset: dataset file x.csv does not exist", "数据集：数据集文件 x.csv 不存在"),
    ('Input "x": dataset moons gives samples of shape [2], the Input expects [4]; set the '
     "Input's shape to [-1, 2] or choose a dataset with samples of shape [4]",
     'Input "x"：数据集 moons 的样本形状为 [2]，而 Input 需要 [4]；请把 Input 的形状设为 '
     "[-1, 2]，或选择样本形状为 [4] 的数据集"),
    ("importing torch (the first run of a session takes a few seconds)…",
     "正在导入 torch（每次会话的第一次运行需要几秒钟）…"),
    ("via h: upstream 1 × local 0.786448 = 0.786448", "经由 h：上游 1 × 局部 0.786448 = 0.786448"),
    ("  = 0.5   (autograd: 0.5)", "  = 0.5   （自动求导：0.5）"),
])
def test_model_layer_messages_translate_with_their_values(qapp, english, chinese):
    from graphlab.ui.i18n.messages import translate_message

    assert translate_message(english) == english  # no translator: as the model says it
    install_translator(qapp, CHINESE)
    try:
        assert translate_message(english) == chinese
    finally:
        install_translator(qapp, ENGLISH)


