"""What the MQTT client hands its messages to.

In the console's process that is the decoder (``ingest.feed_ingest.FeedIngest``);
in the ingest process, a forwarder that batches raw messages for the console
(:mod:`.child`). The client knows only this face: ``mqtt/`` does not depend on
``ingest/``, and the child process never decodes.
"""

from __future__ import annotations

from typing import Protocol, TypeVar


class IngestSink(Protocol):
    """Receives messages on the MQTT thread; ``flush`` and ``tick`` run there too."""

    @property
    def subscriptions(self) -> list[str]: ...

    def handle(self, topic: str, payload: bytes, now: float, retained: bool = False) -> None: ...

    def flush(self, now: float | None = None) -> int: ...

    def tick(self, now: float) -> None: ...

    def connected(self, now: float) -> None: ...


# The decoder in the console's process, or the ingest process's forwarder.
Sink = TypeVar("Sink", bound=IngestSink)
