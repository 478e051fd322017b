"""The view-model keeps secrets out of its log, status, errors and logging; it reports
the handshake (subprotocol, extensions, unverified TLS) and rejects bad headers."""

import asyncio
import logging

import pytest

from wsdesk.core.headers import basic_header, bearer_header
from wsdesk.models import ConnectionOptions, ConnectionState, HandshakeInfo, ReconnectPolicy
from wsdesk.testing import FakeChannelFactory
from wsdesk.transport.channel import ChannelError
from wsdesk.transport.proxy import ProxyError
from wsdesk.transport.redirects import RedirectError
from wsdesk.transport.upgrade import SubprotocolError
from wsdesk.viewmodel import ConnectionViewModel

TOKEN = "tok-4f9a1c"
SECRET_URL = f"ws://127.0.0.1:9/feed?token={TOKEN}&room=1"


async def settle():
    for _ in range(5):
        await asyncio.sleep(0)


def log_text(vm):
    return "\n".join(str(m.data) for m in vm.messages)


async def test_secrets_never_reach_log_status_error_or_logging(caplog):
    caplog.set_level(logging.DEBUG)
    leak = f"server said Bearer {TOKEN} and pw hunter2 via {SECRET_URL}"
    factory = FakeChannelFactory(connect_error=ChannelError(leak))
    options = ConnectionOptions(
        url=SECRET_URL,
        headers=(bearer_header(TOKEN), basic_header("ann", "hunter2"), ("X-Api", "k-77")),
        secret_headers=("x-api",),
    )
    vm = ConnectionViewModel(factory, options)
    statuses = []
    vm.status_changed.connect(statuses.append)
    await vm.connect.execute()
    texts = [log_text(vm), vm.error or "", vm.status_text, *statuses, caplog.text]
    for text in texts:
        for secret in (TOKEN, "hunter2"):
            assert secret not in text
    assert "token=***" in log_text(vm)
    assert "***" in vm.error
    await vm.aclose()


async def test_a_failure_while_receiving_is_logged_without_secrets(caplog):
    caplog.set_level(logging.DEBUG)
    factory = FakeChannelFactory()
    vm = ConnectionViewModel(factory, ConnectionOptions(url=SECRET_URL))
    await vm.connect.execute()

    async def broken():
        raise RuntimeError(f"boom {TOKEN}")

    channel = factory.last
    channel.receive = broken
    channel.push("wake")
    for _ in range(50):
        if vm.state is ConnectionState.DISCONNECTED:
            break
        await asyncio.sleep(0)
    assert vm.state is ConnectionState.DISCONNECTED
    await vm.aclose()
    assert "the channel failed while receiving" in caplog.text
    assert "boom ***" in caplog.text
    assert TOKEN not in caplog.text
    assert channel.aborted_with is not None  # nobody reads it any more: dropped, not left open


async def test_non_latin1_header_is_refused_before_connecting():
    """B28: the choice is pinned: rejected inline, never sent, never a crash."""
    factory = FakeChannelFactory()
    options = ConnectionOptions(url="ws://127.0.0.1:9/", headers=(("X-Note", "café…"),))
    vm = ConnectionViewModel(factory, options)
    await vm.connect.execute()
    assert factory.channels == []
    assert vm.state is ConnectionState.DISCONNECTED
    assert vm.error == "X-Note: header values must be ASCII; 'é' is not"
    assert "Not connected: X-Note: header values must be ASCII" in log_text(vm)


async def test_handshake_is_reported_and_cleared():
    factory = FakeChannelFactory(
        protocol="chat.v1",
        extensions="permessage-deflate; client_max_window_bits=15",
        redirects=("redirected (301) to ws://127.0.0.1:9/new",),
        url="ws://127.0.0.1:9/new",
    )
    vm = ConnectionViewModel(factory, ConnectionOptions(url="ws://127.0.0.1:9/old"))
    seen = []
    vm.handshake_changed.connect(seen.append)
    await vm.connect.execute()
    assert vm.handshake == HandshakeInfo(
        "chat.v1", "permessage-deflate; client_max_window_bits=15", url="ws://127.0.0.1:9/new"
    )
    text = log_text(vm)
    assert "redirected (301) to ws://127.0.0.1:9/new" in text
    assert "Connected (subprotocol: chat.v1)" in text
    factory.last.push_close(1000)
    await settle()
    assert vm.handshake is None
    assert [info is None for info in seen] == [False, True]


async def test_subprotocol_offered_but_none_chosen_reads_none():
    options = ConnectionOptions(url="ws://127.0.0.1:9/", subprotocols=("chat.v1",))
    vm = ConnectionViewModel(FakeChannelFactory(), options)
    await vm.connect.execute()
    assert "Connected (subprotocol: none)" in log_text(vm)
    assert vm.handshake.describe() == "subprotocol: none · extensions: none"
    await vm.aclose()


@pytest.mark.parametrize(
    ("url", "verify", "badge"),
    [
        ("wss://127.0.0.1:9/", False, True),
        ("wss://127.0.0.1:9/", True, False),
        ("ws://127.0.0.1:9/", False, False),
    ],
)
async def test_unverified_tls_is_flagged_while_open(url, verify, badge):
    factory = FakeChannelFactory()
    vm = ConnectionViewModel(factory, ConnectionOptions(url=url, verify_tls=verify))
    await vm.connect.execute()
    assert vm.handshake.tls_unverified is badge
    await vm.disconnect.execute()
    assert vm.handshake is None


@pytest.mark.parametrize(
    "error",
    [
        SubprotocolError("the server selected subprotocol 'x' but none was offered"),
        RedirectError("too many redirects (more than 5)"),
        ProxyError(407),
    ],
)
async def test_failures_only_the_user_can_fix_are_not_retried(error):
    factory = FakeChannelFactory(connect_error=error)
    options = ConnectionOptions(url="ws://127.0.0.1:9/", reconnect=ReconnectPolicy())
    vm = ConnectionViewModel(factory, options)
    await vm.connect.execute()
    await settle()
    assert vm.state is ConnectionState.DISCONNECTED
    assert len(factory.channels) == 1
    assert vm.error == str(error)
    await vm.aclose()
