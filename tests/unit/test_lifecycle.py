"""The view-model's connection lifecycle against FakeChannel, with time on a ManualClock."""

import asyncio

import pytest

from wsdesk.models import (
    CloseInitiator,
    ConnectionOptions,
    ConnectionState,
    Direction,
    ReconnectPolicy,
)
from wsdesk.testing import FakeChannelFactory, ManualClock
from wsdesk.transport.channel import ConnectError, HandshakeError, HandshakeTimeoutError
from wsdesk.viewmodel import ConnectionViewModel

URL = "ws://127.0.0.1:9/"
REFUSED = ConnectError("Connection refused (127.0.0.1:9)", "127.0.0.1", 9)
S = ConnectionState
LOST = "Connection lost: 1006 connection lost (no close frame)"


async def settle():
    """Let every task that can run, run (ManualClock sleeps stay asleep)."""
    for _ in range(30):
        await asyncio.sleep(0)


@pytest.fixture
def clock():
    return ManualClock()


@pytest.fixture
def factory():
    return FakeChannelFactory()


def make_vm(factory, clock, **options):
    options.setdefault("ping_interval", None)
    return ConnectionViewModel(factory, ConnectionOptions(url=URL, **options), clock=clock)


@pytest.fixture
async def vm(factory, clock):
    view_model = make_vm(factory, clock, reconnect=ReconnectPolicy(jitter=0.0))
    yield view_model
    await view_model.aclose()


def events(vm):
    return [m.data for m in vm.messages if m.direction is Direction.EVENT]


async def advance(clock, seconds):
    await clock.advance(seconds)


# -- 1. close explained ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "reason", "status", "is_error"),
    [
        (1000, "bye", "Closed by server: 1000 normal closure, 'bye'", False),
        (1005, "", "Closed by server: 1005 no status code", False),
        (1011, "db unavailable", "Closed by server: 1011 internal error, 'db unavailable'", True),
        (3001, "", "Closed by server: 3001 registered code 3001", True),
        (
            4400,
            "bad json",
            "Closed by server: 4400 application-defined code 4400, 'bad json'",
            True,
        ),
    ],
)
async def test_server_close_is_explained_in_words(factory, clock, code, reason, status, is_error):
    """B01, B02: code, reason and initiator are separate fields; the status says them."""
    vm = make_vm(factory, clock)
    await vm.connect.execute()
    factory.last.push_close(code, reason)
    await settle()
    info = vm.close_info
    assert (info.code, info.reason, info.initiator) == (code, reason, CloseInitiator.SERVER)
    assert info.is_error is is_error
    assert vm.status_is_error is is_error
    assert vm.status_text == status
    assert events(vm)[-1] == status
    assert vm.state is S.DISCONNECTED


async def test_lost_connection_says_no_close_frame(factory, clock):
    """B03: a dropped TCP connection reads as 1006 and keeps what arrived before."""
    vm = make_vm(factory, clock)
    await vm.connect.execute()
    factory.last.push("hello")
    factory.last.drop()
    await settle()
    assert vm.status_text == "Connection lost: 1006 connection lost (no close frame)"
    assert vm.close_info.is_error
    assert vm.status_is_error
    assert "hello" in [m.data for m in vm.messages]


# -- 2. refused handshake -------------------------------------------------------------


async def test_refused_handshake_is_an_error_not_a_close(factory, clock):
    factory.connect_error = HandshakeError(
        401, "Unauthorized", (("WWW-Authenticate", 'Bearer realm="api"'),), "token expired"
    )
    vm = make_vm(factory, clock)
    await vm.connect.execute()
    assert vm.state is S.DISCONNECTED
    assert vm.close_info is None
    assert vm.error == (
        'Handshake rejected: HTTP 401 Unauthorized (WWW-Authenticate: Bearer realm="api"): '
        "token expired"
    )
    assert vm.status_text == f"Disconnected: {vm.error}"


# -- 3. URL checked before any I/O ----------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("ws://", "The URL has no host"),
        ("ws://127.0.0.1:99999/", "The port must be a number from 1 to 65535"),
        ("ftp://127.0.0.1/", "Unsupported scheme 'ftp': use ws:// or wss://"),
        ("", "Enter a URL"),
    ],
)
async def test_bad_url_is_an_inline_error_and_never_connects(factory, clock, typed, error):
    """B10: no channel is built and the state never enters Connecting."""
    vm = make_vm(factory, clock)
    states = []
    vm.state_changed.connect(states.append)
    await vm.connect.execute(typed)
    assert vm.url_error.startswith(error)
    assert states == []
    assert factory.channels == []


@pytest.mark.parametrize(
    ("typed", "url"),
    [
        ("s", "ws://s/"),
        ("localhost:8765/ws", "ws://localhost:8765/ws"),
        ("127.0.0.1:8765/ws", "ws://127.0.0.1:8765/ws"),
        ("http://127.0.0.1:8765/ws", "ws://127.0.0.1:8765/ws"),
        ("https://127.0.0.1:8765/ws", "wss://127.0.0.1:8765/ws"),
        ("  ws://127.0.0.1:8765/ws  ", "ws://127.0.0.1:8765/ws"),
    ],
)
async def test_typed_url_is_normalised_before_connecting(factory, clock, typed, url):
    """B10: scheme-less input gets ws://, http(s) becomes ws(s), spaces are trimmed."""
    vm = make_vm(factory, clock)
    await vm.connect.execute(typed)
    assert factory.last.options.url == url
    assert vm.url_error is None
    await vm.aclose()


# -- 4. timeouts reach the transport --------------------------------------------------


async def test_timeouts_reach_the_channel_and_a_timeout_reads_in_words(factory, clock):
    factory.connect_error = HandshakeTimeoutError(3)
    vm = make_vm(factory, clock, connect_timeout=3.0, close_timeout=1.5)
    await vm.connect.execute()
    assert (factory.last.options.connect_timeout, factory.last.options.close_timeout) == (3, 1.5)
    assert vm.status_text == "Disconnected: Handshake timed out after 3 s"
    assert vm.connect.can_execute


# -- 5. cancel while connecting -------------------------------------------------------


async def test_disconnect_while_connecting_never_opens_afterwards(factory, clock):
    factory.hold_connect = True
    vm = make_vm(factory, clock)
    states = []
    vm.state_changed.connect(states.append)
    connecting = vm.connect.start()
    await settle()
    await vm.disconnect.execute()
    factory.last.accept()
    await connecting
    await settle()
    assert states == [S.CONNECTING, S.DISCONNECTED]
    assert not factory.last.is_open
    assert events(vm)[-1] == "Connection attempt cancelled"


# -- 6. heartbeat ---------------------------------------------------------------------


async def test_pong_round_trip_is_shown_in_the_status(factory, clock):
    vm = make_vm(factory, clock, ping_interval=1.0, ping_timeout=1.0)
    await vm.connect.execute()
    factory.last.ping_rtt = 0.0042
    await advance(clock, 0.99)
    assert factory.last.pings == 0
    await advance(clock, 0.01)
    assert factory.last.pings == 1
    assert vm.round_trip == pytest.approx(0.0042)
    assert vm.status_text == f"Open: {URL} · ping 4.2 ms"
    factory.last.ping_rtt = 0.123
    await advance(clock, 1.0)
    assert factory.last.pings == 2
    assert vm.status_text == f"Open: {URL} · ping 123 ms"
    await vm.aclose()
    assert vm.round_trip is None


async def test_missing_pong_is_a_lost_connection_within_interval_plus_timeout(factory, clock):
    vm = make_vm(factory, clock, ping_interval=1.0, ping_timeout=0.5)
    await vm.connect.execute()
    factory.last.answer_pings = False
    await advance(clock, 1.0)
    assert factory.last.pings == 1
    await advance(clock, 0.49)
    assert vm.state is S.OPEN
    await advance(clock, 0.01)
    assert vm.state is S.DISCONNECTED
    info = vm.close_info
    assert (info.code, info.initiator, info.clean) == (1006, CloseInitiator.NONE, False)
    assert vm.error == "no pong within 0.5 s"
    assert vm.status_text == "Connection lost: no pong within 0.5 s (1006, no close frame)"


async def test_incoming_data_counts_as_proof_of_life(factory, clock):
    """B05: a server that streams but never pongs stays connected; silence then drops it."""
    vm = make_vm(factory, clock, ping_interval=1.0, ping_timeout=1.0)
    await vm.connect.execute()
    channel = factory.last
    channel.answer_pings = False
    for n in range(50):
        channel.push(f"tick {n}")
        await advance(clock, 0.1)
    assert channel.pings == 0
    # A ping goes out after a quiet second; data during the wait still proves life.
    await advance(clock, 1.0)
    assert channel.pings == 1
    channel.push("late tick")
    await advance(clock, 1.0)
    assert vm.state is S.OPEN
    received = [m.data for m in vm.messages if m.direction is Direction.RECEIVED]
    assert received == [f"tick {n}" for n in range(50)] + ["late tick"]
    await advance(clock, 1.0)
    await advance(clock, 1.0)
    assert vm.state is S.DISCONNECTED
    assert vm.error == "no pong within 1 s"


async def test_no_heartbeat_when_ping_interval_is_none(factory, clock):
    vm = make_vm(factory, clock, ping_interval=None)
    await vm.connect.execute()
    await advance(clock, 100.0)
    assert factory.last.pings == 0
    assert clock.sleeps == []
    await vm.aclose()


# -- 7. reconnect ---------------------------------------------------------------------


async def test_backoff_doubles_with_one_attempt_per_close_and_a_countdown(vm, factory, clock):
    await vm.connect.execute()
    factory.last.drop()
    await settle()
    assert vm.state is S.RECONNECTING
    assert vm.status_text == f"Reconnecting: attempt 1, next in 0.5 s · {LOST}"
    assert vm.reconnect_now.can_execute
    assert vm.disconnect.can_execute
    assert not vm.connect.can_execute
    factory.connect_error = REFUSED
    await advance(clock, 0.5)
    assert len(factory.channels) == 2
    assert vm.status_text == f"Reconnecting: attempt 2, next in 1.0 s · {REFUSED}"
    await advance(clock, 1.0)
    assert len(factory.channels) == 3
    assert vm.status_text == f"Reconnecting: attempt 3, next in 2.0 s · {REFUSED}"
    await advance(clock, 1.0)
    assert vm.status_text == f"Reconnecting: attempt 3, next in 1.0 s · {REFUSED}"
    assert len(factory.channels) == 3
    factory.connect_error = None
    await advance(clock, 1.0)
    assert len(factory.channels) == 4
    assert vm.state is S.OPEN
    assert vm.reconnect_attempt == 0
    assert clock.sleeps == [0.5, 1.0, 1.0, 1.0]
    assert "Connecting to ws://127.0.0.1:9/ (attempt 3)" in events(vm)


async def test_attempt_shown_while_connecting_again(vm, factory, clock):
    await vm.connect.execute()
    factory.hold_connect = True
    factory.last.drop()
    await settle()
    await advance(clock, 0.5)
    assert vm.state is S.CONNECTING
    assert vm.status_text == f"Connecting to {URL}… (attempt 1)"
    assert not vm.send.can_execute


async def test_server_close_is_retried_once(vm, factory, clock):
    await vm.connect.execute()
    factory.last.push_close(1012, "restart")
    await settle()
    assert vm.state is S.RECONNECTING
    assert vm.close_info.code == 1012
    await advance(clock, 0.5)
    assert vm.state is S.OPEN
    assert len(factory.channels) == 2


async def test_attempt_counter_resets_after_reset_after_seconds_up(vm, factory, clock):
    await vm.connect.execute()
    factory.last.drop()
    await settle()
    await advance(clock, 0.5)
    factory.last.drop()  # up for no time at all: the count goes on
    await settle()
    assert vm.status_text == f"Reconnecting: attempt 2, next in 1.0 s · {LOST}"
    await advance(clock, 1.0)
    await clock.advance(9.5)
    factory.last.drop()
    await settle()
    assert vm.reconnect_attempt == 3
    await advance(clock, 2.0)
    await clock.advance(10.0)
    factory.last.drop()
    await settle()
    assert vm.status_text == f"Reconnecting: attempt 1, next in 0.5 s · {LOST}"


async def test_gives_up_after_max_attempts(factory, clock):
    vm = make_vm(factory, clock, reconnect=ReconnectPolicy(jitter=0.0, max_attempts=2))
    factory.connect_error = REFUSED
    await vm.connect.execute()
    assert vm.state is S.RECONNECTING
    await advance(clock, 0.5)
    await advance(clock, 1.0)
    assert vm.state is S.DISCONNECTED
    assert len(factory.channels) == 3
    assert vm.error == "Gave up after 2 attempts: Connection refused (127.0.0.1:9)"
    assert vm.status_text == f"Disconnected: {vm.error}"
    assert "Gave up reconnecting after 2 attempts" in events(vm)
    await advance(clock, 60.0)
    assert len(factory.channels) == 3


@pytest.mark.parametrize("status", [401, 403, 404])
async def test_never_retries_a_4xx_refusal(factory, clock, status):
    vm = make_vm(factory, clock, reconnect=ReconnectPolicy(jitter=0.0))
    factory.connect_error = HandshakeError(status)
    await vm.connect.execute()
    assert vm.state is S.DISCONNECTED
    assert clock.sleeps == []
    assert len(factory.channels) == 1


async def test_a_4xx_during_reconnect_stops_the_loop(vm, factory, clock):
    await vm.connect.execute()
    factory.last.drop()
    await settle()
    factory.connect_error = HandshakeError(403, "Forbidden")
    await advance(clock, 0.5)
    assert vm.state is S.DISCONNECTED
    assert vm.error == "Handshake rejected: HTTP 403 Forbidden"
    await advance(clock, 60.0)
    assert len(factory.channels) == 2


async def test_a_5xx_refusal_is_retried(factory, clock):
    vm = make_vm(factory, clock, reconnect=ReconnectPolicy(jitter=0.0))
    factory.connect_error = HandshakeError(503, "Service Unavailable")
    await vm.connect.execute()
    assert vm.state is S.RECONNECTING
    await vm.aclose()


async def test_a_close_the_user_asked_for_is_never_retried(vm, factory, clock):
    await vm.connect.execute()
    await vm.disconnect.execute()
    await advance(clock, 60.0)
    assert vm.state is S.DISCONNECTED
    assert clock.sleeps == []
    assert len(factory.channels) == 1


async def test_disconnect_cancels_a_pending_retry_at_once(vm, factory, clock):
    await vm.connect.execute()
    factory.last.drop()
    await settle()
    await vm.disconnect.execute()
    await settle()
    assert vm.state is S.DISCONNECTED
    assert vm.status_text == "Connection lost: 1006 connection lost (no close frame)"
    assert events(vm)[-1] == "Reconnect cancelled"
    assert clock.sleeping == 0
    await advance(clock, 60.0)
    assert len(factory.channels) == 1
    assert vm.connect.can_execute


async def test_disconnect_during_a_retry_attempt_stops_retrying(vm, factory, clock):
    await vm.connect.execute()
    factory.hold_connect = True
    factory.last.drop()
    await settle()
    await advance(clock, 0.5)
    assert vm.state is S.CONNECTING
    await vm.disconnect.execute()
    await advance(clock, 60.0)
    assert vm.state is S.DISCONNECTED
    assert len(factory.channels) == 2


async def test_reconnect_now_skips_the_wait(vm, factory, clock):
    assert not vm.reconnect_now.can_execute
    await vm.connect.execute()
    assert not vm.reconnect_now.can_execute
    factory.last.drop()
    await settle()
    await vm.reconnect_now.execute()
    await settle()
    assert vm.state is S.OPEN
    assert clock.now() == 0.0
    assert len(factory.channels) == 2


async def test_aclose_while_reconnecting_leaves_no_task(factory, clock):
    vm = make_vm(factory, clock, reconnect=ReconnectPolicy())
    factory.connect_error = REFUSED
    await vm.connect.execute()
    assert vm.state is S.RECONNECTING
    await vm.aclose()
    await settle()
    assert vm.state is S.DISCONNECTED
    assert [t for t in asyncio.all_tasks() if t is not asyncio.current_task()] == []


# -- 8. sending when not open ---------------------------------------------------------


async def test_send_while_connecting_or_reconnecting_is_refused_visibly(vm, factory, clock):
    """B21: never shown as sent, never raises."""
    factory.hold_connect = True
    vm.connect.start()
    await settle()
    assert not vm.send.can_execute
    await vm.send.execute("early")
    factory.last.accept()
    await settle()
    factory.last.drop()
    await settle()
    await vm.send.execute("late")
    await settle()
    assert "not sent: connection is connecting" in events(vm)
    assert "not sent: connection is reconnecting" in events(vm)
    assert not [m for m in vm.messages if m.direction is Direction.SENT]
    assert vm.send.error is None


async def test_disconnect_as_the_handshake_completes_never_opens(factory, clock):
    """The attempt finished but the view-model has not seen it yet: still not Open."""
    factory.hold_connect = True
    vm = make_vm(factory, clock)
    states = []
    vm.state_changed.connect(states.append)
    connecting = vm.connect.start()
    await settle()
    factory.last.accept()
    await asyncio.sleep(0)  # the handshake task finishes; the view-model has not resumed
    assert factory.last.is_open
    await vm.disconnect.execute()
    await connecting
    await settle()
    assert states == [S.CONNECTING, S.DISCONNECTED]
    assert factory.last.closed_with == (1000, "")
    assert events(vm)[-1] == "Connection attempt cancelled"


async def test_aclose_during_a_retry_attempt_leaves_no_task(vm, factory, clock):
    await vm.connect.execute()
    factory.hold_connect = True
    factory.last.drop()
    await settle()
    await advance(clock, 0.5)
    assert vm.state is S.CONNECTING
    await vm.aclose()
    assert vm.state is S.DISCONNECTED
    assert [t for t in asyncio.all_tasks() if t is not asyncio.current_task()] == []
