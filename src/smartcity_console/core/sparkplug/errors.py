"""The Sparkplug B refusal the ingest counts apart; here so ingest needs no protobuf."""

from __future__ import annotations

from smartcity_console.core.timestamps import DecodeError


class BirthMissingError(DecodeError):
    """A DATA message whose node or device has no BIRTH (yet, or since its DEATH).

    Counted in the feed's errors and in ``FeedCounters.before_birth``.
    """
