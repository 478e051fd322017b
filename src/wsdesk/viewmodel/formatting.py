"""How log entries read as one line: time, direction, kind, size and a preview."""

from __future__ import annotations

import functools
import time

from wsdesk.models import Direction, Message, MessageKind, format_size

PREVIEW_CHARS = 4096
PREVIEW_BYTES = 64
UNKNOWN_TIME = "--:--:--.---"
_ARROWS = {Direction.SENT: "↑", Direction.RECEIVED: "↓", Direction.EVENT: "•"}
_KIND_COLUMN = {kind: f"{kind.value:<6}" for kind in MessageKind}


@functools.lru_cache(maxsize=1024)
def _clock(whole_seconds: int) -> str:
    # A burst of messages shares a few seconds: format each second once, not per row.
    return time.strftime("%H:%M:%S", time.localtime(whole_seconds))


def format_time(timestamp: float) -> str:
    """Local wall-clock time to the millisecond, ``HH:MM:SS.mmm``, for any float.

    ``timestamp`` (seconds since the epoch) is rounded to the millisecond; ``-0.5`` is
    500 ms into the second before the epoch. A time the platform cannot convert (NaN,
    infinite, out of range) reads ``--:--:--.---``.
    """
    try:
        # divmod floors, so the millisecond part is 0..999 even before the epoch.
        seconds, millis = divmod(round(timestamp * 1000), 1000)
        clock = _clock(seconds)
    except (ValueError, OverflowError, OSError):
        return UNKNOWN_TIME
    return f"{clock}.{millis:03d}"


def hex_preview(data: bytes, limit: int = PREVIEW_BYTES) -> str:
    """The first ``limit`` bytes as spaced hex pairs, with ``…`` when there are more."""
    text = data[:limit].hex(" ")
    return text + " …" if len(data) > limit else text


def preview(message: Message, limit: int = PREVIEW_CHARS) -> str:
    """One line showing the payload: text as text (newlines as ⏎), binary as hex.

    Text longer than ``limit`` characters is cut, with its full size noted.
    """
    data = message.data
    if isinstance(data, bytes):
        return hex_preview(data) if data else "(empty binary, 0 B)"
    if message.kind is MessageKind.TEXT and not data:
        return "(empty text)"
    cut = data[:limit]
    line = cut.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎")
    if len(data) > limit:
        line += f" …({format_size(message.size)}, truncated)"
    return line


def summary(message: Message) -> str:
    """``HH:MM:SS.mmm  ↓ text    6 B  Hello!``: the log's one-line form of an entry."""
    arrow = _ARROWS[message.direction]
    if message.kind is MessageKind.EVENT:
        return f"{format_time(message.timestamp)}  {arrow} {preview(message)}"
    size = format_size(message.size)
    head = f"{format_time(message.timestamp)}  {arrow} {_KIND_COLUMN[message.kind]} {size:>9}"
    return f"{head}  {preview(message)}"
