import asyncio

import pytest

from wsdesk.models import Direction, Message
from wsdesk.viewmodel.message_log import MessageLog


def _msg(i):
    return Message.of(Direction.RECEIVED, f"m{i}", timestamp=float(i))


def test_without_a_loop_each_append_is_visible_at_once():
    log = MessageLog(capacity=3)
    log.append(_msg(0))
    assert [m.data for m in log] == ["m0"]


async def test_appends_in_one_loop_iteration_form_one_batch():
    log = MessageLog()
    batches = []
    log.appended.connect(batches.append)
    for i in range(100):
        log.append(_msg(i))
    assert len(log) == 0
    assert log.pending == 100
    await asyncio.sleep(0)
    assert batches == [100]
    assert [m.data for m in log] == [f"m{i}" for i in range(100)]


async def test_trims_oldest_in_one_signal_per_batch():
    log = MessageLog(capacity=10)
    trimmed = []
    log.trimmed.connect(trimmed.append)
    for i in range(25):
        log.append(_msg(i))
    await asyncio.sleep(0)
    assert trimmed == [15]
    assert len(log) == 10
    assert log[0].data == "m15"
    assert log[-1].data == "m24"
    assert log.dropped == 15


def test_lowering_capacity_trims():
    log = MessageLog(capacity=5)
    log.extend(_msg(i) for i in range(5))
    log.capacity = 2
    assert [m.data for m in log] == ["m3", "m4"]
    assert log.dropped == 3


def test_capacity_must_be_positive():
    with pytest.raises(ValueError, match="capacity"):
        MessageLog(capacity=0)


async def test_clear_drops_pending_and_rows():
    log = MessageLog()
    cleared = []
    log.cleared.connect(lambda: cleared.append(True))
    log.append(_msg(1))
    log.flush()
    log.append(_msg(2))
    log.clear()
    await asyncio.sleep(0)
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
    # The log keeps dropped rows for a while before removing them (see MessageLog._trim):
    # every read must still see exactly the newest ``capacity`` rows.
    log = MessageLog(capacity=7)
    everything = []
    for i in range(300):
        message = _msg(i)
        log.append(message)
        log.flush()
        everything.append(message)
        newest = everything[-7:]
        assert list(log) == newest
        assert len(log) == len(newest)
        assert log.dropped == len(everything) - len(newest)
        for index in range(-len(newest), len(newest)):
            assert log[index] is newest[index]
        for cut in SLICES:
            assert list(log[cut]) == newest[cut], cut
        for outside in (len(newest), -len(newest) - 1):
            with pytest.raises(IndexError):
                log[outside]
