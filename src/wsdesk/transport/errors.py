"""Plain-language messages for failures while receiving (oversized and malformed frames)."""

from __future__ import annotations

from typing import Any

from wsdesk.models import format_size

_KIB = 1024
_MIB = 1024 * 1024
_CONTEXT_BYTES = 4


def describe_receive_error(error: Any, code: int, max_message_size: int) -> str:
    """Why a connection failed while receiving, given aiohttp's close ``code``.

    1009 names the configured limit (RFC 6455 section 7.4.1: message too big); 1007 is
    invalid UTF-8 in a text frame; 1002 a protocol error; otherwise the cause as aiohttp
    gave it (a missing pong is the heartbeat's, see ``AiohttpChannel.abort``).
    """
    text = str(error) if error is not None else ""
    if code == 1009:
        return f"message exceeded limit ({format_limit(max_message_size)})"
    if code == 1007:
        return "server sent invalid UTF-8 in a text frame (1007)" + _offending_bytes(error)
    if code == 1002:
        return (
            f"the server broke the protocol ({text})" if text else "the server broke the protocol"
        )
    return text or "connection lost"


def format_limit(size: int) -> str:
    """A configured size limit in bytes as the user typed it: ``4 MiB``, ``64 KiB``, ``1000 B``."""
    if size and size % _MIB == 0:
        return f"{size // _MIB} MiB"
    if size and size % _KIB == 0:
        return f"{size // _KIB} KiB"
    return format_size(size)


def _offending_bytes(error: Any) -> str:
    """``: bytes c3 28 at offset 8 of 14`` from the UnicodeDecodeError behind a 1007."""
    cause = getattr(error, "__cause__", None)
    if not isinstance(cause, UnicodeDecodeError):
        return ""
    payload = bytes(cause.object)
    shown = payload[cause.start : max(cause.end, cause.start + _CONTEXT_BYTES)]
    return f": bytes {shown.hex(' ')} at offset {cause.start} of {len(payload)} ({cause.reason})"
