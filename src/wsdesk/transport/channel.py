"""WebSocketChannel, the transport Protocol the view-model talks to, and its errors."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Protocol, runtime_checkable

from wsdesk.models import CloseInfo, ConnectionOptions, Message

FrameListener = Callable[[Message], None]
"""``listen(entry)`` for each ping, pong and close frame sent or received: a Message of
kind PING, PONG or CLOSE with the frame's payload (see ``Message.control``)."""

PayloadSink = Callable[[list[str | bytes], float], None]
"""``sink(payloads, timestamp)``: received messages, in order, as one batch.

Each payload is ``str`` for a text message and ``bytes`` for a binary one; ``timestamp``
is when they arrived (seconds since the epoch). Called once per socket read.
"""


class ChannelError(Exception):
    """A transport failure; ``str()`` is a plain-language message for the user."""


class InvalidURLError(ChannelError):
    """The URL cannot be connected to (bad scheme, host or port)."""


class ConnectError(ChannelError):
    """TCP could not be established: refused, unreachable, or the name did not resolve.

    ``host`` and ``port`` name the target.
    """

    def __init__(self, message: str, host: str = "", port: int | None = None) -> None:
        super().__init__(message)
        self.host = host
        self.port = port


# Response headers that tell the user how to get past a refusal.
_SHOWN_HEADERS = ("www-authenticate", "proxy-authenticate", "retry-after")


class HandshakeError(ChannelError):
    """The server answered the upgrade with something other than 101 (RFC 6455 section 4.1).

    ``status`` is the HTTP status, ``reason`` its reason phrase, ``headers`` the response
    headers as (name, value) pairs, ``body`` the start of the response body as text.
    The message names the status and shows WWW-Authenticate, Proxy-Authenticate and
    Retry-After when present, then the body, e.g.
    ``Handshake rejected: HTTP 401 Unauthorized (WWW-Authenticate: Bearer): token expired``.
    """

    def __init__(
        self,
        status: int,
        reason: str = "",
        headers: tuple[tuple[str, str], ...] = (),
        body: str = "",
    ) -> None:
        text = f"Handshake rejected: HTTP {status} {reason}".rstrip()
        shown = [f"{name}: {value}" for name, value in headers if name.lower() in _SHOWN_HEADERS]
        if shown:
            text += f" ({'; '.join(shown)})"
        if body:
            text += f": {body}"
        super().__init__(text)
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body


class HandshakeTimeoutError(ChannelError):
    """TCP, TLS and the opening handshake did not finish within ``timeout`` seconds."""

    def __init__(self, timeout: float) -> None:
        super().__init__(f"Handshake timed out after {timeout:g} s")
        self.timeout = timeout


class TLSError(ChannelError):
    """The TLS handshake failed; the message says what failed (trust, name, expiry)."""


class UnrecoverableError(ChannelError):
    """A failure that trying again with the same options cannot fix: a header HTTP cannot
    carry, a subprotocol the client did not offer, too many redirects."""


class ChannelClosedError(ChannelError):
    """A send on a channel that is not open."""


class CloseState:
    """``close_info`` and the ``close_code``/``close_reason`` derived from it.

    A base for WebSocketChannel implementations: they set ``self._close_info`` when the
    connection ends.
    """

    _close_info: CloseInfo | None = None

    @property
    def close_info(self) -> CloseInfo | None:
        """How the connection ended, or None while it has not."""
        return self._close_info

    @property
    def close_code(self) -> int | None:
        """The close code once closed, else None."""
        return self._close_info.code if self._close_info else None

    @property
    def close_reason(self) -> str:
        """The close reason once closed, else ''."""
        return self._close_info.reason if self._close_info else ""


@runtime_checkable
class WebSocketChannel(Protocol):
    """One WebSocket connection, used by one owner.

    Life: ``connect()`` once, then one way of reading from a single reader task until
    the close: ``receive_into(sink)`` (the fast one: batches pushed as they arrive,
    returns at the close), or ``receive()``, ``receive_batch()`` or ``async for`` (None,
    or an empty batch, at the close); ``send()`` from any task, ``close()`` at most once.
    After the close, ``close_info`` (and ``close_code``/``close_reason``) say how it ended.
    """

    @property
    def protocol(self) -> str | None:
        """The negotiated subprotocol (RFC 6455 section 1.9), or None."""
        ...

    @property
    def extensions(self) -> str:
        """The negotiated Sec-WebSocket-Extensions value, '' for none (RFC 6455 section 9)."""
        ...

    @property
    def redirects(self) -> tuple[str, ...]:
        """The redirects followed while connecting, one line each ('redirected (301) to …')."""
        ...

    @property
    def url(self) -> str:
        """The URL connected to: the options' URL, or the target of the last redirect
        followed. (A channel written before this member existed may lack it; the
        view-model then shows the options' URL.)"""
        ...

    @property
    def close_code(self) -> int | None:
        """The close code once closed, else None."""
        ...

    @property
    def close_reason(self) -> str:
        """The close reason once closed, else ''."""
        ...

    @property
    def close_info(self) -> CloseInfo | None:
        """How the connection ended, or None while it has not."""
        ...

    @property
    def failure(self) -> str | None:
        """Why the connection failed after opening (lost, no pong, oversized), or None."""
        ...

    async def connect(self) -> None:
        """Open the connection. Raises a ChannelError subclass on failure."""
        ...

    async def send(self, data: str | bytes) -> None:
        """Send a text (``str``) or binary (``bytes``) message.

        Raises ChannelClosedError if the channel is not open.
        """
        ...

    async def receive(self) -> Message | None:
        """The next received message, or None once the connection has closed."""
        ...

    async def receive_batch(self, limit: int = 1024) -> list[Message]:
        """The next 1 to ``limit`` received messages, in order, or [] once closed.

        Waits for the first; then returns at once with those already received, so a
        flood costs one call per batch, not per message.
        """
        ...

    async def receive_into(self, sink: PayloadSink) -> None:
        """Hand every received message to ``sink`` as it arrives, until the close.

        The fast way to read: no Message per message, and each batch reaches ``sink``
        as soon as the socket delivers it. Returns once the connection has closed
        (``close_info`` set); use it instead of ``receive()``, not beside it.
        """
        ...

    def __aiter__(self) -> AsyncIterator[Message]:
        """Iterate over received messages until the close."""
        ...

    async def close(self, code: int = 1000, reason: str = "") -> None:
        """Start the closing handshake and wait for it within the close timeout."""
        ...

    async def ping(self) -> float:
        """Send a ping (RFC 6455 section 5.5.2) and return the pong's round trip in seconds.

        Waits for the matching pong with no time limit (the caller bounds it); the reader
        must be running, as it is the one that sees the pong. Raises ChannelClosedError
        when the channel is not open or closes first.
        """
        ...

    def set_activity_listener(self, listener: Callable[[], None] | None) -> None:
        """Call ``listener`` for every incoming ping and pong, which ``receive`` never returns.

        A peer that pings is alive even if it never answers our pings (heartbeat).
        """
        ...

    def set_frame_listener(self, listener: FrameListener | None) -> None:
        """Call ``listener`` for every control frame sent or received, in wire order with
        the data (RFC 6455 section 5.5); automatic pong replies still happen.

        Optional: a channel without it shows no control frames.
        """
        ...

    def abort(self, failure: str) -> None:
        """Drop the connection at once with no closing handshake (a 1006 close).

        ``failure`` becomes ``failure``; the reader's stream ends. For a peer that no
        longer answers (no pong). Does nothing once closed.
        """
        ...


ChannelFactory = Callable[[ConnectionOptions], WebSocketChannel]
"""Builds a fresh channel for each connection attempt."""
