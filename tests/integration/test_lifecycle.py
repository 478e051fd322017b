"""AiohttpChannel + ConnectionViewModel against servers that misbehave on 127.0.0.1."""

import asyncio
import logging
import sys
import time
from urllib.parse import quote

import aiohttp
import pytest

from wsdesk.models import (
    CloseInitiator,
    ConnectionOptions,
    ConnectionState,
    Direction,
    ReconnectPolicy,
)
from wsdesk.testing.raw_server import OP_TEXT, RawFrameServer, encode_frame
from wsdesk.testing.servers import ignore_close
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.viewmodel import ConnectionViewModel
from wsdesk.viewmodel.connection_viewmodel import READER_TASK_NAME

S = ConnectionState
FAST_RETRY = ReconnectPolicy(initial_delay=0.05, multiplier=1.0, jitter=0.0, max_attempts=3)


async def wait_until(predicate, within=3.0):
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {within} s")
        await asyncio.sleep(0.01)


class Probe:
    """Measures the longest stall of the event loop (what a user feels as a frozen window)."""

    def __init__(self):
        self.longest = 0.0
        self._task = asyncio.ensure_future(self._run())

    async def _run(self):
        last = time.monotonic()
        while True:
            await asyncio.sleep(0.02)
            now = time.monotonic()
            self.longest = max(self.longest, now - last)
            last = now

    async def stop(self):
        self._task.cancel()
        await asyncio.wait([self._task])
        return self.longest


@pytest.fixture
async def make_vm():
    made = []

    def make(url, **options):
        options.setdefault("ping_interval", None)
        vm = ConnectionViewModel(AiohttpChannel, ConnectionOptions(url=url, **options))
        made.append(vm)
        return vm

    yield make
    for vm in made:
        await vm.aclose()


def events(vm):
    return [m.data for m in vm.messages if m.direction is Direction.EVENT]


def received(vm):
    return [m.data for m in vm.messages if m.direction is Direction.RECEIVED]


# -- 1. close explained ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "reason", "label"),
    [(1011, "db unavailable", "internal error"), (4400, "bad json", "application-defined code")],
)
async def test_server_close_code_label_and_reason(faulty_server, make_vm, code, reason, label):
    """B01: 200 ms after the handshake the server closes; all of it reaches the user."""
    vm = make_vm(faulty_server.url(f"/close?code={code}&reason={quote(reason)}"))
    await vm.connect.execute()
    assert vm.state is S.OPEN
    await wait_until(lambda: vm.state is S.DISCONNECTED, within=1.0)
    info = vm.close_info
    assert (info.code, info.reason, info.initiator) == (code, reason, CloseInitiator.SERVER)
    assert f"{code} {label}" in vm.status_text
    assert f"'{reason}'" in vm.status_text
    assert events(vm)[-1] == vm.status_text
    assert not vm.send.can_execute


async def test_three_plain_closes_are_told_apart(faulty_server, echo_server, make_vm):
    """B02: 1000 by the server, an empty close frame (1005), and 1000 by you."""
    vm = make_vm(faulty_server.url("/close?code=1000&reason=bye"))
    await vm.connect.execute()
    await wait_until(lambda: vm.state is S.DISCONNECTED)
    assert vm.status_text == "Closed by server: 1000 normal closure, 'bye'"
    assert not vm.close_info.is_error

    vm = make_vm(faulty_server.url("/close?code=none"))
    await vm.connect.execute()
    await wait_until(lambda: vm.state is S.DISCONNECTED)
    assert (vm.close_info.code, vm.close_info.initiator) == (1005, CloseInitiator.SERVER)
    assert vm.status_text == "Closed by server: 1005 no status code"
    assert not vm.close_info.is_error

    vm = make_vm(echo_server.url)
    await vm.connect.execute()
    await vm.disconnect.execute()
    info = vm.close_info
    assert (info.code, info.initiator, info.clean) == (1000, CloseInitiator.CLIENT, True)
    assert vm.status_text == "Closed by you: 1000 normal closure"


async def test_dropped_tcp_is_connection_lost_and_keeps_the_message(faulty_server, make_vm):
    """B03: no close frame; `hello` stays in the log; styled as an error."""
    vm = make_vm(faulty_server.url("/abort?text=hello"))
    await vm.connect.execute()
    await wait_until(lambda: vm.state is S.DISCONNECTED, within=1.0)
    assert vm.status_text == "Connection lost: 1006 connection lost (no close frame)"
    assert vm.close_info.initiator is CloseInitiator.NONE
    assert vm.close_info.is_error
    assert received(vm) == ["hello"]


# -- 2. refused handshake -------------------------------------------------------------


async def test_refused_handshake_shows_status_auth_header_and_body(faulty_server, make_vm):
    path = "/refuse?status=401&body=token%20expired%0Aretry%20later&header=" + quote(
        'WWW-Authenticate:Bearer realm="api"'
    )
    vm = make_vm(faulty_server.url(path), reconnect=FAST_RETRY)
    await vm.connect.execute()
    assert vm.state is S.DISCONNECTED
    assert vm.close_info is None  # never reported as a 1006 close
    assert vm.error == (
        'Handshake rejected: HTTP 401 Unauthorized (WWW-Authenticate: Bearer realm="api"): '
        "token expired retry later"
    )
    await asyncio.sleep(0.2)
    assert vm.state is S.DISCONNECTED  # a 4xx is not retried


async def test_refusal_body_is_cut_at_200_characters(faulty_server):
    channel = AiohttpChannel(
        ConnectionOptions(url=faulty_server.url(f"/refuse?status=404&body={'x' * 500}"))
    )
    with pytest.raises(Exception, match="HTTP 404 Not Found") as caught:
        await channel.connect()
    assert caught.value.body == "x" * 200 + "…"
    assert caught.value.status == 404


async def test_refusal_from_a_raw_server_keeps_its_reason_phrase():
    server = await RawFrameServer.start(status=403)
    try:
        channel = AiohttpChannel(ConnectionOptions(url=server.url))
        with pytest.raises(Exception, match=r"^Handshake rejected: HTTP 403 Refused: refused$"):
            await channel.connect()
    finally:
        await server.stop()


async def test_a_5xx_refusal_is_retried_then_given_up(faulty_server, make_vm):
    vm = make_vm(faulty_server.url("/refuse?status=503"), reconnect=FAST_RETRY)
    await vm.connect.execute()
    await wait_until(lambda: vm.state is S.DISCONNECTED)
    assert vm.error == (
        "Gave up after 3 attempts: Handshake rejected: HTTP 503 Service Unavailable"
    )


# -- 3. URL: the pinned aiohttp accepts every scheme we produce ------------------------


@pytest.mark.parametrize("scheme", ["ws", "http", "wss", "https"])
async def test_pinned_aiohttp_accepts_the_scheme(closed_port, scheme):
    """B10 packaging smoke test: no scheme is rejected before the connection is tried."""
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ClientConnectorError):
            await session.ws_connect(f"{scheme}://127.0.0.1:{closed_port}/")


# -- 4. timeouts ----------------------------------------------------------------------


@pytest.mark.parametrize("setting", [3.0, 1.0])
async def test_handshake_timeout_is_the_setting(make_vm, setting):
    """B06: the server reads the request and never answers; the setting bounds the wait."""
    server = await RawFrameServer.start(respond=False)
    try:
        vm = make_vm(server.url, connect_timeout=setting)
        probe = Probe()
        started = time.monotonic()
        await vm.connect.execute()
        elapsed = time.monotonic() - started
        assert await probe.stop() < 0.5
        assert setting - 0.1 <= elapsed <= setting + 0.5
        assert vm.state is S.DISCONNECTED
        assert vm.error == f"Handshake timed out after {setting:g} s"
        assert vm.connect.can_execute
        await asyncio.wait_for(server.closed_by_client.wait(), 1)
    finally:
        await server.stop()


@pytest.mark.parametrize(("tick", "close_timeout"), [(None, 2.0), ("x", 1.0)])
async def test_close_timeout_bounds_disconnect(echo_server, make_vm, tick, close_timeout):
    """B26: the server never answers our close frame (and may keep sending)."""
    server = await RawFrameServer.start(ignore_close(tick, every=0.1))
    try:
        vm = make_vm(server.url, close_timeout=close_timeout)
        await vm.connect.execute()
        await asyncio.sleep(0.3)
        probe = Probe()
        started = time.monotonic()
        disconnecting = vm.disconnect.start()
        await asyncio.sleep(0)
        assert vm.state is S.CLOSING
        assert vm.status_text == "Disconnecting…"
        await disconnecting
        elapsed = time.monotonic() - started
        assert await probe.stop() < 0.5
        assert elapsed <= close_timeout + 0.5
        assert vm.state is S.DISCONNECTED
        assert vm.close_info.initiator is CloseInitiator.CLIENT
        assert vm.error == f"the server did not answer the close within {close_timeout:g} s"
        assert vm.connect.can_execute
        await vm.connect.execute(echo_server.url)
        assert vm.state is S.OPEN
    finally:
        await server.stop()


# -- 5. cancel while connecting -------------------------------------------------------


async def test_disconnect_while_the_handshake_hangs_closes_tcp_at_once(make_vm):
    server = await RawFrameServer.start(respond=False)
    try:
        vm = make_vm(server.url)
        states = []
        vm.state_changed.connect(states.append)
        connecting = vm.connect.start()
        await wait_until(lambda: server.connections == 1)
        started = time.monotonic()
        await vm.disconnect.execute()
        await connecting
        assert time.monotonic() - started < 0.5
        assert states == [S.CONNECTING, S.DISCONNECTED]
        await asyncio.wait_for(server.closed_by_client.wait(), 1)
    finally:
        await server.stop()


async def test_disconnect_before_a_late_101_never_opens(faulty_server, make_vm):
    vm = make_vm(faulty_server.url("/delay?seconds=0.4"))
    states = []
    vm.state_changed.connect(states.append)
    connecting = vm.connect.start()
    await asyncio.sleep(0.1)
    await vm.disconnect.execute()
    await connecting
    await asyncio.sleep(0.6)
    assert states == [S.CONNECTING, S.DISCONNECTED]


# -- 6. heartbeat ---------------------------------------------------------------------


async def test_streaming_server_that_ignores_pings_stays_connected(faulty_server, make_vm):
    """B05, time scaled by 0.3: 50 ticks 30 ms apart, heartbeat 0.3 s; then silence."""
    vm = make_vm(
        faulty_server.url("/silent?ticks=50&every=0.03"), ping_interval=0.3, ping_timeout=0.3
    )
    states = []
    vm.state_changed.connect(states.append)
    await vm.connect.execute()
    await wait_until(lambda: len(received(vm)) == 50)
    assert received(vm) == [f"tick {n}" for n in range(1, 51)]
    assert states == [S.CONNECTING, S.OPEN]
    started = time.monotonic()
    await wait_until(lambda: vm.state is S.DISCONNECTED, within=3.0)
    assert time.monotonic() - started >= 0.3
    info = vm.close_info
    assert (info.code, info.initiator, info.clean) == (1006, CloseInitiator.NONE, False)
    assert vm.error == "no pong within 0.3 s"
    assert vm.status_text == "Connection lost: no pong within 0.3 s (1006, no close frame)"


async def test_pong_round_trip_is_measured(echo_server, make_vm):
    vm = make_vm(echo_server.url, ping_interval=0.2, ping_timeout=1.0)
    await vm.connect.execute()
    await wait_until(lambda: vm.round_trip is not None)
    assert 0 < vm.round_trip < 1.0
    assert " · ping " in vm.status_text
    assert vm.status_text.endswith(" ms")


# -- 7. reconnect ---------------------------------------------------------------------


async def test_server_that_closes_every_accept_gets_one_attempt_per_close(faulty_server, make_vm):
    vm = make_vm(faulty_server.url("/flap"), reconnect=FAST_RETRY)
    seen = []
    vm.state_changed.connect(seen.append)
    await vm.connect.execute()
    await wait_until(lambda: vm.error is not None and vm.error.startswith("Gave up"))
    assert vm.state is S.DISCONNECTED
    assert faulty_server.accepts("/flap") == 4  # the first connection and 3 retries
    assert seen.count(S.RECONNECTING) == 3
    assert vm.error == "Gave up after 3 attempts"
    assert "Closed by server: 1012 service restart" in events(vm)


async def test_refused_port_is_retried_and_disconnect_stops_it(closed_port, make_vm):
    policy = ReconnectPolicy(initial_delay=5.0, jitter=0.0)
    vm = make_vm(f"ws://127.0.0.1:{closed_port}/", reconnect=policy)
    await vm.connect.execute()
    assert vm.state is S.RECONNECTING
    assert vm.status_text == (
        f"Reconnecting: attempt 1, next in 5.0 s · Connection refused (127.0.0.1:{closed_port})"
    )
    started = time.monotonic()
    await vm.disconnect.execute()
    assert time.monotonic() - started < 0.2
    assert vm.state is S.DISCONNECTED


# -- 8. sending when not open ---------------------------------------------------------


async def test_send_racing_the_server_close_is_never_shown_as_sent(faulty_server, make_vm, caplog):
    """B21 (b): sends right as the close frame arrives are refused visibly, no warnings."""
    vm = make_vm(faulty_server.url("/close?code=1000&delay=0.2"))
    await vm.connect.execute()
    caplog.set_level(logging.WARNING)
    while vm.state is S.OPEN:
        await vm.send.execute("late")
        await asyncio.sleep(0.002)
    await vm.send.execute("late")
    log = list(vm.messages)
    close_at = next(i for i, m in enumerate(log) if str(m.data).startswith("Closed by server"))
    assert not [m for m in log[close_at:] if m.direction is Direction.SENT]
    assert any(str(m.data).startswith("not sent") for m in log[close_at:])
    assert vm.send.error is None
    assert caplog.records == []


async def test_send_is_disabled_while_the_101_is_late(faulty_server, make_vm):
    """B21 (c)."""
    vm = make_vm(faulty_server.url("/delay?seconds=0.5"))
    connecting = vm.connect.start()
    await asyncio.sleep(0.1)
    assert vm.state is S.CONNECTING
    assert not vm.send.can_execute
    await vm.send.execute("early")
    await connecting
    assert vm.state is S.OPEN
    assert "not sent: connection is connecting" in events(vm)
    assert not [m for m in vm.messages if m.direction is Direction.SENT]


# -- B22, B23, B27 --------------------------------------------------------------------


async def test_reconnecting_three_times_leaves_one_reader(echo_server, make_vm):
    """B22: exactly one echo and exactly one receive task after 3 connect/disconnects."""
    vm = make_vm(echo_server.url, ping_interval=0.2)
    for _ in range(3):
        await vm.connect.execute()
        await vm.disconnect.execute()
    await vm.connect.execute()
    await vm.send.execute("ping-1")
    await wait_until(lambda: "ping-1" in received(vm))
    await asyncio.sleep(0.1)
    assert received(vm) == ["ping-1"]
    readers = [t for t in asyncio.all_tasks() if t.get_name() == READER_TASK_NAME]
    assert len(readers) == 1


async def test_refused_connection_reaches_no_excepthook(closed_port, make_vm, monkeypatch, caplog):
    """B23: a refused port, then Connect -> Disconnect on a hung handshake."""
    hooked = []
    monkeypatch.setattr(sys, "excepthook", lambda *args: hooked.append(args))
    caplog.set_level(logging.ERROR)
    vm = make_vm(f"ws://127.0.0.1:{closed_port}/")
    started = time.monotonic()
    await vm.connect.execute()
    assert time.monotonic() - started < 1.0
    assert vm.state is S.DISCONNECTED
    assert vm.error == f"Connection refused (127.0.0.1:{closed_port})"
    server = await RawFrameServer.start(respond=False)
    try:
        connecting = vm.connect.start(server.url)
        await wait_until(lambda: server.connections == 1)
        await vm.disconnect.execute()
        await connecting
    finally:
        await server.stop()
    assert vm.connect.error is None
    assert vm.disconnect.error is None
    assert hooked == []
    assert caplog.records == []


async def test_greeting_glued_to_the_101_is_the_first_message(make_vm):
    """B27: logged after Connected, not lost."""
    server = await RawFrameServer.start(after_101=encode_frame(OP_TEXT, b"welcome"))
    try:
        vm = make_vm(server.url)
        await vm.connect.execute()
        await wait_until(lambda: received(vm) == ["welcome"])
        kinds = [(m.direction, m.data) for m in vm.messages]
        assert kinds.index((Direction.EVENT, "Connected")) < kinds.index(
            (Direction.RECEIVED, "welcome")
        )
        assert vm.state is S.OPEN
    finally:
        await server.stop()


async def test_shutdown_during_a_hung_disconnect_waits_for_it(make_vm):
    """Closing the window while Disconnect waits for the close answer leaves nothing pending."""
    server = await RawFrameServer.start(ignore_close())
    try:
        vm = make_vm(server.url, close_timeout=0.5)
        await vm.connect.execute()
        disconnecting = vm.disconnect.start()
        await asyncio.sleep(0.05)
        assert vm.state is S.CLOSING
        started = time.monotonic()
        await vm.aclose()
        assert time.monotonic() - started < 1.0
        assert vm.state is S.DISCONNECTED
        await asyncio.sleep(0)
        assert disconnecting.done()
    finally:
        await server.stop()
