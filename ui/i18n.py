"""Languages of the desktop app: Qt translations loaded straight from the ``.ts`` sources.

The translations live as Qt Linguist ``.ts`` XML files in ``resources/i18n/`` (edit them with
``pyside6-linguist`` or by hand; refresh the source strings with
``.venv/bin/pyside6-lupdate ui -extensions py -ts resources/i18n/wfm_zh_CN.ts``). We load the ``.ts`` XML at start-up with :class:`TsTranslator`, a
``QTranslator`` whose ``translate`` looks messages up in a dict, instead of compiling ``.qm``
files. Why: compiling needs ``pyside6-lrelease`` at build time, which a plain ``pip install``
never runs, so a fresh clone would silently start in English; parsing a few hundred messages
takes about a millisecond and keeps the ``.ts`` the single source of truth.

Lookups fall back from (context, source) to the source alone because PySide's ``self.tr`` uses
the *runtime* class name as context while ``lupdate`` records the defining class.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

I18N_DIR = Path(__file__).resolve().parents[1] / "resources" / "i18n"
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}
SETTINGS_LANGUAGE = "ui/language"   # settings key, declared once here
DEFAULT_LANGUAGE = "en"


def ts_path(language: str) -> Path:
    return I18N_DIR / f"wfm_{language}.ts"


def read_ts(path: Path) -> dict[tuple[str, str], str]:
    """Finished translations of a ``.ts`` file as {(context, source): translation}."""
    out: dict[tuple[str, str], str] = {}
    root = ET.parse(path).getroot()
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source")
            node = message.find("translation")
            if source is None or node is None:
                continue
            if node.get("type") in ("unfinished", "obsolete", "vanished") or not (node.text or "").strip():
                continue
            out[(name, source)] = node.text or ""
    return out


class TsTranslator(QTranslator):
    """A QTranslator over a parsed ``.ts`` file; records misses so a test can list them."""

    def __init__(self, messages: dict[tuple[str, str], str], language: str) -> None:
        super().__init__()
        self.language = language
        self._by_context = dict(messages)
        self._by_source: dict[str, str] = {}
        for (_ctx, source), text in messages.items():
            self._by_source.setdefault(source, text)
        self.missing: set[tuple[str, str]] = set()

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        text = self._by_context.get((context, source_text))
        if text is None and not context.startswith("Q"):
            # Qt's own classes (contexts "Q…") keep their strings: "Stop" as a key name is not ours
            text = self._by_source.get(source_text)
        if text is None:
            if source_text.strip() and not context.startswith("Q"):
                self.missing.add((context, source_text))
            return None   # a null QString: Qt tries the next translator, then shows the source
            # (an empty str would be a non-null empty QString: Qt would show nothing)
        return text

    def isEmpty(self) -> bool:
        return False

    def language_name(self) -> str:
        return self.language


_installed: TsTranslator | None = None
_qt_installed: QTranslator | None = None


def _install_qt_translation(app: QCoreApplication, language: str) -> None:
    """Qt's own strings (OK/Cancel, file dialogs, Undo %1…) from the .qm files PySide6 ships."""
    global _qt_installed
    if _qt_installed is not None:
        app.removeTranslator(_qt_installed)
        _qt_installed = None
    if language == DEFAULT_LANGUAGE:
        return
    translator = QTranslator()
    if translator.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
        _qt_installed = translator


def install_language(language: str) -> TsTranslator | None:
    """Switch the running application to ``language`` (``"en"`` or ``"zh_CN"``).

    English needs no translator (the sources are English). Returns the installed translator.
    """
    global _installed
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing a language")
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    QLocale.setDefault(QLocale(language))
    _install_qt_translation(app, language)
    if language == DEFAULT_LANGUAGE:
        return None
    translator = TsTranslator(read_ts(ts_path(language)), language)
    app.installTranslator(translator)
    _installed = translator
    return translator


def current_translator() -> TsTranslator | None:
    return _installed


def retranslate_texts(texts: list[str], old: TsTranslator | None, new: TsTranslator | None) -> list[str]:
    """Texts made under the ``old`` language (None: English), in the ``new`` one.

    For texts that outlive a language switch, such as undo-stack entries: the old text is traced
    back to its English source, then translated again. Texts built with arguments are kept.
    """
    back = {text: source for source, text in old._by_source.items()} if old is not None else {}
    out = []
    for text in texts:
        source = back.get(text, text)
        out.append(new._by_source.get(source, source) if new is not None else source)
    return out


def saved_language() -> str:
    """The language chosen in settings, else the system's if we have it, else English."""
    value = QSettings().value(SETTINGS_LANGUAGE)
    if isinstance(value, str) and value in LANGUAGES:
        return value
    system = QLocale.system().name()
    return "zh_CN" if system.startswith("zh") else DEFAULT_LANGUAGE


def save_language(language: str) -> None:
    QSettings().setValue(SETTINGS_LANGUAGE, language)


def retranslate_undo_stack(stack: Any, old: TsTranslator | None, new: TsTranslator | None) -> None:
    """Rename the entries of a ``QUndoStack`` after a language switch (see ``retranslate_texts``)."""
    commands = [stack.command(i) for i in range(stack.count())]
    for command, text in zip(commands, retranslate_texts([c.text() for c in commands], old, new)):
        command.setText(text)
