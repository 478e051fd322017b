"""A small HTTP forward proxy on 127.0.0.1 for tests: CONNECT tunnels and absolute-form GETs.

    proxy = await ProxyServer.start(credentials=("user", "pass"))   # or None: no auth
    ... connect through proxy.url ...
    proxy.requests        # ['GET http://127.0.0.1:P/echo HTTP/1.1', 'CONNECT ...']
    await proxy.stop()

Without the right ``Proxy-Authorization`` (RFC 9110 section 11.7.2) it answers 407.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
from urllib.parse import urlsplit


class ProxyServer:
    """A forward proxy that logs each request line in ``requests`` and relays the bytes."""

    def __init__(self, credentials: tuple[str, str] | None = None) -> None:
        self.credentials = credentials
        self.requests: list[str] = []
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = 0

    @classmethod
    async def start(cls, credentials: tuple[str, str] | None = None) -> ProxyServer:
        """Start a proxy on 127.0.0.1 (an ephemeral port) that requires ``credentials``."""
        proxy = cls(credentials)
        proxy._server = await asyncio.start_server(proxy._on_client, "127.0.0.1", 0)
        proxy.port = proxy._server.sockets[0].getsockname()[1]
        return proxy

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def stop(self) -> None:
        """Stop listening and cut every relayed connection."""
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks)
        if self._server is not None:
            await self._server.wait_closed()

    async def _on_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            await self._serve(reader, writer)
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            self._tasks.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        request_line, *header_lines = head.split("\r\n")
        self.requests.append(request_line)
        headers = [line.partition(":") for line in header_lines if line]
        auth = next((v.strip() for n, _, v in headers if n.lower() == "proxy-authorization"), "")
        if not self._authorized(auth):
            writer.write(
                b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                b'Proxy-Authenticate: Basic realm="wsdesk-test"\r\nContent-Length: 0\r\n'
                b"Connection: close\r\n\r\n"
            )
            await writer.drain()
            return
        method, target, version = request_line.split(" ", 2)
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            up_reader, up_writer = await asyncio.open_connection(host, int(port))
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            await writer.drain()
        else:
            parts = urlsplit(target)
            up_reader, up_writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
            origin_form = parts.path + (f"?{parts.query}" if parts.query else "")
            kept = [f"{n}:{v}" for n, _, v in headers if not n.lower().startswith("proxy-")]
            up_writer.write(
                "\r\n".join([f"{method} {origin_form or '/'} {version}", *kept, "", ""]).encode(
                    "latin-1"
                )
            )
        try:
            await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
        finally:
            up_writer.close()

    def _authorized(self, header: str) -> bool:
        if self.credentials is None:
            return True
        user, password = self.credentials
        expected = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return header == f"Basic {expected}"


async def _pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
    try:
        while data := await source.read(65536):
            sink.write(data)
            await sink.drain()
    except ConnectionError:
        pass
    finally:
        with contextlib.suppress(Exception):
            sink.write_eof()
