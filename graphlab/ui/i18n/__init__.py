"""The UI's languages: English (the source text) and Simplified Chinese.

Strings are marked with :func:`translate` (an explicit context, not ``self.tr``: PySide
looks a ``tr`` up under the runtime class, so a subclass would lose its base's text),
``pyside6-lupdate`` collects them into ``graphlab_zh_CN.ts`` and ``make translations``
compiles the ``.qm`` shipped beside it. The language is the person's choice from View >
Language (kept in QSettings), else the system locale's.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

HERE = Path(__file__).resolve().parent
ENGLISH, CHINESE = "en", "zh_CN"
# code -> the language's name in itself (how the View > Language menu lists it)
LANGUAGES = {ENGLISH: "English", CHINESE: "简体中文"}
SETTING = "ui/language"  # "" or missing: follow the system locale

_installed: list[QTranslator] = []


def translate(context: str, text: str) -> str:
    """``text`` in the installed language (itself when none is installed)."""
    return QCoreApplication.translate(context, text)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate finds
    """Mark ``text`` for lupdate without translating it now (tables built at import)."""
    return text


def system_language(locale: QLocale | None = None) -> str:
    """Simplified Chinese for a Chinese locale not written in traditional script."""
    loc = locale or QLocale.system()
    if (loc.language() == QLocale.Language.Chinese
            and loc.script() != QLocale.Script.TraditionalHanScript):
        return CHINESE
    return ENGLISH


def chosen_language(settings) -> str:
    """The language the person chose in View > Language, else the system's."""
    value = str(settings.value(SETTING, "") or "")
    return value if value in LANGUAGES else system_language()


def install_translator(app, language: str) -> bool:
    """Translate ``app`` into ``language`` (graphlab's text and Qt's own standard
    buttons); English removes what an earlier call installed. False if a language's
    catalogue could not be loaded (the UI then stays in English)."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language not in LANGUAGES or language == ENGLISH:
        return language == ENGLISH
    ours = QTranslator(app)
    if not ours.load(str(HERE / f"graphlab_{language}.qm")):
        return False
    qt = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for t in (ours, qt) if qt.load(f"qtbase_{language}", folder) else (ours,):
        app.installTranslator(t)
        _installed.append(t)
    return True


def installed_language() -> str:
    return CHINESE if _installed else ENGLISH
