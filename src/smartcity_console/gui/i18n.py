"""The console's language: Qt Linguist translators, the locale, and a change signal.

Source strings in ``gui/`` are English, wrapped in :func:`translate` (or
``QT_TRANSLATE_NOOP`` for tables read later) with an explicit context, so
``pyside6-lupdate`` finds them and a subclass never changes the context.
Bahasa Indonesia (the deployment's default) comes from
``resources/translations/smartcity_console_id.qm``, compiled from the ``.ts``
at build time (``make translations``). English needs no translator.

:func:`set_language` swaps the translator and the default :class:`QLocale`
(``id_ID`` or ``en_US``, so numbers and dates follow the language). Qt then
sends ``QEvent.LanguageChange`` to every widget, which retranslates in its
``changeEvent``; item models, which get no such event, listen to
:data:`notifier` instead. See docs/translations.md.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QTranslator, Signal

from smartcity_console.core import i18n as catalog
from smartcity_console.core.i18n import LANGUAGES, Language, language_of
from smartcity_console.paths import resource_path

log = logging.getLogger(__name__)

__all__ = ["LANGUAGES", "Language"]  # the one definition is core.i18n's; gui code imports it here
LOCALES: dict[Language, str] = {"id": "id_ID", "en": "en_US"}
CATALOG = "smartcity_console"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name lupdate reads)
    """Mark ``text`` for translation in ``context`` and return it unchanged (translate at use).

    PySide6's own returns ``object`` to type checkers; this one is typed.
    """
    return text


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``QCoreApplication.translate`` (lupdate reads ``translate("Context", "text")`` calls)."""
    return QCoreApplication.translate(context, text, disambiguation, n)


class _Notifier(QObject):
    """Signals:
    changed(str): the language is now this one (after the translator changed).
    """

    changed = Signal(str)


class _State:
    language: Language = "en"
    translator: QTranslator | None = None
    directory: Path | None = None  # where the .qm files are; None: resources/translations


def use_directory(directory: Path | None) -> None:
    """Read ``.qm`` files from ``directory`` (tests compile the ``.ts`` there); None: bundled."""
    _state.directory = directory


def qm_file(language: Language) -> Path:
    directory = _state.directory or resource_path("translations")
    return directory / f"{CATALOG}_{language}.qm"


_state = _State()
notifier = _Notifier()


def current_language() -> Language:
    """The language the GUI speaks now ("en" until :func:`set_language` is called)."""
    return _state.language


def locale() -> QLocale:
    return QLocale(LOCALES[_state.language])


def set_language(language: str) -> Language:
    """Install the translator and locale for ``language`` ("id" or "en"); return it.

    An unknown language falls back to Indonesian. A missing ``.qm`` (a source
    checkout where ``make translations`` has not run) leaves the English
    source strings and logs a warning rather than failing.
    """
    lang = language_of(language)
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("set_language needs a QApplication")
    if _state.translator is not None:
        QCoreApplication.removeTranslator(_state.translator)
        _state.translator = None
    if lang != "en":
        translator = QTranslator(app)
        path = qm_file(lang)
        if translator.load(str(path)):
            QCoreApplication.installTranslator(translator)
            _state.translator = translator
        else:
            log.warning("no translation file %s (run `make translations`)", path)
    QLocale.setDefault(QLocale(LOCALES[lang]))
    changed = lang != _state.language
    _state.language = lang  # before the events: handlers ask current_language()
    catalog.use_language(lang)  # messages from outside gui/ (errors, doctor) follow it
    # Qt posts LanguageChange to every widget; deliver them now, so the whole
    # GUI speaks the new language when this returns (and tests need no event loop).
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    if changed:
        notifier.changed.emit(lang)
    return lang


def number(value: int | float, decimals: int = 0) -> str:
    """``1.234`` in Indonesian, ``1,234`` in English."""
    if decimals == 0:
        return locale().toString(round(value))
    return locale().toString(float(value), "f", decimals)
