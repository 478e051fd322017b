"""PING, PONG and CLOSE entries from FakeChannel: shown only when asked for, in order,
never counted as messages, written to and read back from a session file."""

import asyncio

import pytest

from wsdesk.models import ConnectionOptions, Direction, Message, MessageKind
from wsdesk.testing import FakeChannelFactory
from wsdesk.viewmodel import ConnectionViewModel
from wsdesk.viewmodel.formatting import frame_text, summary
from wsdesk.viewmodel.log_filter import LogFilter
from wsdesk.viewmodel.session_io import SessionMetadata, export_lines, read_transcript
from wsdesk.viewmodel.traffic_counters import TrafficCounters


async def settle():
    for _ in range(10):
        await asyncio.sleep(0)


def frames(vm):
    return [(m.direction, m.kind, m.data) for m in vm.messages if m.kind is not MessageKind.EVENT]


async def open_vm(show):
    factory = FakeChannelFactory()
    options = ConnectionOptions(url="ws://h/", ping_interval=None, show_control_frames=show)
    vm = ConnectionViewModel(factory, options)
    await vm.connect.execute()
    return vm, factory.last


async def test_server_ping_and_our_pong_in_order_with_the_data():
    vm, channel = await open_vm(True)
    counters = TrafficCounters(vm.messages)
    channel.push("a")
    channel.push_ping(b"p1")
    channel.push("b")
    await settle()
    channel.push_close(1001, "bye")
    await settle()
    await vm.aclose()
    assert frames(vm) == [
        (Direction.RECEIVED, MessageKind.TEXT, "a"),
        (Direction.RECEIVED, MessageKind.PING, b"p1"),
        (Direction.SENT, MessageKind.PONG, b"p1"),
        (Direction.RECEIVED, MessageKind.TEXT, "b"),
        (Direction.RECEIVED, MessageKind.CLOSE, (1001).to_bytes(2, "big") + b"bye"),
    ]
    assert counters.received_messages == 2
    assert counters.sent_messages == 0


async def test_nothing_is_logged_while_off():
    vm, channel = await open_vm(False)
    channel.push_ping(b"p1")
    channel.push("a")
    await settle()
    await vm.disconnect.execute()
    await vm.aclose()
    assert [k for _, k, _ in frames(vm)] == [MessageKind.TEXT]


async def test_our_close_is_logged():
    vm, _channel = await open_vm(True)
    await vm.disconnect.execute()
    await vm.aclose()
    assert frames(vm)[-1] == (Direction.SENT, MessageKind.CLOSE, (1000).to_bytes(2, "big"))


def test_summaries_name_the_frame():
    close = Message.control(Direction.RECEIVED, MessageKind.CLOSE, b"\x03\xe8ok", 0.0)
    assert "CLOSE" in summary(close)
    assert summary(close).endswith('1000 "ok"')
    assert frame_text(MessageKind.PING, b"") == "PING (no payload)"
    assert frame_text(MessageKind.PONG, b"\x01\x02") == "PONG 01 02"
    assert frame_text(MessageKind.CLOSE, b"") == "CLOSE no status code"


def test_only_control_kinds_make_control_entries():
    with pytest.raises(ValueError, match="not a control frame"):
        Message.control(Direction.SENT, MessageKind.TEXT, b"x")


def test_control_entries_round_trip_through_a_session_file():
    entries = [
        Message.control(Direction.SENT, MessageKind.PING, b"\x00\x01", 1.0),
        Message.control(Direction.RECEIVED, MessageKind.PONG, b"\x00\x01", 2.0),
        Message.control(Direction.RECEIVED, MessageKind.CLOSE, b"\x03\xe8", 3.0),
    ]
    lines = list(export_lines(SessionMetadata(url="ws://h/"), entries))
    assert read_transcript(lines).messages == entries


def test_a_filter_searches_control_payloads_as_hex():
    ping = Message.control(Direction.SENT, MessageKind.PING, b"\xab\xcd", 1.0)
    assert LogFilter(text="ab cd").matcher()(ping)
    assert not LogFilter(text="zz").matcher()(ping)


async def test_a_close_reason_echoing_a_secret_is_masked_in_its_entry():
    factory = FakeChannelFactory()
    options = ConnectionOptions(
        url="ws://h/",
        headers=(("Authorization", "Bearer SEKRETTOKEN123"),),
        ping_interval=None,
        show_control_frames=True,
    )
    vm = ConnectionViewModel(factory, options)
    await vm.connect.execute()
    factory.last.push_close(4001, "rejected SEKRETTOKEN123")
    await settle()
    await vm.aclose()
    close = next(m for m in vm.messages if m.kind is MessageKind.CLOSE)
    assert close.data == (4001).to_bytes(2, "big") + b"rejected ***"
    assert "SEKRETTOKEN123" not in repr(list(vm.messages))
