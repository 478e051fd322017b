"""Connections through an HTTP proxy on 127.0.0.1: explicit, system, and 407 (B13)."""

import asyncio

import pytest

from wsdesk.models import ConnectionOptions
from wsdesk.testing.proxy_server import ProxyServer
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.transport.proxy import ProxyError

from .certificates import server_context, write_self_signed
from .test_tls import start_tls_echo


@pytest.fixture
async def proxy():
    server = await ProxyServer.start()
    yield server
    await server.stop()


@pytest.fixture
async def locked_proxy():
    server = await ProxyServer.start(credentials=("ann", "s3cret"))
    yield server
    await server.stop()


@pytest.fixture
def no_proxy_environment(monkeypatch):
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "")
    monkeypatch.setenv("no_proxy", "")


async def echo_once(options):
    channel = AiohttpChannel(options)
    await channel.connect()
    await channel.send("via proxy")
    message = await asyncio.wait_for(channel.receive(), 2)
    await channel.close()
    return message.data


async def test_explicit_proxy_carries_the_connection(proxy, echo_server):
    options = ConnectionOptions(url=echo_server.url + "echo", proxy=proxy.url)
    assert await echo_once(options) == "via proxy"
    assert proxy.requests == [f"GET ws://127.0.0.1:{echo_server.port}/echo HTTP/1.1"]


async def test_system_proxy_from_the_environment(
    proxy, echo_server, monkeypatch, no_proxy_environment
):
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    options = ConnectionOptions(url=echo_server.url + "echo", use_system_proxy=True)
    assert await echo_once(options) == "via proxy"
    assert len(proxy.requests) == 1


async def test_system_proxy_off_by_default(proxy, echo_server, monkeypatch, no_proxy_environment):
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    assert await echo_once(ConnectionOptions(url=echo_server.url)) == "via proxy"
    assert proxy.requests == []


async def test_no_proxy_exempts_the_host(proxy, echo_server, monkeypatch, no_proxy_environment):
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    options = ConnectionOptions(url=echo_server.url, use_system_proxy=True)
    assert await echo_once(options) == "via proxy"
    assert proxy.requests == []


async def test_proxy_credentials_from_the_url(locked_proxy, echo_server):
    url = locked_proxy.url.replace("http://", "http://ann:s3cret@")
    assert await echo_once(ConnectionOptions(url=echo_server.url, proxy=url)) == "via proxy"


@pytest.mark.parametrize("password", [None, "wrong"])
async def test_407_says_proxy_authentication_required(locked_proxy, echo_server, password):
    url = locked_proxy.url
    if password:
        url = url.replace("http://", f"http://ann:{password}@")
    channel = AiohttpChannel(ConnectionOptions(url=echo_server.url, proxy=url))
    with pytest.raises(ProxyError, match=r"^proxy authentication required \(407\)$"):
        await asyncio.wait_for(channel.connect(), 2)


async def test_407_on_a_connect_tunnel(locked_proxy, tmp_path):
    cert, key = write_self_signed(tmp_path, "tunnel")
    runner, url = await start_tls_echo(server_context(cert, key))
    try:
        channel = AiohttpChannel(ConnectionOptions(url=url, proxy=locked_proxy.url))
        with pytest.raises(ProxyError, match=r"^proxy authentication required \(407\)$"):
            await asyncio.wait_for(channel.connect(), 2)
    finally:
        await runner.cleanup()


async def test_wss_through_a_connect_tunnel(proxy, tmp_path):
    cert, key = write_self_signed(tmp_path, "tunnel")
    runner, url = await start_tls_echo(server_context(cert, key))
    try:
        options = ConnectionOptions(url=url, proxy=proxy.url, ca_file=str(cert))
        assert await echo_once(options) == "via proxy"
        assert proxy.requests == [f"CONNECT 127.0.0.1:{url.split(':')[2].strip('/')} HTTP/1.1"]
    finally:
        await runner.cleanup()
