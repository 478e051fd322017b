"""Content no view may crash or freeze on: JSON Python cannot read, runaway regexes."""

import asyncio

import pytest
from PyQt6.QtCore import QSettings
from PyQt6.QtWidgets import QLabel, QMessageBox

from wsdesk.models import ConnectionOptions, Direction, Message
from wsdesk.testing import FakeChannelFactory
from wsdesk.ui.log_panel import LogPanel
from wsdesk.ui.main_window import MainWindow
from wsdesk.ui.qsettings_store import QSettingsConnectionStore
from wsdesk.viewmodel import ConnectionViewModel
from wsdesk.viewmodel.composer_modes import ComposerMode
from wsdesk.viewmodel.message_log import MessageLog
from wsdesk.viewmodel.saved_messages import MemorySavedMessageStore, SavedMessages

HUGE_NUMBER = "1" * 5000
DEEP = "[" * 100_000


@pytest.fixture
def panel(qtbot):
    widget = LogPanel(MessageLog())
    qtbot.addWidget(widget)
    widget.resize(800, 500)
    widget.show()
    return widget


@pytest.fixture
async def window(qtbot):
    vm = ConnectionViewModel(FakeChannelFactory(), ConnectionOptions(url="ws://127.0.0.1:9/"))
    win = MainWindow(vm, SavedMessages(MemorySavedMessageStore()))
    win.show()
    yield win
    win.close()
    await asyncio.wait_for(win._shutdown, 3)
    win.deleteLater()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (HUGE_NUMBER, "(JSON too big for wsdesk to read: a number has more than 4300 digits)"),
        (DEEP, "(JSON too big for wsdesk to read: nested too deeply)"),
    ],
)
def test_clicking_a_message_python_cannot_read_as_json_shows_why(panel, text, shown):
    """A server sent it as text; selecting its row used to abort the app (exit 134)."""
    panel.log.extend(
        [Message.of(Direction.RECEIVED, "before"), Message.of(Direction.RECEIVED, text)]
    )
    panel.list_view.setCurrentIndex(panel.proxy.index(1, 0))
    assert panel.detail.views["JSON"].toPlainText() == shown
    assert panel.detail.views["Text"].toPlainText() == text


def test_a_regex_that_repeats_a_repeat_is_an_inline_error_not_a_frozen_window(panel):
    panel.log.extend([Message.of(Direction.RECEIVED, "a" * 26 + "!"), Message.event("Connected")])
    bar = panel.filter_bar
    bar.regex_button.setChecked(True)
    bar.text_edit.setText("(a+)+$")
    error = panel.findChild(QLabel, "filterErrorLabel")
    assert error.isVisibleTo(panel)
    assert "(a+)+" in error.text()
    assert panel.proxy.rowCount() == 2
    bar.text_edit.setText("a+!$")
    assert not error.isVisibleTo(panel)
    assert panel.proxy.rowCount() == 1


@pytest.mark.parametrize("text", [HUGE_NUMBER, DEEP])
async def test_pasting_json_python_cannot_read_into_the_composer_is_an_inline_note(window, text):
    window.composer.mode = ComposerMode.JSON
    window.composer_edit.setPlainText(text)
    info = window.findChild(QLabel, "composerInfoLabel")
    assert info.text() == "not valid JSON yet"
    window.composer_widget.pretty_button.click()
    assert window.composer_error_label.text().startswith("JSON too big for wsdesk to read")
    assert window.composer_edit.toPlainText() == text


@pytest.mark.parametrize("second", [DEEP, HUGE_NUMBER])
async def test_importing_a_line_python_cannot_read_names_the_line(window, tmp_path, second):
    path = tmp_path / "deep.jsonl"
    path.write_text('{"format": "wsdesk-session", "version": 1}\n' + second + "\n", "utf-8")
    assert window.import_transcript(str(path)) is None
    box = window.findChild(QMessageBox, "problemBox")
    assert box.isVisible()
    assert "deep.jsonl was not imported: line 2: not JSON" in box.text()
    assert window.transcripts == []
    box.accept()


async def test_a_session_with_a_bom_and_trailing_blank_lines_imports(window, tmp_path):
    path = tmp_path / "edited.jsonl"
    entry = (
        '{"time": "2026-11-29T10:00:00+00:00", "direction": "received", "kind": "text", '
        '"size": 2, "text": "hi"}'
    )
    path.write_text(
        '\ufeff{"format": "wsdesk-session", "version": 1}\r\n' + entry + "\r\n\r\n", "utf-8"
    )
    transcript = window.import_transcript(str(path))
    assert transcript is not None
    assert [m.data for m in transcript.panel.log] == ["hi"]
    transcript.close()


@pytest.mark.parametrize("stored", [DEEP, HUGE_NUMBER, '{"url": NaN}'])
def test_a_saved_connection_python_cannot_read_loads_as_unreadable(tmp_path, stored):
    settings = QSettings(str(tmp_path / "wsdesk.ini"), QSettings.Format.IniFormat)
    settings.setValue("connections/broken", stored)
    assert QSettingsConnectionStore(settings).load("broken") is None
