"""Redirects answered to the upgrade, followed by wsdesk itself (B09)."""

import asyncio

import pytest
from aiohttp import web

from wsdesk.core.headers import bearer_header
from wsdesk.models import ConnectionOptions, ConnectionState
from wsdesk.testing.servers import start_server
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.transport.channel import HandshakeError, TLSError
from wsdesk.transport.redirects import RedirectError
from wsdesk.viewmodel import ConnectionViewModel

TOKEN = "s3cret-token"


async def _echo(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    async for msg in ws:
        await ws.send_str(msg.data)
    return ws


def _moved(status, location):
    return web.Response(status=status, headers={"Location": location})


async def _old(request):
    return _moved(301, f"ws://{request.host}/new")


async def _to_https(request):
    return _moved(302, f"https://{request.host}/new")


async def _hop(request):
    return _moved(302, f"/hop/{int(request.match_info['n']) + 1}")


async def _guarded(request):
    if request.headers.get("Authorization") != f"Bearer {TOKEN}":
        return web.Response(status=401, text="who are you?")
    if "to" in request.query:
        return _moved(307, f"ws://127.0.0.1:{request.query['to']}/a")
    return await _echo(request)


def redirect_app():
    app = web.Application()
    app.router.add_get("/old", _old)
    app.router.add_get("/new", _echo)
    app.router.add_get("/tls", _to_https)
    app.router.add_get("/hop/{n}", _hop)
    app.router.add_get("/a", _guarded)
    return app


@pytest.fixture
async def server():
    running = await start_server(redirect_app())
    yield running
    await running.stop()


@pytest.fixture
async def other_server():
    running = await start_server(redirect_app())
    yield running
    await running.stop()


async def test_301_to_new_connects_and_names_the_hop(server):
    channel = AiohttpChannel(ConnectionOptions(url=server.url("/old")))
    await channel.connect()
    assert channel.redirects == (f"redirected (301) to {server.url('/new')}",)
    await channel.send("hi")
    assert (await asyncio.wait_for(channel.receive(), 2)).data == "hi"
    await channel.close()


async def test_302_to_https_on_a_plain_port_names_the_target(server):
    channel = AiohttpChannel(ConnectionOptions(url=server.url("/tls")))
    target = server.url("/new").replace("ws://", "wss://")
    with pytest.raises(TLSError) as caught:
        await asyncio.wait_for(channel.connect(), 2)
    assert f"after redirected (302) to {target}" in str(caught.value)


async def test_307_to_another_host_drops_credentials(server, other_server):
    options = ConnectionOptions(
        url=server.url(f"/a?to={other_server.port}"), headers=(bearer_header(TOKEN),)
    )
    with pytest.raises(HandshakeError) as caught:
        await asyncio.wait_for(AiohttpChannel(options).connect(), 2)
    text = str(caught.value)
    assert caught.value.status == 401
    assert "HTTP 401 Unauthorized" in text
    assert f"redirected (307) to {other_server.url('/a')}" in text
    assert "credentials were not forwarded to another host" in text


async def test_same_origin_redirect_keeps_credentials(server):
    options = ConnectionOptions(
        url=server.url(f"/a?to={server.port}"), headers=(bearer_header(TOKEN),)
    )
    channel = AiohttpChannel(options)
    await channel.connect()
    assert channel.redirects == (f"redirected (307) to {server.url('/a')}",)
    await channel.close()


async def test_more_than_five_hops_is_an_error(server):
    channel = AiohttpChannel(ConnectionOptions(url=server.url("/hop/0")))
    with pytest.raises(RedirectError, match=r"too many redirects \(more than 5\)"):
        await asyncio.wait_for(channel.connect(), 2)
    assert len(channel.redirects) == 6


async def test_the_status_bar_shows_the_url_connected_to_after_a_redirect(server):
    vm = ConnectionViewModel(AiohttpChannel, ConnectionOptions(url=server.url("/old")))
    try:
        await vm.connect.execute()
        assert vm.state is ConnectionState.OPEN
        assert vm.status_text == f"Open: {server.url('/new')}"
        assert vm.options.url == server.url("/old"), "the typed URL stays the one to connect to"
    finally:
        await vm.aclose()
