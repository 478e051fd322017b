"""Servers that misbehave on purpose, for tests of wsdesk and of code built on it.

``misbehaving_app()`` is an aiohttp application with one route per fault; start it with
``start_server(app)`` (127.0.0.1, an ephemeral port) and stop it with ``stop()``.

Routes (``P`` = query parameter):
- ``/echo``: echoes text and binary.
- ``/close?code=C&reason=R&delay=S``: after the handshake waits S seconds (default 0.2),
  then closes with code C and reason R; ``code=none`` sends an empty close payload.
- ``/refuse?status=N&body=B&header=Name:Value``: answers the upgrade with HTTP N.
- ``/abort?text=T``: sends T (if given), then drops TCP with no close frame.
"""

from __future__ import annotations

import asyncio
import socket
import struct
from dataclasses import dataclass

from aiohttp import WSMsgType, web

LOOPBACK = "127.0.0.1"


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


def misbehaving_app() -> web.Application:
    """The aiohttp application with every route listed in this module's docstring."""
    app = web.Application()
    app.router.add_get("/echo", _echo)
    app.router.add_get("/close", _close)
    app.router.add_get("/refuse", _refuse)
    app.router.add_get("/abort", _abort)
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

    async def stop(self) -> None:
        await self.runner.cleanup()


async def start_server(app: web.Application, host: str = LOOPBACK, port: int = 0) -> RunningServer:
    """Start ``app`` on ``host``:``port`` (0 = ephemeral) and return it running."""
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return RunningServer(runner, host, runner.addresses[0][1])
