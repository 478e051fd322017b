"""TLS verification with certificates made at test time (B12)."""

import asyncio
import ssl

import pytest
from aiohttp import web

from wsdesk.models import ConnectionOptions
from wsdesk.server.echo import create_app
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.transport.channel import ChannelError, TLSError
from wsdesk.transport.tls import build_ssl_context

from .certificates import server_context, write_self_signed


async def start_tls_echo(context):
    runner = web.AppRunner(create_app(), handle_signals=False, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
    await site.start()
    return runner, f"wss://127.0.0.1:{runner.addresses[0][1]}/"


@pytest.fixture
def self_signed(tmp_path):
    return write_self_signed(tmp_path, "loopback")


@pytest.fixture
async def tls_echo(self_signed):
    runner, url = await start_tls_echo(server_context(*self_signed))
    yield url
    await runner.cleanup()


async def echo_once(options):
    channel = AiohttpChannel(options)
    await channel.connect()
    await channel.send("over TLS")
    message = await asyncio.wait_for(channel.receive(), 2)
    await channel.close()
    return message.data


async def test_default_rejects_self_signed_with_a_precise_message(tls_echo):
    channel = AiohttpChannel(ConnectionOptions(url=tls_echo))
    with pytest.raises(TLSError, match=r"^TLS: certificate not trusted \(self-signed\)$"):
        await asyncio.wait_for(channel.connect(), 2)


async def test_ca_file_connects(tls_echo, self_signed):
    cert, _ = self_signed
    assert await echo_once(ConnectionOptions(url=tls_echo, ca_file=str(cert))) == "over TLS"


async def test_skip_verification_connects(tls_echo):
    assert await echo_once(ConnectionOptions(url=tls_echo, verify_tls=False)) == "over TLS"


def test_skip_verification_reaches_only_this_context():
    off = build_ssl_context(ConnectionOptions(verify_tls=False))
    on = build_ssl_context(ConnectionOptions())
    assert (off.verify_mode, off.check_hostname) == (ssl.CERT_NONE, False)
    assert (on.verify_mode, on.check_hostname) == (ssl.CERT_REQUIRED, True)


async def test_wrong_hostname(tmp_path):
    cert, key = write_self_signed(tmp_path, "other", host="example.test")
    runner, url = await start_tls_echo(server_context(cert, key))
    try:
        channel = AiohttpChannel(ConnectionOptions(url=url, ca_file=str(cert)))
        with pytest.raises(TLSError, match=r"^TLS: hostname mismatch$"):
            await asyncio.wait_for(channel.connect(), 2)
    finally:
        await runner.cleanup()


async def test_expired_certificate(tmp_path):
    cert, key = write_self_signed(tmp_path, "old", expired=True)
    runner, url = await start_tls_echo(server_context(cert, key))
    try:
        channel = AiohttpChannel(ConnectionOptions(url=url, ca_file=str(cert)))
        with pytest.raises(TLSError, match=r"^TLS: certificate expired$"):
            await asyncio.wait_for(channel.connect(), 2)
    finally:
        await runner.cleanup()


async def test_client_certificate_is_presented(tmp_path, self_signed):
    client_cert, client_key = write_self_signed(tmp_path, "client", host="wsdesk-client")
    runner, url = await start_tls_echo(server_context(*self_signed, client_ca=client_cert))
    server_cert = str(self_signed[0])
    try:
        options = ConnectionOptions(
            url=url, ca_file=server_cert, client_cert=str(client_cert), client_key=str(client_key)
        )
        assert await echo_once(options) == "over TLS"
        assert await refused_echo(ConnectionOptions(url=url, ca_file=server_cert))
    finally:
        await runner.cleanup()


async def refused_echo(options):
    """True when the server ends the connection (TLS 1.3 refuses a missing client
    certificate after the client's handshake has finished, so either step may fail)."""
    channel = AiohttpChannel(options)
    try:
        await channel.connect()
        await channel.send("x")
        return await asyncio.wait_for(channel.receive(), 2) is None
    except ChannelError:
        return True


def test_unreadable_ca_file_names_the_file(tmp_path):
    missing = tmp_path / "missing.pem"
    with pytest.raises(TLSError, match=r"cannot read the CA file .*missing\.pem"):
        build_ssl_context(ConnectionOptions(ca_file=str(missing)))
