"""Reading a refused opening handshake: status, the headers that matter and the body's start."""

from __future__ import annotations

import asyncio
import codecs
from http import HTTPStatus

import aiohttp

from wsdesk.transport.channel import HandshakeError

BODY_PREVIEW_CHARS = 200
# Enough bytes for 200 characters of any UTF-8 text.
_BODY_READ_LIMIT = 4 * BODY_PREVIEW_CHARS
_BODY_READ_TIMEOUT = 1.0


def reason_phrase(status: int, message: str = "") -> str:
    """The reason phrase the server sent, else the standard one for ``status``, else ''."""
    if message and "Invalid response status" not in message:
        return message
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


async def raise_for_refusal(response: aiohttp.ClientResponse) -> None:
    """aiohttp's ``raise_for_status`` hook for the upgrade request.

    Raises HandshakeError for an answer other than 101 Switching Protocols (RFC 6455
    section 4.1) with the status, its reason phrase, the response headers and the first
    200 characters of the body as text. 3xx answers are left to aiohttp's
    redirect handling.
    """
    status = response.status
    if status == 101 or 300 <= status < 400:
        return
    headers = tuple(response.headers.items())
    body = await _body_preview(response)
    response.release()
    raise HandshakeError(status, reason_phrase(status, response.reason or ""), headers, body)


async def _body_preview(response: aiohttp.ClientResponse) -> str:
    data = b""
    try:
        async with asyncio.timeout(_BODY_READ_TIMEOUT):
            while len(data) < _BODY_READ_LIMIT:
                chunk = await response.content.read(_BODY_READ_LIMIT - len(data))
                if not chunk:
                    break
                data += chunk
    except (TimeoutError, aiohttp.ClientError, ConnectionError):
        pass  # the preview is a courtesy: show what arrived
    return preview_text(data, response.charset)


def preview_text(data: bytes, charset: str | None = None) -> str:
    """``data`` decoded (``charset``, else UTF-8) as one line of at most 200 characters."""
    try:
        codecs.lookup(charset or "utf-8")
        text = data.decode(charset or "utf-8", "replace")
    except LookupError:
        text = data.decode("utf-8", "replace")
    line = " ".join(text.split())
    if len(line) > BODY_PREVIEW_CHARS:
        return line[:BODY_PREVIEW_CHARS] + "…"
    return line
