import asyncio
import os
import socket

import pytest

from wsdesk.models import CloseInitiator, ConnectionOptions, Direction, MessageKind
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.transport.channel import (
    ChannelClosedError,
    ConnectError,
    HandshakeError,
    InvalidURLError,
    WebSocketChannel,
)


def channel_for(url, **options):
    return AiohttpChannel(ConnectionOptions(url=url, **options))


async def test_is_a_websocket_channel():
    assert isinstance(channel_for("ws://127.0.0.1:1/"), WebSocketChannel)


async def test_text_and_binary_echo(echo_server):
    channel = channel_for(echo_server.url)
    await channel.connect()
    payload = os.urandom(70_000)
    await channel.send("Hello!")
    await channel.send(payload)
    first = await asyncio.wait_for(channel.receive(), 2)
    second = await asyncio.wait_for(channel.receive(), 2)
    assert (first.direction, first.kind, first.data) == (
        Direction.RECEIVED,
        MessageKind.TEXT,
        "Hello!",
    )
    assert second.kind is MessageKind.BINARY
    assert second.data == payload
    await channel.close()
    info = channel.close_info
    assert (info.code, info.initiator, info.clean) == (1000, CloseInitiator.CLIENT, True)


async def test_server_close_code_and_reason(faulty_server):
    channel = channel_for(faulty_server.url("/close?code=1011&reason=db%20unavailable"))
    await channel.connect()
    assert await asyncio.wait_for(channel.receive(), 2) is None
    assert channel.close_code == 1011
    assert channel.close_reason == "db unavailable"
    assert channel.close_info.initiator is CloseInitiator.SERVER
    assert channel.close_info.clean


async def test_empty_close_payload_reads_as_1005(faulty_server):
    channel = channel_for(faulty_server.url("/close?code=none"))
    await channel.connect()
    assert await asyncio.wait_for(channel.receive(), 2) is None
    assert channel.close_code == 1005
    assert not channel.close_info.is_error


async def test_abort_without_close_frame_is_1006_and_keeps_earlier_message(faulty_server):
    channel = channel_for(faulty_server.url("/abort?text=hello"))
    await channel.connect()
    messages = [m.data async for m in channel]
    assert messages == ["hello"]
    assert channel.close_code == 1006
    assert channel.close_info.initiator is CloseInitiator.NONE
    assert not channel.close_info.clean


async def test_refused_port(closed_port):
    channel = channel_for(f"ws://127.0.0.1:{closed_port}/")
    with pytest.raises(ConnectError, match=rf"Connection refused \(127.0.0.1:{closed_port}\)"):
        await asyncio.wait_for(channel.connect(), 5)


def free_ipv6_port():
    try:
        with socket.socket(socket.AF_INET6) as sock:
            sock.bind(("::1", 0))
            return sock.getsockname()[1]
    except OSError:
        pytest.skip("no IPv6 loopback here")


async def test_a_refused_ipv6_address_is_named_in_brackets():
    port = free_ipv6_port()
    channel = channel_for(f"ws://[::1]:{port}/")
    with pytest.raises(ConnectError, match=rf"Connection refused \(\[::1\]:{port}\)"):
        await asyncio.wait_for(channel.connect(), 5)


async def test_a_limit_beyond_any_frame_is_no_limit(echo_server):
    channel = channel_for(echo_server.url, max_message_size=10**23)
    await channel.connect()
    await channel.send("still fits")
    assert (await channel.receive()).data == "still fits"
    await channel.close()


async def test_refused_handshake_names_the_status(faulty_server):
    channel = channel_for(faulty_server.url("/refuse?status=403"))
    with pytest.raises(HandshakeError, match="Handshake rejected: HTTP 403 Forbidden") as caught:
        await channel.connect()
    assert caught.value.status == 403


async def test_rejects_non_websocket_url():
    with pytest.raises(InvalidURLError):
        await channel_for("ftp://127.0.0.1/").connect()


async def test_send_after_close_raises_channel_closed(echo_server):
    channel = channel_for(echo_server.url)
    await channel.connect()
    await channel.close()
    with pytest.raises(ChannelClosedError):
        await channel.send("late")


async def test_close_going_away_reaches_the_server(echo_server):
    channel = channel_for(echo_server.url)
    await channel.connect()
    reader = asyncio.ensure_future(channel.receive())
    await asyncio.sleep(0.05)
    await channel.close(1001)
    assert await asyncio.wait_for(reader, 2) is None
    assert channel.close_info.code == 1001
    assert channel.close_info.initiator is CloseInitiator.CLIENT


async def test_echo_server_stop_closes_clients_with_going_away(echo_server):
    channel = channel_for(echo_server.url)
    await channel.connect()
    await asyncio.wait_for(echo_server.stop(), 3)
    assert await asyncio.wait_for(channel.receive(), 2) is None
    info = channel.close_info
    assert (info.code, info.reason, info.initiator) == (
        1001,
        "server shutdown",
        CloseInitiator.SERVER,
    )


async def test_malformed_request_to_the_echo_server_logs_no_traceback(echo_server, caplog):
    reader, writer = await asyncio.open_connection(echo_server.host, echo_server.port)
    writer.write(b"GET / HTTP/1.1\r\nHost: x\r\nBad Name:: y\r\n\r\n")
    await writer.drain()
    status_line = await asyncio.wait_for(reader.readline(), 2)
    writer.close()
    await writer.wait_closed()
    assert b" 400 " in status_line
    assert not [r for r in caplog.records if r.exc_info]


async def test_echo_server_binds_loopback_by_default(echo_server):
    bound = {address[0] for address in echo_server._runner.addresses}
    assert bound == {"127.0.0.1"}
    assert echo_server.url.startswith("ws://127.0.0.1:")


@pytest.mark.parametrize(
    ("code", "reason", "message"),
    [
        (1006, "", "close code 1006 may not be sent"),
        (5000, "", "close code 5000 may not be sent"),
        (1000, "é" * 62, "at most 123 bytes"),
    ],
)
async def test_close_refuses_what_no_close_frame_may_carry(echo_server, code, reason, message):
    channel = channel_for(echo_server.url)
    await channel.connect()
    with pytest.raises(ValueError, match=message):
        await channel.close(code, reason)
    await channel.send("still open")
    assert (await channel.receive()).data == "still open"
    await channel.close(4000, "é" * 61)
    assert (channel.close_code, channel.close_reason) == (4000, "é" * 61)
