"""MQTT topic filters: validation, matching and a cached router for the ingest path.

The rules are those of MQTT 3.1.1 / 5.0 (section 4.7): levels are separated by
``/``; ``+`` matches exactly one level (which may be empty) and must be a whole
level; ``#`` matches the parent level and every level below it and must be the
whole last level; filters that start with a wildcard never match topics that
start with ``$`` (broker-internal topics such as ``$SYS/...``).
"""

from __future__ import annotations

from collections.abc import Sequence

MAX_TOPIC_BYTES = 65_535
"""MQTT encodes topic lengths in two bytes; a longer filter can never be subscribed."""

DEFAULT_CACHE_SIZE = 100_000


def _check_common(text: str, what: str) -> None:
    if not text:
        raise ValueError(f"{what} cannot be empty")
    if "\x00" in text:
        raise ValueError(f"{what} cannot contain the NUL character")
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise ValueError(f"{what} is not valid UTF-8 (it contains a lone surrogate)") from None
    if size > MAX_TOPIC_BYTES:
        raise ValueError(f"{what} is {size} bytes long; MQTT allows at most {MAX_TOPIC_BYTES}")


def validate_filter(topic_filter: str) -> None:
    """Raise ValueError saying what is wrong when ``topic_filter`` is not a valid MQTT filter."""
    _check_common(topic_filter, "a topic filter")
    levels = topic_filter.split("/")
    last = len(levels) - 1
    for i, level in enumerate(levels):
        if "#" in level and (level != "#" or i != last):
            raise ValueError(
                f"'#' must be the whole last level of a topic filter (as in 'a/#'), "
                f"not level {i + 1} {level!r}"
            )
        if "+" in level and level != "+":
            raise ValueError(
                f"'+' must be a whole level of a topic filter (as in 'a/+/c'), "
                f"not level {i + 1} {level!r}"
            )


def validate_topic(topic: str) -> None:
    """Raise ValueError when ``topic`` cannot be a topic a message is published to."""
    _check_common(topic, "a topic")
    if "+" in topic or "#" in topic:
        raise ValueError("a topic cannot contain the wildcards '+' or '#' (only filters can)")


def _match_levels(filter_levels: Sequence[str], topic_levels: Sequence[str]) -> bool:
    if topic_levels[0].startswith("$") and filter_levels[0] in ("+", "#"):
        return False
    n_topic = len(topic_levels)
    for i, level in enumerate(filter_levels):
        if level == "#":
            # Earlier levels all matched, so i <= n_topic: '#' also matches the parent.
            return True
        if i >= n_topic:
            return False
        if level != "+" and level != topic_levels[i]:
            return False
    return len(filter_levels) == n_topic


def _has_wildcard(topic_filter: str) -> bool:
    return "+" in topic_filter or "#" in topic_filter


def matches(topic_filter: str, topic: str) -> bool:
    """Whether ``topic`` matches the MQTT ``topic_filter`` (assumed valid)."""
    if not _has_wildcard(topic_filter):
        return topic_filter == topic
    return _match_levels(topic_filter.split("/"), topic.split("/"))


class TopicRouter:
    """Finds the first of a fixed list of filters that matches a topic.

    The ingest path asks once per message (up to ~100k msg/s) but a city has a
    bounded set of topics, so answers are cached per topic. The cache is
    cleared when it grows past ``cache_size`` entries, which bounds memory if a
    misbehaving device publishes to ever-new topics; a clear costs one scan of
    the filters per topic afterwards, never a wrong answer.
    """

    __slots__ = ("_cache", "_cache_size", "_compiled", "filters")

    def __init__(self, filters: Sequence[str], cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        for topic_filter in filters:
            validate_filter(topic_filter)
        if cache_size < 1:
            raise ValueError("cache_size must be at least 1")
        self.filters: tuple[str, ...] = tuple(filters)
        # Exact filters compare as whole strings; wildcard filters are pre-split.
        self._compiled: tuple[str | tuple[str, ...], ...] = tuple(
            tuple(f.split("/")) if _has_wildcard(f) else f for f in self.filters
        )
        self._cache: dict[str, int | None] = {}
        self._cache_size = cache_size

    def route(self, topic: str) -> int | None:
        """Index of the first filter matching ``topic``, or None when none does."""
        found = self._cache.get(topic, -1)
        if found != -1:
            return found
        index = self._scan(topic)
        cache = self._cache
        if len(cache) >= self._cache_size:
            cache.clear()
        cache[topic] = index
        return index

    def _scan(self, topic: str) -> int | None:
        topic_levels: list[str] | None = None
        for i, compiled in enumerate(self._compiled):
            if isinstance(compiled, str):
                if compiled == topic:
                    return i
                continue
            if topic_levels is None:
                topic_levels = topic.split("/")
            if _match_levels(compiled, topic_levels):
                return i
        return None

    def cached_topics(self) -> int:
        """How many topics the cache holds now (for diagnostics and tests)."""
        return len(self._cache)
