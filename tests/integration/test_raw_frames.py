"""AiohttpChannel against frames written byte by byte by the raw-frame server."""

import asyncio
import hashlib
import random

import pytest

from wsdesk.models import ConnectionOptions, MessageKind
from wsdesk.testing.raw_server import (
    OP_BINARY,
    OP_CONTINUATION,
    OP_PING,
    OP_PONG,
    OP_TEXT,
    RawFrameServer,
    encode_frame,
)
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.transport.channel import ChannelError


async def test_frame_glued_to_the_101_is_the_first_message():
    server = await RawFrameServer.start(after_101=encode_frame(OP_TEXT, b"welcome"))
    try:
        channel = AiohttpChannel(ConnectionOptions(url=server.url))
        await channel.connect()
        first = await asyncio.wait_for(channel.receive(), 2)
        assert first.data == "welcome"
        await channel.close()
    finally:
        await server.stop()


async def test_fragments_split_per_byte_with_a_ping_in_between():
    pongs = []
    blob = random.Random(15).randbytes(64 * 1024)

    async def script(conn):
        frames = [
            encode_frame(OP_TEXT, b"Hel", fin=False),
            encode_frame(OP_CONTINUATION, b"lo w\xc3", fin=False),
            encode_frame(OP_PING, b"p1"),
            encode_frame(OP_CONTINUATION, b"\xb6rld"),
        ]
        for byte in b"".join(frames):
            await conn.write(bytes([byte]))
            await asyncio.sleep(0.001)
        pong = await conn.read_frame()
        pongs.append(pong)
        data = encode_frame(OP_BINARY, blob)
        step = len(data) // 2000 + 1
        for start in range(0, len(data), step):
            await conn.write(data[start : start + step])
        await conn.read_frame()

    server = await RawFrameServer.start(script)
    try:
        channel = AiohttpChannel(ConnectionOptions(url=server.url, ping_interval=None))
        await channel.connect()
        text = await asyncio.wait_for(channel.receive(), 5)
        binary = await asyncio.wait_for(channel.receive(), 5)
        assert (text.kind, text.data) == (MessageKind.TEXT, "Hello wörld")
        assert binary.kind is MessageKind.BINARY
        assert hashlib.sha256(binary.data).digest() == hashlib.sha256(blob).digest()
        assert pongs[0].opcode == OP_PONG
        assert pongs[0].payload == b"p1"
        await channel.close()
    finally:
        await server.stop()


async def test_stopping_with_a_script_still_running_is_quiet(caplog):
    started = asyncio.Event()

    async def script(conn):
        started.set()
        await asyncio.sleep(30)

    server = await RawFrameServer.start(script)
    channel = AiohttpChannel(ConnectionOptions(url=server.url, ping_interval=None))
    await channel.connect()
    await asyncio.wait_for(started.wait(), 2)
    await asyncio.wait_for(server.stop(), 3)
    await asyncio.wait_for(channel.receive(), 3)
    await asyncio.sleep(0.05)
    assert not [r for r in caplog.records if r.exc_info], caplog.text


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (b"SSH-2.0-OpenSSH_9.2\r\n", "The server's answer is not HTTP"),
        (b"\x16\x03\x01\x00\xff garbage", "The server's answer is not HTTP"),
        (
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n",
            "The server closed the connection during the handshake",
        ),
    ],
)
async def test_answers_that_are_not_an_upgrade_read_in_plain_words(reply, message):
    async def answer(reader, writer):
        await reader.readuntil(b"\r\n\r\n")
        writer.write(reply)
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        channel = AiohttpChannel(ConnectionOptions(url=f"ws://127.0.0.1:{port}/"))
        with pytest.raises(ChannelError) as caught:
            await asyncio.wait_for(channel.connect(), 5)
        assert str(caught.value).startswith(message)
        assert "RawResponseMessage" not in str(caught.value)
    finally:
        server.close()
        await server.wait_closed()
