"""What a doctor check found, with what to do about it, in the console's languages.

Every check returns :class:`Check` values whose text is a catalog
:class:`~smartcity_console.core.i18n.Message` (English in the source,
Bahasa Indonesia in resources/translations/, context "Doctor"), so the report
is printed in the console's language while ``--json`` keeps a stable ``code``
and the English text that scripts can match whatever the language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from smartcity_console.core.i18n import Language, Message

# ok: passed; warn: works, but look at it soon; fail: the console cannot work
# like this; skip: not checked (nothing configured, or an earlier step failed).
Status = Literal["ok", "warn", "fail", "skip"]
# A finding's words: one catalog message (context "Doctor"), translated when printed.
Text = Message


@dataclass(frozen=True, slots=True)
class Check:
    """One finding. ``code`` names the problem for scripts (``""`` when all is well)."""

    name: str
    status: Status
    detail: Text
    fix: Text | None = None
    code: str = ""

    @property
    def ok(self) -> bool:
        """Whether this finding lets the console work (a warning does)."""
        return self.status != "fail"

    def as_json(self, language: Language) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "ok": self.ok,
            "code": self.code,
            "detail": self.detail(language),
            "fix": self.fix(language) if self.fix else "",
            "detail_en": self.detail.en,
            "fix_en": self.fix.en if self.fix else "",
        }


def ok(name: str, detail: Text) -> Check:
    return Check(name, "ok", detail)


def warn(name: str, code: str, detail: Text, fix: Text) -> Check:
    return Check(name, "warn", detail, fix, code)


def fail(name: str, code: str, detail: Text, fix: Text) -> Check:
    return Check(name, "fail", detail, fix, code)


def skip(name: str, detail: Text) -> Check:
    return Check(name, "skip", detail)


def not_reached(name: str, after: str) -> Check:
    """A step that needs an earlier one, which failed."""
    return skip(
        name,
        Message.translate("Doctor", "not checked: {after} failed first").format(after=after),
    )
