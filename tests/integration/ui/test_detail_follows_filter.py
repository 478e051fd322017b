"""The detail pane never shows an entry the filter hides: random traffic, selections,
filters (text, regex, case, directions, kinds) and clears, checked after every step."""

import random

import pytest

from wsdesk.models import Direction, Message
from wsdesk.ui.log_panel import LogPanel
from wsdesk.viewmodel.message_log import MessageLog

WORDS = ["a", "b", "ab", "", "1", "a 1", "(", "b.*"]


def traffic(rnd):
    direction = rnd.choice([Direction.RECEIVED, Direction.SENT])
    if rnd.random() < 0.8:
        return Message.of(direction, f"{rnd.choice('ab')} {rnd.randrange(20)}")
    return Message.of(direction, bytes([rnd.randrange(256)]))


@pytest.mark.parametrize("seed", range(4))
def test_the_detail_pane_shows_only_the_current_visible_entry(qtbot, seed):
    rnd = random.Random(seed)
    log = MessageLog(capacity=30)  # trimming takes part too
    panel = LogPanel(log)
    qtbot.addWidget(panel)
    panel.show()
    bar = panel.filter_bar
    for step in range(400):
        action = rnd.randrange(7)
        if action == 0:
            log.extend([traffic(rnd) for _ in range(rnd.randrange(1, 4))])
            panel.source_model.flush()
        elif action == 1 and panel.proxy.rowCount():
            row = rnd.randrange(panel.proxy.rowCount())
            panel.list_view.setCurrentIndex(panel.proxy.index(row, 0))
        elif action == 2:
            bar.text_edit.setText(rnd.choice(WORDS))
        elif action == 3:
            rnd.choice([bar.regex_button, bar.case_button]).toggle()
        elif action == 4:
            rnd.choice(list(bar.direction_buttons.values())).toggle()
        elif action == 5:
            rnd.choice(list(bar.kind_buttons.values())).toggle()
        elif rnd.random() < 0.1:
            log.clear()
        shown = panel.detail.message
        if shown is not None:
            current = panel.selected_message()  # None unless a visible row is current
            assert current is not None, step
            assert (current.data, current.timestamp) == (shown.data, shown.timestamp), step
