"""Fixtures for the GUI tests (see tests/support/language.py)."""

from tests.support.language import _gui_language, compiled_translations, indonesian

__all__ = ["_gui_language", "compiled_translations", "indonesian"]
