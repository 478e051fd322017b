"""The settings dialog, badges, saved connections in QSettings and the saved window layout."""

import asyncio

import pytest
from aiohttp import web
from PyQt6.QtCore import QSettings, Qt
from PyQt6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
)

from wsdesk.core.headers import bearer_header
from wsdesk.core.keyring_secrets import KeyringSecretStore
from wsdesk.models import ConnectionOptions, ConnectionState
from wsdesk.server.echo import create_app
from wsdesk.testing.stores import MemorySecretStore
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.ui.main_window import MainWindow
from wsdesk.ui.qsettings_store import QSettingsConnectionStore
from wsdesk.viewmodel import ConnectionViewModel
from wsdesk.viewmodel.saved_connections import SavedConnections
from wsdesk.viewmodel.saved_messages import MemorySavedMessageStore, SavedMessages

from ..certificates import server_context, write_self_signed

SECRETS = ("tok-77aa", "proxy-pw-3", "kp-5")


@pytest.fixture
def ini(tmp_path):
    """A settings file in tmp_path: never the user's real settings."""
    return QSettings(str(tmp_path / "wsdesk.ini"), QSettings.Format.IniFormat)


def make_window(qtbot, options, saved=None, state=None):
    vm = ConnectionViewModel(AiohttpChannel, options)
    window = MainWindow(vm, SavedMessages(MemorySavedMessageStore()), saved=saved, state=state)
    qtbot.addWidget(window)
    window.show()
    return vm, window


async def close_window(window):
    window.close()
    await asyncio.wait_for(window._shutdown, 3)


def secret_options(url="ws://127.0.0.1:9/"):
    return ConnectionOptions(
        url=url,
        headers=(bearer_header(SECRETS[0]), ("X-Note", "cafe")),
        proxy=f"http://ann:{SECRETS[1]}@127.0.0.1:3128",
        client_key_password=SECRETS[2],
        subprotocols=("chat.v1",),
    )


def test_saved_connections_round_trip_through_qsettings_without_secrets(ini, tmp_path):
    keyring = MemorySecretStore()
    saved = SavedConnections(QSettingsConnectionStore(ini), keyring)
    saved.save("prod", secret_options())
    saved.remember_url("ws://127.0.0.1:9/?token=abc")
    written = (tmp_path / "wsdesk.ini").read_text()
    assert "prod" in written
    assert not any(secret in written for secret in (*SECRETS, "abc"))
    reread = SavedConnections(
        QSettingsConnectionStore(
            QSettings(str(tmp_path / "wsdesk.ini"), QSettings.Format.IniFormat)
        ),
        keyring,
    )
    assert reread.names == ["prod"]
    assert reread.open("prod") == secret_options()
    assert reread.recent_urls == ["ws://127.0.0.1:9/?token=***"]


def test_without_a_keyring_backend_nothing_secret_is_kept(ini, tmp_path):
    import keyring
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        store = KeyringSecretStore()
        assert not store.available
        assert store.set("k", "v") is False
        assert store.get("k") is None
        saved = SavedConnections(QSettingsConnectionStore(ini), store)
        saved.save("prod", secret_options())
    finally:
        keyring.set_keyring(before)
    assert "No system keyring" in saved.notice
    assert not any(s in (tmp_path / "wsdesk.ini").read_text() for s in SECRETS)


async def test_settings_dialog_is_non_modal_and_validates_inline(qtbot, wait):
    vm, window = make_window(qtbot, ConnectionOptions(url="ws://127.0.0.1:9/feed?room=1"))
    window.settings_menu.action.trigger()
    dialog = window.settings_menu.dialog
    await wait(dialog.isVisible)
    assert not dialog.isModal()
    headers = dialog.findChild(QTableWidget, "headersTable")
    dialog.findChild(QPushButton, "headerAddButton").click()
    headers.setItem(0, 0, QTableWidgetItem("X-Note"))
    headers.setItem(0, 1, QTableWidgetItem("café…"))
    label = dialog.findChild(QLabel, "headerErrorLabel")
    assert label.isVisibleTo(dialog)
    assert "header values must be ASCII" in label.text()
    assert not dialog.ok_button.isEnabled()
    headers.setItem(0, 1, QTableWidgetItem("cafe"))
    assert not label.isVisibleTo(dialog)
    query = dialog.findChild(QTableWidget, "queryTable")
    assert query.item(0, 0).text() == "room"
    query.setItem(0, 1, QTableWidgetItem("2"))
    assert dialog.findChild(QLineEdit, "settingsUrlEdit").text() == "ws://127.0.0.1:9/feed?room=2"
    url_field = dialog.findChild(QLineEdit, "settingsUrlEdit")
    url_field.setText("ws://127.0.0.1:9/feed?room=3&lang=en")
    url_field.textEdited.emit(url_field.text())
    assert query.rowCount() == 2
    dialog.subprotocols_edit.setPlainText("chat.v2\nchat.v1")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert vm.options.headers == (("X-Note", "cafe"),)
    assert vm.options.subprotocols == ("chat.v2", "chat.v1")
    assert vm.options.url == "ws://127.0.0.1:9/feed?room=3&lang=en"
    await close_window(window)


async def test_auth_helper_fills_a_secret_header(qtbot):
    vm, window = make_window(qtbot, ConnectionOptions(url="ws://127.0.0.1:9/"))
    window.settings_menu.open_settings()
    dialog = window.settings_menu.dialog
    dialog.auth_combo.setCurrentText("Bearer token")
    dialog.bearer_edit.setText("t-1")
    dialog.apply_auth_button.click()
    dialog.apply_to_connection()
    assert vm.options.headers == (("Authorization", "Bearer t-1"),)
    headers = dialog.findChild(QTableWidget, "headersTable")
    assert headers.item(0, 2).checkState() == Qt.CheckState.Checked
    await close_window(window)


@pytest.fixture
async def tls_echo(tmp_path):
    cert, key = write_self_signed(tmp_path, "ui")
    runner = web.AppRunner(create_app(), handle_signals=False, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=server_context(cert, key))
    await site.start()
    yield f"wss://127.0.0.1:{runner.addresses[0][1]}/", str(cert)
    await runner.cleanup()


async def test_unverified_tls_badge_shows_while_open_only(qtbot, tls_echo, wait):
    """B12: verify-off connects and shows a persistent badge; the CA-file run shows none."""
    url, ca_file = tls_echo
    vm, window = make_window(qtbot, ConnectionOptions(url=url))
    badge = window.findChild(QLabel, "tlsBadge")
    await vm.connect.execute()
    assert vm.error == "TLS: certificate not trusted (self-signed)"
    assert not badge.isVisibleTo(window)
    window.settings_menu.open_settings()
    window.settings_menu.dialog.verify_check.setChecked(False)
    assert window.settings_menu.dialog.apply_to_connection()
    await vm.connect.execute()
    assert vm.state is ConnectionState.OPEN
    assert badge.isVisibleTo(window)
    assert "unverified TLS" in badge.text()
    await vm.disconnect.execute()
    assert not badge.isVisibleTo(window)
    vm.options = ConnectionOptions(url=url, ca_file=ca_file)
    await vm.connect.execute()
    assert vm.state is ConnectionState.OPEN
    assert not badge.isVisibleTo(window)
    handshake = window.findChild(QLabel, "handshakeLabel")
    assert handshake.text().startswith("subprotocol: none · extensions: permessage-deflate")
    await close_window(window)


async def test_saved_tab_and_recent_urls(qtbot, ini, tmp_path, echo_server):
    saved = SavedConnections(QSettingsConnectionStore(ini), MemorySecretStore(available=False))
    vm, window = make_window(qtbot, secret_options(echo_server.url), saved)
    window.settings_menu.open_settings()
    dialog = window.settings_menu.dialog
    dialog.findChild(QLineEdit, "savedNameEdit").setText("echo")
    dialog.findChild(QPushButton, "saveButton").click()
    assert saved.names == ["echo"]
    notice = dialog.findChild(QLabel, "savedNoticeLabel")
    assert not notice.isHidden()  # on the Saved tab, which is not the current one
    assert "No system keyring" in notice.text()
    dialog.findChild(QPushButton, "duplicateButton").click()
    assert dialog.saved_list.count() == 2
    assert not any(s in (tmp_path / "wsdesk.ini").read_text() for s in SECRETS)
    vm.options = ConnectionOptions(url=echo_server.url)
    await vm.connect.execute()
    completer = window.url_edit.completer()
    assert completer.model().stringList() == [echo_server.url]
    recent = window.settings_menu.recent_menu
    recent.aboutToShow.emit()
    window.url_edit.clear()
    recent.actions()[0].trigger()
    assert window.url_edit.text() == echo_server.url
    await close_window(window)


async def test_window_geometry_and_splitter_are_restored(qtbot, ini):
    _vm, window = make_window(qtbot, ConnectionOptions(), state=ini)
    window.sidebar.hide()  # the offscreen screen is 800 px wide: without it the window fits
    await asyncio.sleep(0.05)  # the layout's new minimum width, once Qt has run its events
    window.resize(790, 700)
    splitter = window.findChild(QSplitter, "logSplitter")
    splitter.setSizes([150, 350])
    sizes = splitter.sizes()
    await close_window(window)
    _vm2, again = make_window(qtbot, ConnectionOptions(), state=ini)
    assert (again.width(), again.height()) == (790, 700)
    assert not again.sidebar.isVisible()  # the dock's state is restored too
    assert again.findChild(QSplitter, "logSplitter").sizes() == sizes
    await close_window(again)
