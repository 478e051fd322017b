"""AiohttpChannel.receive_batch: what aiohttp already holds comes back in one call, in order."""

import asyncio

from wsdesk.models import CloseInitiator, ConnectionOptions
from wsdesk.testing.raw_server import (
    OP_BINARY,
    OP_CLOSE,
    OP_PING,
    OP_PONG,
    OP_TEXT,
    RawFrameServer,
    close_payload,
    encode_frame,
)
from wsdesk.transport.aiohttp_channel import AiohttpChannel

SETTLE = 0.3  # seconds for the written frames to reach the client's buffer


def burst_then_close(received: list[tuple[int, bytes]], answered: asyncio.Event):
    """Write five messages, a ping among them, and a close frame in one go.

    Records the client's frames in ``received`` and sets ``answered`` at its close frame.
    """

    async def script(conn):
        frames = [encode_frame(OP_TEXT, f"m{i}".encode()) for i in range(4)]
        frames.insert(2, encode_frame(OP_PING, b"hi"))
        frames.append(encode_frame(OP_BINARY, b"\x00\x01"))
        frames.append(encode_frame(OP_CLOSE, close_payload(1000, "bye")))
        await conn.write(b"".join(frames))
        while (frame := await conn.read_frame()).opcode != OP_CLOSE:
            received.append((frame.opcode, frame.payload))
        answered.set()

    return script


async def settled(channel: AiohttpChannel) -> None:
    """Connect ``channel`` and give the server's burst time to reach aiohttp's buffer."""
    await channel.connect()
    await asyncio.sleep(SETTLE)


def make_channel(server: RawFrameServer) -> AiohttpChannel:
    return AiohttpChannel(ConnectionOptions(url=server.url, ping_interval=None))


async def test_buffered_messages_come_back_in_one_batch_then_empty_at_close():
    received: list[tuple[int, bytes]] = []
    answered = asyncio.Event()
    server = await RawFrameServer.start(burst_then_close(received, answered))
    channel = make_channel(server)
    try:
        await settled(channel)
        batch = await channel.receive_batch()
        assert [m.data for m in batch] == ["m0", "m1", "m2", "m3", b"\x00\x01"]
        assert await channel.receive_batch() == []
        info = channel.close_info
        assert (info.code, info.reason, info.initiator) == (1000, "bye", CloseInitiator.SERVER)
        await asyncio.wait_for(answered.wait(), 5)
        assert received == [(OP_PONG, b"hi")]  # the ping inside the batch was answered
        assert await channel.receive_batch() == []
    finally:
        await channel.close()
        await server.stop()


async def test_a_batch_holds_at_most_limit_messages():
    server = await RawFrameServer.start(burst_then_close([], asyncio.Event()))
    channel = make_channel(server)
    try:
        await settled(channel)
        batches = [await channel.receive_batch(limit=2) for _ in range(4)]
        assert [[m.data for m in b] for b in batches] == [
            ["m0", "m1"],
            ["m2", "m3"],
            [b"\x00\x01"],
            [],
        ]
    finally:
        await channel.close()
        await server.stop()


async def answer_close_after_late_data(conn):
    while (await conn.read_frame()).opcode != OP_CLOSE:
        pass
    await conn.write(
        encode_frame(OP_TEXT, b"late1")
        + encode_frame(OP_BINARY, b"late2")
        + encode_frame(OP_CLOSE, close_payload(1000))
    )


async def test_messages_kept_during_close_come_back_as_a_batch():
    server = await RawFrameServer.start(answer_close_after_late_data)
    channel = make_channel(server)
    try:
        await channel.connect()
        await channel.close()
        assert [m.data for m in await channel.receive_batch()] == ["late1", b"late2"]
        assert await channel.receive_batch() == []
        assert channel.close_info.clean
    finally:
        await channel.close()
        await server.stop()
