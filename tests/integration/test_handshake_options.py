"""Headers, auth, Origin, subprotocols and permessage-deflate reach the server (B28)."""

import asyncio
import json

import pytest
from aiohttp import web

from wsdesk.core.headers import basic_header, bearer_header
from wsdesk.models import ConnectionOptions
from wsdesk.testing.raw_server import RawFrameServer
from wsdesk.testing.servers import start_server
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.transport.channel import ChannelError
from wsdesk.transport.upgrade import ExtensionError, InvalidHeaderError, SubprotocolError

from .helpers import wait_for


async def _report_headers(request: web.Request) -> web.StreamResponse:
    """Sends the request headers as the first message, then echoes."""
    protocols = [p.strip() for p in request.headers.get("Sec-WebSocket-Protocol", "").split(",")]
    chosen = request.query.get("choose")
    ws = web.WebSocketResponse(protocols=[chosen] if chosen in protocols else ())
    await ws.prepare(request)
    await ws.send_str(json.dumps(dict(request.headers)))
    async for msg in ws:
        await ws.send_str(msg.data)
    return ws


@pytest.fixture
async def header_server():
    app = web.Application()
    app.router.add_get("/{tail:.*}", _report_headers)
    server = await start_server(app)
    yield server
    await server.stop()


async def headers_seen(options):
    channel = AiohttpChannel(options)
    await channel.connect()
    first = await asyncio.wait_for(channel.receive(), 2)
    await channel.close()
    return json.loads(first.data), channel


async def test_headers_bearer_and_origin_reach_the_server(header_server):
    options = ConnectionOptions(
        url=header_server.url("/"),
        headers=(("X-Note", "cafe"), bearer_header("t0ken-123")),
        origin="https://app.example",
    )
    seen, _ = await headers_seen(options)
    assert seen["X-Note"] == "cafe"
    assert seen["Authorization"] == "Bearer t0ken-123"
    assert seen["Origin"] == "https://app.example"


async def test_basic_auth_reaches_the_server(header_server):
    options = ConnectionOptions(url=header_server.url("/"), headers=(basic_header("ann", "pw"),))
    seen, _ = await headers_seen(options)
    assert seen["Authorization"] == "Basic YW5uOnB3"


async def test_non_ascii_header_is_rejected_before_connecting():
    """B28: 'X-Note: café…' is refused inline; nothing is sent, nothing crashes."""
    server = await RawFrameServer.start()
    options = ConnectionOptions(url=server.url, headers=(("X-Note", "café…"),))
    try:
        with pytest.raises(InvalidHeaderError, match="header values must be ASCII"):
            await AiohttpChannel(options).connect()
        assert server.connections == 0
    finally:
        await server.stop()


async def test_offered_and_chosen_subprotocol(header_server):
    options = ConnectionOptions(
        url=header_server.url("/?choose=chat.v2"), subprotocols=("chat.v1", "chat.v2")
    )
    seen, channel = await headers_seen(options)
    assert seen["Sec-WebSocket-Protocol"] == "chat.v1,chat.v2"
    assert channel.protocol == "chat.v2"


async def test_offered_and_none_chosen(header_server):
    channel = AiohttpChannel(
        ConnectionOptions(url=header_server.url("/"), subprotocols=("chat.v1",))
    )
    await channel.connect()
    assert channel.protocol is None
    await channel.close()


@pytest.mark.parametrize(
    ("offered", "message"),
    [
        (("chat.v1",), "selected subprotocol 'evil', which was not offered"),
        ((), "selected subprotocol 'evil' but none was offered"),
    ],
)
async def test_unoffered_subprotocol_fails_the_connection(offered, message):
    server = await RawFrameServer.start(extra_headers=(("Sec-WebSocket-Protocol", "evil"),))
    try:
        channel = AiohttpChannel(ConnectionOptions(url=server.url, subprotocols=offered))
        with pytest.raises(SubprotocolError, match=message):
            await channel.connect()
        assert channel.protocol is None
        await asyncio.wait_for(server.closed_by_client.wait(), 2)
    finally:
        await server.stop()


@pytest.mark.parametrize(
    ("compress", "accepted", "message"),
    [
        (True, "x-evil; foo=bar", "accepted extension 'x-evil', which was not offered"),
        (False, "permessage-deflate", "'permessage-deflate', which was not offered"),
        (True, "permessage-deflate, permessage-deflate", "permessage-deflate more than once"),
        (True, "permessage-deflate, x-evil", "accepted extension 'x-evil'"),
    ],
)
async def test_an_extension_that_was_not_offered_fails_the_connection_with_1002(
    compress, accepted, message
):
    """RFC 6455 section 9.1 and RFC 7692 section 5: the client must fail the connection."""

    async def script(conn):
        closes.append(await conn.read_frame())

    closes = []
    server = await RawFrameServer.start(
        script, extra_headers=(("Sec-WebSocket-Extensions", accepted),)
    )
    try:
        channel = AiohttpChannel(ConnectionOptions(url=server.url, compress=compress))
        with pytest.raises(ExtensionError, match=message):
            await channel.connect()
        await wait_for(lambda: closes)
        assert closes[0].opcode == 0x8
        assert closes[0].payload[:2] == (1002).to_bytes(2, "big")
    finally:
        await server.stop()


async def test_negotiated_extensions_are_reported(header_server):
    channel = AiohttpChannel(ConnectionOptions(url=header_server.url("/"), compress=True))
    await channel.connect()
    assert channel.extensions.startswith("permessage-deflate")
    await channel.close()
    plain = AiohttpChannel(ConnectionOptions(url=header_server.url("/"), compress=False))
    await plain.connect()
    assert plain.extensions == ""
    await plain.close()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ((("X-Big", "a" * 200_000),), "header line longer than HTTP/1.1 readers accept"),
        (tuple(("X-Many", "y") for _ in range(100_000)), "more headers than wsdesk reads"),
    ],
)
async def test_an_answer_too_big_to_parse_says_so_not_that_it_is_not_http(extra, message):
    server = await RawFrameServer.start(extra_headers=extra)
    try:
        channel = AiohttpChannel(ConnectionOptions(url=server.url))
        with pytest.raises(ChannelError, match=message):
            await channel.connect()
    finally:
        await server.stop()
