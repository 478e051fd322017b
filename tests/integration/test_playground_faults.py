"""The playground against clients that misbehave: one that stops reading, one that resets
mid-reply, one that sends a close code no frame may carry, one with a stray Host byte.
A raw client (a socket with a small receive buffer) plays each."""

import asyncio
import base64
import logging
import os
import socket
import struct

import pytest

from wsdesk.server import echo
from wsdesk.server.playground import MAX_MESSAGE_SIZE
from wsdesk.testing.raw_server import (
    OP_BINARY,
    OP_CLOSE,
    OP_TEXT,
    close_payload,
    encode_frame,
)

MASK = b"\x01\x02\x03\x04"


@pytest.fixture
async def server():
    started = await echo.start()
    yield started
    await started.stop()


class RawClient:
    """A client socket that handshakes, then writes frames and reads what it chooses."""

    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, server, path, *, host="127.0.0.1"):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, (server.host, server.port))
        reader, writer = await asyncio.open_connection(sock=sock)
        key = base64.b64encode(os.urandom(16))
        writer.write(
            b"GET " + path.encode() + b" HTTP/1.1\r\nHost: " + host.encode("latin-1") + b"\r\n"
            b"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            b"Sec-WebSocket-Key: " + key + b"\r\n\r\n"
        )
        head = await reader.readuntil(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 101"), head
        return cls(reader, writer)

    async def send(self, opcode, payload=b""):
        self.writer.write(encode_frame(opcode, payload, mask=MASK))
        await self.writer.drain()

    async def read_frame(self):
        first, second = await self.reader.readexactly(2)
        length = second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", await self.reader.readexactly(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", await self.reader.readexactly(8))
        return first & 0x0F, await self.reader.readexactly(length)

    async def read_close(self):
        while True:
            opcode, payload = await self.read_frame()
            if opcode == OP_CLOSE:
                return struct.unpack("!H", payload[:2])[0], payload[2:].decode()

    def reset(self):
        sock = self.writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.writer.transport.abort()


async def flood_unread(server, path, count=3):
    """``count`` clients of ``path`` that never read."""
    return [await RawClient.open(server, path) for _ in range(count)]


@pytest.mark.parametrize("path", ["/flood?count=1000000&size=256", "/fragment?size=1"])
async def test_shutdown_ends_even_when_clients_stop_reading(path):
    server = await echo.start()
    clients = await flood_unread(server, path)
    if "fragment" in path:
        for client in clients:
            client.writer.write(encode_frame(OP_BINARY, b"x" * 500_000, mask=MASK))
    await asyncio.sleep(0.3)  # long enough for their receive buffers to fill
    # Before the fix the 1001 close frame's write waited forever on each of them.
    await asyncio.wait_for(server.stop(), timeout=15)
    for client in clients:
        client.writer.close()


@pytest.mark.parametrize("code", [1006, 1005, 1015, 999, 5000, 65535])
async def test_a_close_code_no_frame_may_carry_is_answered_with_1002(server, code):
    # aiohttp refuses some of these itself; 1006 and codes above 4999 it lets through.
    client = await RawClient.open(server, "/")
    await client.send(OP_CLOSE, close_payload(code, "odd"))
    code, _reason = await client.read_close()
    assert code == 1002
    client.writer.close()


async def test_a_valid_application_close_code_is_still_echoed(server):
    client = await RawClient.open(server, "/")
    await client.send(OP_CLOSE, close_payload(4999, "last one"))
    assert await client.read_close() == (4999, "last one")
    client.writer.close()


@pytest.mark.parametrize("path", ["/", "/binary", "/slow?delay=0.2", "/fragment?size=7"])
async def test_a_client_reset_mid_reply_leaves_no_error_in_the_server_log(server, path, caplog):
    caplog.set_level(logging.ERROR)
    client = await RawClient.open(server, path)
    # Far more than the kernel buffers hold, so the server is mid-write at the reset.
    client.writer.write(encode_frame(OP_TEXT, b"z" * 65_536, mask=MASK) * 200)
    await asyncio.sleep(0.5)
    client.reset()
    await asyncio.sleep(0.5)  # the server's replies meet the reset
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_unanswered_pings_from_a_client_that_resets_leave_no_error(server, caplog):
    caplog.set_level(logging.ERROR)
    client = await RawClient.open(server, "/")
    client.writer.write(encode_frame(0x9, b"p" * 125, mask=MASK) * 200_000)
    await asyncio.sleep(0.5)
    client.reset()
    await asyncio.sleep(0.5)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_a_message_of_exactly_the_fragment_routes_limit_is_echoed(server):
    client = await RawClient.open(server, "/fragment?size=65536")
    payload = os.urandom(MAX_MESSAGE_SIZE)
    await client.send(OP_BINARY, payload)
    pieces = []
    while sum(map(len, pieces)) < len(payload):
        pieces.append((await client.read_frame())[1])
    assert b"".join(pieces) == payload
    client.writer.close()


async def test_a_bigger_message_on_the_fragment_route_is_closed_with_1009(server):
    client = await RawClient.open(server, "/fragment?size=1")
    await client.send(OP_BINARY, b"x" * (MAX_MESSAGE_SIZE + 1))
    code, _reason = await client.read_close()
    assert code == 1009
    client.writer.close()


async def test_a_host_header_that_is_not_ascii_still_gets_the_page(server):
    reader, writer = await asyncio.open_connection(server.host, server.port)
    writer.write(b"GET / HTTP/1.1\r\nHost: caf\xc3\xa9\xff\r\nConnection: close\r\n\r\n")
    response = await reader.read()
    writer.close()
    assert response.startswith(b"HTTP/1.1 200"), response[:80]
    assert b"wsdesk playground" in response
