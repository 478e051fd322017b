"""The inspector's text and the wsdesk-cli command it copies; the view-model keeps the
last handshake after a failure and masks secret variables in it."""

import asyncio
import shlex

from wsdesk.cli.options import parse_args
from wsdesk.core.headers import bearer_header
from wsdesk.models import ConnectionOptions, HandshakeInfo, ReconnectPolicy, TlsInfo
from wsdesk.testing import FakeChannelFactory
from wsdesk.transport.channel import TLSError
from wsdesk.viewmodel import ConnectionViewModel
from wsdesk.viewmodel.handshake_text import cli_command, describe_handshake, tls_warning

ANSWER = HandshakeInfo(
    protocol="chat.v1",
    extensions="permessage-deflate; server_max_window_bits=12",
    url="ws://h/x",
    status=101,
    request_line="GET /x HTTP/1.1",
    request_headers=(("Host", "h"), ("Authorization", "***")),
    status_line="HTTP/1.1 101 Switching Protocols",
    response_headers=(("Upgrade", "websocket"),),
    redirects=("redirected (301) to ws://h/x",),
)


def test_describe_handshake_lists_each_part_in_order():
    text = describe_handshake(ANSWER)
    order = [
        "URL: ws://h/x",
        "redirected (301) to ws://h/x",
        "Request sent:",
        "GET /x HTTP/1.1",
        "Authorization: ***",
        "Answer received:",
        "HTTP/1.1 101 Switching Protocols",
        "Subprotocol: chat.v1",
        "Extensions: permessage-deflate; server_max_window_bits=12",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert "TLS:" not in text


def test_tls_section_and_warnings():
    off = TlsInfo(version="TLSv1.3", cipher="TLS_AES_256_GCM_SHA384", verified=False)
    failed = TlsInfo(
        peer_subject="CN=x", not_after=1.0, verified=False, problem="certificate expired"
    )
    assert "OFF" in tls_warning(off)
    assert tls_warning(failed).startswith("Certificate verification FAILED: certificate expired")
    assert tls_warning(TlsInfo()) == ""
    assert tls_warning(None) == ""
    text = describe_handshake(HandshakeInfo(url="wss://x/", tls=failed))
    assert "Valid until: 1970-01-01 00:00:01 UTC (expired)" in text
    assert "Subject: CN=x" in text
    assert "No answer came back." not in text
    assert "Protocol: TLSv1.3, cipher TLS_AES_256_GCM_SHA384" in describe_handshake(
        HandshakeInfo(tls=off)
    )


def test_cli_command_leaves_secrets_out_and_parses_back():
    options = ConnectionOptions(
        url="wss://h:8443/feed?token=s3cret&room=1",
        headers=(bearer_header("tok-1"), ("X-Note", "it's ok"), ("X-Key", "k-9")),
        secret_headers=("X-Key",),
        subprotocols=("a", "b"),
        origin="https://app.test",
        verify_tls=False,
        proxy="http://ann:pw@127.0.0.1:3128",
        compress=False,
        ping_interval=None,
        connect_timeout=3.5,
        reconnect=ReconnectPolicy(),
    )
    command = cli_command(options)
    for secret in ("s3cret", "tok-1", "k-9", ":pw@"):
        assert secret not in command.text
    assert command.left_out == ("URL secrets", "Authorization", "X-Key", "proxy password")
    assert "add them yourself" in command.note
    argv = shlex.split(command.text)
    assert argv[0] == "wsdesk-cli"
    config = parse_args(argv[1:])
    back = config.options
    assert back.headers == (("X-Note", "it's ok"),)
    assert back.secret_headers == ("X-Key",)
    assert back.subprotocols == ("a", "b")
    assert back.origin == "https://app.test"
    assert not back.verify_tls
    assert not back.compress
    assert back.ping_interval is None
    assert back.connect_timeout == 3.5
    assert back.reconnect is not None


def test_cli_command_of_defaults_is_the_url_alone():
    command = cli_command(ConnectionOptions(url="ws://127.0.0.1:9/"))
    assert command.text == "wsdesk-cli ws://127.0.0.1:9/"
    assert command.left_out == ()
    assert command.note == ""


async def test_last_handshake_outlives_a_failure_and_masks_secret_variables():
    facts = HandshakeInfo(
        url="wss://h/",
        request_line="GET /?room=v-secret-1 HTTP/1.1",
        request_headers=(("X-Room", "v-secret-1"),),
        tls=TlsInfo(verified=False, problem="hostname mismatch"),
    )
    factory = FakeChannelFactory(
        connect_error=TLSError("TLS: hostname mismatch"), handshake_info=facts
    )
    vm = ConnectionViewModel(factory, ConnectionOptions(url="wss://h/?room={{room}}"))
    vm.set_variables({"room": "v-secret-1"}, frozenset({"room"}))
    seen = []
    vm.last_handshake_changed.connect(seen.append)
    await vm.connect.execute()
    info = vm.last_handshake
    assert info is not None
    assert info.tls == facts.tls
    assert "v-secret-1" not in repr(info)
    assert vm.handshake is None
    # A new attempt forgets the old facts first.
    factory.handshake_info = None
    await vm.connect.execute()
    await asyncio.sleep(0)
    assert vm.last_handshake is None
    assert seen[-1] is None
    assert seen[0] is not None


def test_cli_command_notes_trust_from_the_environment(monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", "/tmp/ca.pem")
    command = cli_command(ConnectionOptions(url="wss://h/"))
    assert command.trust_from_environment
    assert "SSL_CERT_FILE" in command.note
    assert not cli_command(ConnectionOptions(url="wss://h/", ca_file="/ca.pem")).note
    assert not cli_command(ConnectionOptions(url="ws://h/")).note
    monkeypatch.delenv("SSL_CERT_FILE")
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    assert not cli_command(ConnectionOptions(url="wss://h/")).trust_from_environment


def test_cli_command_without_verification_drops_the_ca_file():
    command = cli_command(ConnectionOptions(url="wss://h/", verify_tls=False, ca_file="/ca.pem"))
    assert command.text == "wsdesk-cli wss://h/ --insecure"


def test_a_failed_tls_handshake_says_no_request_was_sent():
    failed = HandshakeInfo(url="wss://h/", tls=TlsInfo(verified=False, problem="expired"))
    assert "No request was sent: the TLS handshake failed" in describe_handshake(failed)
    assert "No answer came back." in describe_handshake(HandshakeInfo(url="ws://h/"))
