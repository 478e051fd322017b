"""Actions on the current tab that the keyboard reaches: go to the URL, connect,
disconnect, send, jump to the newest entry and clear the log."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtGui import QAction
from PyQt6.QtWidgets import QMenu, QWidget

from wsdesk.ui.connection_page import ConnectionPage
from wsdesk.ui.shortcuts import assign


class KeyboardActions:
    """The actions, owned by ``window``, each acting on ``page()`` (the tab in front).

    Go to URL, Connect and Disconnect go at the top of ``connection_menu``; Send, Jump to
    newest and Clear log (which asks first) into ``messages_menu``.
    """

    def __init__(
        self,
        window: QWidget,
        page: Callable[[], ConnectionPage],
        connection_menu: QMenu | None,
        messages_menu: QMenu,
    ) -> None:
        self._page = page
        self.focus_url_action = self._action(window, "Go to &URL", "focus_url", self.focus_url)
        self.connect_action = self._action(
            window, "&Connect", "connect", lambda: self._page().connect_typed()
        )
        self.disconnect_action = self._action(
            window, "&Disconnect", "disconnect", lambda: self._page().view_model.disconnect.start()
        )
        self.send_action = self._action(
            window, "Sen&d", "send", lambda: self._page().composer_widget.submit()
        )
        self.newest_action = self._action(
            window, "&Jump to newest", "newest", lambda: self._page().log_panel.follow_newest()
        )
        self.clear_action = self._action(
            window, "C&lear log…", "clear_log", lambda: self._page().log_panel.ask_clear()
        )
        if connection_menu is not None:
            first = connection_menu.actions()[0] if connection_menu.actions() else None
            for action in (self.focus_url_action, self.connect_action, self.disconnect_action):
                connection_menu.insertAction(first, action)
            connection_menu.insertSeparator(first)
        for action in (self.send_action, self.newest_action, self.clear_action):
            messages_menu.addAction(action)

    @staticmethod
    def _action(window: QWidget, text: str, shortcut_id: str, run: Callable[[], object]) -> QAction:
        action = assign(QAction(text, window), shortcut_id)
        first, *rest = shortcut_id.split("_")
        action.setObjectName(first + "".join(word.title() for word in rest) + "Action")
        action.triggered.connect(lambda _checked=False: run())
        return action

    def focus_url(self) -> None:
        """Put the keyboard in the URL field, its text selected to type over."""
        edit = self._page().url_edit
        edit.setFocus()
        edit.selectAll()

    def update(self) -> None:
        """Enable each action by what the current tab's view-model can do now."""
        vm = self._page().view_model
        self.connect_action.setEnabled(vm.connect.can_execute)
        self.disconnect_action.setEnabled(vm.disconnect.can_execute)
        self.send_action.setEnabled(vm.send.can_execute)
