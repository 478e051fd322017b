"""Plain-language messages for failures while receiving (oversized and malformed frames)."""

from __future__ import annotations

import re
from typing import Any

from wsdesk.models import format_size

_KIB = 1024
_MIB = 1024 * 1024
_CONTEXT_BYTES = 4


def describe_receive_error(error: Any, code: int, max_message_size: int) -> str:
    """Why a connection failed while receiving, given aiohttp's close ``code``.

    1009 names the configured limit (RFC 6455 section 7.4.1: message too big); 1007 is
    invalid UTF-8 in a close frame's reason (the channel decodes text messages itself,
    see :func:`describe_invalid_text`); 1002 a protocol error; 1011 a failure of wsdesk's
    own reader; otherwise the cause as
    aiohttp gave it (a missing pong is the heartbeat's, see ``AiohttpChannel.abort``).
    """
    text = str(error) if error is not None else ""
    if code == 1009:
        return f"message exceeded limit ({format_limit(max_message_size)})"
    if code == 1007:
        cause = getattr(error, "__cause__", None)
        return "server sent invalid UTF-8 in a close reason (1007)" + _offending_bytes(cause)
    if code == 1011:
        return f"wsdesk failed while reading ({text})" if text else "wsdesk failed while reading"
    if code == 1002:
        text = _plain_protocol_error(text)
        return (
            f"the server broke the protocol ({text})" if text else "the server broke the protocol"
        )
    return text or "connection lost"


# aiohttp's words for a broken frame rule, and what they mean (RFC 6455 section).
_PROTOCOL_ERRORS = (
    (
        re.compile(r"Invalid close frame:"),
        "a close frame of 1 byte, too short for its code (5.5.1)",
    ),
    (
        re.compile(r"Invalid close code: (\d+)"),
        "close code {0}, which no close frame may carry (7.4)",
    ),
    (re.compile(r"Unexpected opcode=(\d+)"), "a frame with the reserved opcode {0} (5.2)"),
    (
        re.compile(r"non-zero reserved bits"),
        "a frame with reserved bits set that no extension defines (5.2)",
    ),
    (re.compile(r"fragmented control frame"), "a fragmented control frame (5.5)"),
    (re.compile(r"Control frame payload cannot"), "a control frame over 125 bytes (5.5)"),
    (
        re.compile(r"Continuation frame for non started"),
        "a continuation frame with no message to continue (5.4)",
    ),
    (
        re.compile(r"opcode in non-fin frame"),
        "a new message began before the fragmented one ended (5.4)",
    ),
)


def _plain_protocol_error(text: str) -> str:
    for pattern, plain in _PROTOCOL_ERRORS:
        found = pattern.search(text)
        if found is not None:
            return plain.format(*found.groups())
    return text


def describe_invalid_text(error: UnicodeDecodeError) -> str:
    """Why a text message failed the connection (RFC 6455 section 8.1), naming the bytes."""
    return "server sent invalid UTF-8 in a text frame (1007)" + _offending_bytes(error)


def format_limit(size: int) -> str:
    """A configured size limit in bytes as the user typed it: ``4 MiB``, ``64 KiB``, ``1000 B``."""
    if size and size % _MIB == 0:
        return f"{size // _MIB} MiB"
    if size and size % _KIB == 0:
        return f"{size // _KIB} KiB"
    return format_size(size)


def _offending_bytes(error: Any) -> str:
    """``: bytes c3 28 at offset 8 of 14`` from a UnicodeDecodeError (else nothing)."""
    if not isinstance(error, UnicodeDecodeError):
        return ""
    payload = bytes(error.object)
    shown = payload[error.start : max(error.end, error.start + _CONTEXT_BYTES)]
    return f": bytes {shown.hex(' ')} at offset {error.start} of {len(payload)} ({error.reason})"
