"""A flood reaches the window in a few batched updates, with every message kept."""

import asyncio

from PyQt6.QtCore import QEvent, QObject
from PyQt6.QtWidgets import QListView, QWidget

from wsdesk.models import Direction, Message
from wsdesk.testing import FakeChannelFactory
from wsdesk.ui.main_window import MainWindow
from wsdesk.viewmodel import ConnectionViewModel
from wsdesk.viewmodel.message_log import MessageLog


async def test_a_flood_reaches_the_view_in_few_updates_and_none_is_lost(qtbot, wait):
    log = MessageLog(capacity=1000)
    vm = ConnectionViewModel(FakeChannelFactory(), messages=log)
    window = MainWindow(vm)
    qtbot.addWidget(window)
    window.show()
    model = window.message_model
    insertions = []
    model.rowsInserted.connect(lambda *_: insertions.append(1))
    for i in range(100):
        log.extend(Message.of(Direction.RECEIVED, f"m{i}.{j}") for j in range(50))
        await asyncio.sleep(0)
    assert len(log) == 1000
    await wait(lambda: model.rowCount() == 1000 and model.index(999, 0).data().endswith("m99.49"))
    # 100 log batches in a tight loop; the view is updated once per interval, not per batch.
    assert len(insertions) < 50
    assert [model.index(r, 0).data(model.MessageRole).data for r in (0, 999)] == [
        "m80.0",
        "m99.49",
    ]
    window.close()
    await asyncio.wait_for(window._shutdown, 3)


class Paints(QObject):
    """Counts the paint events of the widgets it watches."""

    def __init__(self, *widgets):
        super().__init__()
        self.count = 0
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, _watched, event):
        if event.type() is QEvent.Type.Paint:
            self.count += 1
        return False


async def test_traffic_repaints_the_log_not_the_whole_window(qtbot):
    # A view update used to set the tab's text and icon again, which relaid out the tab
    # bar and with it repainted every widget in the window, five times a second.
    vm = ConnectionViewModel(FakeChannelFactory(), messages=MessageLog(capacity=1000))
    window = MainWindow(vm)
    qtbot.addWidget(window)
    window.show()
    await vm.connect.execute()

    async def traffic(rounds):
        for round_ in range(rounds):
            vm.messages.extend(Message.of(Direction.RECEIVED, f"m{round_}.{j}") for j in range(20))
            await asyncio.sleep(0.25)  # past the view's update interval

    await traffic(2)  # the first rows change the layout once (the scroll bar appears)
    bystanders = Paints(
        *(window.findChild(QWidget, name) for name in ("connectButton", "filterRegexButton"))
    )
    log_paints = Paints(window.findChild(QListView, "messageLog").viewport())
    await traffic(3)
    assert log_paints.count > 0  # the measure can tell: the log itself was repainted
    assert bystanders.count == 0
    window.close()
    await asyncio.wait_for(window._shutdown, 3)
