"""A server that pings but never answers our pings is alive; silence still drops it."""

import asyncio

from wsdesk.models import ConnectionOptions, ConnectionState
from wsdesk.testing.raw_server import OP_PING, RawFrameServer
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.viewmodel import ConnectionViewModel


async def test_server_pings_count_as_proof_of_life():
    pinging = asyncio.Event()
    pinging.set()

    async def script(conn):
        async def drain():
            while True:
                await conn.read_frame()  # our pings and pongs, never answered

        reader = asyncio.ensure_future(drain())
        try:
            while pinging.is_set():
                await conn.send_frame(OP_PING, b"srv")
                await asyncio.sleep(0.1)
            await reader
        finally:
            reader.cancel()

    server = await RawFrameServer.start(script)
    options = ConnectionOptions(url=server.url, ping_interval=0.3, ping_timeout=0.5)
    vm = ConnectionViewModel(AiohttpChannel, options)
    try:
        await vm.connect.execute()
        await asyncio.sleep(1.5)
        assert vm.state is ConnectionState.OPEN
        assert vm.error is None
        pinging.clear()
        for _ in range(60):
            if vm.state is ConnectionState.DISCONNECTED:
                break
            await asyncio.sleep(0.05)
        assert vm.state is ConnectionState.DISCONNECTED
        assert vm.error == "no pong within 0.5 s"
    finally:
        await vm.aclose()
        await server.stop()
