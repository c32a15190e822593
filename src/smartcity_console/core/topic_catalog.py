"""Every topic the console has seen, for the topic browser (placeholder; see issue 3)."""

from __future__ import annotations


class TopicCatalog:
    """Written by the ingest thread once per message; read by the GUI in batches."""

    def observe(
        self, topic: str, payload: bytes, retained: bool, now: float, value: float | None
    ) -> None:
        """Record one message; must stay O(1) and cheap (it runs per message)."""
