"""B28: handshake header values reach the server byte for byte; non-ASCII is refused."""

import asyncio

import pytest

from wsdesk.models import ConnectionOptions
from wsdesk.testing.raw_server import RawFrameServer
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.transport.upgrade import InvalidHeaderError


async def test_ascii_header_value_arrives_byte_for_byte():
    seen: list[dict[str, str]] = []

    async def script(conn):
        seen.append(conn.request_headers)
        await conn.send_close(1000)

    server = await RawFrameServer.start(script)
    value = "plain ~!#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}"
    try:
        channel = AiohttpChannel(ConnectionOptions(url=server.url, headers=(("X-Note", value),)))
        await channel.connect()
        assert await asyncio.wait_for(channel.receive(), 2) is None
    finally:
        await server.stop()
    # The raw server decodes the request as Latin-1, which maps each byte to one char.
    assert seen[0]["x-note"].encode("latin-1") == value.encode("ascii")


@pytest.mark.parametrize("value", ["café", "naïve ÿ"])
async def test_non_ascii_header_value_is_refused_before_any_byte_is_sent(value):
    server = await RawFrameServer.start()
    try:
        options = ConnectionOptions(url=server.url, headers=(("X-Note", value),))
        with pytest.raises(InvalidHeaderError, match="X-Note: header values must be ASCII"):
            await AiohttpChannel(options).connect()
        assert server.connections == 0
    finally:
        await server.stop()
