from PyQt6.QtCore import Qt

from wsdesk.models import Direction, Message
from wsdesk.ui.message_list_model import MessageListModel
from wsdesk.viewmodel.message_log import MessageLog


def fill(log, count, start=0):
    log.extend(Message.of(Direction.RECEIVED, f"m{i}", float(i)) for i in range(start, count))
    log.flush()


def test_passes_qt_model_tester(qtmodeltester):
    log = MessageLog(capacity=5)
    fill(log, 3)
    model = MessageListModel(log)
    qtmodeltester.check(model, force_py=True)
    fill(log, 9, start=3)
    log.append(Message.event("Connected"))
    log.flush()
    log.clear()
    qtmodeltester.check(model, force_py=True)


def test_rows_follow_appends_and_trims():
    log = MessageLog(capacity=4)
    model = MessageListModel(log)
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
    log.flush()
    index = model.index(0, 0)
    assert index.data(MessageListModel.DirectionRole) == "sent"
    assert index.data(MessageListModel.KindRole) == "binary"
    assert index.data(Qt.ItemDataRole.DisplayRole).endswith("00 0a 0d ff 7f 80")
