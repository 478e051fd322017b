from PyQt6.QtCore import Qt

from wsdesk.models import Direction, Message
from wsdesk.ui.message_list_model import MessageListModel
from wsdesk.viewmodel.message_log import MessageLog


def fill(log, count, start=0):
    log.extend(Message.of(Direction.RECEIVED, f"m{i}", float(i)) for i in range(start, count))


def test_passes_qt_model_tester(qtmodeltester):
    log = MessageLog(capacity=5)
    fill(log, 3)
    model = MessageListModel(log)
    qtmodeltester.check(model, force_py=True)
    fill(log, 9, start=3)
    log.append(Message.event("Connected"))
    model.flush()
    log.clear()
    qtmodeltester.check(model, force_py=True)


def test_rows_follow_appends_and_trims():
    log = MessageLog(capacity=4)
    model = MessageListModel(log, update_interval=0)
    inserted, removed = [], []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    model.rowsRemoved.connect(lambda _p, first, last: removed.append((first, last)))
    fill(log, 6)
    assert inserted == [(0, 5)]
    assert removed == [(0, 1)]
    assert model.rowCount() == 4
    assert model.index(0, 0).data(MessageListModel.MessageRole).data == "m2"
    assert model.index(3, 0).data().endswith("m5")


def test_roles():
    log = MessageLog()
    model = MessageListModel(log)
    log.append(Message.of(Direction.SENT, b"\x00\x0a\x0d\xff\x7f\x80"))
    index = model.index(0, 0)
    assert index.data(MessageListModel.DirectionRole) == "sent"
    assert index.data(MessageListModel.KindRole) == "binary"
    assert index.data(Qt.ItemDataRole.DisplayRole).endswith("00 0a 0d ff 7f 80")


def test_a_burst_within_the_update_interval_is_one_removal_then_one_insertion():
    log = MessageLog(capacity=100)
    model = MessageListModel(log, update_interval=60)
    events = []
    model.rowsInserted.connect(lambda _p, first, last: events.append(("insert", first, last)))
    model.rowsRemoved.connect(lambda _p, first, last: events.append(("remove", first, last)))
    fill(log, 10)
    assert events == [("insert", 0, 9)]  # the first change after a quiet interval shows at once
    for start in range(10, 250, 30):
        fill(log, start + 30, start=start)
    assert events == [("insert", 0, 9)]
    assert model.rowCount() == 10
    model.flush()
    assert events[1:] == [("remove", 0, 9), ("insert", 0, 99)]
    assert model.rowCount() == 100
    texts = [model.index(row, 0).data(MessageListModel.MessageRole).data for row in range(100)]
    assert texts == [f"m{i}" for i in range(150, 250)]


def test_rows_the_log_dropped_before_the_update_read_as_empty():
    log = MessageLog(capacity=5)
    model = MessageListModel(log, update_interval=60)
    fill(log, 5)
    fill(log, 8, start=5)
    assert model.rowCount() == 5
    assert model.index(0, 0).data() is None
    assert model.index(2, 0).data(MessageListModel.MessageRole) is None
    assert model.index(3, 0).data(MessageListModel.MessageRole).data == "m3"


def test_clear_drops_gathered_changes():
    log = MessageLog(capacity=5)
    model = MessageListModel(log, update_interval=60)
    fill(log, 3)
    fill(log, 9, start=3)
    log.clear()
    assert model.rowCount() == 0
    fill(log, 2)
    model.flush()
    assert [model.index(r, 0).data(MessageListModel.MessageRole).data for r in range(2)] == [
        "m0",
        "m1",
    ]
