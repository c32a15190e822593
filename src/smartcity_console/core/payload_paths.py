"""Paths into a JSON payload: dotted (``ENERGY.Power``) or JSON Pointer (``/PMS5003/PM2.5``).

Why two forms. The dotted form is what installers type and what the series
names show (``topic#ENERGY.Power``), but devices use keys that contain a dot:
Tasmota's PMS5003 driver sends ``"PM2.5"``. RFC 6901 JSON Pointer addresses
any key (``/PMS5003/PM2.5``; ``~1`` is a ``/`` and ``~0`` a ``~`` inside a key).
A dotted path whose part is missing also tries the following parts joined
with dots (``PMS5003.PM2.5`` finds the key ``PM2.5``), so the dotted form
works too unless the payload has both ``PM2`` and ``PM2.5``; then the pointer
says which one is meant.

A path that finds nothing names the keys that do exist where it stopped,
because "payload has no value" sends an installer back to a hex dump.
"""

from __future__ import annotations

from typing import Any, Final

MISSING: Final = object()
"""What :meth:`PayloadPath.get` returns when the payload has nothing at the path."""

_KEYS_SHOWN = 12


def split_path(text: str) -> tuple[str, ...]:
    """The keys of a path: a JSON Pointer when it starts with ``/``, else dotted."""
    if text.startswith("/"):
        return tuple(part.replace("~1", "/").replace("~0", "~") for part in text[1:].split("/"))
    return tuple(text.split("."))


def pointer_error(text: str) -> str | None:
    """Why ``text`` is not a valid JSON Pointer (RFC 6901 section 3), or None."""
    rest = text.replace("~0", "").replace("~1", "")
    if "~" in rest:
        return "a '~' in a JSON Pointer must be written '~0' (and a '/' in a key '~1')"
    return None


def dotted_name(keys: tuple[str, ...]) -> str:
    """The dotted spelling of a path, used in series names (``topic#PMS5003.PM2.5``)."""
    return ".".join(keys)


class PayloadPath:
    """A compiled path; digit-only parts also index arrays (``sensors.0.value``)."""

    __slots__ = ("_dotted", "_first", "_rest", "keys", "name", "text", "what")

    def __init__(self, text: str, role: str) -> None:
        keys = split_path(text)
        self.text = text
        self.keys = keys
        self.name = dotted_name(keys)
        self.what = f"{role} at {text!r}"  # for error messages, made once
        self._dotted = not text.startswith("/")
        self._first = keys[0]
        self._rest = tuple((key, _index(key)) for key in keys[1:])

    def get(self, obj: dict[str, Any]) -> Any:
        """The value at this path, or :data:`MISSING`."""
        node = obj.get(self._first, MISSING)
        for key, index in self._rest:
            if type(node) is dict:
                node = node.get(key, MISSING)
            elif type(node) is list and index is not None and index < len(node):
                node = node[index]
            else:
                node = MISSING
                break
        if node is MISSING and self._dotted and len(self.keys) > 1:
            return _get_joined(obj, self.keys)  # keys with dots in them; the rare case
        return node

    def missing(self, obj: dict[str, Any]) -> str:
        """Why the path finds nothing in ``obj``: where it stopped and what is there."""
        node: Any = obj
        for depth, key in enumerate(self.keys):
            where = "the top level" if depth == 0 else repr(dotted_name(self.keys[:depth]))
            if type(node) is dict:
                if key not in node:
                    return f"no key {key!r} at {where}; {_keys_text(node)}"
                node = node[key]
            elif type(node) is list:
                index = _index(key)
                if index is None or index >= len(node):
                    return f"{where} is an array of {len(node)} item(s), no item {key!r}"
                node = node[index]
            else:
                return f"{where} is not an object"
        return "nothing there"


def _index(key: str) -> int | None:
    return int(key) if key.isascii() and key.isdigit() else None


def _get_joined(node: Any, keys: tuple[str, ...]) -> Any:
    """Walk ``keys``, trying a key made of the next parts joined with dots where one is missing."""
    if not keys:
        return node
    if type(node) is list:
        index = _index(keys[0])
        if index is None or index >= len(node):
            return MISSING
        return _get_joined(node[index], keys[1:])
    if type(node) is not dict:
        return MISSING
    for end in range(1, len(keys) + 1):
        key = ".".join(keys[:end])
        if key in node:
            found = _get_joined(node[key], keys[end:])
            if found is not MISSING:
                return found
    return MISSING


def _keys_text(node: dict[str, Any]) -> str:
    if not node:
        return "the object there is empty"
    keys = [repr(key) for key in list(node)[:_KEYS_SHOWN]]
    more = f" and {len(node) - _KEYS_SHOWN} more" if len(node) > _KEYS_SHOWN else ""
    return f"keys there: {', '.join(keys)}{more}"
