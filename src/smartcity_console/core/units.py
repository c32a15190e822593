"""Units and numbers as an operator reads them, in one language at a time.

Feeds send units in ASCII and often in English ("ug/m3", "people",
"vehicles/5min"): the tiles showed "people" in the Indonesian console and
alarm titles "18.5 ug/m3" beside "18,5 µg/m³" on the tiles (issue 17). Here
is the one place that turns a feed's unit into what is shown (a symbol,
or words of the UI language from the translation catalog, context "Unit")
and formats numbers with the language's separators, for code with and
without Qt alike: the GUI's tiles, plots and station cells, and the alarm
engine's incident titles. A unit not listed is shown as the feed sent it.
"""

from __future__ import annotations

from dataclasses import dataclass

from smartcity_console.core.i18n import Language, Message, current_language

# Symbols read the same in every language.
_SYMBOLS = {"ug/m3": "µg/m³", "degC": "°C", "m3": "m³", "m3/s": "m³/s"}
# Words: the catalog has their Indonesian (lupdate reads these calls).
_WORDS = {
    "people": Message.translate("Unit", "people"),
    "users": Message.translate("Unit", "users"),
    "vehicles/5min": Message.translate("Unit", "vehicles/5 min"),
    "reports/h": Message.translate("Unit", "reports/h"),
    "calls/h": Message.translate("Unit", "calls/h"),
    "min": Message.translate("Unit", "min"),
    "mm/h": Message.translate("Unit", "mm/h"),
}


def display_unit(unit: str | None, language: Language | None = None) -> str:
    """``unit`` as shown in ``language`` (default: the current one); "" for none."""
    if not unit:
        return ""
    word = _WORDS.get(unit)
    if word is not None:
        return word.text(language or current_language())
    return _SYMBOLS.get(unit, unit)


def localize_digits(text: str, language: Language) -> str:
    """``1,234.5`` (Python's, English) as ``language`` writes it: ``1.234,5`` in Indonesian."""
    if language != "id":
        return text
    # Not str.translate: the catalog's tests take every "translate" call for a message.
    return ",".join(part.replace(",", ".") for part in text.split("."))


@dataclass(frozen=True, slots=True)
class LocalNumber:
    """A number that formats in a language: ``"{v:.1f}".format(v=LocalNumber(18.5, "id"))``
    is ``18,5``. Any format spec a float takes works; without a grouping option the
    thousands are grouped (``13.400`` in Indonesian, ``13,400`` in English), as the tiles
    show them (QLocale), so a title and a tile read the same number alike."""

    value: float
    language: Language

    def __format__(self, spec: str) -> str:
        spec = _grouped(spec)
        try:
            text = format(self.value, spec)
        except ValueError:  # a spec for ints only ("d") with a fraction: as the template meant
            text = format(round(self.value), spec)
        return localize_digits(text, self.language)

    def __str__(self) -> str:
        return format(self, "")


def _grouped(spec: str) -> str:
    """``spec`` with "," grouping added where a float format allows it and none is given."""
    if "," in spec or "_" in spec:
        return spec
    kind = spec[-1] if spec and spec[-1].isalpha() else ""
    if kind not in ("", "f", "F", "g", "G", "d"):
        return spec  # e, %, n, x...: as written
    body = spec[: len(spec) - len(kind)]
    precision = ""
    if "." in body:
        body, precision = body.split(".", 1)
        precision = "." + precision
    if kind == "" and not precision:
        kind = "g" if body == "" else ""
        if not kind:
            return spec
    return f"{body},{precision}{kind}"
