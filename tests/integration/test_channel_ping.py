"""AiohttpChannel's ping(), abort() and pong handling on 127.0.0.1."""

import asyncio
import socket

import pytest

from wsdesk.models import CloseInitiator, ConnectionOptions
from wsdesk.testing.raw_server import OP_PING, OP_PONG, RawFrameServer, encode_frame
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.transport.channel import ChannelClosedError


async def test_ping_returns_the_round_trip(echo_server):
    channel = AiohttpChannel(ConnectionOptions(url=echo_server.url))
    await channel.connect()
    reader = asyncio.ensure_future(channel.receive())
    rtt = await asyncio.wait_for(channel.ping(), 2)
    assert 0 < rtt < 2
    await channel.close()
    assert await reader is None


async def test_abort_ends_the_stream_at_once_as_1006(faulty_server):
    channel = AiohttpChannel(ConnectionOptions(url=faulty_server.url("/silent")))
    await channel.connect()
    reader = asyncio.ensure_future(channel.receive())
    ping = asyncio.ensure_future(channel.ping())
    await asyncio.sleep(0.1)
    assert not ping.done()  # the server never pongs
    channel.abort("no pong within 1 s")
    assert await asyncio.wait_for(reader, 1) is None
    with pytest.raises(ChannelClosedError):
        await asyncio.wait_for(ping, 1)
    info = channel.close_info
    assert (info.code, info.initiator, info.clean) == (1006, CloseInitiator.NONE, False)
    assert channel.failure == "no pong within 1 s"
    with pytest.raises(ChannelClosedError):
        await channel.ping()


async def test_server_pings_are_answered_with_the_same_payload():
    pongs = []

    async def script(conn):
        await conn.write(encode_frame(OP_PING, b"are you there"))
        pongs.append(await conn.read_frame())
        await conn.read_frame()

    server = await RawFrameServer.start(script)
    try:
        channel = AiohttpChannel(ConnectionOptions(url=server.url))
        await channel.connect()
        reader = asyncio.ensure_future(channel.receive())
        for _ in range(100):
            if pongs:
                break
            await asyncio.sleep(0.01)
        assert (pongs[0].opcode, pongs[0].payload) == (OP_PONG, b"are you there")
        await channel.close()
        await reader
    finally:
        await server.stop()


async def test_a_peer_that_floods_pings_and_never_reads_the_pongs_holds_bounded_memory():
    """Pongs that cannot be written pause the reading, instead of queueing every ping."""
    stop = asyncio.Event()

    async def flood_pings(conn):
        sock = conn.writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        conn.writer.transport.pause_reading()  # the pongs are never read
        pings = encode_frame(OP_PING, b"p" * 125) * 100
        while not stop.is_set():
            conn.writer.write(pings)
            await conn.writer.drain()

    server = await RawFrameServer.start(flood_pings)
    channel = AiohttpChannel(ConnectionOptions(url=server.url, close_timeout=0.5))
    try:
        await channel.connect()
        await asyncio.sleep(1.0)
        queued = len(channel._reader._control)
        # Without the pause this is every ping of a second: hundreds of thousands.
        assert queued < 5000
        assert not channel._reader._transport.is_reading()
    finally:
        stop.set()
        channel.abort("test over")
        await channel.close()
        await server.stop()
