"""An encrypted client key: never a terminal prompt, plain words for a missing or wrong
passphrase, and the right one connects."""

import asyncio

import pytest

from wsdesk.models import ConnectionOptions
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.transport.channel import TLSError

from .certificates import server_context, write_self_signed
from .test_tls import echo_once, start_tls_echo


@pytest.fixture
async def mutual_tls(tmp_path):
    """(url, server certificate, client certificate, encrypted client key)."""
    server_cert, server_key = write_self_signed(tmp_path, "loopback")
    client_cert, client_key = write_self_signed(
        tmp_path, "client", host="wsdesk-client", passphrase=b"right horse"
    )
    runner, url = await start_tls_echo(
        server_context(server_cert, server_key, client_ca=client_cert)
    )
    yield url, str(server_cert), str(client_cert), str(client_key)
    await runner.cleanup()


def options_for(mutual_tls, passphrase):
    url, ca_file, cert, key = mutual_tls
    return ConnectionOptions(
        url=url,
        ca_file=ca_file,
        client_cert=cert,
        client_key=key,
        client_key_password=passphrase,
        connect_timeout=3.0,
    )


@pytest.mark.parametrize(
    ("passphrase", "message"),
    [
        (None, "TLS: the client key is encrypted: enter its passphrase"),
        ("wrong", "TLS: wrong passphrase for the client key"),
    ],
)
async def test_missing_or_wrong_passphrase_fails_in_plain_words(mutual_tls, passphrase, message):
    channel = AiohttpChannel(options_for(mutual_tls, passphrase))
    with pytest.raises(TLSError) as caught:
        await asyncio.wait_for(channel.connect(), 5)
    assert str(caught.value) == message


async def test_right_passphrase_connects(mutual_tls):
    assert await echo_once(options_for(mutual_tls, "right horse")) == "over TLS"
