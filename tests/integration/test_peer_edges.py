"""Edges third-party peers found: size limits, failing closes the peer can read, connect
failures that name their cause, and refusals that tell the server a failure code.

The servers are Python ``websockets`` (where the fault was seen with a third-party peer) or
wsdesk's raw frame server (where a peer must break the protocol on purpose).
"""

import asyncio
import contextlib
import os
import ssl

import pytest
from websockets.asyncio.server import serve

from wsdesk.models import ConnectionOptions, ConnectionState
from wsdesk.testing.raw_server import OP_CLOSE, OP_TEXT, RawFrameServer, encode_frame
from wsdesk.transport.aiohttp_channel import AiohttpChannel

from .certificates import write_self_signed
from .helpers import connected, received, wait_for

LIMIT = 64 * 1024


@contextlib.asynccontextmanager
async def websockets_server(handler, **kwargs):
    async with serve(handler, "127.0.0.1", 0, max_size=None, **kwargs) as server:
        port = server.sockets[0].getsockname()[1]
        yield f"ws://127.0.0.1:{port}/"


@pytest.mark.parametrize("compress", [False, True], ids=["uncompressed", "compressed"])
async def test_a_message_of_exactly_the_limit_is_received(compress):
    text, data = "a" * LIMIT, os.urandom(LIMIT)  # random bytes do not shrink when deflated

    async def send_both(ws):
        await ws.send(text)
        await ws.send(data)
        await ws.wait_closed()

    deflate = "deflate" if compress else None
    async with (
        websockets_server(send_both, compression=deflate) as url,
        connected(url, max_message_size=LIMIT, compress=compress) as vm,
    ):
        await wait_for(lambda: len(received(vm)) == 2 or vm.state is not ConnectionState.OPEN)
        assert vm.state is ConnectionState.OPEN, vm.error
        assert received(vm) == [text, data]
        assert bool(vm.handshake.extensions) is compress


@pytest.mark.parametrize("compress", [False, True], ids=["uncompressed", "compressed"])
@pytest.mark.parametrize("kind", ["text", "binary"])
async def test_one_byte_over_the_limit_is_refused_with_1009(compress, kind):
    big = "b" * (LIMIT + 1) if kind == "text" else os.urandom(LIMIT + 1)

    async def send_big(ws):
        await ws.send("before")
        await ws.send(big)
        await ws.wait_closed()

    deflate = "deflate" if compress else None
    async with (
        websockets_server(send_big, compression=deflate) as url,
        connected(url, max_message_size=LIMIT, compress=compress) as vm,
    ):
        await wait_for(lambda: vm.state is ConnectionState.DISCONNECTED)
        assert vm.close_info.code == 1009
        assert vm.error == "message exceeded limit (64 KiB)"
        assert received(vm) == ["before"]


async def test_the_server_reads_the_1009_close_while_it_keeps_sending():
    seen = asyncio.get_running_loop().create_future()

    async def flood_after_a_big_one(ws):
        with contextlib.suppress(Exception):
            await ws.send("x" * (LIMIT + 1))
            while True:
                await ws.send("y" * 4000)
        await ws.wait_closed()
        seen.set_result(ws.protocol.close_rcvd)

    async with (
        websockets_server(flood_after_a_big_one) as url,
        connected(url, max_message_size=LIMIT, close_timeout=2.0) as vm,
    ):
        await wait_for(lambda: vm.state is ConnectionState.DISCONNECTED)
        close_rcvd = await asyncio.wait_for(seen, 5)
    assert close_rcvd is not None, "the server never read wsdesk's close frame"
    assert close_rcvd.code == 1009
    assert vm.close_info.code == 1009


@pytest.mark.parametrize(
    ("bad_frame", "code"),
    [
        (encode_frame(OP_TEXT, b"x" * (LIMIT + 1)), 1009),
        (encode_frame(OP_TEXT, b"caf\xc3\x28"), 1007),
        (encode_frame(0x3, b"reserved opcode"), 1002),
    ],
    ids=["too-big", "invalid-utf8", "protocol-error"],
)
async def test_a_peer_that_reads_late_still_reads_the_failure_close(bad_frame, code):
    # The peer keeps sending and reads nothing for a while, as a busy server does: if
    # wsdesk closed TCP with the peer's data unread, the reset would destroy its close frame.
    codes = []

    async def bad_frame_then_flood(conn):
        await conn.write(bad_frame)
        with contextlib.suppress(ConnectionError):
            for _ in range(100):
                await conn.write(encode_frame(OP_TEXT, b"z" * 4000))
                await asyncio.sleep(0.003)
        while (frame := await conn.read_frame()).opcode != OP_CLOSE:
            pass
        codes.append(int.from_bytes(frame.payload[:2], "big"))
        await conn.write(encode_frame(OP_CLOSE, frame.payload[:2]))

    server = await RawFrameServer.start(bad_frame_then_flood)
    try:
        async with connected(server.url, max_message_size=LIMIT, close_timeout=3.0) as vm:
            await wait_for(lambda: vm.state is ConnectionState.DISCONNECTED)
            assert vm.close_info.code == code
        await wait_for(lambda: codes)
    finally:
        await server.stop()
    assert codes == [code]


async def test_a_subprotocol_that_was_not_offered_is_refused_with_1002():
    seen = asyncio.get_running_loop().create_future()

    async def remember_close(ws):
        await ws.wait_closed()
        seen.set_result(ws.protocol.close_rcvd)

    def always_chat(_connection, _offered):
        return "chat"

    async with websockets_server(remember_close, select_subprotocol=always_chat) as url:
        channel = AiohttpChannel(ConnectionOptions(url=url, subprotocols=("superchat",)))
        with pytest.raises(Exception, match=r"not offered.*closed the connection with 1002"):
            await channel.connect()
        close_rcvd = await asyncio.wait_for(seen, 5)
    assert close_rcvd is not None
    assert close_rcvd.code == 1002
    assert "chat" in close_rcvd.reason


async def test_wss_to_a_plain_server_names_the_cause():
    async def echo(ws):
        async for message in ws:
            await ws.send(message)

    async with (
        websockets_server(echo) as url,
        connected(url.replace("ws://", "wss://"), connect_timeout=3) as vm,
    ):
        assert vm.state is ConnectionState.DISCONNECTED
    assert not vm.error.rstrip().endswith(":")
    assert "is it a plain ws:// server?" in vm.error


async def test_ws_to_a_tls_port_hints_at_wss(tmp_path):
    cert, key = write_self_signed(tmp_path, "server")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)

    async def echo(ws):
        async for message in ws:
            await ws.send(message)

    async with websockets_server(echo, ssl=context) as url, connected(url, connect_timeout=3) as vm:
        assert vm.state is ConnectionState.DISCONNECTED
    assert "is it a wss:// (TLS) server?" in vm.error


async def test_close_codes_are_plain_ints():
    async with (
        websockets_server(lambda ws: ws.send("x" * (LIMIT + 1))) as url,
        connected(url, max_message_size=LIMIT) as vm,
    ):
        await wait_for(lambda: vm.state is ConnectionState.DISCONNECTED)
        assert type(vm.close_info.code) is int
