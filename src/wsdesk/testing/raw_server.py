"""A raw-frame WebSocket server for faults aiohttp's server will not produce.

It speaks just enough RFC 6455 to accept one handshake per connection, then hands the
connection to a test's script, which writes frames (or any bytes) exactly as it likes:
split across writes, fragmented, malformed, interleaved with control frames, or glued
to the 101 response.

    async def script(conn: RawConnection) -> None:
        await conn.send_frame(OP_TEXT, b"welcome")
        await conn.read_frame()          # e.g. the client's close frame
        conn.abort()                     # drop TCP without a close frame

    server = await RawFrameServer.start(script)
    ... connect to server.url ...
    await server.stop()
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import socket
import struct
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

# RFC 6455 section 5.2 opcodes.
OP_CONTINUATION = 0x0
OP_TEXT = 0x1
OP_BINARY = 0x2
OP_CLOSE = 0x8
OP_PING = 0x9
OP_PONG = 0xA

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455 section 1.3


def accept_key(key: str) -> str:
    """The Sec-WebSocket-Accept value for a Sec-WebSocket-Key (RFC 6455 section 4.2.2)."""
    digest = hashlib.sha1(key.encode("ascii") + _GUID).digest()  # RFC 6455 mandates SHA-1
    return base64.b64encode(digest).decode("ascii")


def encode_frame(
    opcode: int, payload: bytes = b"", *, fin: bool = True, rsv: int = 0, mask: bytes | None = None
) -> bytes:
    """One frame as bytes (server frames are unmasked unless ``mask`` is given)."""
    first = (0x80 if fin else 0) | (rsv & 0x7) << 4 | (opcode & 0xF)
    length = len(payload)
    mask_bit = 0x80 if mask else 0
    if length < 126:
        header = struct.pack("!BB", first, mask_bit | length)
    elif length < 1 << 16:
        header = struct.pack("!BBH", first, mask_bit | 126, length)
    else:
        header = struct.pack("!BBQ", first, mask_bit | 127, length)
    if mask:
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        return header + mask + masked
    return header + payload


def close_payload(code: int | None, reason: str = "") -> bytes:
    """A close frame's payload: the 2-byte code then the UTF-8 reason; empty for None."""
    if code is None:
        return b""
    return struct.pack("!H", code) + reason.encode("utf-8")


@dataclass
class Frame:
    """A frame read from the client, unmasked."""

    fin: bool
    opcode: int
    payload: bytes


@dataclass
class RawConnection:
    """One accepted connection, given to the script after the handshake."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    request_headers: dict[str, str] = field(default_factory=dict)
    path: str = "/"

    async def write(self, data: bytes) -> None:
        """Write raw bytes and drain."""
        self.writer.write(data)
        await self.writer.drain()

    async def send_frame(
        self, opcode: int, payload: bytes = b"", *, fin: bool = True, rsv: int = 0
    ) -> None:
        """Write one frame."""
        await self.write(encode_frame(opcode, payload, fin=fin, rsv=rsv))

    async def send_text(self, text: str) -> None:
        await self.send_frame(OP_TEXT, text.encode("utf-8"))

    async def send_close(self, code: int | None = 1000, reason: str = "") -> None:
        await self.send_frame(OP_CLOSE, close_payload(code, reason))

    async def read_frame(self) -> Frame:
        """The next frame from the client; raises asyncio.IncompleteReadError at EOF."""
        first, second = await self.reader.readexactly(2)
        length = second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", await self.reader.readexactly(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", await self.reader.readexactly(8))
        mask = await self.reader.readexactly(4) if second & 0x80 else b""
        data = await self.reader.readexactly(length)
        if mask:
            data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        return Frame(bool(first & 0x80), first & 0x0F, data)

    def abort(self) -> None:
        """Drop TCP at once with a reset: no close frame, no FIN."""
        sock = self.writer.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.writer.transport.abort()


Script = Callable[[RawConnection], Awaitable[None]]


class RawFrameServer:
    """An asyncio server on 127.0.0.1 that runs ``script`` on every accepted connection.

    ``respond`` False reads the request and never answers it (a hung handshake).
    ``delay_101`` waits that many seconds before answering. ``after_101`` is written in
    the same write as the 101 response (a frame glued to the handshake). ``status``
    other than 101 answers the upgrade with that HTTP status and closes. ``connections``
    counts accepted TCP connections.
    """

    def __init__(
        self,
        script: Script | None = None,
        *,
        respond: bool = True,
        delay_101: float = 0.0,
        after_101: bytes = b"",
        status: int = 101,
        extra_headers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.script = script
        self.respond = respond
        self.delay_101 = delay_101
        self.after_101 = after_101
        self.status = status
        self.extra_headers = extra_headers
        self.connections = 0
        self.closed_by_client = asyncio.Event()
        self._server: asyncio.Server | None = None
        self._handlers: set[asyncio.Task[None]] = set()
        self.port = 0

    @classmethod
    async def start(cls, script: Script | None = None, **kwargs: object) -> RawFrameServer:
        """Create and start a server (keyword arguments as for the constructor)."""
        server = cls(script, **kwargs)  # type: ignore[arg-type]
        await server.listen()
        return server

    async def listen(self, host: str = "127.0.0.1") -> None:
        self._server = await asyncio.start_server(self._on_client, host, 0)
        self.port = self._server.sockets[0].getsockname()[1]

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    async def stop(self) -> None:
        """Stop listening and end every connection's script."""
        if self._server is not None:
            self._server.close()
        for task in list(self._handlers):
            task.cancel()
        if self._handlers:
            await asyncio.wait(self._handlers)
        if self._server is not None:
            await self._server.wait_closed()

    async def _on_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        self.connections += 1
        try:
            await self._serve(reader, writer)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        except asyncio.CancelledError:
            # stop() cancels running scripts; re-raising here makes asyncio's stream
            # callback print a traceback on Python 3.11.
            pass
        finally:
            self._handlers.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
            if reader.at_eof():
                self.closed_by_client.set()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        path = lines[0].split(" ")[1] if " " in lines[0] else "/"
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name:
                headers[name.strip().lower()] = value.strip()
        if not self.respond:
            await reader.read()  # until the client gives up and closes
            return
        if self.delay_101:
            await asyncio.sleep(self.delay_101)
        extra = "".join(f"{name}: {value}\r\n" for name, value in self.extra_headers)
        if self.status != 101:
            body = b"refused"
            writer.write(
                f"HTTP/1.1 {self.status} Refused\r\nContent-Length: {len(body)}\r\n{extra}"
                "Connection: close\r\n\r\n".encode("latin-1")
                + body
            )
            await writer.drain()
            return
        response = (
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Accept: {accept_key(headers.get('sec-websocket-key', ''))}\r\n"
            f"{extra}\r\n"
        ).encode("latin-1")
        writer.write(response + self.after_101)
        await writer.drain()
        if self.script is not None:
            await self.script(RawConnection(reader, writer, headers, path))
        else:
            await reader.read()
