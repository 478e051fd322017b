"""The Playground menu: one click opens a tab on a misbehaving route of the embedded server."""

import asyncio

import pytest
from PyQt6.QtWidgets import QMenu

from wsdesk.embedded_server import EmbeddedServer
from wsdesk.models import CloseInitiator, ConnectionOptions, ConnectionState
from wsdesk.server.playground import EXAMPLES
from wsdesk.testing.stores import MemorySecretStore
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.ui.main_window import MainWindow
from wsdesk.ui.playground_menu import TITLE_PREFIX, PlaygroundMenu
from wsdesk.viewmodel.saved_messages import MemorySavedMessageStore, SavedMessages
from wsdesk.viewmodel.workspace_viewmodel import WorkspaceViewModel


@pytest.fixture
async def embedded():
    server = EmbeddedServer()
    yield server
    await server.stop()


def make_window(qtbot, path, embedded):
    workspace = WorkspaceViewModel(AiohttpChannel, path, MemorySecretStore())
    window = MainWindow(workspace, SavedMessages(MemorySavedMessageStore()))
    menu = PlaygroundMenu(window, workspace, EXAMPLES, embedded.url)
    qtbot.addWidget(window)
    window.show()
    return workspace, window, menu


async def close_window(window):
    window.close()
    await asyncio.wait_for(window._shutdown, 5)


def action(menu, label):
    return next(a for a in menu.actions() if a.text() == label)


async def test_the_menu_lists_every_example_with_what_it_shows(qtbot, tmp_path, embedded):
    _workspace, window, _menu = make_window(qtbot, tmp_path / "w.json", embedded)
    menu = window.findChild(QMenu, "playgroundMenu")
    assert [a.text() for a in menu.actions()] == [e.label for e in EXAMPLES]
    assert all(a.toolTip().startswith("Shows ") for a in menu.actions())
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Playground") == len(titles) - 2, "before Help, which stays last"
    await close_window(window)


async def test_an_example_opens_a_connected_tab_on_the_embedded_server(
    qtbot, tmp_path, embedded, wait
):
    workspace, window, menu = make_window(qtbot, tmp_path / "w.json", embedded)
    assert embedded.running_url is None, "the server starts on first use"
    action(menu, "Close with 1011 (internal error)").trigger()
    await wait(lambda: len(workspace.tabs) == 2)
    tab = workspace.current
    assert tab.title == TITLE_PREFIX + "Close with 1011 (internal error)"
    assert tab.options.url.startswith(embedded.running_url.rstrip("/") + "/close/1011")
    await wait(lambda: tab.close_info is not None, within=5)
    assert (tab.close_info.code, tab.close_info.initiator) == (1011, CloseInitiator.SERVER)
    assert "db unavailable" in tab.status_text
    tabs = window.tabs
    await wait(lambda: tabs.tabIcon(tabs.indexOf(tabs.page(tab))).cacheKey()
               == tabs._error_icon.cacheKey())  # fmt: skip
    assert workspace.saved.recent_urls == [], "playground URLs change port every start"
    await close_window(window)


async def test_restored_playground_tabs_follow_the_server_to_its_new_port(
    qtbot, tmp_path, embedded
):
    workspace, window, menu = make_window(qtbot, tmp_path / "w.json", embedded)
    old = workspace.new_tab(
        ConnectionOptions(url="ws://127.0.0.1:9/drop?after=3"), title=TITLE_PREFIX + "Drop"
    )
    mine = workspace.new_tab(ConnectionOptions(url="ws://127.0.0.1:9/"), title="Mine")
    base = await embedded.url()
    menu.move_tabs_to(base)
    assert old.options.url == base.rstrip("/") + "/drop?after=3"
    assert mine.options.url == "ws://127.0.0.1:9/"
    assert old.state is ConnectionState.DISCONNECTED
    await close_window(window)
