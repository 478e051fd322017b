"""The URL field's red error always describes what the field holds: typed or completed."""

import asyncio

from PyQt6.QtCore import QSettings

from wsdesk.models import ConnectionOptions
from wsdesk.testing import FakeChannelFactory
from wsdesk.testing.stores import MemorySecretStore
from wsdesk.ui.main_window import MainWindow
from wsdesk.ui.qsettings_store import QSettingsConnectionStore
from wsdesk.viewmodel import ConnectionViewModel
from wsdesk.viewmodel.saved_connections import SavedConnections
from wsdesk.viewmodel.saved_messages import MemorySavedMessageStore, SavedMessages

GOOD = "ws://127.0.0.1:9/feed"


async def test_a_completion_clears_the_error_of_what_was_typed_before(qtbot, tmp_path, wait):
    ini = QSettings(str(tmp_path / "wsdesk.ini"), QSettings.Format.IniFormat)
    saved = SavedConnections(QSettingsConnectionStore(ini), MemorySecretStore())
    saved.remember_url(GOOD)
    saved.remember_url("ws://ann:***@127.0.0.1:9/private")
    vm = ConnectionViewModel(FakeChannelFactory(), ConnectionOptions())
    window = MainWindow(vm, SavedMessages(MemorySavedMessageStore()), saved=saved)
    window.show()
    page = window.page
    page.url_edit.setText("ftp://127.0.0.1/")
    page.connect_typed()
    await wait(lambda: page.url_error_label.isVisibleTo(window))
    assert "ftp" in page.url_error_label.text()

    completer = page.url_edit.completer()
    completer.activated.emit(GOOD)  # the user picks a recent URL from the popup
    assert page.url_edit.text() == GOOD
    assert vm.url_error is None
    assert not page.url_error_label.isVisibleTo(window)

    page.url_edit.setText("ws://")  # nothing to correct until the next connect ...
    assert not page.url_error_label.isVisibleTo(window)
    page.connect_typed()
    await wait(lambda: page.url_error_label.isVisibleTo(window))
    shown = page.url_error_label.text()
    page.url_edit.setText("ws://:99999")  # ... then the error follows the text
    assert page.url_error_label.text() not in ("", shown)
    completer.activated.emit("ws://ann:***@127.0.0.1:9/private")
    assert page.url_error_label.text() == "Enter the secret again: password reads ***"
    window.close()
    await asyncio.wait_for(window._shutdown, 5)
