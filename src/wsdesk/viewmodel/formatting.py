"""How log entries read as one line: time, direction, kind, size and a preview."""

from __future__ import annotations

import functools
import time

from wsdesk.models import Direction, Message, MessageKind, format_size

PREVIEW_CHARS = 4096
PREVIEW_BYTES = 64
UNKNOWN_TIME = "--:--:--.---"
_ARROWS = {Direction.SENT: "↑", Direction.RECEIVED: "↓", Direction.EVENT: "•"}
# Control frames in capitals, so PING, PONG and CLOSE stand out beside the data.
_KIND_COLUMN = {
    kind: f"{kind.value.upper() if kind.is_control else kind.value:<6}" for kind in MessageKind
}


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


def close_payload_text(payload: bytes) -> str:
    """A close frame's body in words: ``1000 "bye"``, ``no status code`` when empty
    (RFC 6455 section 5.5.1: the 2-byte code, then the UTF-8 reason)."""
    if len(payload) < 2:
        return "no status code" if not payload else f"malformed: {payload.hex(' ')}"
    code = int.from_bytes(payload[:2], "big")
    reason = payload[2:].decode("utf-8", "replace")
    return f'{code} "{reason}"' if reason else str(code)


def frame_text(kind: MessageKind, payload: bytes) -> str:
    """A control frame in one line: ``PING 00 01``, ``CLOSE 1000 "bye"``."""
    if kind is MessageKind.CLOSE:
        return f"CLOSE {close_payload_text(payload)}"
    return f"{kind.value.upper()} {hex_preview(payload) if payload else '(no payload)'}"


def preview(message: Message, limit: int = PREVIEW_CHARS) -> str:
    """One line showing the payload: text as text (newlines as ⏎), binary as hex.

    Text longer than ``limit`` characters is cut, with its full size noted.
    """
    data = message.data
    if message.kind is MessageKind.CLOSE and isinstance(data, bytes):
        return close_payload_text(data)
    if isinstance(data, bytes):
        if not data:
            return "(no payload)" if message.kind.is_control else "(empty binary, 0 B)"
        return hex_preview(data)
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
