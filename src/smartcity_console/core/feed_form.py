"""The map dialog's form as plain data: text fields in, a validated :class:`FeedMapping` out.

Qt-free so the rules (what an empty box means, how ``FIELD=UNIT`` lines are
read) are tested without a window and are the same as ``decode``'s options:
a bare unit is every field's, ``FIELD=UNIT`` is one field's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from smartcity_console.core.mapping import FeedMapping


@dataclass(frozen=True, slots=True)
class FeedForm:
    """What the installer typed; empty strings are "not given"."""

    topic: str
    profile: str = ""
    fields: str = ""
    """Comma-separated paths, ``*`` for every field, or empty (the profile's, or ``value``)."""
    value: str = ""
    timestamp: str = ""
    timezone: str = ""
    units: str = ""
    """``FIELD=UNIT`` entries and at most one bare ``UNIT``, separated by commas or lines."""
    series: str = ""

    def options(self) -> dict[str, Any]:
        """The ``[[feeds]]`` keys this form gives (validated by :meth:`mapping`)."""
        options: dict[str, Any] = {"topic": self.topic.strip()}
        for key in ("profile", "value", "timestamp", "timezone", "series"):
            text = getattr(self, key).strip()
            if text:
                options[key] = text
        fields = [part.strip() for part in self.fields.split(",") if part.strip()]
        if fields:
            options["fields"] = "*" if fields == ["*"] else fields
        per_field: dict[str, str] = {}
        for entry in self.units.replace("\n", ",").split(","):
            field, sep, unit = entry.strip().partition("=")
            if not field:
                continue
            if sep:
                per_field[field.strip()] = unit.strip()
            elif "unit" in options:
                raise ValueError(f"units: more than one unit for every field ({field!r})")
            else:
                options["unit"] = field
        if per_field:
            options["units"] = per_field
        return options

    def mapping(self) -> FeedMapping:
        """The mapping, or ValueError with one line per problem, named by key."""
        try:
            return FeedMapping.model_validate(self.options())
        except ValidationError as exc:
            problems = [
                f"{'.'.join(str(p) for p in err['loc']) or 'mapping'}: {err['msg']}"
                for err in exc.errors(include_url=False)
            ]
            raise ValueError("\n".join(problems)) from None
