"""View > Language: English or 简体中文, remembered in QSettings for the next start.

The UI's text is set as its widgets are built, so a new language takes effect when
graphlab starts again; the note saying so is written in the language chosen.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator
from PySide6.QtGui import QActionGroup

from graphlab.ui.i18n import (
    HERE,
    LANGUAGES,
    QT_TRANSLATE_NOOP,
    SETTING,
    chosen_language,
    translate,
)

RESTART = QT_TRANSLATE_NOOP("Language", "The language changes when graphlab is started again.")


def add_language_menu(window, menu):
    """A Language submenu of ``menu`` with one checkable entry per language."""
    sub = menu.addMenu(translate("Menus", "&Language"))
    group = QActionGroup(sub)
    current = chosen_language(window.settings)
    for code, name in LANGUAGES.items():
        act = sub.addAction(name)
        act.setCheckable(True)
        act.setChecked(code == current)
        act.setData(code)
        group.addAction(act)
        act.triggered.connect(lambda _=False, c=code: choose(window, c))
    return sub


def choose(window, code: str) -> str:
    """Remember ``code`` for the next start; the note shown (in that language)."""
    if code == chosen_language(window.settings):
        return ""
    window.settings.setValue(SETTING, code)
    note = note_in(code)
    window.statusBar().showMessage(note, 15000)
    window.view.show_message(note)
    return note


def note_in(code: str) -> str:
    """The restart note in ``code``'s language, whatever language is installed now."""
    t = QTranslator()
    if t.load(str(HERE / f"graphlab_{code}.qm")):
        return t.translate("Language", RESTART) or RESTART
    return RESTART

