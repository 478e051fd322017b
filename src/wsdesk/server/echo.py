"""The echo server: every text and binary message comes back unchanged, and the
playground's routes misbehave on request.

Embedded in the app when no URL is given, and the ``wsdesk-echo`` command.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import logging
import sys
from collections.abc import Sequence

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from wsdesk import __version__, interrupts
from wsdesk.server import playground

LOOPBACK = "127.0.0.1"


class _DropClientErrors(logging.Filter):
    """Drops aiohttp's tracebacks for malformed requests: the client already got its 400."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not (isinstance(error, HttpProcessingError) and 400 <= (error.code or 0) < 500)


_CLIENT_ERROR_FILTER = _DropClientErrors()


def _not_about_subprotocols(record: logging.LogRecord) -> bool:
    # The echo server selects no subprotocol on purpose (RFC 6455 4.2.2 allows it).
    return "protocols" not in str(record.msg)


def create_app() -> web.Application:
    """An aiohttp application that echoes WebSocket messages on every path, with the
    playground's routes (``wsdesk.server.playground``) and a page at ``/`` listing them.

    On shutdown it closes every open WebSocket with 1001 (going away, RFC 6455 7.4.1).
    """
    app = web.Application()
    playground.add_routes(app)
    return app


class EchoServer:
    """A running echo server; ``url`` is its ws:// address, :meth:`stop` ends it."""

    def __init__(self, runner: web.AppRunner, host: str, port: int) -> None:
        self._runner = runner
        self.host = host
        self.port = port

    @property
    def url(self) -> str:
        """``ws://host:port/``, with IPv6 hosts in brackets."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"ws://{host}:{self.port}/"

    async def stop(self) -> None:
        """Close every connection and stop listening."""
        await self._runner.cleanup()


async def start(host: str = LOOPBACK, port: int = 0) -> EchoServer:
    """Start the echo server on ``host``:``port`` (0 = an ephemeral port).

    Raises OSError when the address cannot be bound.
    """
    logging.getLogger("aiohttp.server").addFilter(_CLIENT_ERROR_FILTER)
    logging.getLogger("aiohttp.websocket").addFilter(_not_about_subprotocols)
    runner = web.AppRunner(
        create_app(), handle_signals=False, access_log=None, shutdown_timeout=1.0
    )
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except BaseException:
        await runner.cleanup()
        raise
    bound_port = runner.addresses[0][1]
    return EchoServer(runner, host, bound_port)


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind_warning(host: str) -> str | None:
    """The warning printed when ``host`` is not loopback, or None when it is."""
    if is_loopback(host):
        return None
    return f"warning: listening on {host}, reachable from other machines"


async def _serve(host: str, port: int) -> None:
    server = await start(host, port)
    try:
        print(server.url, flush=True)
        warning = bind_warning(host)
        if warning is not None:
            print(warning, file=sys.stderr, flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        interrupts.on_stop(lambda: loop.call_soon_threadsafe(stop.set))
        await stop.wait()
    finally:
        interrupts.on_stop(None)
        await server.stop()


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError("the port must be from 0 to 65535")
    return port


def _host(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("the host must not be empty")
    return text.strip()


def main(argv: Sequence[str] | None = None) -> int:
    """``wsdesk-echo [--host HOST] [--port PORT]``: run the echo server until Ctrl+C
    (or SIGTERM, SIGHUP); returns the exit status (1: cannot listen)."""
    parser = argparse.ArgumentParser(
        prog="wsdesk-echo",
        description="A WebSocket echo server. Prints its ws:// URL on the first line.",
    )
    parser.add_argument(
        "--host", type=_host, default=LOOPBACK, help="address to bind (default: 127.0.0.1)"
    )
    parser.add_argument("--port", type=_port, default=8765, help="port (default: 8765; 0 = any)")
    parser.add_argument("--version", action="version", version=f"wsdesk-echo {__version__}")
    # Ctrl+C, SIGTERM or SIGHUP at any moment stops the server: status 0, no traceback.
    with interrupts.caught():
        args = parser.parse_args(argv)
        if interrupts.requested():
            return 0
        try:
            asyncio.run(_serve(args.host, args.port))
        except OSError as exc:
            print(f"wsdesk-echo: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
            return 1
    return 0
