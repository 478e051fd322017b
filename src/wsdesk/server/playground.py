"""The playground: the echo server's routes that misbehave on request.

Each route shows a client one fault on purpose (a close code, a refused handshake, a
flood, a slow echo, a dropped connection, a silent peer, an unexpected subprotocol,
binary or fragmented echoes). Every route answers the client's close frame with the
client's own code and reason (RFC 6455 section 5.5.1). Parameters are checked and capped
before the upgrade (``parameters``): a bad one is a 400 with a plain reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass

from aiohttp import WSMessage, WSMsgType, web

from wsdesk.models import is_valid_close_code
from wsdesk.server import parameters
from wsdesk.server.index_page import render_index

OPEN_SOCKETS = web.AppKey(
    "open_sockets",
    weakref.WeakKeyDictionary[web.WebSocketResponse, asyncio.Transport | None],
)
"""The app's open WebSockets and their transports, closed with 1001 when the server shuts
down (and aborted when a client does not read the close in ``SHUTDOWN_CLOSE_TIMEOUT``)."""

MAX_FLOOD_MESSAGES = 1_000_000
MAX_FLOOD_BYTES = 256 * 1024 * 1024  # count x size of one flood
MAX_MESSAGE_SIZE = 1024 * 1024
MAX_RATE = 100_000  # messages/s
MAX_DELAY = 60.0  # seconds
_FLOOD_TICK = 0.02  # seconds between the writes of a paced flood
_WRITE_BUFFER_HIGH = 1024 * 1024  # bytes queued before a fragmenting echo waits
_FRAMES_PER_WRITE = 4096  # a fragmenting echo builds at most this many frames at once
SHUTDOWN_CLOSE_TIMEOUT = 1.0  # seconds a client gets to read the 1001 at shutdown

_NORMAL_CLOSURE = 1000
_PROTOCOL_ERROR = 1002
_OP_CONTINUATION, _OP_TEXT, _OP_BINARY = 0x0, 0x1, 0x2

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Reply = Callable[[web.WebSocketResponse, WSMessage], Awaitable[None]]


@dataclass(frozen=True)
class Route:
    """One playground route: its aiohttp path, what it does, and an example path."""

    path: str
    summary: str
    example: str
    handler: Handler


@dataclass(frozen=True)
class Example:
    """A ready-made connection to one route, e.g. for the window's Playground menu."""

    label: str
    path: str
    shows: str


def is_upgrade(request: web.Request) -> bool:
    """True when ``request`` asks for a WebSocket upgrade."""
    return request.headers.get("Upgrade", "").lower() == "websocket"


@contextlib.asynccontextmanager
async def opened(
    request: web.Request,
    *,
    autoping: bool = True,
    subprotocol: str | None = None,
    max_message_size: int = 0,
) -> AsyncIterator[web.WebSocketResponse]:
    """The upgraded WebSocket of ``request``, registered for shutdown while in use.

    ``subprotocol`` is selected whatever the client offered (RFC 6455 says a server must
    not; the route exists to show what a client does then). ``max_message_size`` bytes
    (0 = no limit) bounds what a client may send; a bigger message is closed with 1009.
    A client that vanishes mid-reply (a reset, a write to a closed socket) ends the route
    quietly: there is no one left to tell.
    """
    # aiohttp refuses a message of exactly its limit; wsdesk's limits allow exactly-at.
    limit = max_message_size + 1 if max_message_size else 0
    if not is_upgrade(request):
        raise parameters.bad_request(
            f"{request.path} is a WebSocket route: connect a WebSocket client to it "
            "(the routes are listed at /)"
        )
    ws = web.WebSocketResponse(max_msg_size=limit, autoping=autoping, autoclose=False)
    if subprotocol is not None:
        ws.headers["Sec-WebSocket-Protocol"] = subprotocol
    await ws.prepare(request)
    sockets = request.app[OPEN_SOCKETS]
    sockets[ws] = request.transport
    try:
        yield ws
    except ConnectionError:
        pass
    finally:
        sockets.pop(ws, None)


async def next_data(ws: web.WebSocketResponse) -> WSMessage | None:
    """The client's next text or binary message; None once it closed (its close frame is
    answered with its own code and reason) or the connection ended."""
    while True:
        msg = await ws.receive()
        if msg.type is WSMsgType.TEXT or msg.type is WSMsgType.BINARY:
            return msg
        if msg.type is WSMsgType.CLOSE:
            # aiohttp reads an empty close payload as code 0: answer it with 1000. A code
            # no close frame may carry (1006, 5000) is a protocol error, not an echo
            # (RFC 6455 section 7.4.1).
            code = msg.data or _NORMAL_CLOSURE
            reason = (msg.extra or "").encode("utf-8")
            if not is_valid_close_code(code):
                code, reason = _PROTOCOL_ERROR, b"invalid close code"
            await ws.close(code=code, message=reason)
            return None
        if msg.type not in (WSMsgType.PING, WSMsgType.PONG):
            return None


async def serve(ws: web.WebSocketResponse, reply: Reply | None) -> None:
    """Answer every message with ``reply`` (None: answer nothing) until the client closes."""
    while (msg := await next_data(ws)) is not None:
        if reply is not None:
            await reply(ws, msg)


async def echo(ws: web.WebSocketResponse, msg: WSMessage) -> None:
    """Send ``msg`` back unchanged."""
    if msg.type is WSMsgType.TEXT:
        await ws.send_str(msg.data)
    else:
        await ws.send_bytes(msg.data)


async def _echo_route(request: web.Request) -> web.StreamResponse:
    if not is_upgrade(request):
        return render_index(request, ROUTES, found=request.path == "/")
    async with opened(request) as ws:
        await serve(ws, echo)
    return ws


async def _close_route(request: web.Request) -> web.StreamResponse:
    code = parameters.close_code(request.match_info["code"])
    reason = parameters.close_reason(request.query.get("reason"))
    delay = parameters.seconds(request.query.get("delay"), "delay", 0.0, MAX_DELAY)
    async with opened(request) as ws:
        try:
            async with asyncio.timeout(delay):
                await serve(ws, echo)
        except TimeoutError:
            await ws.close(code=code, message=reason.encode("utf-8"))
    return ws


async def _reject_route(request: web.Request) -> web.StreamResponse:
    status = parameters.http_status(request.match_info["status"])
    headers = {"WWW-Authenticate": 'Basic realm="wsdesk playground"'} if status == 401 else None
    return web.Response(
        status=status, text=f"refused with {status}, as the URL asked\n", headers=headers
    )


async def _flood_route(request: web.Request) -> web.StreamResponse:
    query = request.query
    count = parameters.whole_number(query.get("count"), "count", 1000, 1, MAX_FLOOD_MESSAGES)
    size = parameters.whole_number(query.get("size"), "size", 0, 0, MAX_MESSAGE_SIZE)
    rate = parameters.whole_number(query.get("rate"), "rate", 0, 0, MAX_RATE)
    if count * size > MAX_FLOOD_BYTES:
        raise parameters.bad_request(
            f"count x size must be at most {MAX_FLOOD_BYTES // (1024 * 1024)} MiB"
        )
    async with opened(request) as ws:
        sender = asyncio.ensure_future(_send_flood(ws, count, size, rate))
        try:
            await serve(ws, echo)
        finally:
            sender.cancel()
            await asyncio.wait([sender])
    return ws


def flood_message(number: int, count: int, size: int) -> str:
    """Message ``number`` of ``count``: the number, zero-padded to the width of ``count``,
    then ``.`` up to ``size`` characters (ASCII, so also bytes)."""
    text = f"{number:0{len(str(count))}d}"
    return text + "." * (size - len(text))


async def _send_flood(ws: web.WebSocketResponse, count: int, size: int, rate: int) -> None:
    with contextlib.suppress(ConnectionError, RuntimeError):
        if rate == 0:
            for number in range(1, count + 1):
                await ws.send_str(flood_message(number, count, size))
            return
        # On a clock, so that a slow tick catches up instead of slowing the feed.
        loop = asyncio.get_running_loop()
        started, sent = loop.time(), 0
        while sent < count:
            due = min(count, int((loop.time() - started) * rate) + 1)
            for number in range(sent + 1, due + 1):
                await ws.send_str(flood_message(number, count, size))
            sent = due
            await asyncio.sleep(_FLOOD_TICK)


async def _slow_route(request: web.Request) -> web.StreamResponse:
    delay = parameters.seconds(request.query.get("delay"), "delay", 1.0, MAX_DELAY)

    async def later(ws: web.WebSocketResponse, msg: WSMessage) -> None:
        await asyncio.sleep(delay)
        await echo(ws, msg)

    async with opened(request) as ws:
        await serve(ws, later)
    return ws


async def _drop_route(request: web.Request) -> web.StreamResponse:
    after = parameters.whole_number(request.query.get("after"), "after", 0, 0, MAX_FLOOD_MESSAGES)
    async with opened(request) as ws:
        for _ in range(after):
            msg = await next_data(ws)
            if msg is None:
                return ws
            await echo(ws, msg)
        transport = request.transport
        if transport is not None:
            transport.abort()  # no close frame: the client sees 1006
    return ws


async def _silent_route(request: web.Request) -> web.StreamResponse:
    async with opened(request, autoping=False) as ws:
        await serve(ws, None)
    return ws


async def _subprotocol_route(request: web.Request) -> web.StreamResponse:
    name = parameters.subprotocol(request.match_info["name"])
    async with opened(request, subprotocol=name) as ws:
        await serve(ws, echo)
    return ws


async def _as_binary(ws: web.WebSocketResponse, msg: WSMessage) -> None:
    data = msg.data.encode("utf-8") if msg.type is WSMsgType.TEXT else msg.data
    await ws.send_bytes(data)


async def _binary_route(request: web.Request) -> web.StreamResponse:
    async with opened(request) as ws:
        await serve(ws, _as_binary)
    return ws


def _frame_head(first: int, length: int) -> bytes:
    if length < 126:
        return struct.pack("!BB", first, length)
    if length < 1 << 16:
        return struct.pack("!BBH", first, 126, length)
    return struct.pack("!BBQ", first, 127, length)


def fragments(opcode: int, payload: bytes, size: int) -> Iterator[bytes]:
    """One message as unmasked frames of at most ``size`` payload bytes each: the first
    with ``opcode``, the others continuation frames, FIN on the last (RFC 6455 5.4).

    Yields the wire bytes of at most ``_FRAMES_PER_WRITE`` frames at a time, so that a
    message cut into one-byte fragments never sits in memory as one object per byte.
    """
    starts = range(0, len(payload), size) or range(1)
    last = starts[-1]
    for batch in range(0, len(starts), _FRAMES_PER_WRITE):
        frames = []
        for start in starts[batch : batch + _FRAMES_PER_WRITE]:
            piece = payload[start : start + size]
            first = (0x80 if start == last else 0) | (opcode if start == 0 else 0)
            frames.append(_frame_head(first, len(piece)) + piece)
        yield b"".join(frames)


async def _fragment_route(request: web.Request) -> web.StreamResponse:
    size = parameters.whole_number(request.query.get("size"), "size", 4, 1, 65536)

    async def in_fragments(_ws: web.WebSocketResponse, msg: WSMessage) -> None:
        if msg.type is WSMsgType.TEXT:
            opcode, payload = _OP_TEXT, msg.data.encode("utf-8")
        else:
            opcode, payload = _OP_BINARY, msg.data
        for chunk in fragments(opcode, payload, size):
            transport = request.transport
            if transport is None or transport.is_closing():
                return
            transport.write(chunk)
            # A client that stops reading must not grow the buffer without bound; the
            # transport offers no public wait for it to drain, so poll.
            while transport.get_write_buffer_size() > _WRITE_BUFFER_HIGH:
                if transport.is_closing():
                    return
                await asyncio.sleep(0.01)

    # Frames written beside aiohttp's writer have no RSV1 bit: an uncompressed message is
    # allowed even when permessage-deflate was negotiated (RFC 7692 section 6).
    async with opened(request, max_message_size=MAX_MESSAGE_SIZE) as ws:
        await serve(ws, in_fragments)
    return ws


ROUTES: tuple[Route, ...] = (
    Route(
        "/close/{code}",
        "closes with that code, after ?delay= s, with ?reason=",
        "/close/1011?reason=db%20unavailable",
        _close_route,
    ),
    Route(
        "/reject/{status}",
        "refuses the upgrade with that HTTP status",
        "/reject/403",
        _reject_route,
    ),
    Route(
        "/flood",
        "sends ?count= numbered messages of ?size= bytes, at ?rate= messages/s "
        "(0 = as fast as it can), then echoes",
        "/flood?count=10000&size=64",
        _flood_route,
    ),
    Route("/slow", "echoes each message after ?delay= s", "/slow?delay=2", _slow_route),
    Route(
        "/drop",
        "echoes ?after= messages, then drops TCP without a close frame",
        "/drop?after=3",
        _drop_route,
    ),
    Route("/silent", "never answers pings or messages", "/silent", _silent_route),
    Route(
        "/subprotocol/{name}",
        "selects that subprotocol, whatever was offered",
        "/subprotocol/surprise",
        _subprotocol_route,
    ),
    Route("/binary", "echoes every message as binary", "/binary", _binary_route),
    Route(
        "/fragment",
        "echoes in fragments of ?size= bytes (messages up to 1 MiB)",
        "/fragment?size=4",
        _fragment_route,
    ),
    Route("/{tail:.*}", "echoes every message unchanged (any other path too)", "/", _echo_route),
)
"""Every route, in the order aiohttp matches them (the echo catches every other path)."""

EXAMPLES: tuple[Example, ...] = (
    Example("Echo", "/", "every message comes back"),
    Example(
        "Close with 1011 (internal error)",
        "/close/1011?reason=db%20unavailable&delay=1",
        "a server close with a code and a reason",
    ),
    Example(
        "Close with application code 4000",
        "/close/4000?reason=custom&delay=1",
        "a code from the application range",
    ),
    Example("Refuse the handshake (403)", "/reject/403", "a refused upgrade"),
    Example("Flood: 100 000 messages", "/flood?count=100000&size=64", "the log under a flood"),
    Example("Live feed: 20 messages/s", "/flood?count=1200&rate=20", "a paced stream"),
    Example("Slow echo (2 s)", "/slow?delay=2", "replies that take their time"),
    Example("Drop after 3 messages", "/drop?after=3", "a lost connection: 1006"),
    Example("Silent server", "/silent", "a peer that stops answering pings"),
    Example(
        "Unexpected subprotocol",
        "/subprotocol/surprise",
        "a subprotocol that was not offered, refused with 1002",
    ),
    Example("Binary echo", "/binary", "every message back as binary"),
    Example("Fragmented echo", "/fragment?size=4", "messages in 4-byte fragments"),
)
"""The Playground menu's entries: ready-made connections to the routes above."""


def add_routes(app: web.Application) -> None:
    """Add every playground route to ``app`` and what their shutdown needs."""
    app[OPEN_SOCKETS] = weakref.WeakKeyDictionary()
    for route in ROUTES:
        app.router.add_get(route.path, route.handler)
    app.on_shutdown.append(_close_open_sockets)


async def _close_open_sockets(app: web.Application) -> None:
    # Without this, shutdown waits for every connected client to hang up by itself.
    # All at once and each bounded: a client that stops reading would otherwise hold
    # the close frame's write, and the whole shutdown, forever.
    sockets = list(app[OPEN_SOCKETS].items())
    await asyncio.gather(*(_close_or_abort(ws, transport) for ws, transport in sockets))


async def _close_or_abort(ws: web.WebSocketResponse, transport: asyncio.Transport | None) -> None:
    try:
        async with asyncio.timeout(SHUTDOWN_CLOSE_TIMEOUT):
            await ws.close(code=1001, message=b"server shutdown")
    except (TimeoutError, ConnectionError):
        if transport is not None:
            transport.abort()
