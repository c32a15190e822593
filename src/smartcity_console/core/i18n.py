"""The console's one translation catalog, readable without Qt.

Every user-visible string is written in English in the source and translated
in ``resources/translations/smartcity_console_<lang>.ts`` (Qt Linguist's XML).
The GUI reads the same file compiled to ``.qm`` through a ``QTranslator``;
code outside ``gui/`` (incident errors, lifecycle words, doctor findings,
sign-in and assignee errors) reads the ``.ts`` itself here, with
``xml.etree``, so one file holds every translation and Qt is not needed to
print a doctor report or to refuse an incident change in Indonesian.

Marking strings: ``pyside6-lupdate`` collects ``translate("Context", "text")``
and ``Message.translate("Context", "text")`` calls from every module
(``make translations-update``), as long as the call has exactly those two
positional string literals: no f-string (lupdate would store the ``{x}``
without the ``f``) and no keyword argument inside the call. Placeholders are
:meth:`str.format` names (``"{path} is writable"``), filled by ``.format``
after the call, and a translation keeps the same names
(tests/unit/test_i18n.py checks every entry).

:func:`translate` translates now, into the language set by
:func:`use_language` (the GUI calls it whenever the user switches; the
command line at start). :class:`Message` translates later: an error raised
deep in the store does not know who will read it, so it carries the source
and its arguments and :meth:`Message.text` picks the language when shown.
"""

from __future__ import annotations

import logging
import string
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Literal, Protocol, TypeAlias

from smartcity_console.paths import resource_path

log = logging.getLogger(__name__)

Language = Literal["id", "en"]
LANGUAGES: tuple[Language, ...] = ("id", "en")
SOURCE_LANGUAGE: Language = "en"
DEFAULT_LANGUAGE: Language = "id"  # the deployment's language (Rembang)
CATALOG = "smartcity_console"


def language_of(value: str | None) -> Language:
    """``value`` as a :data:`Language`: "en" is English, anything else Indonesian.

    The console is deployed in Indonesia, so an unknown or missing language
    falls back to Bahasa Indonesia rather than to an error.
    """
    return "en" if value == "en" else "id"


class _State:
    language: Language = SOURCE_LANGUAGE
    directory: Path | None = None  # where the .ts files are; None: resources/translations


_state = _State()


def use_language(language: str) -> Language:
    """Make ``language`` the one :func:`translate` uses from now on; return it."""
    _state.language = language_of(language)
    return _state.language


def current_language() -> Language:
    return _state.language


def use_directory(directory: Path | None) -> None:
    """Read the ``.ts`` files from ``directory`` (tests); None: the bundled ones."""
    _state.directory = directory
    _catalog.cache_clear()


def ts_file(language: Language) -> Path:
    directory = _state.directory or resource_path("translations")
    return directory / f"{CATALOG}_{language}.ts"


def read_ts(path: Path) -> dict[tuple[str, str], str]:
    """``{(context, source): translation}`` from a Linguist file, finished or not.

    Like ``lrelease`` without ``-nounfinished``, an unfinished translation
    that has text is used; an empty one, an obsolete or a vanished one is not.
    """
    entries: dict[tuple[str, str], str] = {}
    root = ET.parse(path).getroot()  # noqa: S314 (our own bundled file, not input)
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if source is None or translation is None or not translation.text:
                continue
            if translation.get("type") in {"obsolete", "vanished"}:
                continue
            entries[(name, source)] = translation.text
    return entries


@cache
def _catalog(language: Language) -> Mapping[tuple[str, str], str]:
    if language == SOURCE_LANGUAGE:
        return MappingProxyType({})
    path = ts_file(language)
    try:
        return MappingProxyType(read_ts(path))
    except (OSError, ET.ParseError) as exc:
        # A broken install must still speak: English is better than a crash.
        log.warning("no translations for %s (%s): English it is", language, exc)
        return MappingProxyType({})


def translate(context: str, source: str) -> str:
    """``source`` in :func:`current_language`, or ``source`` when it has no translation.

    Exactly two arguments: lupdate skips a ``translate`` call whose third
    argument is a variable or a keyword, so a message for another language
    is ``Message.translate(context, source).text(language)``.
    """
    return lookup(context, source, _state.language)


def lookup(context: str, source: str, language: Language) -> str:
    """The catalog entry itself (not a marker: lupdate does not read this name)."""
    return _catalog(language).get((context, source), source)


class Localizable(Protocol):
    """Anything that can be shown in a language (a :class:`Message`, a :class:`Joined`)."""

    def text(self, language: Language | None = None) -> str: ...


# Numbers stay numbers (so "{count:,}" formats them); messages are translated.
Argument: TypeAlias = object


def _fill(argument: Argument, language: Language) -> object:
    if isinstance(argument, Message | Joined):
        return argument.text(language)
    return argument


@dataclass(frozen=True, slots=True)
class Message:
    """A source text, its context and arguments, translated when it is shown.

    Build one with :meth:`translate` (the name lupdate reads) and fill its
    placeholders with :meth:`format`; an argument may itself be a message
    (a status word, a field name), translated into the same language.
    ``str()`` is English, for logs and for ``ValueError.args``.
    """

    context: str
    source: str
    arguments: Mapping[str, Argument] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def translate(cls, context: str, source: str) -> Message:
        """The message ``source`` in ``context``, marked for lupdate, not yet translated."""
        return cls(context, source)

    @classmethod
    def verbatim(cls, text: str) -> Message:
        """``text`` as it is, in every language (a library's own error message)."""
        return cls("", "{text}", MappingProxyType({"text": text}))

    def format(self, **arguments: Argument) -> Message:
        """This message with its ``{name}`` placeholders bound (translated at :meth:`text`)."""
        return Message(self.context, self.source, MappingProxyType(dict(arguments)))

    def text(self, language: Language | None = None) -> str:
        """The message in ``language`` (default: :func:`current_language`)."""
        lang = language or _state.language
        template = lookup(self.context, self.source, lang)
        if not self.arguments:
            return template
        values = {name: _fill(value, lang) for name, value in self.arguments.items()}
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            # A translation with a mistyped placeholder must not hide the message.
            log.warning("translation of %r does not fit its arguments", self.source)
            return self.source.format(**values)

    def __call__(self, language: Language | None = None) -> str:
        return self.text(language)

    @property
    def en(self) -> str:
        """The English text (scripts and ``--json`` match it whatever the language)."""
        return self.text("en")

    def __str__(self) -> str:
        return self.en


@dataclass(frozen=True, slots=True)
class Joined:
    """``a, b and c`` in the language it is shown in (``last`` is the word "and"/"or")."""

    items: tuple[Localizable | str, ...]
    last: Message

    def text(self, language: Language | None = None) -> str:
        lang = language or _state.language
        words = [item if isinstance(item, str) else item.text(lang) for item in self.items]
        if len(words) == 1:
            return words[0]
        return f"{', '.join(words[:-1])} {self.last.text(lang)} {words[-1]}"


class TranslatedError(Exception):
    """An error its reader fixes, worded in their language; ``str()`` is English, for logs.

    The one base of the refusals a person sees (incident changes, sign-in,
    the assignee list), so each carries a :class:`Message` the same way; a
    plain ``str`` (a library's own words) is shown as it is.
    """

    def __init__(self, message: Message | str) -> None:
        self.message = message if isinstance(message, Message) else Message.verbatim(message)
        super().__init__(self.message.en)

    @property
    def en(self) -> str:
        return self.message.en

    def text(self, language: Language = "en") -> str:
        return self.message.text(language)


def placeholders(text: str) -> frozenset[str]:
    """The ``{name}`` fields of a template (for checking translations keep them)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def untranslated(language: Language, contexts: Iterable[str] | None = None) -> list[str]:
    """Sources with no translation in ``language`` (all contexts, or only ``contexts``)."""
    path = ts_file(language)
    wanted = None if contexts is None else set(contexts)
    missing: list[str] = []
    root = ET.parse(path).getroot()  # noqa: S314 (our own bundled file, not input)
    for context in root.iter("context"):
        name = context.findtext("name", "")
        if wanted is not None and name not in wanted:
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or not translation.text or translation.get("type"):
                missing.append(f"{name}: {message.findtext('source')}")
    return missing
