"""Keyboard and screen readers: every visible control is named and explained, the keys
come from one table, Help lists that table, and Tab walks the page as it is laid out."""

import asyncio

import pytest
from PyQt6.QtGui import QAction, QKeySequence
from PyQt6.QtWidgets import QWidget

from wsdesk.models import ConnectionOptions, Direction, Message
from wsdesk.testing import FakeChannelFactory
from wsdesk.ui.accessibility import controls
from wsdesk.ui.main_window import MainWindow
from wsdesk.ui.shortcuts import SHORTCUTS
from wsdesk.viewmodel.saved_messages import MemorySavedMessageStore, SavedMessages
from wsdesk.viewmodel.workspace_viewmodel import WorkspaceViewModel


@pytest.fixture
async def window(qtbot, tmp_path):
    """The window with two tabs, a saved connection and a log entry; closed after the test."""
    workspace = WorkspaceViewModel(FakeChannelFactory(), tmp_path / "workspace.json")
    workspace.saved.save("prices", ConnectionOptions(url="ws://127.0.0.1:9/prices"))
    window = MainWindow(workspace, SavedMessages(MemorySavedMessageStore()))
    workspace.new_tab(ConnectionOptions(url="ws://127.0.0.1:9/chat"), title="chat")
    window.view_model.messages.extend([Message.of(Direction.RECEIVED, "hello")])
    window.show()
    yield window
    if window._shutdown is None:
        window.close()
    await asyncio.wait_for(window._shutdown, 5)


def visible_controls(top):
    return [w for w in controls(top) if w.isVisible()]


def unnamed(top):
    return [
        f"{type(w).__name__} {w.objectName()!r}"
        for w in visible_controls(top)
        if not w.accessibleName().strip() or not w.toolTip().strip()
    ]


async def test_every_visible_control_has_an_accessible_name_and_a_tooltip(window):
    assert len(list(visible_controls(window))) > 30
    assert unnamed(window) == []


async def test_the_dialogs_name_their_controls_too(window):
    assert unnamed(window.help_menu.show_shortcuts()) == []
    assert unnamed(window.help_menu.show_about()) == []
    assert unnamed(window.show_saved_messages()) == []
    editor = window.environment_bar.show_editor()
    editor.add_variable("host", "127.0.0.1")
    assert unnamed(editor) == []
    window.settings_menu.open_settings()
    settings = window.settings_menu.dialog
    tabs = settings.tabs
    for page in range(tabs.count()):  # every page of the settings, one after the other
        tabs.setCurrentIndex(page)
        assert unnamed(settings) == [], tabs.tabText(page)


async def test_a_control_with_a_shortcut_says_it_in_its_tooltip(window):
    page = window.page
    assert page.connect_button.toolTip() == "Connect (F5)"
    assert page.url_edit.toolTip().endswith("(Ctrl+L)")
    assert "Ctrl+Return" in page.send_button.toolTip()
    assert page.log_panel.clear_button.toolTip() == "Clear the log (Ctrl+Shift+L)"


def registered(window):
    """Every action of the window with keys: {shortcut id: [key sequences]}."""
    found = {}
    for action in window.findChildren(QAction):
        if action.shortcuts():
            found[action.property("shortcutId")] = [s.toString() for s in action.shortcuts()]
    return found


async def test_the_window_registers_exactly_the_table_and_help_lists_exactly_it(window):
    table = {s.id: [QKeySequence(k).toString() for k in s.keys] for s in SHORTCUTS}
    assert registered(window) == table  # no key outside the table, no entry without an action
    keys = [k for s in SHORTCUTS for k in table[s.id]]
    assert len(keys) == len(set(keys))  # no two actions share a key
    dialog = window.help_menu.show_shortcuts()
    assert dialog.rows() == [(s.group, s.text, s.shown_keys) for s in SHORTCUTS]
    for required in ("focus_url", "connect", "disconnect", "send", "find", "clear_log"):
        assert required in table
    assert {"new_tab", "close_tab", "newest"} <= table.keys()


async def test_the_keys_act_on_the_tab_in_front(window, qtbot):
    page = window.page
    window.keyboard.focus_url_action.trigger()
    assert page.url_edit.hasFocus()
    assert page.url_edit.selectedText() == page.url_edit.text()
    assert not window.keyboard.send_action.isEnabled()  # not connected
    assert window.keyboard.connect_action.isEnabled()
    window.keyboard.clear_action.trigger()
    box = window.findChild(QWidget, "confirmDeleteBox")
    assert box is not None  # asks first: one entry would be lost
    assert len(window.view_model.messages) == 1


async def test_tab_walks_the_page_in_the_order_it_is_laid_out(window):
    page = window.page
    composer = page.composer_widget
    panel = page.log_panel
    expected = [
        page.url_edit,
        page.connect_button,
        page.disconnect_button,
        panel.filter_bar.text_edit,
        panel.filter_bar.regex_button,
        panel.filter_bar.control_frames_button,
        panel.list_view,
        panel.capacity_spin,
        panel.clear_button,
        panel.detail.copy_button,
        composer.mode_combo,
        composer.saved_button,
        composer.file_button,
        composer.editor,
        composer.send_button,
    ]
    chain = []
    widget = page.url_edit
    for _ in range(200):
        chain.append(widget)
        widget = widget.nextInFocusChain()
        if widget is page.url_edit:
            break
    positions = [chain.index(w) for w in expected]
    assert positions == sorted(positions)
