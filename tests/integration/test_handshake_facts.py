"""What the handshake inspector is fed: request and answer headers, redirects, the TLS peer
(verified, unverified, expired, wrong name, self-signed), against real local servers."""

import asyncio
import json
import time

import pytest
from aiohttp import web

from wsdesk.models import ConnectionOptions
from wsdesk.server.echo import create_app
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.transport.channel import HandshakeError, TLSError

from .certificates import server_context, write_self_signed
from .test_tls import start_tls_echo


async def start_plain(app):
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"ws://127.0.0.1:{runner.addresses[0][1]}"


@pytest.fixture
async def echo_url():
    runner, url = await start_plain(create_app())
    yield url
    await runner.cleanup()


async def test_ws_facts_name_request_answer_and_extensions(echo_url):
    options = ConnectionOptions(
        url=f"{echo_url}/?token=hunter22&room=1",
        headers=(("Authorization", "Bearer abc123"), ("X-Api", "k1"), ("X-Trace", "t-1")),
        secret_headers=("X-Api",),
    )
    channel = AiohttpChannel(options)
    await channel.connect()
    try:
        info = channel.handshake_info
    finally:
        await channel.close()
    assert info is not None
    assert info.status == 101
    assert info.status_line == "HTTP/1.1 101 Switching Protocols"
    assert info.request_line == "GET /?token=***&room=1 HTTP/1.1"
    sent = dict(info.request_headers)
    assert sent["Authorization"] == "***"
    assert sent["X-Api"] == "***"
    assert sent["X-Trace"] == "t-1"
    assert sent["Upgrade"] == "websocket"
    assert "Sec-WebSocket-Key" in sent
    assert sent["Host"] == echo_url.removeprefix("ws://")
    answered = dict(info.response_headers)
    assert "Sec-WebSocket-Accept" in answered
    assert info.extensions.startswith("permessage-deflate")
    assert info.tls is None
    assert not info.tls_unverified
    assert "hunter22" not in repr(info)
    assert "abc123" not in repr(info)


async def test_refusal_keeps_status_and_answer_headers():
    async def refuse(request):
        return web.Response(status=403, headers={"Set-Cookie": "sid=s3cr3t", "X-Why": "no"})

    app = web.Application()
    app.router.add_get("/", refuse)
    runner, url = await start_plain(app)
    try:
        channel = AiohttpChannel(ConnectionOptions(url=url + "/"))
        with pytest.raises(HandshakeError):
            await channel.connect()
    finally:
        await runner.cleanup()
    info = channel.handshake_info
    assert info is not None
    assert info.status == 403
    assert info.status_line == "HTTP/1.1 403 Forbidden"
    answered = dict(info.response_headers)
    assert answered["X-Why"] == "no"
    assert answered["Set-Cookie"] == "***"


async def test_redirects_are_listed_and_the_last_hop_is_shown(echo_url):
    async def moved(request):
        raise web.HTTPFound(echo_url + "/")

    app = web.Application()
    app.router.add_get("/old", moved)
    runner, url = await start_plain(app)
    try:
        channel = AiohttpChannel(ConnectionOptions(url=url + "/old"))
        await channel.connect()
        info = channel.handshake_info
        await channel.close()
    finally:
        await runner.cleanup()
    assert info is not None
    assert info.status == 101
    assert info.redirects == (f"redirected (302) to {echo_url}/",)
    assert info.url == echo_url + "/"
    assert dict(info.request_headers)["Host"] == echo_url.removeprefix("ws://")


async def connect_tls(tmp_path, *, verify, host="127.0.0.1", expired=False, trust=False):
    cert, key = write_self_signed(tmp_path, "peer", host=host, expired=expired)
    runner, url = await start_tls_echo(server_context(cert, key))
    options = ConnectionOptions(url=url, verify_tls=verify, ca_file=str(cert) if trust else None)
    channel = AiohttpChannel(options)
    error = None
    try:
        await asyncio.wait_for(channel.connect(), 5)
        await channel.close()
    except TLSError as exc:
        error = exc
    finally:
        await runner.cleanup()
    return channel.handshake_info, error


async def test_tls_verified_peer(tmp_path):
    info, error = await connect_tls(tmp_path, verify=True, trust=True)
    assert error is None
    assert info is not None
    assert info.tls is not None
    tls = info.tls
    assert tls.verified
    assert tls.problem == ""
    assert not info.tls_unverified
    assert tls.version.startswith("TLSv1.")
    assert tls.cipher
    assert tls.peer_subject == "CN=127.0.0.1"
    assert tls.peer_issuer == "CN=127.0.0.1"
    assert tls.alt_names == ("IP:127.0.0.1",)
    assert tls.not_before is not None
    assert tls.not_after is not None
    assert tls.not_before < time.time() < tls.not_after
    assert len(tls.sha256_fingerprint.split(":")) == 32


async def test_tls_unverified_says_so(tmp_path):
    info, error = await connect_tls(tmp_path, verify=False)
    assert error is None
    assert info is not None
    assert info.tls is not None
    assert info.tls_unverified
    assert not info.tls.verified
    assert info.tls.peer_subject == "CN=127.0.0.1"


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({}, "certificate not trusted (self-signed)"),
        ({"expired": True, "trust": True}, "certificate expired"),
        ({"host": "example.test", "trust": True}, "hostname mismatch"),
    ],
)
async def test_failed_verification_still_shows_the_certificate(tmp_path, kwargs, problem):
    info, error = await connect_tls(tmp_path, verify=True, **kwargs)
    assert error is not None
    assert info is not None
    assert info.tls is not None
    assert not info.tls.verified
    assert info.tls.problem == problem
    assert info.tls.peer_subject.startswith("CN=")
    assert info.tls.sha256_fingerprint
    if kwargs.get("expired"):
        assert info.tls.not_after is not None
        assert info.tls.not_after < time.time()
    if "host" in kwargs:
        assert info.tls.alt_names == ("DNS:example.test",)


async def test_a_failed_check_keeps_the_url_password_masked(tmp_path):
    cert, key = write_self_signed(tmp_path, "peer")
    runner, url = await start_tls_echo(server_context(cert, key))
    try:
        port = url.rsplit(":", 1)[1].rstrip("/")
        channel = AiohttpChannel(ConnectionOptions(url=f"wss://bob:pw1@LOCALHOST:{port}/p%7e"))
        with pytest.raises(TLSError):
            await asyncio.wait_for(channel.connect(), 5)
    finally:
        await runner.cleanup()
    info = channel.handshake_info
    assert info is not None
    assert info.tls is not None
    assert "pw1" not in info.url
    assert "bob:***@" in info.url


async def test_hostile_answer_headers_are_kept_on_one_line_and_in_valid_utf8():
    async def answer(reader, writer):
        await reader.readuntil(b"\r\n\r\n")
        writer.write(
            b"HTTP/1.1 403 Forbidden\r\n"
            b"X-Evil: a\x1b[31mred\xff\xfe\r\n"
            b"X-Bidi: \xe2\x80\xaeevil\r\n"
            b"Content-Length: 0\r\n\r\n"
        )
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        channel = AiohttpChannel(ConnectionOptions(url=f"ws://127.0.0.1:{port}/"))
        with pytest.raises(HandshakeError):
            await channel.connect()
    finally:
        server.close()
        await server.wait_closed()
    info = channel.handshake_info
    assert info is not None
    headers = dict(info.response_headers)
    assert "\x1b" not in headers["X-Evil"]
    assert headers["X-Evil"].startswith("a\\x1b[31mred")
    assert headers["X-Bidi"] == "\\u202eevil"
    json.dumps(info.response_headers, ensure_ascii=False).encode("utf-8")  # exportable
