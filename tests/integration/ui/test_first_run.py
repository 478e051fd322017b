"""A newcomer's first minute: the hint in the empty log, and About wsdesk."""

import asyncio

from PyQt6.QtCore import QSettings

from wsdesk import __version__
from wsdesk.models import ConnectionOptions
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.ui.main_window import MainWindow
from wsdesk.viewmodel.first_run import ECHO_TITLE
from wsdesk.viewmodel.saved_messages import MemorySavedMessageStore, SavedMessages
from wsdesk.viewmodel.workspace_viewmodel import WorkspaceViewModel


async def test_the_empty_log_says_what_to_do_until_the_first_message(tmp_path, echo_server, wait):
    workspace = WorkspaceViewModel(AiohttpChannel, tmp_path / "workspace.json")
    echo = workspace.new_tab(ConnectionOptions(url=echo_server.url), title=ECHO_TITLE)
    window = MainWindow(workspace, SavedMessages(MemorySavedMessageStore()))
    window.show()
    hint = window.log_panel.hint_label
    assert hint.isVisibleTo(window)
    assert "Press Connect" in hint.text()
    await echo.connect.execute()
    await wait(lambda: "built-in echo" in hint.text())
    assert hint.text() == (
        "Type a message below and press Enter; it comes back from the built-in echo server."
    )
    window.composer_edit.setPlainText("Hello!")
    window.composer_widget.submit()
    await wait(lambda: not hint.isVisibleTo(window))  # the log has its first messages

    other = workspace.new_tab()
    assert window.view_model is other
    assert window.log_panel.hint_label.text() == (
        "Type a ws:// or wss:// URL above and press Enter to connect."
    )
    window.close()
    await asyncio.wait_for(window._shutdown, 5)


async def test_about_shows_the_version_the_files_and_the_licences(tmp_path):
    settings = QSettings(str(tmp_path / "wsdesk.ini"), QSettings.Format.IniFormat)
    workspace = WorkspaceViewModel(AiohttpChannel, tmp_path / "workspace.json")
    window = MainWindow(workspace, SavedMessages(MemorySavedMessageStore()), state=settings)
    window.show()
    about = window.help_menu.show_about()
    texts = " ".join(label.text() for label in about.findChildren(type(window.status_label)))
    assert f"wsdesk {__version__}" in texts
    assert str(tmp_path / "wsdesk.ini") in about.paths_label.text()
    assert str(tmp_path / "workspace.json") in about.paths_label.text()
    table = about.table
    rows = {
        table.item(r, 0).text().lower(): table.item(r, 2).text() for r in range(table.rowCount())
    }
    assert rows["pyqt6"] == "GPL-3.0-only"
    assert "aiohttp" in rows
    assert window.help_menu.show_about() is about  # one dialog, raised again
    window.close()
    await asyncio.wait_for(window._shutdown, 5)
