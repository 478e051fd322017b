"""The log panel: filter and match count, auto-scroll pause, detail pane, clear, capacity."""

import base64
import random

import pytest
from PyQt6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PyQt6.QtGui import QGuiApplication
from PyQt6.QtWidgets import QLabel, QListView, QMessageBox, QPushButton

from wsdesk.models import Direction, Message
from wsdesk.ui.log_panel import LogPanel
from wsdesk.viewmodel.message_log import MessageLog

SIX = bytes([0x00, 0x0A, 0x0D, 0xFF, 0x7F, 0x80])


@pytest.fixture
def panel(qtbot):
    log = MessageLog()
    widget = LogPanel(log)
    qtbot.addWidget(widget)
    widget.resize(800, 500)
    widget.show()
    return widget


def add(panel, *messages):
    panel.log.extend(messages)
    panel.source_model.flush()  # the view takes the log's changes in timed batches


def received(text, count):
    """``count`` received text messages: ``text 0``, ``text 1``, ..."""
    return [Message.of(Direction.RECEIVED, f"{text} {n}") for n in range(count)]


def shown(panel):
    view = panel.findChild(QListView, "messageLog")
    model = view.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def select(panel, row):
    view = panel.list_view
    view.setCurrentIndex(view.model().index(row, 0))


def test_filter_by_text_regex_case_direction_and_kind(panel):
    add(
        panel,
        Message.event("Connected"),
        Message.of(Direction.SENT, "Hello Prices"),
        Message.of(Direction.RECEIVED, '{"topic": "prices"}'),
        Message.of(Direction.RECEIVED, SIX),
    )
    count = panel.findChild(QLabel, "matchCountLabel")
    assert count.text() == "4 entries"
    bar = panel.filter_bar
    bar.text_edit.setText("prices")
    assert len(shown(panel)) == 2
    assert count.text() == "2 of 4 match"
    bar.case_button.setChecked(True)
    assert [t.endswith('{"topic": "prices"}') for t in shown(panel)] == [True]
    bar.case_button.setChecked(False)
    bar.text_edit.setText("0d ff")
    assert len(shown(panel)) == 1
    bar.regex_button.setChecked(True)
    bar.text_edit.setText("(")
    error = panel.findChild(QLabel, "filterErrorLabel")
    assert error.isVisibleTo(panel)
    assert "invalid regular expression" in error.text()
    bar.text_edit.setText(r"^h\w+")
    assert not error.isVisibleTo(panel)
    assert [t.endswith("Hello Prices") for t in shown(panel)] == [True]
    bar.text_edit.setText("")
    bar.direction_buttons[Direction.SENT].setChecked(False)
    bar.kind_buttons[next(k for k in bar.kind_buttons if k.value == "event")].setChecked(False)
    assert count.text() == "2 of 4 match"
    add(panel, Message.of(Direction.RECEIVED, "new one"), Message.of(Direction.SENT, "hidden"))
    assert count.text() == "3 of 6 match"
    assert shown(panel)[-1].endswith("new one")
    bar.direction_buttons[Direction.SENT].setChecked(True)
    bar.kind_buttons[next(k for k in bar.kind_buttons if k.value == "event")].setChecked(True)
    assert count.text() == "6 entries"
    assert len(shown(panel)) == 6
    assert shown(panel)[-1].endswith("hidden")


def test_the_current_entry_and_selection_survive_turning_a_filter_on_and_off(panel):
    add(panel, *received("tick", 10))
    view = panel.list_view
    select(panel, 4)
    view.selectionModel().select(
        QItemSelection(view.model().index(3, 0), view.model().index(5, 0)),
        QItemSelectionModel.SelectionFlag.Select,
    )
    panel.filter_bar.text_edit.setText("tick")
    assert view.currentIndex().data().endswith("tick 4")
    assert panel.detail.header.text().startswith("received text, 6 B")
    panel.filter_bar.text_edit.setText("")
    assert view.currentIndex().data().endswith("tick 4")
    assert sorted(i.row() for i in view.selectionModel().selectedRows()) == [3, 4, 5]
    assert panel.detail.header.text().startswith("received text, 6 B")


def test_a_filter_that_hides_the_current_entry_empties_the_detail_pane(panel):
    add(panel, Message.of(Direction.RECEIVED, "alpha"), Message.of(Direction.RECEIVED, "beta"))
    select(panel, 0)
    assert panel.detail.header.text().startswith("received text, 5 B")
    panel.filter_bar.text_edit.setText("beta")
    assert not panel.list_view.currentIndex().isValid()
    assert panel.selected_message() is None
    assert not panel.detail.header.text().startswith("received text, 5 B")


def test_a_selection_without_a_current_entry_survives_a_filter(panel):
    add(
        panel,
        *(Message.of(Direction.RECEIVED, f"{'tick' if n % 2 else 'tock'} {n}") for n in range(20)),
    )
    view = panel.list_view
    view.selectionModel().select(
        QItemSelection(view.model().index(3, 0), view.model().index(7, 0)),
        QItemSelectionModel.SelectionFlag.Select,
    )
    panel.filter_bar.text_edit.setText("tick")
    assert [shown(panel)[i.row()][-6:] for i in view.selectionModel().selectedRows()] == [
        "tick 3",
        "tick 5",
        "tick 7",
    ]
    panel.filter_bar.text_edit.setText("")
    assert sorted(i.row() for i in view.selectionModel().selectedRows()) == [3, 5, 7]


def test_select_all_survives_a_filter_as_one_range(panel):
    # Qt maps a filtered selection row by row; thousands of one-row ranges took seconds.
    add(panel, *received("tick", 2000))
    view = panel.list_view
    view.selectAll()
    panel.filter_bar.text_edit.setText("tick")
    assert len(view.selectionModel().selection()) == 1
    panel.filter_bar.text_edit.setText("")
    assert len(view.selectionModel().selection()) == 1
    assert len(view.selectionModel().selectedRows()) == 2000


def test_rows_a_wider_filter_shows_again_are_not_new_messages(panel):
    add(panel, *received("tick", 500))
    panel.filter_bar.text_edit.setText("t")
    bar = panel.list_view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    panel.filter_bar.text_edit.setText("tick 1")
    panel.filter_bar.text_edit.setText("t")
    assert not panel.findChild(QPushButton, "newMessagesButton").isVisibleTo(panel)
    assert panel.follower.unseen == 0


def test_the_match_count_follows_rows_the_filter_hides(panel):
    count = panel.findChild(QLabel, "matchCountLabel")
    panel.filter_bar.text_edit.setText("zzz")
    add(panel, *received("tick", 97))
    assert count.text() == "0 of 97 match"
    panel.filter_bar.text_edit.setText("tick 9")
    assert count.text() == "8 of 97 match"
    panel.log.capacity = 20  # keeps tick 77 .. tick 96
    panel.source_model.flush()
    assert count.text() == "7 of 20 match"


def test_narrowing_a_filter_past_the_current_entry_leaves_none_current(panel):
    add(
        panel,
        *(Message.of(Direction.RECEIVED, f"{'tick' if n % 2 else 'tock'} {n}") for n in range(20)),
    )
    panel.filter_bar.text_edit.setText("t")
    select(panel, 4)
    assert panel.selected_message().data == "tock 4"
    panel.filter_bar.text_edit.setText("tick")  # Qt alone would make a neighbour current
    assert not panel.list_view.currentIndex().isValid()
    assert panel.detail.message is None


def test_changing_an_active_filter_keeps_the_selection_it_still_shows(panel):
    add(
        panel,
        *(
            Message.of(Direction.RECEIVED, f"{'tick' if n % 2 else 'tock'} {n}")
            for n in range(2000)
        ),
    )
    view = panel.list_view
    panel.filter_bar.text_edit.setText("t")
    view.selectAll()
    panel.filter_bar.text_edit.setText("ti")
    assert len(view.selectionModel().selection()) == 1
    assert len(view.selectionModel().selectedRows()) == 1000
    panel.filter_bar.text_edit.setText("t")
    assert len(view.selectionModel().selectedRows()) == 1000


def test_new_messages_counts_what_the_filter_shows_and_the_log_keeps(panel):
    button = panel.findChild(QPushButton, "newMessagesButton")
    add(panel, *received("tick", 300))
    panel.filter_bar.text_edit.setText("tick")
    panel.list_view.verticalScrollBar().setValue(10)
    add(panel, *received("tock", 30))
    add(panel, *received("tick new", 5))
    assert button.text() == "5 new messages ↓"
    panel.filter_bar.text_edit.setText("")
    assert button.text() == "35 new messages ↓"
    panel.filter_bar.text_edit.setText("tick")
    assert button.text() == "5 new messages ↓"
    panel.filter_bar.text_edit.setText("")
    panel.log.capacity = 20
    add(panel, Message.of(Direction.RECEIVED, "one more"))
    assert button.text() == "20 new messages ↓"  # only what the log still keeps


def test_new_messages_drop_with_the_rows_the_log_trims(panel):
    button = panel.findChild(QPushButton, "newMessagesButton")
    add(panel, *received("foo", 300))
    panel.filter_bar.text_edit.setText("foo")
    panel.list_view.verticalScrollBar().setValue(5)
    add(panel, *received("foo new", 500))
    assert button.text() == "500 new messages ↓"
    panel.log.capacity = 800
    add(panel, *received("x", 700))  # hidden
    assert button.text() == "100 new messages ↓"
    panel.log.capacity = 750  # keeps the newest 50 "foo new" rows and the 700 hidden ones
    panel.source_model.flush()
    assert button.text() == "50 new messages ↓"


def test_clear_follows_the_newest_entry_again(panel):
    add(panel, *received("tick", 200))
    panel.list_view.verticalScrollBar().setValue(0)
    assert not panel.follower.following
    panel.log.clear()
    add(panel, *received("tock", 3))
    assert panel.follower.following
    assert not panel.findChild(QPushButton, "newMessagesButton").isVisibleTo(panel)


def test_with_no_filter_the_view_reads_the_log_model_straight(panel):
    # A filter's answer from Python costs per appended row; with none, Qt answers alone.
    assert panel.proxy.sourceModel() is panel.source_model
    panel.filter_bar.text_edit.setText("x")
    assert panel.proxy.sourceModel() is not panel.source_model
    panel.filter_bar.text_edit.setText("")
    assert panel.proxy.sourceModel() is panel.source_model


def test_scrolling_up_pauses_following_and_one_click_returns(panel, qtbot):
    add(panel, *received("tick", 200))
    bar = panel.list_view.verticalScrollBar()
    assert bar.value() == bar.maximum() > 0
    bar.setValue(bar.maximum() - 40)
    add(panel, *(Message.of(Direction.RECEIVED, f"tick {n}") for n in range(200, 203)))
    button = panel.findChild(QPushButton, "newMessagesButton")
    assert button.isVisibleTo(panel)
    assert button.text() == "3 new messages ↓"
    assert bar.value() < bar.maximum()
    assert len(panel.log) == 203
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert bar.value() == bar.maximum()
    assert not button.isVisibleTo(panel)
    add(panel, Message.of(Direction.RECEIVED, "tick 203"))
    assert bar.value() == bar.maximum()
    assert not button.isVisibleTo(panel)


def test_detail_pane_shows_binary_as_hex_and_copies_each_form(panel):
    """B16: the 6-byte binary message in hex; copies are exact."""
    blob = random.Random(16).randbytes(64 * 1024)
    add(panel, Message.of(Direction.RECEIVED, SIX), Message.of(Direction.RECEIVED, blob))
    assert shown(panel)[0].endswith("binary       6 B  00 0a 0d ff 7f 80")
    assert "64.0 KiB" in shown(panel)[1]
    assert shown(panel)[1].endswith(" …")
    select(panel, 0)
    detail = panel.detail
    assert detail.header.text().startswith("received binary, 6 B at ")
    assert detail.tabs.tabText(detail.tabs.currentIndex()) == "Hex"
    assert detail.views["Hex"].toPlainText().startswith("00000000  00 0a 0d ff 7f 80")
    assert detail.views["Text"].toPlainText() == "(binary message, 6 B: see Hex or Base64)"
    clipboard = QGuiApplication.clipboard()
    detail.tabs.setCurrentIndex(3)
    detail.copy_current()
    assert base64.b64decode(clipboard.text()) == SIX
    select(panel, 1)
    detail.copy_current()
    assert base64.b64decode(clipboard.text()) == blob


def test_save_payload_is_byte_exact(panel, tmp_path):
    text = "שלום עולם 👋🏽 café\n"
    add(panel, Message.of(Direction.RECEIVED, SIX), Message.of(Direction.RECEIVED, text))
    select(panel, 0)
    assert panel.detail.save_payload_to(str(tmp_path / "six.bin"))
    assert (tmp_path / "six.bin").read_bytes() == SIX
    select(panel, 1)
    assert panel.detail.views["Text"].toPlainText() == text
    assert panel.detail.save_payload_to(str(tmp_path / "text.txt"))
    assert (tmp_path / "text.txt").read_bytes() == text.encode("utf-8")


def test_json_tab_pretty_prints(panel):
    add(panel, Message.of(Direction.RECEIVED, '{"op":"subscribe","n":[1]}'))
    select(panel, 0)
    assert panel.detail.views["JSON"].toPlainText() == (
        '{\n  "op": "subscribe",\n  "n": [\n    1\n  ]\n}'
    )


def test_clear_and_capacity_with_dropped_count(panel, qtbot):
    add(panel, *(Message.of(Direction.RECEIVED, f"m{n}") for n in range(10)))
    panel.capacity_spin.setValue(4)
    panel.source_model.flush()
    dropped = panel.findChild(QLabel, "droppedLabel")
    assert dropped.text() == "6 older messages dropped"
    assert [t[-2:] for t in shown(panel)] == ["m6", "m7", "m8", "m9"]
    add(panel, Message.of(Direction.RECEIVED, "m10"))
    assert dropped.text() == "7 older messages dropped"
    select(panel, 3)
    qtbot.mouseClick(
        panel.findChild(QPushButton, "clearLogButton"),
        Qt.MouseButton.LeftButton,
    )
    box = panel.findChild(QMessageBox, "confirmDeleteBox")
    assert "Clear all 4 entries" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert len(shown(panel)) == 4  # asked first: nothing cleared
    panel.ask_clear().button(QMessageBox.StandardButton.Yes).click()
    assert shown(panel) == []
    assert panel.ask_clear() is None  # nothing left to ask about
    assert dropped.text() == ""
    assert panel.detail.message is None
    assert panel.match_label.text() == "0 entries"


def test_empty_messages_are_visible_entries(panel):
    """B29: "" and b"" are entries of their own before `after`."""
    add(
        panel,
        Message.of(Direction.RECEIVED, ""),
        Message.of(Direction.RECEIVED, b""),
        Message.of(Direction.RECEIVED, "after"),
    )
    rows = shown(panel)
    assert rows[0].endswith("(empty text)")
    assert rows[1].endswith("(empty binary, 0 B)")
    assert rows[2].endswith("after")


def test_typing_a_capacity_applies_it_only_when_done(panel, qtbot):
    add(panel, *(Message.of(Direction.RECEIVED, f"m{n}") for n in range(30)))
    spin = panel.capacity_spin
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "10")
    panel.source_model.flush()
    assert len(shown(panel)) == 30  # nothing dropped while typing
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    panel.source_model.flush()
    assert [t[-3:] for t in shown(panel)] == [f"m{n}" for n in range(20, 30)]


def test_event_detail_header_names_it_once(panel):
    add(panel, Message.event("Connected"))
    select(panel, 0)
    assert panel.detail.header.text().startswith("event at ")


def test_the_memory_a_capacity_takes_is_shown_beside_it(panel):
    spin = panel.capacity_spin
    panel.capacity_spin.setValue(1_000_000)
    assert "about 78.2 MiB" in spin.toolTip()  # 64-byte messages while the log is empty
    add(panel, *(Message.of(Direction.RECEIVED, "x" * 1000) for _ in range(10)))
    panel.source_model.flush()
    assert "about 970.8 MiB" in spin.toolTip()  # a million like the newest ones
    panel.capacity_spin.setValue(5_000_000)
    assert "about 4854.2 MiB" in spin.toolTip()


def test_the_capacity_is_kept_with_the_window_state(tmp_path, qtbot):
    from PyQt6.QtCore import QSettings
    from PyQt6.QtWidgets import QMainWindow

    from wsdesk.ui.window_state import restore_window_state, save_window_state

    settings = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    first = QMainWindow()
    qtbot.addWidget(first)
    first.setCentralWidget(LogPanel(MessageLog()))
    first.centralWidget().capacity_spin.setValue(2_500_000)
    save_window_state(first, settings)
    second = QMainWindow()
    qtbot.addWidget(second)
    log = MessageLog()
    second.setCentralWidget(LogPanel(log))
    restore_window_state(second, settings)
    assert log.capacity == 2_500_000


def test_a_filter_follows_rows_as_they_arrive_trim_and_clear(panel):
    panel.log.capacity = 50
    panel.filter_bar.text_edit.setText("tick 1")
    searched: list[tuple[int, int]] = []
    real_find = panel.log.find

    def find(test, start, stop):
        searched.append((start, stop))
        return real_find(test, start, stop)

    panel.log.find = find
    for batch in range(6):  # 120 rows through a log of 50: trims on the way
        add(panel, *[Message.of(Direction.RECEIVED, f"tick {batch * 20 + n}") for n in range(20)])
    # Each batch was searched once, and only its own rows.
    assert searched == [(b * 20, b * 20 + 20) for b in range(6)]
    wanted = [m.data for m in panel.log if "tick 1" in m.data]
    assert shown_payloads(panel) == wanted
    assert panel.proxy.rows_from_source_row(0) == len(wanted)
    panel.log.clear()
    assert panel.proxy.rowCount() == 0
    add(panel, *received("tick", 12))
    assert shown_payloads(panel) == ["tick 1", "tick 10", "tick 11"]


def shown_payloads(panel):
    proxy = panel.proxy
    rows = [proxy.source_row(proxy.index(row, 0)) for row in range(proxy.rowCount())]
    return [panel.source_model.message(row).data for row in rows]
