"""AiohttpChannel: the real WebSocketChannel, on aiohttp's ClientSession.ws_connect."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import functools
import itertools
import socket
import ssl
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
from yarl import URL

from wsdesk.core.redact import redact_url
from wsdesk.models import (
    ABNORMAL_CLOSURE,
    MAX_CLOSE_REASON,
    NO_STATUS_CODE,
    CloseInfo,
    CloseInitiator,
    ConnectionOptions,
    Direction,
    HandshakeInfo,
    Message,
    MessageKind,
    TlsInfo,
    close_payload,
    is_valid_close_code,
)
from wsdesk.transport.channel import (
    ChannelClosedError,
    ChannelError,
    CloseState,
    ConnectError,
    FrameListener,
    HandshakeError,
    HandshakeTimeoutError,
    InvalidURLError,
    PayloadSink,
    TLSError,
)
from wsdesk.transport.errors import describe_invalid_text, describe_receive_error
from wsdesk.transport.handshake import reason_phrase
from wsdesk.transport.proxy import PROXY_AUTHENTICATION_REQUIRED, ProxyError, choose_proxy
from wsdesk.transport.push_reader import PushReader
from wsdesk.transport.tls import describe_tls_error
from wsdesk.transport.tls_peer import FETCH_TIMEOUT, fetch_peer_tls, tls_info
from wsdesk.transport.upgrade import PROTOCOL_ERROR, OpeningHandshake, TextAsBytesWebSocket

_WS_SCHEMES = ("ws", "wss")


class AiohttpChannel(CloseState):
    """A WebSocketChannel over aiohttp (see ``WebSocketChannel`` for the life cycle).

    The ClientSession is created lazily inside :meth:`connect`, on the running loop, and
    closed when the connection ends. It has no read timeout, so an idle connection is
    never cut by an HTTP timeout. ``options`` supplies the URL, handshake headers,
    subprotocols, timeouts (seconds), size limit (bytes) and TLS settings. Pings are
    answered by the reader; sending pings on a schedule is the owner's job (:meth:`ping`).
    """

    def __init__(self, options: ConnectionOptions) -> None:
        self._options = options
        self._session: aiohttp.ClientSession | None = None
        self._ws: TextAsBytesWebSocket | None = None
        self._close_info: CloseInfo | None = None
        self._close_sent: tuple[int, str] | None = None
        self._failure: str | None = None
        self._pings: dict[bytes, asyncio.Future[None]] = {}
        self._ping_ids = itertools.count(1)
        self._reader: PushReader | None = None
        # What receive_batch() took from the reader beyond its limit, for the next call.
        self._held: collections.deque[Message] = collections.deque()
        self._handshake = OpeningHandshake(options)
        self._tls: TlsInfo | None = None
        self._frame_listener: FrameListener | None = None
        self._activity_listener: Callable[[], None] | None = None

    @property
    def protocol(self) -> str | None:
        return self._handshake.protocol if self._ws is not None else None

    @property
    def extensions(self) -> str:
        """The negotiated Sec-WebSocket-Extensions value, '' for none (RFC 6455 section 9)."""
        return self._handshake.extensions

    @property
    def redirects(self) -> tuple[str, ...]:
        """The redirects followed by the last ``connect()``, one line each."""
        return tuple(self._handshake.redirects)

    @property
    def url(self) -> str:
        """The URL of the last ``connect()``, after the redirects it followed."""
        return str(self._handshake.url)

    @property
    def handshake_info(self) -> HandshakeInfo | None:
        """What the last ``connect()``'s handshake said (request, answer, TLS peer), also
        after a refusal or a failed certificate check; None before any answer."""
        info = self._handshake.info(self._tls)
        if info is None and self._tls is not None:
            return HandshakeInfo(url=redact_url(self.url), tls=self._tls)
        return info

    @property
    def failure(self) -> str | None:
        """Plain-language cause of an abnormal end (ping timeout, oversized message), or None."""
        return self._failure

    async def connect(self) -> None:
        """Open the connection within ``connect_timeout`` seconds.

        Raises InvalidURLError, ConnectError (refused, unreachable, unknown host, proxy
        unreachable), TLSError, HandshakeError (a non-101 answer, with its HTTP status),
        HandshakeTimeoutError, ProxyError (e.g. 407), RedirectError, InvalidHeaderError,
        SubprotocolError or ExtensionError. After redirects the message names the last one.
        """
        opts = self._options
        url = URL(opts.url)
        if url.scheme not in _WS_SCHEMES or not url.host:
            raise InvalidURLError(f"Not a ws:// or wss:// URL: {opts.url}")
        handshake = self._handshake
        # total=None and no sock_read: an idle WebSocket must never hit an HTTP read timeout.
        self._session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=None),
            raise_for_status=handshake.check_answer,
            trace_configs=[handshake.trace_config],
        )
        try:
            async with asyncio.timeout(opts.connect_timeout):
                self._ws = ws = await handshake.open(self._session)
        except BaseException as exc:
            await self._release()
            translated = self._translate_connect_error(exc, handshake.url)
            if isinstance(exc, aiohttp.ClientConnectorCertificateError):
                await self._read_refused_certificate(handshake.url, str(translated))
            if translated is not exc:
                raise handshake.explain(translated) from exc
            if isinstance(exc, ChannelError):
                raise handshake.explain(exc) from None
            raise
        ssl_object = ws.get_extra_info("ssl_object")
        if ssl_object is not None:
            self._tls = tls_info(ssl_object, verified=opts.verify_tls)
        # From here on every message is read, whether or not anyone receives yet.
        # Offering compression gives aiohttp's limit slack (aiohttp_message_limit), whether
        # or not the server accepted it: the reader checks the exact limit.
        exact_limit = opts.max_message_size if opts.compress else 0
        self._reader = PushReader(
            ws,
            functools.partial(self._on_control, ws),
            functools.partial(self._fail, ws),
            self._ended,
            max_size=exact_limit,
        )
        if self._frame_listener is not None:
            self._reader.frame_listener = self._frame_read
        self._reader.start()

    async def _read_refused_certificate(self, url: URL, problem: str) -> None:
        # Shows the user the certificate that failed the check. Through a proxy the
        # second handshake would need the proxy too, so it is not tried.
        if url.host is None or choose_proxy(self._options, url).url is not None:
            return
        self._tls = await fetch_peer_tls(
            url.host,
            url.port or 443,
            url.host,
            problem.removeprefix("TLS: "),
            min(FETCH_TIMEOUT, self._options.connect_timeout),
        )

    def _ended(self) -> bool:
        return self._close_info is not None

    def _translate_connect_error(self, exc: BaseException, url: URL) -> BaseException:
        opts = self._options
        host, port = url.host or "", url.port
        if isinstance(exc, HandshakeError) and exc.status == PROXY_AUTHENTICATION_REQUIRED:
            return ProxyError(exc.status)
        if isinstance(exc, ChannelError):
            return exc
        if isinstance(exc, TimeoutError):
            return HandshakeTimeoutError(opts.connect_timeout)
        if isinstance(exc, aiohttp.ClientHttpProxyError):
            return ProxyError(exc.status)
        if isinstance(exc, aiohttp.WSServerHandshakeError):
            if exc.status == PROXY_AUTHENTICATION_REQUIRED:
                return ProxyError(exc.status)
            headers = tuple(exc.headers.items()) if exc.headers else ()
            return HandshakeError(exc.status, reason_phrase(exc.status, exc.message), headers)
        if isinstance(exc, aiohttp.ClientConnectorCertificateError):
            return TLSError(describe_tls_error(exc.certificate_error))
        if isinstance(exc, aiohttp.ClientConnectorSSLError):
            return TLSError(describe_tls_error(exc.os_error))
        if isinstance(exc, aiohttp.ClientProxyConnectionError):
            shown = f"[{exc.host}]" if ":" in exc.host else exc.host
            return ConnectError(f"Could not reach the proxy {shown}:{exc.port}", exc.host, exc.port)
        if isinstance(exc, aiohttp.ClientConnectorError):
            text = _describe_os_error(exc.os_error, host, port)
            if isinstance(exc.os_error, _CUT_OFF) and url.scheme == "wss":
                text += " during the TLS handshake: is it a plain ws:// server?"
            return ConnectError(text, host, port)
        if isinstance(exc, aiohttp.InvalidURL):
            return InvalidURLError(f"Invalid URL: {opts.url}")
        if isinstance(exc, ssl.SSLError):
            return TLSError(describe_tls_error(exc))
        if isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientOSError):
            # A TLS server drops a plain HTTP request; a plain one may drop a TLS hello.
            hint = "is it a wss:// (TLS) server?" if url.scheme == "ws" else "is it a ws:// server?"
            if isinstance(exc, aiohttp.ServerDisconnectedError):
                what = "The server closed the connection during the handshake"
            else:
                what = f"The connection broke during the handshake ({_cause(exc)})"
            return ChannelError(f"{what}: {hint}")
        if isinstance(exc, aiohttp.ClientResponseError) and not isinstance(
            exc, aiohttp.WSServerHandshakeError
        ):
            # aiohttp reports an unparsable answer as a made-up 400 with its parser's words.
            parser_said = str(exc.message)
            if parser_said.startswith("Got more than"):
                return ChannelError(
                    "The server's answer has a header line longer than HTTP/1.1 readers "
                    "accept (8190 bytes)"
                )
            if parser_said.startswith("Too many headers"):
                return ChannelError("The server's answer has more headers than wsdesk reads")
            return ChannelError(
                "The server's answer is not HTTP: is this a WebSocket server, "
                f"and is it {'wss' if url.scheme == 'ws' else 'ws'}:// rather than "
                f"{url.scheme}://?"
            )
        if isinstance(exc, aiohttp.ClientError | OSError):
            return ChannelError(f"Could not connect: {_cause(exc)}")
        return exc

    async def send(self, data: str | bytes) -> None:
        """Send one text (``str``) or binary (``bytes``) message.

        Raises ChannelClosedError when the connection is not open or is closing.
        """
        ws = self._ws
        if ws is None or ws.closed or self._close_info is not None or self._close_sent:
            raise ChannelClosedError("the connection is closed")
        try:
            if isinstance(data, str):
                await ws.send_str(data)
            else:
                await ws.send_bytes(data)
        except (aiohttp.ClientError, ConnectionError, RuntimeError) as exc:
            raise ChannelClosedError(f"the connection is closing ({exc})") from exc

    async def receive(self) -> Message | None:
        """The next text or binary message, or None once the connection has closed.

        Pings are answered by the reader and pongs settle :meth:`ping`. Messages that
        arrive after our close frame, before the server's answer, are still returned. A
        close frame, a protocol error, a lost connection or :meth:`abort` ends the stream
        and sets ``close_info``; it never raises.
        """
        batch = await self.receive_batch(limit=1)
        return batch[0] if batch else None

    async def receive_batch(self, limit: int = 1024) -> list[Message]:
        """The next 1 to ``limit`` messages, in order; an empty list once closed.

        Messages of one socket read share one timestamp (seconds since the epoch).
        Otherwise as :meth:`receive` (pings answered, never raises).
        """
        reader, held = self._reader, self._held
        while not held and reader is not None:
            batch = reader.take_held()
            if batch is not None:
                payloads, when = batch
                held.extend(Message.of(Direction.RECEIVED, p, when) for p in payloads)
            elif self._close_info is not None:
                break
            else:
                await reader.wait_held()
        if not held:
            await self._release()
        return [held.popleft() for _ in range(min(limit, len(held)))]

    async def receive_into(self, sink: PayloadSink) -> None:
        """Hand every received message to ``sink`` as the socket delivers it (see
        WebSocketChannel); returns once the connection has closed. Never raises."""
        reader = self._reader
        if reader is not None:
            if self._held:  # a receive() took some: they go first
                sink([m.data for m in self._held], self._held[0].timestamp)
                self._held.clear()
            reader.set_sink(sink)
            await reader.wait_closed()
        await self._release()

    async def _on_control(
        self, ws: TextAsBytesWebSocket, kind: aiohttp.WSMsgType, data: Any, extra: str | None
    ) -> None:
        if kind is aiohttp.WSMsgType.PING:
            self._saw_activity()
            await self._pong(ws, data)
        elif kind is aiohttp.WSMsgType.PONG:
            self._saw_activity()
            self._on_pong(data)
        elif kind is aiohttp.WSMsgType.CLOSE:
            await self._on_close_frame(ws, data, extra or "")
        elif kind is aiohttp.WSMsgType.ERROR:
            self._on_error(data)
        elif kind is aiohttp.WSMsgType.CLOSED:
            self._on_lost()

    async def ping(self) -> float:
        """Send a ping and return the round trip of its pong in seconds.

        Raises ChannelClosedError when the connection is not open or closes before the
        pong arrives. The wait has no limit of its own: the caller bounds it.
        """
        ws = self._ws
        if ws is None or ws.closed or self._close_info is not None or self._close_sent:
            raise ChannelClosedError("the connection is closed")
        loop = asyncio.get_running_loop()
        payload = next(self._ping_ids).to_bytes(8, "big")
        answered: asyncio.Future[None] = loop.create_future()
        self._pings[payload] = answered
        started = loop.time()
        try:
            self._tell_frame(Direction.SENT, MessageKind.PING, payload)
            await ws.ping(payload)
            await answered
        except (aiohttp.ClientError, ConnectionError, RuntimeError) as exc:
            raise ChannelClosedError(f"the connection is closing ({exc})") from exc
        finally:
            self._pings.pop(payload, None)
        return loop.time() - started

    def set_frame_listener(self, listener: FrameListener | None) -> None:
        """Call ``listener`` with a PING, PONG or CLOSE entry for every control frame
        sent or received (see WebSocketChannel)."""
        self._frame_listener = listener
        if self._reader is not None:
            self._reader.frame_listener = self._frame_read if listener is not None else None

    def _frame_read(
        self, kind: aiohttp.WSMsgType, data: Any, extra: str | None, when: float
    ) -> None:
        if kind is aiohttp.WSMsgType.CLOSE:
            # aiohttp gives a close frame as (code, reason); 0 for an empty body.
            payload = close_payload(data, extra or "")
            self._tell_frame(Direction.RECEIVED, MessageKind.CLOSE, payload, when)
        elif kind is aiohttp.WSMsgType.PING:
            self._tell_frame(Direction.RECEIVED, MessageKind.PING, bytes(data), when)
        elif kind is aiohttp.WSMsgType.PONG:
            self._tell_frame(Direction.RECEIVED, MessageKind.PONG, bytes(data), when)

    def _tell_frame(
        self, direction: Direction, kind: MessageKind, payload: bytes, when: float | None = None
    ) -> None:
        listener = self._frame_listener
        if listener is None:
            return
        entry = Message.control(direction, kind, payload, when)
        if self._reader is not None:
            self._reader.in_order(functools.partial(listener, entry))
        else:
            listener(entry)

    async def _send_close(self, ws: TextAsBytesWebSocket, payload: bytes) -> None:
        self._tell_frame(Direction.SENT, MessageKind.CLOSE, payload)
        await ws.send_frame(payload, aiohttp.WSMsgType.CLOSE)

    def set_activity_listener(self, listener: Callable[[], None] | None) -> None:
        """Call ``listener`` for every incoming ping and pong (see WebSocketChannel)."""
        self._activity_listener = listener

    def _saw_activity(self) -> None:
        if self._activity_listener is not None:
            self._activity_listener()

    def abort(self, failure: str) -> None:
        """Drop TCP now, without a closing handshake: a 1006 close whose cause is ``failure``.

        For a peer that stopped answering; the reader's stream ends at once.
        """
        if self._ws is None or self._close_info is not None:
            return
        self._failure = failure
        self._on_lost()
        self._drop_transport()
        if self._reader is not None:
            self._reader.wake()

    def _drop_transport(self) -> None:
        # Shutting the socket down fails pending reads and writes, even a write stuck
        # behind a peer that stopped reading; closing the transport would wait for it.
        ws = self._ws
        sock = ws.get_extra_info("socket") if ws is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    async def _pong(self, ws: TextAsBytesWebSocket, payload: bytes) -> None:
        # RFC 6455 section 5.5.3: answer a ping with a pong carrying the same payload.
        with contextlib.suppress(aiohttp.ClientError, ConnectionError, RuntimeError):
            await ws.pong(payload)
            self._tell_frame(Direction.SENT, MessageKind.PONG, bytes(payload))

    def _on_pong(self, payload: bytes | bytearray) -> None:
        # aiohttp hands an unmasked payload over as a bytearray, which is unhashable.
        answered = self._pings.get(bytes(payload))
        if answered is not None and not answered.done():
            answered.set_result(None)

    def _fail_pings(self) -> None:
        for answered in self._pings.values():
            if not answered.done():
                answered.set_exception(ChannelClosedError("the connection closed"))
        self._pings.clear()

    async def __aiter__(self) -> AsyncIterator[Message]:
        while (message := await self.receive()) is not None:
            yield message

    async def close(self, code: int = 1000, reason: str = "") -> None:
        """Send a close frame with ``code`` and ``reason`` and wait for the server's answer.

        Messages that arrive meanwhile are kept for :meth:`receive`. Waits at most
        ``close_timeout`` seconds, then drops the TCP connection; either way ``close_info``
        is set on return, with our code and reason, clean only if the server answered.
        Calling it again, or after the close, does nothing.

        Raises ValueError, before anything is sent, for a code no close frame may carry
        (``models.is_valid_close_code``, RFC 6455 section 7.4) or a reason over
        ``models.MAX_CLOSE_REASON`` bytes of UTF-8 (section 5.5).
        """
        if not is_valid_close_code(code):
            raise ValueError(f"close code {code} may not be sent (RFC 6455 section 7.4)")
        if len(reason.encode("utf-8")) > MAX_CLOSE_REASON:
            raise ValueError(f"a close reason may take at most {MAX_CLOSE_REASON} bytes of UTF-8")
        ws = self._ws
        if ws is None or self._close_sent is not None or self._close_info is not None:
            await self._release()
            return
        self._close_sent = (code, reason)
        timeout = self._options.close_timeout
        try:
            async with asyncio.timeout(timeout):
                await self._send_close(ws, close_payload(code, reason))
                if self._reader is not None:
                    await self._reader.wait_closed()
        except TimeoutError:
            self._failure = f"the server did not answer the close within {timeout:g} s"
        except (aiohttp.ClientError, ConnectionError, RuntimeError):
            # Our close frame could not be written: the peer had already cut the
            # connection (its reset or FIN was still on the way to the reader).
            self._on_lost()
        if self._close_info is None:
            self._close_info = CloseInfo(code, reason, CloseInitiator.CLIENT, clean=False)
            self._drop_transport()
        await self._release()

    async def _on_close_frame(self, ws: TextAsBytesWebSocket, code: int, reason: str) -> None:
        # aiohttp reports a close frame with an empty payload as code 0 (RFC 6455 7.1.5: 1005).
        code = code or NO_STATUS_CODE
        if self._close_sent is None and code != NO_STATUS_CODE and not is_valid_close_code(code):
            # aiohttp lets 1006 and codes over 4999 through; RFC 6455 7.4 forbids both.
            await self._fail(ws, PROTOCOL_ERROR, ValueError(f"invalid close code {code}"))
            return
        if self._close_sent is None:
            # RFC 6455 section 5.5.1: answer with a close frame echoing the status code.
            echo = b"" if code == NO_STATUS_CODE else close_payload(code, "")
            with contextlib.suppress(
                aiohttp.ClientError, ConnectionError, RuntimeError, TimeoutError
            ):
                async with asyncio.timeout(self._options.close_timeout):
                    await self._send_close(ws, echo)
            self._close_info = CloseInfo(code, reason, CloseInitiator.SERVER, clean=True)
        else:
            # Our close, answered: report the code and reason the user chose.
            sent_code, sent_reason = self._close_sent
            self._close_info = CloseInfo(sent_code, sent_reason, CloseInitiator.CLIENT, clean=True)

    async def _fail(self, ws: TextAsBytesWebSocket, code: int, error: BaseException | None) -> None:
        # RFC 6455 section 7.1.7: fail the connection with a close frame carrying the code
        # (section 7.4.1), then, as 7.1.1 asks, let the peer read it: read and drop what
        # it still sends until it closes TCP, for at most close_timeout.
        if isinstance(error, UnicodeDecodeError):
            self._failure = describe_invalid_text(error)
        else:
            self._failure = describe_receive_error(error, code, self._options.max_message_size)
        self._close_info = CloseInfo(code, "", CloseInitiator.CLIENT, clean=False)
        with contextlib.suppress(aiohttp.ClientError, ConnectionError, RuntimeError, TimeoutError):
            async with asyncio.timeout(self._options.close_timeout):
                await self._send_close(ws, close_payload(code, ""))
                if self._reader is not None:
                    await self._reader.discard_until_peer_closes()
        self._drop_transport()

    def _on_error(self, exc: Any) -> None:
        ws = self._ws
        code = ws.close_code if ws is not None and ws.close_code else ABNORMAL_CLOSURE
        self._failure = describe_receive_error(exc, code, self._options.max_message_size)
        initiator = CloseInitiator.NONE if code == ABNORMAL_CLOSURE else CloseInitiator.CLIENT
        self._close_info = CloseInfo(code, "", initiator, clean=False)

    def _on_lost(self) -> None:
        # The stream ended with no close frame: the TCP connection was cut (RFC 6455 7.1.5).
        self._close_info = CloseInfo(ABNORMAL_CLOSURE, "", CloseInitiator.NONE, clean=False)

    async def _release(self) -> None:
        self._fail_pings()
        reader = self._reader
        if reader is not None and self._close_info is not None:
            reader.wake()
            await reader.stop()
        ws = self._ws
        if ws is not None and self._close_info is not None:
            # We run the closing handshake ourselves (autoclose=False) and never call
            # ws.close(), which would send a second close frame; the HTTP response it
            # would have released is released here instead.
            ws._response.close()
        session, self._session = self._session, None
        if session is not None:
            await session.close()


def _describe_os_error(error: OSError, host: str, port: int | None) -> str:
    shown = f"[{host}]" if ":" in host else host  # an IPv6 address, as a URL writes it
    where = f"{shown}:{port}" if port is not None else shown
    if isinstance(error, ConnectionRefusedError):
        return f"Connection refused ({where})"
    if isinstance(error, socket.gaierror):
        return f"Host name not found ({host})"
    if isinstance(error, TimeoutError):
        return f"Connection timed out ({where})"
    return f"Could not connect to {where}: {_cause(error)}"


# OSErrors that mean the peer cut the connection off, as a plain server does to a TLS hello.
_CUT_OFF = (ConnectionResetError, ConnectionAbortedError, BrokenPipeError)
_CAUSES: tuple[tuple[type[BaseException], str], ...] = (
    (ConnectionResetError, "the connection was reset by the server"),
    (ConnectionAbortedError, "the connection was aborted"),
    (BrokenPipeError, "the server closed the connection"),
)


def _cause(error: BaseException) -> str:
    """The text of ``error``, or, for an exception without one (``ConnectionResetError()``),
    what its type means in plain words: a failure always names its cause."""
    text = (error.strerror if isinstance(error, OSError) else None) or str(error)
    if text:
        return text
    for kind, meaning in _CAUSES:
        if isinstance(error, kind):
            return meaning
    return text or type(error).__name__
