"""The window's settings entry points: the Connection menu, the handshake and TLS badges
in the status bar, recent URLs under the URL field, and the saved window layout."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PyQt6.QtCore import QSettings, QStringListModel
from PyQt6.QtGui import QAction
from PyQt6.QtWidgets import QCompleter, QLineEdit, QMainWindow, QMenu

from wsdesk.models import HandshakeInfo
from wsdesk.ui.shortcuts import assign
from wsdesk.ui.theme import set_colour_role
from wsdesk.ui.widgets import plain_label
from wsdesk.ui.window_state import restore_window_state, save_window_state
from wsdesk.viewmodel.connection_stats import ConnectionStats
from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel
from wsdesk.viewmodel.saved_connections import SavedConnections

if TYPE_CHECKING:
    from wsdesk.ui.inspector_dialog import InspectorDialog
    from wsdesk.ui.settings_dialog import SettingsDialog

BADGE_TEXT = "⚠ unverified TLS"


class SettingsMenu:
    """Adds settings to ``window`` without touching its central layout.

    ``saved`` (optional) enables saved connections and recent URLs; ``state`` (optional)
    is where window geometry and splitter sizes are kept: restored now, saved by
    :meth:`save_state`.
    """

    def __init__(
        self,
        window: QMainWindow,
        view_model: ConnectionViewModel,
        url_edit: QLineEdit,
        saved: SavedConnections | None = None,
        state: QSettings | None = None,
        stats: ConnectionStats | None = None,
    ) -> None:
        self._window = window
        self._stats = stats
        self._saved = saved
        self._state = state
        self._followed: set[int] = set()
        self.action = assign(QAction("Settings…", window), "settings")
        self.action.setObjectName("settingsAction")
        self.action.triggered.connect(self.open_settings)
        menu_bar = window.menuBar()
        menu = menu_bar.addMenu("&Connection") if menu_bar is not None else None
        self.menu = menu
        self.inspect_action = assign(QAction("&Inspect Connection…", window), "inspect")
        self.inspect_action.setObjectName("inspectAction")
        self.inspect_action.triggered.connect(self.open_inspector)
        # One ping now, beside the heartbeat's: its round trip shows in the status bar,
        # the log and the inspector's chart.
        self.ping_action = QAction("Send &Ping", window)
        self.ping_action.setObjectName("pingAction")
        self.ping_action.setToolTip("Send one ping and show its round trip")
        self.ping_action.triggered.connect(lambda _checked=False: self._view_model.ping.start())
        if menu is not None:
            menu.addAction(self.action)
            menu.addAction(self.inspect_action)
            menu.addAction(self.ping_action)
        self.recent_menu = QMenu("&Recent URLs", window)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        if menu is not None and saved is not None:
            menu.addMenu(self.recent_menu)
        # The subprotocol and extensions come from the server: shown verbatim.
        self.handshake_label = plain_label("handshakeLabel")
        self.tls_badge = plain_label("tlsBadge")
        self.tls_badge.setText(BADGE_TEXT)
        set_colour_role(self.tls_badge, "badge")
        self.tls_badge.setToolTip("Certificate verification is off for this connection")
        status_bar = window.statusBar()
        if status_bar is not None:
            status_bar.addPermanentWidget(self.handshake_label)
            status_bar.addPermanentWidget(self.tls_badge)
        if saved is not None:
            self._recent = QStringListModel(saved.recent_urls, window)
            saved.recent_changed.connect(lambda: self._recent.setStringList(saved.recent_urls))
        self._view_model = view_model
        self._url_edit = url_edit
        self._dialog: SettingsDialog | None = None
        self._inspector: InspectorDialog | None = None
        self.bind(view_model, url_edit)
        if state is not None:
            restore_window_state(window, state)

    def bind(
        self,
        view_model: ConnectionViewModel,
        url_edit: QLineEdit,
        stats: ConnectionStats | None = None,
    ) -> None:
        """Act on ``view_model`` (the current tab), its ``url_edit`` and ``stats`` (for the
        inspector's charts) from now on."""
        if view_model is not self._view_model:
            self._view_model.handshake_changed.disconnect(self._show_handshake)
            if self._dialog is not None:
                self._dialog.release()
                self._dialog.close()
                self._dialog.deleteLater()
                self._dialog = None
        self._view_model = view_model
        self._url_edit = url_edit
        self._stats = stats if stats is not None else self._stats
        if self._inspector is not None:
            self._inspector.follow(view_model, self._stats)
        view_model.handshake_changed.connect(self._show_handshake)
        self._show_handshake(view_model.handshake)
        saved = self._saved
        if saved is not None and url_edit.completer() is None:
            completer = QCompleter(self._recent, url_edit)
            completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
            url_edit.setCompleter(completer)
        if saved is not None and id(view_model) not in self._followed:
            self._followed.add(id(view_model))
            saved.follow(view_model)

    @property
    def dialog(self) -> SettingsDialog:
        """The current tab's settings dialog, built (and its module imported) on first use:
        most sessions never open it, and it is the largest part of the window."""
        if self._dialog is None:
            from wsdesk.ui.settings_dialog import SettingsDialog

            self._dialog = SettingsDialog(self._view_model, self._saved, self._window)
        return self._dialog

    @property
    def inspector(self) -> InspectorDialog:
        """The inspector on the current tab's connection, built on first use."""
        if self._inspector is None:
            from wsdesk.ui.inspector_dialog import InspectorDialog

            self._inspector = InspectorDialog(self._view_model, self._stats, self._window)
        return self._inspector

    def open_inspector(self) -> None:
        """Show the inspector (non-modal) and bring it to the front."""
        self.inspector.show()
        self.inspector.raise_()
        self.inspector.activateWindow()

    def open_settings(self) -> None:
        """Show the settings dialog (non-modal) on the current options and typed URL."""
        options = self._view_model.options
        typed = self._url_edit.text().strip()
        self.dialog.edit(dataclasses.replace(options, url=typed or options.url))

    def save_state(self) -> None:
        """Store the window geometry and splitter sizes, if there is a place for them."""
        if self._state is not None:
            save_window_state(self._window, self._state)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        urls = self._saved.recent_urls if self._saved is not None else []
        for url in urls:
            action = self.recent_menu.addAction(url)
            if action is not None:
                action.triggered.connect(lambda _checked=False, u=url: self._url_edit.setText(u))
        self.recent_menu.setEnabled(bool(urls))

    def _show_handshake(self, info: HandshakeInfo | None) -> None:
        self.handshake_label.setText(info.describe() if info else "")
        self.handshake_label.setVisible(info is not None)
        self.tls_badge.setVisible(info is not None and info.tls_unverified)
