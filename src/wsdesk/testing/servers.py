"""Servers that misbehave on purpose, for tests of wsdesk and of code built on it.

``misbehaving_app()`` is an aiohttp application with one route per fault; start it with
``start_server(app)`` (127.0.0.1, an ephemeral port) and stop it with ``stop()``.

Routes (``P`` = query parameter):
- ``/echo``: echoes text and binary.
- ``/close?code=C&reason=R&delay=S``: after the handshake waits S seconds (default 0.2),
  then closes with code C and reason R; ``code=none`` sends an empty close payload.
- ``/refuse?status=N&body=B&header=Name:Value``: answers the upgrade with HTTP N.
- ``/abort?text=T``: sends T (if given), then drops TCP with no close frame.
- ``/delay?seconds=S``: waits S seconds before the 101, then echoes.
- ``/silent?ticks=N&every=S``: never answers pings; sends ``tick 1`` ... ``tick N`` every
  S seconds (default none), then stays silent until the client leaves (a half-open peer).
- ``/flap?code=C&reason=R``: accepts, then closes at once with C (default 1012, service
  restart); ``RunningServer.accepts("/flap")`` counts the accepted upgrades.

Faults below HTTP use :class:`~wsdesk.testing.raw_server.RawFrameServer`: a handshake that
is never answered (``respond=False``), a 101 that comes late (``delay_101``), a frame glued
to the 101 (``after_101``); :func:`ignore_close` is a script for a peer that never answers
the client's close frame.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
from collections import Counter
from dataclasses import dataclass

from aiohttp import WSMsgType, web

from wsdesk.testing.raw_server import OP_CLOSE, RawConnection, Script

LOOPBACK = "127.0.0.1"
ACCEPTS = web.AppKey("accepts", Counter[str])
# A test's server must stop at once even if a handler is still waiting on its client.
_SHUTDOWN_TIMEOUT = 1.0


async def _echo(request: web.Request) -> web.StreamResponse:
    ws = web.WebSocketResponse(max_msg_size=0)
    await ws.prepare(request)
    async for msg in ws:
        if msg.type is WSMsgType.TEXT:
            await ws.send_str(msg.data)
        elif msg.type is WSMsgType.BINARY:
            await ws.send_bytes(msg.data)
    return ws


async def _close(request: web.Request) -> web.StreamResponse:
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    await asyncio.sleep(float(request.query.get("delay", "0.2")))
    code = request.query.get("code", "1000")
    if code == "none":
        # A close frame with no payload at all (RFC 6455 section 5.5.1 allows it).
        writer = ws._writer  # aiohttp has no public call for an empty close frame
        assert writer is not None
        await writer.send_frame(b"", WSMsgType.CLOSE)
        await asyncio.sleep(0.2)
        return ws
    await ws.close(code=int(code), message=request.query.get("reason", "").encode())
    return ws


async def _refuse(request: web.Request) -> web.StreamResponse:
    status = int(request.query.get("status", "403"))
    headers = {}
    for item in request.query.getall("header", []):
        name, _, value = item.partition(":")
        headers[name.strip()] = value.strip()
    return web.Response(status=status, text=request.query.get("body", ""), headers=headers)


async def _abort(request: web.Request) -> web.StreamResponse:
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    text = request.query.get("text")
    if text is not None:
        await ws.send_str(text)
        await asyncio.sleep(0.05)
    transport = request.transport
    if transport is not None:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            # SO_LINGER 0 turns the close into a TCP RST: no close frame, no FIN.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
    return ws


async def _delay(request: web.Request) -> web.StreamResponse:
    await asyncio.sleep(float(request.query.get("seconds", "1")))
    return await _echo(request)


async def _silent(request: web.Request) -> web.StreamResponse:
    # autoping off: pings reach this handler, which ignores them (no pong ever goes out).
    ws = web.WebSocketResponse(autoping=False)
    await ws.prepare(request)

    async def tick() -> None:
        every = float(request.query.get("every", "0.1"))
        for n in range(1, int(request.query.get("ticks", "0")) + 1):
            await ws.send_str(f"tick {n}")
            await asyncio.sleep(every)

    ticker = asyncio.ensure_future(tick())
    try:
        async for _msg in ws:
            pass
    finally:
        ticker.cancel()
        with contextlib.suppress(asyncio.CancelledError, ConnectionError):
            await ticker
    return ws


async def _flap(request: web.Request) -> web.StreamResponse:
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    request.app[ACCEPTS][request.path] += 1
    code = int(request.query.get("code", "1012"))
    await ws.close(code=code, message=request.query.get("reason", "").encode())
    return ws


def ignore_close(tick: str | None = None, every: float = 0.1) -> Script:
    """A RawFrameServer script for a peer that never finishes the closing handshake.

    It reads the client's frames; after the close frame it neither answers nor closes
    TCP. With ``tick`` it sends that text every ``every`` seconds the whole time.
    """

    async def script(conn: RawConnection) -> None:
        async def send_ticks() -> None:
            while tick is not None:
                await conn.send_text(tick)
                await asyncio.sleep(every)

        ticker = asyncio.ensure_future(send_ticks())
        try:
            while (await conn.read_frame()).opcode != OP_CLOSE:
                pass
            await conn.reader.read()  # until the client drops TCP
        finally:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError, ConnectionError):
                await ticker

    return script


def misbehaving_app() -> web.Application:
    """The aiohttp application with every route listed in this module's docstring."""
    app = web.Application()
    app[ACCEPTS] = Counter()
    app.router.add_get("/echo", _echo)
    app.router.add_get("/close", _close)
    app.router.add_get("/refuse", _refuse)
    app.router.add_get("/abort", _abort)
    app.router.add_get("/delay", _delay)
    app.router.add_get("/silent", _silent)
    app.router.add_get("/flap", _flap)
    return app


@dataclass
class RunningServer:
    """A started test server: ``base_url`` is ``ws://127.0.0.1:PORT``."""

    runner: web.AppRunner
    host: str
    port: int

    @property
    def base_url(self) -> str:
        return f"ws://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        """``ws://127.0.0.1:PORT`` followed by ``path``."""
        return self.base_url + path

    def accepts(self, path: str) -> int:
        """How many upgrades ``path`` accepted (counted by ``/flap``)."""
        counts = self.runner.app.get(ACCEPTS)
        return counts[path] if counts is not None else 0

    async def stop(self) -> None:
        await self.runner.cleanup()


async def start_server(app: web.Application, host: str = LOOPBACK, port: int = 0) -> RunningServer:
    """Start ``app`` on ``host``:``port`` (0 = ephemeral) and return it running."""
    runner = web.AppRunner(
        app, handle_signals=False, access_log=None, shutdown_timeout=_SHUTDOWN_TIMEOUT
    )
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return RunningServer(runner, host, runner.addresses[0][1])
