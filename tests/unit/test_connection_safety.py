"""What a connection refuses or drops before it opens, and what counts as proof of life."""

import asyncio

from wsdesk.core.headers import bearer_header
from wsdesk.models import ConnectionOptions, ConnectionState, Direction, ReconnectPolicy
from wsdesk.testing import FakeChannelFactory
from wsdesk.testing.clock import ManualClock
from wsdesk.viewmodel import ConnectionViewModel


def events(vm):
    return [m.data for m in vm.messages if m.direction is Direction.EVENT]


async def test_url_credentials_with_authorization_header_fail_once_in_plain_words():
    factory = FakeChannelFactory()
    options = ConnectionOptions(
        url="ws://u:p@127.0.0.1:9/x",
        headers=(bearer_header("T"),),
        reconnect=ReconnectPolicy(jitter=0.0),
        ping_interval=None,
    )
    vm = ConnectionViewModel(factory, options, clock=ManualClock())
    await vm.connect.execute()
    assert factory.channels == []
    assert vm.state is ConnectionState.DISCONNECTED
    assert vm.error == (
        "The URL has a user name and password and there is an Authorization header: "
        "remove one of them"
    )
    assert not any("Reconnecting" in e for e in events(vm))
    await vm.aclose()


SECURED = ConnectionOptions(
    url="wss://api.example:8443/feed",
    headers=(bearer_header("tok-1"), ("X-Sig", "s-2"), ("X-Note", "n")),
    secret_headers=("X-Sig",),
    verify_tls=False,
    ping_interval=None,
)


async def test_another_host_gets_no_secret_headers_and_verification_back_on():
    factory = FakeChannelFactory()
    vm = ConnectionViewModel(factory, SECURED)
    await vm.connect.execute("wss://other.example:8443/feed")
    sent = factory.last.options
    assert sent.headers == (("X-Note", "n"),)
    assert sent.verify_tls is True
    assert (
        "Not used for wss://other.example:8443 (set up for wss://api.example:8443): "
        "Authorization, X-Sig, skip verification"
    ) in events(vm)
    await vm.aclose()


async def test_same_host_other_path_keeps_the_settings():
    factory = FakeChannelFactory()
    vm = ConnectionViewModel(factory, SECURED)
    await vm.connect.execute("wss://api.example:8443/other?x=1")
    sent = factory.last.options
    assert sent.headers == SECURED.headers
    assert sent.verify_tls is False
    assert not any(e.startswith("Not used for") for e in events(vm))
    await vm.aclose()


async def test_a_server_that_pings_but_never_pongs_stays_connected():
    """A server pinging every 100 ms is alive even though it ignores our pings."""
    clock = ManualClock()
    factory = FakeChannelFactory()
    options = ConnectionOptions(url="ws://127.0.0.1:9/", ping_interval=1.0, ping_timeout=0.5)
    vm = ConnectionViewModel(factory, options, clock=clock)
    await vm.connect.execute()
    channel = factory.last
    channel.answer_pings = False
    for _ in range(50):
        channel.push_ping()
        await clock.advance(0.1)
    assert vm.state is ConnectionState.OPEN
    assert channel.pings == 0
    await clock.advance(1.6)  # silence: a ping, no pong, dropped
    await asyncio.sleep(0)
    assert vm.state is ConnectionState.DISCONNECTED
    assert vm.error == "no pong within 0.5 s"
    await vm.aclose()
