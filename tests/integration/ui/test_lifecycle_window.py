"""The window while connections close, fail and come back."""

import asyncio

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QLabel, QPushButton

from wsdesk.models import ConnectionOptions, ConnectionState, Direction, ReconnectPolicy
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.ui.main_window import MainWindow
from wsdesk.viewmodel import ConnectionViewModel


def make_window(qtbot, url, **options):
    vm = ConnectionViewModel(AiohttpChannel, ConnectionOptions(url=url, **options))
    window = MainWindow(vm)
    qtbot.addWidget(window)
    window.show()
    return vm, window


async def close_window(window):
    window.close()
    await asyncio.wait_for(window._shutdown, 3)


async def test_reconnect_now_button_only_while_reconnecting(qtbot, faulty_server, wait):
    policy = ReconnectPolicy(initial_delay=5.0, jitter=0.0)
    vm, window = make_window(qtbot, faulty_server.url("/flap"), reconnect=policy)
    button = window.findChild(QPushButton, "reconnectButton")
    status = window.findChild(QLabel, "statusLabel")
    assert not button.isVisibleTo(window)
    await vm.connect.execute()
    await wait(lambda: vm.state is ConnectionState.RECONNECTING)
    assert button.isVisibleTo(window)
    assert button.isEnabled()
    assert status.text() == (
        "Reconnecting: attempt 1, next in 5.0 s · Closed by server: 1012 service restart"
    )
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    await wait(lambda: faulty_server.accepts("/flap") == 2)
    await wait(lambda: status.text().startswith("Reconnecting: attempt 2, next in 10.0 s · "))
    qtbot.mouseClick(window.findChild(QPushButton, "disconnectButton"), Qt.MouseButton.LeftButton)
    await wait(lambda: vm.state is ConnectionState.DISCONNECTED)
    assert not button.isVisibleTo(window)
    assert window.findChild(QPushButton, "connectButton").isEnabled()
    await close_window(window)


async def test_lost_connection_is_styled_as_an_error_and_1005_is_not(qtbot, faulty_server, wait):
    """B02 (b) and B03."""
    vm, window = make_window(qtbot, faulty_server.url("/abort?text=hello"))
    status = window.findChild(QLabel, "statusLabel")
    await vm.connect.execute()
    await wait(lambda: vm.state is ConnectionState.DISCONNECTED)
    assert status.text() == "Connection lost: 1006 connection lost (no close frame)"
    assert "color" in status.styleSheet()
    await vm.connect.execute(faulty_server.url("/close?code=none"))
    await wait(lambda: vm.state is ConnectionState.DISCONNECTED)
    assert status.text() == "Closed by server: 1005 no status code"
    assert status.styleSheet() == ""
    await close_window(window)


async def test_messages_keep_arriving_while_the_window_is_minimised(qtbot, echo_server, wait):
    """B05: the reader does not depend on the log view being visible."""
    vm, window = make_window(qtbot, echo_server.url)
    await vm.connect.execute()
    window.showMinimized()
    await vm.send.execute("while minimised")
    window.hide()
    await vm.send.execute("while hidden")
    await wait(
        lambda: (
            [m.data for m in vm.messages if m.direction is Direction.RECEIVED]
            == ["while minimised", "while hidden"]
        )
    )
    await wait(lambda: window.message_model.rowCount() == len(vm.messages))
    window.show()
    await close_window(window)


async def test_a_long_refusal_does_not_widen_the_window(qtbot, faulty_server, wait):
    vm, window = make_window(qtbot, faulty_server.url("/refuse?status=403&body=" + "x" * 500))
    width = window.width()
    status = window.findChild(QLabel, "statusLabel")
    await vm.connect.execute()
    await asyncio.sleep(0.05)
    assert status.text().endswith("x" * 200 + "…")
    assert status.text() in status.toolTip()
    assert "color" in status.styleSheet()
    assert window.width() == width
    await close_window(window)


async def test_connect_action_is_enabled_again_after_a_failed_attempt(qtbot):
    vm, window = make_window(qtbot, "ws://127.0.0.1:9/")
    try:
        await vm.connect.execute()
        assert vm.state is ConnectionState.DISCONNECTED
        assert vm.error is not None
        # The menu's Connect (F5) follows the button, not only the state.
        assert window.keyboard.connect_action.isEnabled()
        assert window.page.connect_button.isEnabled()
    finally:
        await close_window(window)
