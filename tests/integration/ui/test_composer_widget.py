"""The composer in the window: modes, keys, history, saved messages, files (B16, B28, B29)."""

import asyncio

import pytest
from PyQt6.QtCore import QSettings, Qt
from PyQt6.QtWidgets import QComboBox, QLabel, QMessageBox, QPlainTextEdit, QPushButton

from wsdesk.models import ConnectionOptions, Direction, MessageKind
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.ui.main_window import MainWindow
from wsdesk.ui.saved_message_settings import QSettingsSavedMessageStore
from wsdesk.viewmodel import ConnectionViewModel
from wsdesk.viewmodel.composer_modes import BinaryEncoding, ComposerMode
from wsdesk.viewmodel.saved_messages import MemorySavedMessageStore, SavedMessages
from wsdesk.viewmodel.send_history import Draft

ENTER = Qt.Key.Key_Return
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
async def window(qtbot, echo_server):
    vm = ConnectionViewModel(AiohttpChannel, ConnectionOptions(url=echo_server.url))
    win = MainWindow(vm, SavedMessages(MemorySavedMessageStore()))
    win.show()
    await vm.connect.execute()
    yield win
    win.close()
    await asyncio.wait_for(win._shutdown, 3)
    win.deleteLater()


def editor(window):
    return window.findChild(QPlainTextEdit, "composerEdit")


def mode(window, text):
    combo = window.findChild(QComboBox, "composerModeCombo")
    combo.setCurrentIndex(combo.findText(text))


def sent(window):
    return [m for m in window.view_model.messages if m.direction is Direction.SENT]


def received(window):
    return [m for m in window.view_model.messages if m.direction is Direction.RECEIVED]


async def test_enter_sends_shift_enter_adds_a_line_ctrl_enter_sends(window, qtbot, wait):
    edit = editor(window)
    qtbot.keyClicks(edit, "line one")
    qtbot.keyClick(edit, ENTER, SHIFT)
    qtbot.keyClicks(edit, "line two")
    assert edit.toPlainText() == "line one\nline two"
    qtbot.keyClick(edit, ENTER)
    mode(window, "JSON")
    qtbot.keyClicks(edit, "[1, 2]")
    qtbot.keyClick(edit, ENTER, CTRL)
    await wait(lambda: len(received(window)) == 2)
    assert [m.data for m in received(window)] == ["line one\nline two", "[1, 2]"]
    assert edit.toPlainText() == ""


async def test_invalid_json_names_line_and_column_and_sends_nothing(window, qtbot, wait):
    mode(window, "JSON")
    edit = editor(window)
    edit.setPlainText('{"op": "subscribe",\n "topic": }')
    qtbot.keyClick(edit, ENTER)
    label = window.findChild(QLabel, "composerErrorLabel")
    assert label.isVisibleTo(window)
    assert label.text() == "invalid JSON at line 2, column 11: Expecting value"
    await asyncio.sleep(0.1)
    assert sent(window) == []
    edit.setPlainText('{"a":1}')
    assert not label.isVisibleTo(window)
    qtbot.mouseClick(window.findChild(QPushButton, "prettyJsonButton"), Qt.MouseButton.LeftButton)
    assert edit.toPlainText() == '{\n  "a": 1\n}'
    qtbot.mouseClick(window.findChild(QPushButton, "minifyJsonButton"), Qt.MouseButton.LeftButton)
    assert edit.toPlainText() == '{"a":1}'


async def test_binary_hex_and_base64_show_the_byte_count_and_echo_exactly(window, qtbot, wait):
    """B16: binary typed as hex `de ad be ef` comes back byte-exact."""
    mode(window, "Binary")
    edit = editor(window)
    info = window.findChild(QLabel, "composerInfoLabel")
    encoding = window.findChild(QComboBox, "composerEncodingCombo")
    assert encoding.isVisibleTo(window)
    qtbot.keyClicks(edit, "de ad be ef")
    assert info.text() == "4 bytes"
    qtbot.keyClick(edit, ENTER)
    encoding.setCurrentIndex(encoding.findText("base64"))
    qtbot.keyClicks(edit, "AAoN/3+A")
    assert info.text() == "6 bytes"
    qtbot.keyClick(edit, ENTER)
    await wait(lambda: len(received(window)) == 2)
    assert [m.data for m in received(window)] == [
        b"\xde\xad\xbe\xef",
        bytes.fromhex("000a0dff7f80"),
    ]
    assert all(m.kind is MessageKind.BINARY for m in received(window))


async def test_empty_text_is_sent_and_echoed(window, qtbot, wait):
    """B29: an empty message is legal and shows as "(empty text)"."""
    qtbot.keyClick(editor(window), ENTER)
    await wait(lambda: received(window))
    assert received(window)[0].data == ""
    window.message_model.flush()  # the view takes the log's changes in timed batches
    view = window.message_log
    model = view.model()
    rows = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert rows[-1].endswith("(empty text)")


async def test_unicode_round_trips_codepoint_for_codepoint(window, qtbot, wait):
    """B28: RTL text, an emoji with a skin-tone modifier, precomposed é, combining marks."""
    text = "שלום עולם 👋🏽 café e\u0301\u0302"
    editor(window).setPlainText(text)
    qtbot.keyClick(editor(window), ENTER)
    await wait(lambda: received(window))
    assert received(window)[0].data == text
    assert [ord(c) for c in received(window)[0].data] == [ord(c) for c in text]


async def test_up_and_down_recall_sends(window, qtbot, wait):
    edit = editor(window)
    for text in ("first", "second"):
        edit.setPlainText(text)
        qtbot.keyClick(edit, ENTER)
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.toPlainText() == "second"
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.toPlainText() == "first"
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert edit.toPlainText() == "second"
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert edit.toPlainText() == ""


async def test_send_a_file_as_binary_or_text(window, tmp_path, wait):
    blob = bytes(range(256))
    (tmp_path / "blob.bin").write_bytes(blob)
    (tmp_path / "note.txt").write_text("café\n", encoding="utf-8")
    assert window.send_file(str(tmp_path / "blob.bin"))
    assert window.send_file(str(tmp_path / "note.txt"), as_text=True)
    assert not window.send_file(str(tmp_path / "blob.bin"), as_text=True)
    assert "not UTF-8" in window.findChild(QLabel, "composerErrorLabel").text()
    await wait(lambda: len(received(window)) == 2)
    assert [m.data for m in received(window)] == [blob, "café\n"]


async def test_saved_messages_dialog_saves_inserts_renames_and_deletes(window, qtbot):
    dialog = window.show_saved_messages()
    assert dialog.isVisible()
    assert not dialog.isModal()
    window.composer.mode = ComposerMode.JSON
    editor(window).setPlainText('{"op": "ping"}')
    dialog.name_edit.setText("ping")
    dialog.save_composer()
    assert window.saved_messages.names == ["ping"]
    editor(window).setPlainText("")
    window.composer.mode = ComposerMode.TEXT
    dialog.insert_selected()
    assert (window.composer.mode, editor(window).toPlainText()) == (
        ComposerMode.JSON,
        '{"op": "ping"}',
    )
    dialog.name_edit.setText("json ping")
    dialog.rename_selected()
    assert window.saved_messages.names == ["json ping"]
    dialog.name_edit.setText("")
    dialog.save_composer()
    assert dialog.error_label.text() == "give the message a name"
    box = dialog.ask_delete()
    assert "json ping" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.saved_messages.names == ["json ping"]  # asked first: nothing deleted
    dialog.ask_delete().button(QMessageBox.StandardButton.Yes).click()
    assert window.saved_messages.names == []
    dialog.close()


def test_saved_messages_persist_in_qsettings_without_secrets(tmp_path):
    path = str(tmp_path / "wsdesk.ini")
    store = QSettingsSavedMessageStore(QSettings(path, QSettings.Format.IniFormat))
    saved = SavedMessages(store)
    saved.save("hex", Draft(ComposerMode.BINARY, BinaryEncoding.BASE64, "3q2+7w=="))
    saved.save("multi", Draft(ComposerMode.TEXT, BinaryEncoding.HEX, "a\nb ✓"))
    again = SavedMessages(QSettingsSavedMessageStore(QSettings(path, QSettings.Format.IniFormat)))
    assert [(m.name, m.draft) for m in again.items] == [(m.name, m.draft) for m in saved.items]
    content = (tmp_path / "wsdesk.ini").read_text()
    assert "url" not in content.lower()
    assert "header" not in content.lower()
