import gc
import weakref

import pytest

from wsdesk.models import Direction, Message, MessageKind
from wsdesk.viewmodel.message_log import MessageLog
from wsdesk.viewmodel.traffic_counters import TrafficCounters


def _msg(i):
    return Message.of(Direction.RECEIVED, f"m{i}", timestamp=float(i))


def test_each_append_is_visible_at_once():
    log = MessageLog(capacity=3)
    log.append(_msg(0))
    assert [m.data for m in log] == ["m0"]


def test_an_extend_is_one_batch_and_its_trim_one_signal():
    log = MessageLog(capacity=10)
    appended, trimmed = [], []
    log.appended.connect(appended.append)
    log.trimmed.connect(trimmed.append)
    log.extend(_msg(i) for i in range(25))
    log.extend([])
    log.append(_msg(25))
    assert appended == [25, 1]
    assert trimmed == [15, 1]
    assert [m.data for m in log] == [f"m{i}" for i in range(16, 26)]
    assert log.dropped == 16


def test_an_iterator_that_fails_adds_nothing():
    def failing():
        yield _msg(0)
        raise RuntimeError("broken source")

    log = MessageLog()
    appended = []
    log.appended.connect(appended.append)
    with pytest.raises(RuntimeError):
        log.extend(failing())
    assert (len(log), appended) == (0, [])


def test_lowering_capacity_trims():
    log = MessageLog(capacity=5)
    log.extend(_msg(i) for i in range(5))
    log.capacity = 2
    assert [m.data for m in log] == ["m3", "m4"]
    assert log.dropped == 3


def test_capacity_must_be_positive():
    with pytest.raises(ValueError, match="capacity"):
        MessageLog(capacity=0)


def test_clear_drops_every_row():
    log = MessageLog()
    cleared = []
    log.cleared.connect(lambda: cleared.append(True))
    log.append(_msg(1))
    log.append(_msg(2))
    log.clear()
    assert len(log) == 0
    assert cleared == [True]
    assert log.dropped == 0


def test_slices_and_negative_indexes():
    log = MessageLog()
    log.extend(_msg(i) for i in range(4))
    assert [m.data for m in log[1:3]] == ["m1", "m2"]
    assert log[-1].data == "m3"


SLICES = [
    slice(None),
    slice(1, 3),
    slice(-3, None),
    slice(None, -2),
    slice(None, None, 2),
    slice(None, None, -1),
    slice(-1, 0, -1),
    slice(5, 1, -2),
    slice(100, None),
    slice(None, None, -3),
]


def test_trimming_one_at_a_time_reads_like_the_newest_rows_of_a_list():
    # The log frees memory a chunk at a time (see MessageLog._trim): every read must
    # still see exactly the newest ``capacity`` rows, across chunk boundaries.
    log = MessageLog(capacity=7, chunk_rows=5)
    everything = []
    for i in range(300):
        message = _msg(i)
        log.append(message)
        everything.append(message)
        newest = everything[-7:]
        assert list(log) == newest
        assert len(log) == len(newest)
        assert log.dropped == len(everything) - len(newest)
        for index in range(-len(newest), len(newest)):
            assert log[index] == newest[index]
        for cut in SLICES:
            assert list(log[cut]) == newest[cut], cut
        for outside in (len(newest), -len(newest) - 1):
            with pytest.raises(IndexError):
                log[outside]


class Payload(str):
    """A text payload that a weak reference can watch."""


def test_a_dropped_row_is_freed_with_its_chunk():
    log = MessageLog(capacity=1, chunk_rows=4)
    first = Payload("first")
    watch = weakref.ref(first)
    log.extend_payloads(Direction.RECEIVED, [first])
    del first
    log.extend_payloads(Direction.RECEIVED, ["m1", "m2", "m3"])
    gc.collect()
    assert watch() is not None  # its chunk still holds kept rows
    log.extend_payloads(Direction.RECEIVED, ["m4"])
    gc.collect()
    assert watch() is None
    assert [m.data for m in log] == ["m4"]


def test_rows_a_handler_appends_follow_as_the_next_batch():
    log = MessageLog(capacity=3)
    counters = TrafficCounters(log)
    seen = []

    def acknowledge(count):
        seen.append([m.data for m in log[len(log) - count :]])
        for message in log[len(log) - count :]:
            if message.direction is Direction.RECEIVED:
                log.append(Message.of(Direction.SENT, f"ack {message.data}"))

    log.appended.connect(acknowledge)
    log.extend([_msg(1), _msg(2)])
    assert seen == [["m1", "m2"], ["ack m1", "ack m2"]]
    assert (counters.received_messages, counters.sent_messages) == (2, 2)
    assert [m.data for m in log] == ["m2", "ack m1", "ack m2"]
    assert log.dropped == 1


def test_a_capacity_lowered_by_a_handler_applies_after_every_handler_ran():
    log = MessageLog(capacity=10)
    log.appended.connect(lambda count: setattr(log, "capacity", 2))
    counters = TrafficCounters(log)
    log.extend(_msg(i) for i in range(5))
    assert counters.received_messages == 5
    assert [m.data for m in log] == ["m3", "m4"]


def test_a_failing_handler_is_logged_and_stops_nothing(caplog):
    log = MessageLog(capacity=2)

    def broken(count):
        raise RuntimeError("handler bug")

    log.appended.connect(broken)
    log.extend(_msg(i) for i in range(3))
    log.append(_msg(3))
    assert [m.data for m in log] == ["m2", "m3"]
    assert log.dropped == 2
    assert "a message log handler failed" in caplog.text
    assert "handler bug" in caplog.text


def test_iterating_reads_the_rows_as_they_were():
    log = MessageLog(capacity=3)
    log.extend(_msg(i) for i in range(3))
    rows = iter(log)
    assert next(rows).data == "m0"
    log.extend(_msg(i) for i in range(3, 6))
    log.clear()
    assert [m.data for m in rows] == ["m1", "m2"]


def test_memory_for_a_capacity_follows_the_newest_rows():
    log = MessageLog()
    assert log.memory_for(1_000_000) == 82_000_000  # 64-byte messages while empty
    log.extend_payloads(Direction.RECEIVED, ["y" * 200] * 10)
    assert log.memory_for(1_000) == 218_000
    log.extend_payloads(Direction.RECEIVED, [b"z" * 4000] * 5000)
    assert log.memory_for(1_000) == 4_060_000  # big payloads stay Python objects


@pytest.mark.parametrize("batch", [[bytearray(b"ab")], [memoryview(b"ab"), "cd"]])
def test_binary_payloads_of_any_buffer_type_are_kept_as_bytes(batch):
    log = MessageLog()
    log.extend_payloads(Direction.RECEIVED, batch)
    assert type(log[0].data) is bytes
    assert log[0] == Message(Direction.RECEIVED, MessageKind.BINARY, b"ab", log[0].timestamp, 2)


def test_counters_count_from_when_they_are_made_and_survive_a_clear():
    log = MessageLog(capacity=2)
    log.extend_payloads(Direction.RECEIVED, ["before"])
    counters = TrafficCounters(log)
    log.extend_payloads(Direction.SENT, ["héllo"])  # 6 bytes in UTF-8
    log.extend_payloads(Direction.RECEIVED, [b"\x00\x01", "ok"])
    log.clear()
    log.extend_payloads(Direction.RECEIVED, ["after"])
    assert (counters.sent_messages, counters.sent_bytes) == (1, 6)
    assert (counters.received_messages, counters.received_bytes) == (3, 2 + 2 + 5)
    assert (log.received_messages, log.received_bytes) == (4, 6 + 9)
