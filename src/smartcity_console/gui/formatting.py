"""How payloads, times and rates read on screen, shared by the topic browser and diagnostics.

Payloads come from devices nobody here controls: any bytes, any length. They
are decoded as UTF-8 with invalid bytes escaped (``\\xff``), control
characters kept out of one-line previews, and cut to a length a cell can
show, so no payload can raise or flood a view. Times are shown in the
command center's zone with ``core.clock.wib_text``, whatever the workstation's zone.
"""

from __future__ import annotations

import json

from smartcity_console.gui.i18n import translate

_CONTROL = dict.fromkeys(range(32), " ") | {127: " "}
# Control characters other than line breaks and tabs, escaped like invalid bytes
# (a NUL or an ANSI escape would otherwise vanish or garble a text view).
_ESCAPE = {c: f"\\x{c:02x}" for c in (*range(32), 127) if chr(c) not in "\n\r\t"}


def payload_text(payload: bytes) -> str:
    """The payload as text: UTF-8, invalid bytes and controls as ``\\xNN``, JSON pretty."""
    text = payload.decode("utf-8", errors="backslashreplace").translate(_ESCAPE)
    stripped = text.strip()
    if stripped[:1] in ("{", "["):
        try:
            return json.dumps(json.loads(stripped), indent=2, ensure_ascii=False)
        except ValueError:  # a cut or broken JSON payload: show it as it came
            pass
    return text


def payload_preview(payload: bytes, limit: int = 80) -> str:
    """One line of at most ``limit`` characters, ending in ``…`` when cut."""
    text = payload[: limit * 4].decode("utf-8", errors="backslashreplace")
    text = " ".join(text.translate(_CONTROL).split())
    if len(text) > limit or len(payload) > limit * 4:
        return text[: limit - 1] + "…"
    return text


def format_value(value: float | None) -> str:
    if value is None:
        return "—"
    if value != value:  # NaN
        return "NaN"
    return f"{value:.6g}"


def format_rate(rate: float) -> str:
    if rate <= 0:
        return "0"
    if rate < 0.1:
        return f"{rate:.3f}"
    if rate < 100:
        return f"{rate:.1f}"
    return f"{rate:,.0f}"


def age_text(seconds: float) -> str:
    """``12 s ago`` (``12 s lalu``), in the coarsest unit that fits."""
    seconds = max(0.0, seconds)
    if seconds < 120:
        text = translate("FeedText", "{} s ago")
        amount = seconds
    elif seconds < 7200:
        text = translate("FeedText", "{} min ago")
        amount = seconds / 60
    elif seconds < 172_800:
        text = translate("FeedText", "{} h ago")
        amount = seconds / 3600
    else:
        text = translate("FeedText", "{} d ago")
        amount = seconds / 86_400
    return text.format(f"{amount:.0f}")
