import asyncio

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QLabel, QLineEdit, QListView, QPlainTextEdit, QPushButton

from wsdesk.models import ConnectionOptions, ConnectionState, Direction, MessageKind
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.ui.main_window import MainWindow
from wsdesk.viewmodel import ConnectionViewModel
from wsdesk.viewmodel.composer_modes import ComposerMode
from wsdesk.viewmodel.saved_messages import MemorySavedMessageStore, SavedMessages


def make_window(qtbot, url):
    vm = ConnectionViewModel(AiohttpChannel, ConnectionOptions(url=url))
    window = MainWindow(vm, SavedMessages(MemorySavedMessageStore()))
    qtbot.addWidget(window)
    window.show()
    return vm, window


def log_texts(window):
    view = window.findChild(QListView, "messageLog")
    model = view.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


async def close_window(window):
    window.close()
    await asyncio.wait_for(window._shutdown, 3)


async def test_type_hello_press_enter_and_see_the_echo(qtbot, echo_server, wait):
    vm, window = make_window(qtbot, "")
    url_edit = window.findChild(QLineEdit, "urlEdit")
    url_edit.setText(echo_server.url)
    qtbot.mouseClick(window.findChild(QPushButton, "connectButton"), Qt.MouseButton.LeftButton)
    await wait(lambda: vm.state is ConnectionState.OPEN)
    composer = window.findChild(QPlainTextEdit, "composerEdit")
    composer.setPlainText("Hello!")
    qtbot.keyClick(composer, Qt.Key.Key_Return)
    # The view trails the log by at most one update interval: wait for what it shows.
    await wait(lambda: any("↓ text" in t for t in log_texts(window)))
    texts = log_texts(window)
    sent = [t for t in texts if "↑ text" in t]
    received = [t for t in texts if "↓ text" in t]
    assert sent
    assert sent[0].endswith("Hello!")
    assert received
    assert received[0].endswith("Hello!")
    assert texts.index(sent[0]) < texts.index(received[0])
    assert composer.toPlainText() == ""
    await close_window(window)


async def test_buttons_follow_the_state(qtbot, echo_server, wait):
    vm, window = make_window(qtbot, echo_server.url)
    connect = window.findChild(QPushButton, "connectButton")
    disconnect = window.findChild(QPushButton, "disconnectButton")
    send = window.findChild(QPushButton, "sendButton")
    assert (connect.isEnabled(), disconnect.isEnabled(), send.isEnabled()) == (True, False, False)
    await vm.connect.execute()
    assert (connect.isEnabled(), disconnect.isEnabled(), send.isEnabled()) == (False, True, True)
    assert window.findChild(QLabel, "statusLabel").text() == f"Open: {echo_server.url}"
    qtbot.mouseClick(disconnect, Qt.MouseButton.LeftButton)
    await wait(lambda: vm.state is ConnectionState.DISCONNECTED)
    assert (connect.isEnabled(), disconnect.isEnabled(), send.isEnabled()) == (True, False, False)
    assert window.findChild(QLabel, "statusLabel").text() == "Closed by you: 1000 normal closure"
    await close_window(window)


async def test_binary_hex_echo(qtbot, echo_server, wait):
    vm, window = make_window(qtbot, echo_server.url)
    await vm.connect.execute()
    window.composer.mode = ComposerMode.BINARY
    window.composer_edit.setPlainText("de ad 0xbe ef")
    qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
    await wait(lambda: any("↓ binary" in t for t in log_texts(window)))
    received = [m for m in vm.messages if m.direction is Direction.RECEIVED]
    assert received[0].kind is MessageKind.BINARY
    assert received[0].data == b"\xde\xad\xbe\xef"
    assert any("↓ binary" in t and t.endswith("de ad be ef") for t in log_texts(window))
    await close_window(window)


async def test_bad_hex_is_an_inline_error_and_nothing_is_sent(qtbot, echo_server, wait):
    vm, window = make_window(qtbot, echo_server.url)
    await vm.connect.execute()
    window.composer.mode = ComposerMode.BINARY
    window.composer_edit.setPlainText("zz")
    qtbot.keyClick(window.composer_edit, Qt.Key.Key_Return)
    await asyncio.sleep(0.1)
    label = window.findChild(QLabel, "composerErrorLabel")
    assert label.isVisibleTo(window)
    assert "'z' is not a hex digit" in label.text()
    assert window.composer_edit.toPlainText() == "zz"
    assert not any(m.direction is Direction.SENT for m in vm.messages)
    await close_window(window)


async def test_invalid_url_shows_inline_error(qtbot, wait):
    vm, window = make_window(qtbot, "")
    window.url_edit.setText("ftp://127.0.0.1/")
    qtbot.keyClick(window.url_edit, Qt.Key.Key_Return)
    label = window.findChild(QLabel, "urlErrorLabel")
    await wait(lambda: label.isVisibleTo(window))
    assert "Unsupported scheme" in label.text()
    assert vm.state is ConnectionState.DISCONNECTED
    await close_window(window)


async def test_closing_the_window_sends_going_away(qtbot, echo_server, wait):
    vm, window = make_window(qtbot, echo_server.url)
    await vm.connect.execute()
    closed = []
    window.closed.connect(lambda: closed.append(True))
    await close_window(window)
    assert closed == [True]
    assert vm.close_info.code == 1001
    assert not window.isVisible()
    others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    assert all(t.done() for t in others)
