"""AiohttpChannel.receive_into: batches reach the sink inside the socket's callback, in
order, with nothing lost, and pings and closes among them still work."""

import asyncio

from aiohttp import web

from wsdesk.models import CloseInitiator, ConnectionOptions, Direction
from wsdesk.testing.raw_server import (
    OP_CLOSE,
    OP_PING,
    OP_PONG,
    OP_TEXT,
    RawFrameServer,
    close_payload,
    encode_frame,
)
from wsdesk.testing.servers import start_server
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.viewmodel.message_log import MessageLog

FLOOD = 1_000_000


def options(url: str) -> ConnectionOptions:
    return ConnectionOptions(url=url, ping_interval=None)


async def test_aiohttp_still_has_what_the_push_reader_reads(echo_server):
    # PushReader reads aiohttp's WebSocket queue directly; a newer aiohttp that renamed
    # these would otherwise fail only at run time.
    channel = AiohttpChannel(options(echo_server.url))
    await channel.connect()
    try:
        queue = channel._ws._reader
        assert hasattr(queue._buffer, "__len__")
        assert callable(queue.read)
        assert callable(queue.is_eof)
    finally:
        await channel.close()


async def test_a_batch_reaches_the_sink_inside_the_socket_callback(echo_server):
    channel = AiohttpChannel(options(echo_server.url))
    await channel.connect()
    seen: list[tuple[list[str | bytes], bool]] = []
    arrived = asyncio.Event()

    def sink(payloads: list[str | bytes], _timestamp: float) -> None:
        # No task runs: the transport's data_received called us, not a reader's wakeup.
        seen.append((payloads, asyncio.current_task() is None))
        arrived.set()

    reading = asyncio.ensure_future(channel.receive_into(sink))
    try:
        await channel.send("hello")
        await channel.send(b"\x01\x02")
        while sum(len(p) for p, _ in seen) < 2:
            arrived.clear()
            await asyncio.wait_for(arrived.wait(), 5)
        assert [p for payloads, _ in seen for p in payloads] == ["hello", b"\x01\x02"]
        assert all(in_callback for _, in_callback in seen)
    finally:
        await channel.close()
        await asyncio.wait_for(reading, 5)
    assert channel.close_info.clean


async def ping_between_messages_then_close(conn):
    await conn.write(
        encode_frame(OP_TEXT, b"one")
        + encode_frame(OP_PING, b"are you there")
        + encode_frame(OP_TEXT, b"two")
    )
    frame = await conn.read_frame()
    assert (frame.opcode, frame.payload) == (OP_PONG, b"are you there")
    await conn.write(encode_frame(OP_TEXT, b"three") + encode_frame(OP_CLOSE, close_payload(1000)))
    while (await conn.read_frame()).opcode != OP_CLOSE:
        pass


async def test_a_ping_among_messages_is_answered_and_order_is_kept():
    server = await RawFrameServer.start(ping_between_messages_then_close)
    channel = AiohttpChannel(options(server.url))
    try:
        await channel.connect()
        got: list[str | bytes] = []
        await asyncio.wait_for(channel.receive_into(lambda p, _t: got.extend(p)), 5)
        assert got == ["one", "two", "three"]
        info = channel.close_info
        assert (info.code, info.initiator, info.clean) == (1000, CloseInitiator.SERVER, True)
    finally:
        await channel.close()
        await server.stop()


async def _flood(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    await ws.receive()  # the start signal
    for seq in range(FLOOD):
        await ws.send_str(f"{seq:010d}")
    await ws.close()
    return ws


async def test_a_million_message_flood_is_held_in_the_log_with_nothing_lost_or_reordered():
    app = web.Application()
    app.router.add_get("/", _flood)
    server = await start_server(app)
    log = MessageLog(capacity=FLOOD)
    channel = AiohttpChannel(options(server.url("/")))
    try:
        await channel.connect()
        reading = asyncio.ensure_future(
            channel.receive_into(lambda p, t: log.extend_payloads(Direction.RECEIVED, p, t))
        )
        await channel.send("go")
        await asyncio.wait_for(reading, 120)
        assert len(log) == FLOOD
        assert log.dropped == 0
        payloads = log.payloads()
        assert payloads == [f"{seq:010d}" for seq in range(FLOOD)]
        assert log[0].data == "0000000000"
        assert log[-1].data == f"{FLOOD - 1:010d}"
        assert channel.close_info.clean
    finally:
        await channel.close()
        await server.stop()
