import asyncio

import pytest

from wsdesk.models import CloseInitiator, ConnectionOptions, ConnectionState, Direction, MessageKind
from wsdesk.testing import FakeChannelFactory
from wsdesk.transport.channel import ConnectError
from wsdesk.viewmodel import ConnectionViewModel

URL = "ws://127.0.0.1:9/"


async def settle():
    """Let scheduled callbacks (the log's batch flush, the reader) run."""
    for _ in range(5):
        await asyncio.sleep(0)


@pytest.fixture
def factory():
    return FakeChannelFactory()


@pytest.fixture
async def vm(factory):
    view_model = ConnectionViewModel(factory, ConnectionOptions(url=URL))
    yield view_model
    await view_model.aclose()


def entries(vm, direction=None):
    return [m for m in vm.messages if direction is None or m.direction is direction]


async def test_connect_opens(vm, factory):
    states = []
    vm.state_changed.connect(states.append)
    await vm.connect.execute()
    assert vm.state is ConnectionState.OPEN
    assert states == [ConnectionState.CONNECTING, ConnectionState.OPEN]
    assert factory.last.options.url == URL
    assert vm.status_text == f"Open: {URL}"


async def test_send_records_sent_entry_and_channel_sees_it(vm, factory):
    await vm.connect.execute()
    await vm.send.execute("Hello!")
    await vm.send.execute(b"\x00\xff")
    await settle()
    assert factory.last.sent == ["Hello!", b"\x00\xff"]
    sent = entries(vm, Direction.SENT)
    assert [m.data for m in sent] == ["Hello!", b"\x00\xff"]
    assert [m.kind for m in sent] == [MessageKind.TEXT, MessageKind.BINARY]


async def test_incoming_becomes_received_entries_in_order(vm, factory):
    await vm.connect.execute()
    for i in range(50):
        factory.last.push(f"tick {i}")
    await settle()
    assert [m.data for m in entries(vm, Direction.RECEIVED)] == [f"tick {i}" for i in range(50)]


async def test_server_close_disconnects_with_close_info(vm, factory):
    await vm.connect.execute()
    factory.last.push("last words")
    factory.last.push_close(1011, "db unavailable")
    await settle()
    assert vm.state is ConnectionState.DISCONNECTED
    info = vm.close_info
    assert (info.code, info.reason, info.initiator, info.clean) == (
        1011,
        "db unavailable",
        CloseInitiator.SERVER,
        True,
    )
    assert vm.status_text == "Closed by server: 1011 internal error, 'db unavailable'"
    assert "last words" in [m.data for m in entries(vm, Direction.RECEIVED)]
    assert entries(vm)[-1].data == "Closed by server: 1011 internal error, 'db unavailable'"
    assert not vm.send.can_execute


async def test_application_close_code_is_named(vm, factory):
    await vm.connect.execute()
    factory.last.push_close(4400, "bad json")
    await settle()
    assert "application-defined code 4400" in vm.status_text
    assert "'bad json'" in vm.status_text


async def test_lost_connection_is_abnormal(vm, factory):
    await vm.connect.execute()
    factory.last.push("hello")
    factory.last.drop()
    await settle()
    assert vm.close_info.code == 1006
    assert vm.close_info.initiator is CloseInitiator.NONE
    assert not vm.close_info.clean
    assert "hello" in [m.data for m in entries(vm)]


async def test_connect_failure_sets_error_text(factory):
    factory.connect_error = ConnectError("Connection refused (127.0.0.1:9)", "127.0.0.1", 9)
    vm = ConnectionViewModel(factory, ConnectionOptions(url=URL))
    await vm.connect.execute()
    assert vm.state is ConnectionState.DISCONNECTED
    assert vm.error == "Connection refused (127.0.0.1:9)"
    assert vm.connect.error is None  # the command itself did not fail
    assert vm.connect.can_execute
    assert vm.status_text == "Disconnected: Connection refused (127.0.0.1:9)"


async def test_disconnect_closes_with_1000_by_client(vm, factory):
    await vm.connect.execute()
    await vm.disconnect.execute()
    assert factory.last.closed_with == (1000, "")
    assert vm.state is ConnectionState.DISCONNECTED
    assert vm.close_info.initiator is CloseInitiator.CLIENT
    assert vm.status_text == "Closed by you: 1000 normal closure"


async def test_disconnect_while_connecting_aborts(factory):
    factory.hold_connect = True
    vm = ConnectionViewModel(factory, ConnectionOptions(url=URL))
    connecting = vm.connect.start()
    await settle()
    assert vm.state is ConnectionState.CONNECTING
    assert vm.disconnect.can_execute
    await vm.disconnect.execute()
    await connecting
    factory.last.accept()
    await settle()
    assert vm.state is ConnectionState.DISCONNECTED
    assert not factory.last.is_open or vm.state is not ConnectionState.OPEN


@pytest.mark.parametrize(
    ("state_name", "connect", "disconnect", "send"),
    [
        ("disconnected", True, False, False),
        ("connecting", False, True, False),
        ("open", False, True, True),
    ],
)
async def test_can_execute_per_state(factory, state_name, connect, disconnect, send):
    factory.hold_connect = state_name == "connecting"
    vm = ConnectionViewModel(factory, ConnectionOptions(url=URL))
    if state_name != "disconnected":
        vm.connect.start()
        await settle()
    assert vm.state.value.lower() == state_name
    assert (vm.connect.can_execute, vm.disconnect.can_execute, vm.send.can_execute) == (
        connect,
        disconnect,
        send,
    )
    await vm.aclose()


async def test_send_when_not_open_leaves_an_event_and_does_not_raise(vm):
    await vm.send.execute("late")
    await settle()
    assert vm.send.error is None
    assert [m.data for m in entries(vm)] == ["not sent: connection is disconnected"]
    assert entries(vm, Direction.SENT) == []


async def test_aclose_sends_going_away_and_leaves_no_task(factory):
    vm = ConnectionViewModel(factory, ConnectionOptions(url=URL))
    await vm.connect.execute()
    await vm.aclose()
    assert factory.last.closed_with == (1001, "")
    await settle()
    others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    assert others == []


async def test_reconnect_after_close_uses_a_fresh_channel(vm, factory):
    for _ in range(3):
        await vm.connect.execute()
        await vm.disconnect.execute()
    await vm.connect.execute()
    factory.channels[0].push("stale")
    factory.last.push("ping-1")
    await settle()
    received = [m.data for m in entries(vm, Direction.RECEIVED)]
    assert received == ["ping-1"]
    assert len(factory.channels) == 4


async def test_text_with_an_unpaired_surrogate_is_not_sent_and_says_why(vm, factory):
    await vm.connect.execute()
    await vm.send.execute("ok \ud83d half")
    await settle()
    assert factory.last.sent == []
    assert entries(vm)[-1].data == (
        "not sent: the text contains an unpaired surrogate, which is not valid UTF-8"
    )
    assert vm.send.error is None


async def test_a_payload_of_another_type_is_not_sent(vm, factory):
    await vm.connect.execute()
    await vm.send.execute(123)
    await settle()
    assert factory.last.sent == []
    assert entries(vm)[-1].data == "not sent: a message is text (str) or binary (bytes), not int"


@pytest.mark.parametrize(
    ("code", "reason", "problem"),
    [
        (999, "", "close code 999 may not be sent"),
        (1006, "", "close code 1006 may not be sent"),
        (5000, "", "close code 5000 may not be sent"),
        (1000, "\ud800", "not valid UTF-8"),
        (1000, "r" * 124, "at most 123 fit"),
    ],
)
async def test_disconnect_refuses_close_frames_rfc_6455_forbids(vm, factory, code, reason, problem):
    await vm.connect.execute()
    await vm.disconnect.execute(code, reason)
    await settle()
    assert vm.state is ConnectionState.OPEN
    assert factory.last.closed_with is None
    assert problem in entries(vm)[-1].data
    await vm.disconnect.execute(4000, "r" * 123)
    assert factory.last.closed_with == (4000, "r" * 123)


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("ws://127.0.0.1:9/?token=***", "token"),
        ("ws://user:***@127.0.0.1:9/", "password"),
    ],
)
async def test_a_url_with_a_masked_secret_is_refused_before_connecting(vm, factory, url, named):
    await vm.connect.execute(url)
    assert vm.url_error == f"Enter the secret again: {named} reads ***"
    assert factory.channels == []
    assert vm.state is ConnectionState.DISCONNECTED


async def test_ping_command_reports_the_round_trip(vm, factory):
    await vm.connect.execute()
    factory.last.ping_rtt = 0.0042
    await vm.ping.execute()
    assert factory.last.pings == 1
    assert vm.round_trip == pytest.approx(0.0042)
    assert entries(vm, Direction.EVENT)[-1].data == "Pong after 4.2 ms"


async def test_ping_without_a_pong_says_so_and_keeps_the_connection():
    factory = FakeChannelFactory()
    vm = ConnectionViewModel(factory, ConnectionOptions(url=URL, ping_timeout=0.05))
    try:
        await vm.connect.execute()
        factory.last.answer_pings = False
        await vm.ping.execute()
        assert entries(vm, Direction.EVENT)[-1].data == "No pong within 0.05 s"
        assert vm.state is ConnectionState.OPEN
    finally:
        await vm.aclose()


async def test_ping_when_not_open_is_refused_in_the_log(vm):
    await vm.ping.execute()
    assert entries(vm, Direction.EVENT)[-1].data == "not pinged: connection is disconnected"


async def test_open_status_names_the_url_the_channel_connected_to():
    factory = FakeChannelFactory(
        url="ws://example.test/new", redirects=("redirected (301) to ws://example.test/new",)
    )
    vm = ConnectionViewModel(factory, ConnectionOptions(url="ws://example.test/old"))
    await vm.connect.execute()
    assert vm.status_text == "Open: ws://example.test/new"
    assert vm.handshake.url == "ws://example.test/new"
    await vm.aclose()
