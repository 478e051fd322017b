"""Control frames on the timeline: with show_control_frames, pings, pongs and close
frames, sent and received, enter the log in wire order, and pongs are still automatic."""

import asyncio

from wsdesk.models import ConnectionOptions, ConnectionState, Direction, MessageKind
from wsdesk.testing.raw_server import OP_CLOSE, OP_PING, OP_PONG, OP_TEXT, RawFrameServer
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.viewmodel import ConnectionViewModel

from .helpers import wait_for


def timeline(vm):
    return [(m.direction, m.kind, m.data) for m in vm.messages if m.kind is not MessageKind.EVENT]


async def test_server_pings_and_close_enter_the_log_in_wire_order():
    pongs = []

    async def script(conn):
        await conn.send_text("before")
        await conn.send_frame(OP_PING, b"srv-1")
        await conn.send_text("after")
        frame = await conn.read_frame()
        pongs.append((frame.opcode, frame.payload))
        await conn.send_close(4000, "done")
        while (await conn.read_frame()).opcode != OP_CLOSE:
            pass

    server = await RawFrameServer.start(script)
    options = ConnectionOptions(url=server.url, ping_interval=None, show_control_frames=True)
    vm = ConnectionViewModel(AiohttpChannel, options)
    try:
        await vm.connect.execute()
        await wait_for(lambda: vm.state is ConnectionState.DISCONNECTED, 3)
    finally:
        await vm.aclose()
        await server.stop()
    close = (4000).to_bytes(2, "big") + b"done"
    assert timeline(vm) == [
        (Direction.RECEIVED, MessageKind.TEXT, "before"),
        (Direction.RECEIVED, MessageKind.PING, b"srv-1"),
        (Direction.RECEIVED, MessageKind.TEXT, "after"),
        (Direction.SENT, MessageKind.PONG, b"srv-1"),
        (Direction.RECEIVED, MessageKind.CLOSE, close),
        (Direction.SENT, MessageKind.CLOSE, (4000).to_bytes(2, "big")),
    ]
    assert pongs == [(OP_PONG, b"srv-1")]
    # Each frame is stamped when it was read or sent, so times follow the wire's order.
    stamps = [m.timestamp for m in vm.messages if m.kind is not MessageKind.EVENT]
    assert stamps == sorted(stamps)


async def test_heartbeat_pings_and_our_close_show_without_counting_as_messages():
    async def script(conn):
        while True:
            frame = await conn.read_frame()
            if frame.opcode == OP_PING:
                await conn.send_frame(OP_PONG, frame.payload)
            elif frame.opcode == OP_TEXT:
                await conn.send_frame(OP_TEXT, frame.payload)
            elif frame.opcode == OP_CLOSE:
                await conn.send_frame(OP_CLOSE, frame.payload)
                return

    server = await RawFrameServer.start(script)
    options = ConnectionOptions(url=server.url, ping_interval=0.1, show_control_frames=True)
    vm = ConnectionViewModel(AiohttpChannel, options)
    try:
        await vm.connect.execute()
        await wait_for(lambda: any(m.kind is MessageKind.PONG for m in vm.messages), 3)
        await vm.disconnect.execute()
    finally:
        await vm.aclose()
        await server.stop()
    entries = timeline(vm)
    ping = next(e for e in entries if e[1] is MessageKind.PING)
    pong = next(e for e in entries if e[1] is MessageKind.PONG)
    assert ping[0] is Direction.SENT
    assert pong == (Direction.RECEIVED, MessageKind.PONG, ping[2])
    assert entries.index(ping) < entries.index(pong)
    assert entries[-2:] == [
        (Direction.SENT, MessageKind.CLOSE, (1000).to_bytes(2, "big")),
        (Direction.RECEIVED, MessageKind.CLOSE, (1000).to_bytes(2, "big")),
    ]


async def test_off_by_default_and_the_switch_acts_on_an_open_connection():
    release = asyncio.Event()

    async def script(conn):
        await conn.send_frame(OP_PING, b"one")
        await release.wait()
        await conn.send_frame(OP_PING, b"two")
        await conn.send_text("end")
        await conn.read_frame()
        await conn.read_frame()

    server = await RawFrameServer.start(script)
    vm = ConnectionViewModel(AiohttpChannel, ConnectionOptions(url=server.url, ping_interval=None))
    try:
        await vm.connect.execute()
        await asyncio.sleep(0.2)
        assert not any(m.kind.is_control for m in vm.messages)
        vm.options = ConnectionOptions(url=server.url, ping_interval=None, show_control_frames=True)
        release.set()
        await wait_for(lambda: any(m.data == "end" for m in vm.messages), 3)
    finally:
        await vm.aclose()
        await server.stop()
    assert [e[2] for e in timeline(vm) if e[1].is_control][:2] == [b"two", b"two"]
