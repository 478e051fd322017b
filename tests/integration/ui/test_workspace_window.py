"""The workspace in the window: tabs on two real servers, the sidebar, environments."""

import asyncio

import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QComboBox, QLabel, QListView, QMessageBox, QTabWidget

from wsdesk.models import ConnectionOptions, ConnectionState, Environment
from wsdesk.server import echo
from wsdesk.testing.stores import MemorySecretStore
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.ui.main_window import MainWindow
from wsdesk.viewmodel.connection_viewmodel import READER_TASK_NAME
from wsdesk.viewmodel.saved_messages import MemorySavedMessageStore, SavedMessages
from wsdesk.viewmodel.workspace_viewmodel import WorkspaceViewModel


@pytest.fixture
async def second_server():
    server = await echo.start()
    yield server
    await server.stop()


def make_window(qtbot, path):
    workspace = WorkspaceViewModel(AiohttpChannel, path, MemorySecretStore())
    window = MainWindow(workspace, SavedMessages(MemorySavedMessageStore()))
    qtbot.addWidget(window)
    window.show()
    return workspace, window


async def close_window(window):
    window.close()
    await asyncio.wait_for(window._shutdown, 5)


def texts(tab):
    return [m.data for m in tab.messages]


async def test_two_tabs_on_two_servers_each_message_in_its_own_tab(
    qtbot, echo_server, second_server, tmp_path, wait
):
    workspace, window = make_window(qtbot, tmp_path / "workspace.json")
    first = workspace.current
    first.options = ConnectionOptions(url=echo_server.url)
    second = workspace.new_tab(ConnectionOptions(url=second_server.url), title="Second")
    tabs = window.findChild(QTabWidget, "connectionTabs")
    assert tabs.count() == 2
    assert tabs.currentWidget() is window.tabs.page(second)
    await first.connect.execute()
    await second.connect.execute()
    await first.send.execute("to the first")
    await second.send.execute("to the second")
    await wait(lambda: texts(first).count("to the first") == 2)  # sent and echoed
    await wait(lambda: texts(second).count("to the second") == 2)
    assert "to the second" not in texts(first)
    assert "to the first" not in texts(second)
    # The first tab is behind: its echo counts as unread until it comes to the front.
    assert window.tabs.unread(first) == 1
    window.tabs.page(first).message_model.flush()
    await wait(lambda: tabs.tabText(tabs.indexOf(window.tabs.page(first))).endswith("(1)"))
    tabs.setCurrentIndex(tabs.indexOf(window.tabs.page(first)))
    assert workspace.current is first
    assert window.tabs.unread(first) == 0
    # Closing one tab closes its connection cleanly and leaves the other open.
    await window.close_tab(first)
    assert first.state is ConnectionState.DISCONNECTED
    assert first.close_info.code == 1000
    assert second.state is ConnectionState.OPEN
    assert tabs.count() == 1
    readers = [t for t in asyncio.all_tasks() if t.get_name() == READER_TASK_NAME]
    assert len(readers) == 1  # the second tab's: the first left no task behind
    await close_window(window)
    assert second.state is ConnectionState.DISCONNECTED


async def test_tabs_are_restored_with_titles_and_drafts_not_connected(qtbot, tmp_path, echo_server):
    path = tmp_path / "workspace.json"
    workspace, window = make_window(qtbot, path)
    workspace.current.options = ConnectionOptions(url=echo_server.url)
    workspace.current.title = "Echo"
    workspace.composer(workspace.current).text = "half-typed"
    workspace.new_tab(ConnectionOptions(url="ws://127.0.0.1:9/other"))
    await close_window(window)
    again, window = make_window(qtbot, path)
    tabs = window.findChild(QTabWidget, "connectionTabs")
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Echo", "127.0.0.1:9/other"]
    echo_tab = again.tabs[0]
    assert again.composer(echo_tab).text == "half-typed"
    assert window.tabs.page(echo_tab).composer_edit.toPlainText() == "half-typed"  # shown
    assert all(t.state is ConnectionState.DISCONNECTED for t in again.tabs)
    await close_window(window)


async def test_keyboard_and_mouse_open_close_and_rename_tabs(qtbot, tmp_path):
    workspace, window = make_window(qtbot, tmp_path / "workspace.json")
    tabs = window.findChild(QTabWidget, "connectionTabs")
    window.new_tab_action.trigger()
    assert tabs.count() == 2
    window.tabs.new_tab_button.click()
    assert tabs.count() == 3
    assert window.new_tab_action.shortcut().toString() == "Ctrl+T"
    assert window.close_tab_action.shortcut().toString() == "Ctrl+W"
    await window.close_tab(workspace.current)
    assert tabs.count() == 2
    bar = tabs.tabBar()
    centre = bar.tabRect(0).center()
    qtbot.mouseClick(bar, Qt.MouseButton.MiddleButton, pos=centre)
    await wait_for_count(tabs, 1)
    dialog = window.tabs.ask_rename(0)
    dialog.textValueSelected.emit("Renamed")
    assert workspace.tabs[0].title == "Renamed"
    assert tabs.tabText(0) == "Renamed"
    await window.close_tab(workspace.tabs[0])  # the last: an empty one takes its place
    await wait_for_count(tabs, 1)
    assert workspace.current.title == "New connection"
    await close_window(window)


async def wait_for_count(tabs, count):
    for _ in range(300):
        if tabs.count() == count:
            return
        await asyncio.sleep(0.01)
    pytest.fail(f"{tabs.count()} tabs, not {count}")


async def test_sidebar_searches_opens_and_deletes_after_asking(qtbot, tmp_path):
    workspace, window = make_window(qtbot, tmp_path / "workspace.json")
    workspace.saved.save("prices feed", ConnectionOptions(url="ws://127.0.0.1:9/prices"))
    workspace.saved.save("chat", ConnectionOptions(url="ws://127.0.0.1:9/chat"))
    view = window.findChild(QListView, "savedConnections")
    model = view.model()
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["chat", "prices feed"]
    window.sidebar.search_edit.setText("PRICE")
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["prices feed"]
    view.doubleClicked.emit(model.index(0, 0))
    assert workspace.current.title == "prices feed"
    assert workspace.current.options.url == "ws://127.0.0.1:9/prices"
    view.setCurrentIndex(model.index(0, 0))
    box = window.sidebar.ask_delete()
    assert "prices feed" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert "prices feed" in workspace.saved.names  # cancelled: nothing deleted
    box = window.sidebar.ask_delete()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert workspace.saved.names == ["chat"]
    # Ctrl+S saves a named tab under its title.
    workspace.current.title = "mine"
    window.save_connection_action.trigger()
    assert "mine" in workspace.saved.names
    await close_window(window)


async def test_environment_combo_switches_what_a_tab_connects_to(
    qtbot, tmp_path, echo_server, wait
):
    workspace, window = make_window(qtbot, tmp_path / "workspace.json")
    host = echo_server.url.split("//")[1].rstrip("/")
    workspace.set_environment(Environment("local", (("host", host),)))
    combo = window.findChild(QComboBox, "environmentCombo")
    assert [combo.itemText(i) for i in range(combo.count())] == ["No environment", "local"]
    tab = workspace.current
    window.url_edit.setText("ws://{{host}}/")
    window.page.connect_button.click()
    await wait(lambda: tab.url_error is not None)  # no environment yet: not a URL
    combo.setCurrentIndex(1)
    assert workspace.active_environment == "local"
    window.page.connect_button.click()
    await wait(lambda: tab.state is ConnectionState.OPEN)
    assert tab.options.url == "ws://{{host}}/"
    assert window.url_edit.text() == "ws://{{host}}/"
    editor = window.environment_bar.show_editor()
    editor.name_edit.setText("")
    assert not editor.save()
    assert editor.error_label.isVisibleTo(editor)
    await close_window(window)


async def test_switching_tabs_rebinds_the_settings_and_the_window_title(qtbot, tmp_path):
    workspace, window = make_window(qtbot, tmp_path / "workspace.json")
    first = workspace.current
    first_dialog = window.settings_menu.dialog
    second = workspace.new_tab(title="Second")
    assert window.windowTitle() == "Second — wsdesk"
    assert window.settings_menu.dialog is not first_dialog
    assert window.settings_menu.dialog.view_model is second
    second.title = "Renamed"
    assert window.windowTitle() == "Renamed — wsdesk"
    await asyncio.sleep(0.05)  # the replaced dialog is deleted by now
    errors = []
    workspace.saved.changed.connect(
        lambda: errors.append(window.settings_menu.dialog.saved_list.count())
    )
    workspace.save_tab(second)  # the deleted dialog no longer listens: nothing raises
    assert errors == [1]
    workspace.current = first
    assert window.settings_menu.dialog.view_model is first
    await close_window(window)


async def test_closing_open_tabs_leaves_no_error_and_at_least_one_tab(
    qtbot, tmp_path, echo_server, second_server
):
    workspace, window = make_window(qtbot, tmp_path / "workspace.json")
    loop = asyncio.get_running_loop()
    problems = []
    loop.set_exception_handler(lambda _loop, context: problems.append(context))
    first = workspace.current
    first.options = ConnectionOptions(url=echo_server.url)
    second = workspace.new_tab(ConnectionOptions(url=second_server.url))
    await first.connect.execute()
    await second.connect.execute()
    # Both at once, in one tick: the window must still end with a tab of its own.
    tasks = [window.close_tab(first), window.close_tab(second), window.close_tab(first)]
    assert tasks[2] is None  # already closing
    await asyncio.gather(*tasks[:2])
    await asyncio.sleep(0.1)  # the pages' deletion runs
    assert first.close_info.code == second.close_info.code == 1000
    assert len(workspace.tabs) == 1
    assert workspace.current is workspace.tabs[0]
    assert window.findChild(QTabWidget, "connectionTabs").count() == 1
    assert problems == []
    loop.set_exception_handler(None)
    await close_window(window)


async def test_a_new_environment_may_not_take_an_existing_name(qtbot, tmp_path):
    workspace, window = make_window(qtbot, tmp_path / "workspace.json")
    workspace.set_environment(Environment("prod", (("host", "a"),)))
    editor = window.environment_bar.show_editor()
    editor.new_environment()
    editor.name_edit.setText("prod")
    assert not editor.save()
    assert "already an environment called prod" in editor.error_label.text()
    assert workspace.environment("prod").variables == (("host", "a"),)
    await close_window(window)


async def test_a_workspace_notice_reaches_the_window(qtbot, tmp_path):
    path = tmp_path / "workspace.json"
    path.write_text("{broken")
    _workspace, window = make_window(qtbot, path)
    label = window.findChild(QLabel, "workspaceNotice")
    assert "kept as" in label.text()
    assert label.isVisibleTo(window)
    await close_window(window)


async def test_saved_connections_in_qsettings_move_into_the_workspace_with_their_secrets(
    tmp_path,
):
    from PyQt6.QtCore import QSettings

    from wsdesk.core.headers import bearer_header
    from wsdesk.testing import FakeChannelFactory
    from wsdesk.ui.qsettings_store import QSettingsConnectionStore
    from wsdesk.viewmodel.saved_connections import SavedConnections

    ini = QSettings(str(tmp_path / "wsdesk.ini"), QSettings.Format.IniFormat)
    keyring = MemorySecretStore()
    old = SavedConnections(QSettingsConnectionStore(ini), keyring)
    options = ConnectionOptions(url="ws://127.0.0.1:9/a/b", headers=(bearer_header("tok-mv-1"),))
    old.save("team/feed", options)
    old.remember_url("ws://127.0.0.1:9/recent")
    path = tmp_path / "workspace.json"
    workspace = WorkspaceViewModel(
        FakeChannelFactory(), path, keyring, legacy=QSettingsConnectionStore(ini)
    )
    assert workspace.saved.names == ["team/feed"]
    assert workspace.saved.open("team/feed") == options  # the secret comes along
    assert workspace.saved.recent_urls == ["ws://127.0.0.1:9/recent"]
    assert b"tok-mv-1" not in path.read_bytes()
    await workspace.aclose()
