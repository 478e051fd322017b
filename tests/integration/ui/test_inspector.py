"""The inspector window against real servers: handshake text, TLS warnings, copies."""

import asyncio
import shlex

import pytest
from aiohttp import web
from PyQt6.QtGui import QGuiApplication
from PyQt6.QtWidgets import QLabel, QPlainTextEdit

from wsdesk.core.headers import bearer_header
from wsdesk.models import ConnectionOptions, ConnectionState, MessageKind
from wsdesk.server.echo import create_app
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.ui.main_window import MainWindow
from wsdesk.ui.stats_view import StatsView
from wsdesk.viewmodel import ConnectionViewModel
from wsdesk.viewmodel.saved_messages import MemorySavedMessageStore, SavedMessages

from ..certificates import server_context, write_self_signed
from ..test_tls import start_tls_echo


@pytest.fixture
async def echo_url():
    runner = web.AppRunner(create_app(), handle_signals=False, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"ws://127.0.0.1:{runner.addresses[0][1]}/"
    await runner.cleanup()


async def open_inspector(qtbot, options, wait):
    vm = ConnectionViewModel(AiohttpChannel, options)
    window = MainWindow(vm, SavedMessages(MemorySavedMessageStore()))
    qtbot.addWidget(window)
    window.show()
    window.settings_menu.inspect_action.trigger()
    dialog = window.settings_menu.inspector
    assert dialog.isVisible()
    await vm.connect.execute()
    return vm, window, dialog


async def close_window(window):
    window.close()
    await asyncio.wait_for(window._shutdown, 3)


async def test_inspector_shows_the_handshake_and_copies_a_command(qtbot, echo_url, wait):
    options = ConnectionOptions(
        url=echo_url + "?room=7",
        headers=(bearer_header("tok-secret-9"), ("X-Note", "cafe")),
        subprotocols=("chat.v1",),
    )
    vm, window, dialog = await open_inspector(qtbot, options, wait)
    try:
        view = dialog.findChild(QPlainTextEdit, "handshakeView")
        await wait(lambda: "HTTP/1.1 101 Switching Protocols" in view.toPlainText())
        text = view.toPlainText()
        assert "GET /?room=7 HTTP/1.1" in text
        assert "Authorization: ***" in text
        assert "X-Note: cafe" in text
        assert "Extensions: permessage-deflate" in text
        assert "tok-secret-9" not in text
        assert not dialog.findChild(QLabel, "tlsWarningLabel").isVisible()
        dialog.copy_text_button.click()
        assert QGuiApplication.clipboard().text() == text
        dialog.copy_cli_button.click()
        command = QGuiApplication.clipboard().text()
        assert shlex.split(command) == [
            "wsdesk-cli",
            echo_url + "?room=7",
            "-H",
            "X-Note: cafe",
            "-s",
            "chat.v1",
        ]
        assert "Authorization" in dialog.note_label.text()
        await vm.disconnect.execute()
        # The last handshake stays readable after the close.
        assert "101 Switching Protocols" in view.toPlainText()
    finally:
        await close_window(window)


async def test_inspector_warns_when_verification_failed(qtbot, tmp_path, wait):
    cert, key = write_self_signed(tmp_path, "peer", expired=True)
    runner, url = await start_tls_echo(server_context(cert, key))
    try:
        options = ConnectionOptions(url=url, ca_file=str(cert), reconnect=None)
        vm, window, dialog = await open_inspector(qtbot, options, wait)
        try:
            await wait(lambda: vm.state is ConnectionState.DISCONNECTED and vm.error)
            warning = dialog.findChild(QLabel, "tlsWarningLabel")
            await wait(warning.isVisible)
            assert "FAILED: certificate expired" in warning.text()
            text = dialog.tls_view.toPlainText()
            assert "Subject: CN=127.0.0.1" in text
            assert "(expired)" in text
            dialog.copy_text_button.click()
            assert "Subject: CN=127.0.0.1" in QGuiApplication.clipboard().text()
        finally:
            await close_window(window)
    finally:
        await runner.cleanup()


async def test_inspector_warns_when_verification_is_off(qtbot, tmp_path, wait):
    runner, url = await start_tls_echo(server_context(*write_self_signed(tmp_path, "peer")))
    try:
        vm, window, dialog = await open_inspector(
            qtbot, ConnectionOptions(url=url, verify_tls=False), wait
        )
        try:
            await wait(lambda: vm.state is ConnectionState.OPEN)
            assert "verification is OFF" in dialog.warning_label.text()
            assert "Protocol: TLSv1." in dialog.tls_view.toPlainText()
            assert "TLS:" not in dialog.handshake_view.toPlainText()
        finally:
            await close_window(window)
    finally:
        await runner.cleanup()


async def test_ping_pong_toggle_logs_control_frames_on_the_open_connection(qtbot, echo_url, wait):
    vm, window, _dialog = await open_inspector(
        qtbot, ConnectionOptions(url=echo_url, ping_interval=None), wait
    )
    try:
        await wait(lambda: vm.state is ConnectionState.OPEN)
        page = window.page
        button = page.log_panel.filter_bar.control_frames_button
        assert button.isVisible()
        assert not button.isChecked()
        button.click()
        assert vm.options.show_control_frames
        await vm.ping.execute()
        await wait(lambda: any(m.kind is MessageKind.PONG for m in vm.messages))
        page.log_panel.source_model.flush()
        model = page.log_panel.proxy
        rows = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
        assert any("↑ PING" in row for row in rows)
        assert any("↓ PONG" in row for row in rows)
        # Options set elsewhere (a saved connection) move the button too.
        vm.options = ConnectionOptions(url=echo_url)
        assert not button.isChecked()
    finally:
        await close_window(window)


async def test_charts_show_round_trips_and_rates_of_the_current_tab(qtbot, echo_url, wait):
    vm, window, dialog = await open_inspector(
        qtbot, ConnectionOptions(url=echo_url, ping_interval=None), wait
    )
    try:
        await wait(lambda: vm.state is ConnectionState.OPEN)
        charts = dialog.findChild(StatsView, "statsView")
        dialog.tabs.setCurrentWidget(charts)
        window.settings_menu.ping_action.trigger()  # Connection > Send Ping
        await wait(lambda: len(window.page.stats.round_trips) == 1)
        await vm.send.execute("hello")
        await wait(lambda: len([m for m in vm.messages if m.data == "hello"]) == 2)
        window.page.stats.sample()
        await wait(lambda: charts.rtt_series.count() == 1)
        assert 0 < charts.rtt_series.at(0).y() < 1000
        assert charts.rate_series[0].count() >= 1
        assert charts.rate_series[1].count() >= 1
        # A new tab's connection has its own, empty charts.
        window.workspace.new_tab(ConnectionOptions(url=echo_url))
        await wait(lambda: dialog.view_model is window.page.view_model)
        assert charts.rtt_series.count() == 0
    finally:
        await close_window(window)
