"""A flood reaches the window in a few batched updates, with every message kept."""

import asyncio

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
