"""Settings dialog safety: half-typed URLs never crash it, Save refuses a draft with
problems, and saved names with '/' survive QSettings."""

import asyncio
import sys

import pytest
from PyQt6.QtCore import QSettings
from PyQt6.QtTest import QTest
from PyQt6.QtWidgets import QLabel, QLineEdit, QPushButton

from wsdesk.models import ConnectionOptions
from wsdesk.testing.stores import MemorySecretStore
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.ui.qsettings_store import QSettingsConnectionStore
from wsdesk.ui.settings_dialog import SettingsDialog
from wsdesk.viewmodel import ConnectionViewModel
from wsdesk.viewmodel.saved_connections import SavedConnections
from wsdesk.viewmodel.settings_viewmodel import ProxyMode


@pytest.fixture
def ini(tmp_path):
    return QSettings(str(tmp_path / "wsdesk.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def hooked(monkeypatch):
    calls = []
    monkeypatch.setattr(sys, "excepthook", lambda *args: calls.append(args))
    return calls


async def make_dialog(qtbot, saved=None):
    vm = ConnectionViewModel(AiohttpChannel, ConnectionOptions(url="ws://127.0.0.1:9/"))
    dialog = SettingsDialog(vm, saved)
    qtbot.addWidget(dialog)
    dialog.edit(vm.options)
    await asyncio.sleep(0)
    return dialog


async def test_typing_an_ipv6_url_key_by_key_never_raises(qtbot, hooked):
    dialog = await make_dialog(qtbot)
    url_field = dialog.findChild(QLineEdit, "settingsUrlEdit")
    url_field.clear()
    QTest.keyClicks(url_field, "ws://[")
    assert "The URL is not valid" in dialog.error_label.text()
    assert not dialog.ok_button.isEnabled()
    QTest.keyClicks(url_field, "::1]:9/?room=1")
    assert url_field.text() == "ws://[::1]:9/?room=1"
    assert dialog.ok_button.isEnabled()
    assert dialog.query_table.rowCount() == 1
    assert hooked == []


async def test_typing_an_ipv6_proxy_never_raises(qtbot, hooked):
    dialog = await make_dialog(qtbot)
    dialog.proxy_radios[ProxyMode.EXPLICIT].setChecked(True)
    QTest.keyClicks(dialog.proxy_url_edit, "http://[::1]:3128")
    assert dialog.settings.errors == {}
    assert hooked == []


async def test_save_refuses_a_draft_with_problems(qtbot, ini, tmp_path):
    saved = SavedConnections(QSettingsConnectionStore(ini), MemorySecretStore(available=False))
    dialog = await make_dialog(qtbot, saved)
    dialog.proxy_radios[ProxyMode.EXPLICIT].setChecked(True)
    QTest.keyClicks(dialog.proxy_url_edit, "pu:PROXYPW@127.0.0.1:3128")
    dialog.name_edit.setText("corp")
    dialog.findChild(QPushButton, "saveButton").click()
    assert saved.names == []
    assert dialog.findChild(QLabel, "savedErrorLabel").text() == (
        "Enter the proxy as http://host:port"
    )
    ini.sync()
    written = (tmp_path / "wsdesk.ini").read_text() if (tmp_path / "wsdesk.ini").exists() else ""
    assert "PROXYPW" not in written


@pytest.mark.parametrize("name", ["a/b", "/lead", "back\\slash", "100%", "a%2Fb"])
def test_names_with_separators_round_trip_through_qsettings(ini, name):
    keyring = MemorySecretStore()
    saved = SavedConnections(QSettingsConnectionStore(ini), keyring)
    options = ConnectionOptions(url="ws://127.0.0.1:9/?token=QS")
    saved.save(name, options)
    again = SavedConnections(
        QSettingsConnectionStore(QSettings(ini.fileName(), QSettings.Format.IniFormat)), keyring
    )
    assert again.names == [name]
    assert again.open(name) == options
    again.delete(name)
    assert again.names == []
    assert keyring.secrets == {}
