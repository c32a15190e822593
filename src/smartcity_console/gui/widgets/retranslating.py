"""A widget that re-reads its words when the language changes, written once.

:func:`smartcity_console.gui.i18n.set_language` swaps the translator and Qt
sends ``QEvent.LanguageChange`` to every widget; each widget that shows words
must then set them again. :class:`Retranslating` is that ``changeEvent``
override: put it first among the bases (``class Banner(Retranslating,
QFrame)``, so Python finds its ``changeEvent`` before Qt's) and implement
:meth:`Retranslating.retranslate`. Item models get no such event; they listen
to :data:`smartcity_console.gui.i18n.notifier` instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    _Base = QWidget
else:
    _Base = object


class Retranslating(_Base):
    """Mixin for a QWidget: :meth:`retranslate` on every ``QEvent.LanguageChange``."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set every text this widget shows again, in the language now current."""
        raise NotImplementedError(f"{type(self).__name__} must say how it retranslates")
