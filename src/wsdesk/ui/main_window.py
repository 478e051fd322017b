"""MainWindow: the connection tabs, the saved-connections sidebar, menus and status bar."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from PyQt6.QtCore import QSettings, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QAction, QCloseEvent
from PyQt6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QPushButton,
    QStatusBar,
    QWidget,
)

from wsdesk.ui.composer_widget import ComposerEdit, ComposerWidget
from wsdesk.ui.connection_page import ConnectionPage
from wsdesk.ui.connection_tabs import ConnectionTabs
from wsdesk.ui.environment_bar import EnvironmentBar
from wsdesk.ui.file_dialogs import SESSION_FILTER, ask_open_path, ask_save_path, show_problem
from wsdesk.ui.help_menu import HelpMenu
from wsdesk.ui.keyboard_actions import KeyboardActions
from wsdesk.ui.log_panel import LogPanel
from wsdesk.ui.message_list_model import MessageListModel
from wsdesk.ui.recording_control import RecordingControl
from wsdesk.ui.saved_message_settings import QSettingsSavedMessageStore, app_settings
from wsdesk.ui.saved_sidebar import SavedSidebar
from wsdesk.ui.settings_menu import SettingsMenu
from wsdesk.ui.shortcuts import assign
from wsdesk.ui.theme_menu import ThemeMenu
from wsdesk.ui.widgets import error_label, plain_label, plain_tooltip, show_error
from wsdesk.viewmodel.composer_viewmodel import ComposerViewModel
from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel
from wsdesk.viewmodel.saved_connections import SavedConnections
from wsdesk.viewmodel.saved_messages import SavedMessages
from wsdesk.viewmodel.session_io import SessionFormatError, load_transcript
from wsdesk.viewmodel.session_recorder import SessionRecorder
from wsdesk.viewmodel.traffic_counters import TrafficCounters
from wsdesk.viewmodel.workspace_viewmodel import WorkspaceViewModel

if TYPE_CHECKING:  # both are imported when first opened: most sessions open neither
    from wsdesk.ui.saved_messages_dialog import SavedMessagesDialog
    from wsdesk.ui.transcript_window import TranscriptWindow

NOTE_SECONDS = 8
"""How long a passing note (a file recorded, say) stays in the status bar."""


class MainWindow(QMainWindow):
    """The wsdesk window, bound to a WorkspaceViewModel (a ConnectionViewModel is taken
    as a workspace of one tab).

    It holds no connection logic: widget signals start the view-models' commands, and
    their signals update the widgets. Menus and the status bar act on the current tab;
    its widgets are reachable as ``url_edit``, ``message_log``, ``composer_edit``, ...
    ``saved_messages`` defaults to the ones kept in the user's settings; ``saved``
    (default: the workspace's) adds saved connections and recent URLs; ``state`` keeps
    the window layout. Closing the window first awaits the workspace's ``aclose()`` (a
    1001 close frame per connection, tasks cancelled) and every recording's end, then
    emits ``closed``.
    """

    closed = pyqtSignal()

    def __init__(
        self,
        workspace: WorkspaceViewModel | ConnectionViewModel,
        saved_messages: SavedMessages | None = None,
        saved: SavedConnections | None = None,
        state: QSettings | None = None,
    ) -> None:
        super().__init__()
        if isinstance(workspace, ConnectionViewModel):
            single = workspace
            workspace = WorkspaceViewModel(single.channel_factory)
            workspace.add_tab(single)
            self._saved = saved
        else:
            self._saved = saved if saved is not None else workspace.saved
        if not workspace.tabs:
            workspace.new_tab()
        self.workspace = workspace
        if saved_messages is None:
            saved_messages = SavedMessages(QSettingsSavedMessageStore(app_settings()))
        self.saved_messages = saved_messages
        self.transcripts: list[TranscriptWindow] = []
        self._saved_dialog: SavedMessagesDialog | None = None
        self._closing: set[asyncio.Task[None]] = set()
        self._closing_tabs: set[ConnectionViewModel] = set()
        self._shutdown: asyncio.Task[None] | None = None
        self._shut_down = False
        self.setWindowTitle("wsdesk")
        self.resize(1100, 700)
        self.setStatusBar(QStatusBar())
        self.tabs = ConnectionTabs(workspace, self._make_page, self)
        self.environment_bar = EnvironmentBar(workspace, self)
        self.addToolBar(self.environment_bar)
        self.sidebar = SavedSidebar(workspace, self._saved or workspace.saved, self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.sidebar)
        self.setCentralWidget(self.tabs)
        self._build_menus()
        self.settings_menu = SettingsMenu(
            self, self.view_model, self.url_edit, self._saved, state, self.page.stats
        )
        self.keyboard = KeyboardActions(
            self, lambda: self.page, self.settings_menu.menu, self.messages_menu
        )
        settings = state if state is not None else app_settings()
        self.theme_menu = ThemeMenu(self, settings)
        self.help_menu = HelpMenu(self, settings.fileName(), lambda: self.workspace.path)
        self.tabs.close_requested.connect(self.close_tab)
        # What the user must know about the workspace file: a red note in the status bar,
        # and a box at start (a file that could not be read was kept aside).
        self.notice_label = error_label("workspaceNotice")
        self.notice_label.setWordWrap(False)
        # Passing notes ("Recorded to ...") get a label of their own: QStatusBar's
        # showMessage() would hide the tab's state and counters while it shows.
        self.note_label = plain_label("noteLabel")
        self.note_label.hide()
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.timeout.connect(self.note_label.hide)
        status_bar = self.statusBar()
        assert status_bar is not None
        status_bar.addPermanentWidget(self.note_label)
        status_bar.addPermanentWidget(self.notice_label)
        workspace.notice_changed.connect(self._show_notice)
        self._show_notice(workspace.notice)
        if workspace.notice:
            show_problem(self, "Workspace", workspace.notice)
        workspace.current_changed.connect(lambda _tab: self._show_current())
        self._show_current()

    # -- the current tab ------------------------------------------------------------------

    @property
    def page(self) -> ConnectionPage:
        """The page in front."""
        current = self.workspace.current
        assert current is not None, "the window always has a tab"
        return self.tabs.page(current)

    @property
    def view_model(self) -> ConnectionViewModel:
        return self.page.view_model

    @property
    def composer(self) -> ComposerViewModel:
        return self.page.composer

    @property
    def counters(self) -> TrafficCounters:
        return self.page.counters

    @property
    def url_edit(self) -> QLineEdit:
        return self.page.url_edit

    @property
    def message_log(self) -> QListView:
        return self.page.message_log

    @property
    def message_model(self) -> MessageListModel:
        return self.page.message_model

    @property
    def log_panel(self) -> LogPanel:
        return self.page.log_panel

    @property
    def composer_widget(self) -> ComposerWidget:
        return self.page.composer_widget

    @property
    def composer_edit(self) -> ComposerEdit:
        return self.page.composer_edit

    @property
    def send_button(self) -> QPushButton:
        return self.page.send_button

    @property
    def composer_error_label(self) -> QLabel:
        return self.page.composer_error_label

    @property
    def status_label(self) -> QLabel:
        return self.page.status_label

    @property
    def recording(self) -> RecordingControl:
        return self.page.recording

    @property
    def recorder(self) -> SessionRecorder:
        return self.page.recorder

    def _make_page(self, tab: ConnectionViewModel) -> ConnectionPage:
        page = ConnectionPage(tab, self.workspace.composer(tab), self._show_message)
        page.composer_widget.saved_requested.connect(self.show_saved_messages)
        page.composer_widget.file_requested.connect(
            lambda as_text: self.ask_send_file(as_text=as_text)
        )
        tab.state_changed.connect(lambda _state: self._update_actions())
        # A failed attempt ends (DISCONNECTED) before its command does: Connect becomes
        # possible only when the command finishes.
        for command in (tab.connect, tab.disconnect):
            command.changed.connect(self._update_actions)
        tab.title_changed.connect(lambda _title: self._show_title())
        # The page's status widgets sit in the window's status bar, shown while it is in front.
        status = QWidget()
        row = QHBoxLayout(status)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(page.status_label, 1)
        row.addWidget(page.recording.label)
        row.addWidget(page.counters_label)
        page.status_row = status
        bar = self.statusBar()
        assert bar is not None
        bar.addWidget(status, 1)
        status.hide()
        page.destroyed.connect(status.deleteLater)
        return page

    def _show_current(self) -> None:
        page = self.page
        for tab in self.workspace.tabs:
            other = self.tabs.page(tab)
            if other.status_row is not None:
                other.status_row.setVisible(other is page)
        self.settings_menu.bind(page.view_model, page.url_edit, page.stats)
        self.file_menu.clear()
        self._fill_file_menu(page)
        self._show_title()
        self._update_actions()
        if not page.url_edit.text():  # a new tab: type its URL right away
            page.url_edit.setFocus()

    def _show_notice(self, text: str | None) -> None:
        show_error(self.notice_label, text)
        self.notice_label.setToolTip(plain_tooltip(text or ""))

    def _show_title(self) -> None:
        self.setWindowTitle(f"{self.view_model.title} — wsdesk")

    def _update_actions(self) -> None:
        can_send = self.view_model.send.can_execute
        for action in (self.send_file_action, self.send_text_file_action):
            action.setEnabled(can_send)
        self.keyboard.update()

    # -- menus ----------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        assert bar is not None
        self.file_menu = QMenu("&File", self)
        self.file_menu.setObjectName("fileMenu")
        self.new_tab_action = assign(QAction("&New tab", self), "new_tab")
        self.close_tab_action = assign(QAction("Close &tab", self), "close_tab")
        self.save_connection_action = assign(QAction("&Save connection", self), "save_connection")
        self.send_file_action = QAction("Send file as &binary…", self)
        self.send_text_file_action = QAction("Send file as &text (UTF-8)…", self)
        self.export_action = assign(QAction("&Export session…", self), "export")
        self.import_action = assign(QAction("&Import transcript…", self), "import")
        self.close_action = assign(QAction("&Quit", self), "quit")
        message_menu = QMenu("&Messages", self)
        message_menu.setObjectName("messagesMenu")
        self.messages_menu = message_menu
        self.saved_action = QAction("&Saved messages…", self)
        message_menu.addAction(self.saved_action)
        find_action = assign(QAction("&Filter the log", self), "find")
        message_menu.addAction(find_action)
        bar.addMenu(self.file_menu)
        bar.addMenu(message_menu)
        self.new_tab_action.triggered.connect(lambda: self.workspace.new_tab())
        self.close_tab_action.triggered.connect(lambda: self.close_tab(self.view_model))
        self.save_connection_action.triggered.connect(
            lambda: self.sidebar.save_tab(self.view_model)
        )
        self.send_file_action.triggered.connect(lambda: self.ask_send_file(as_text=False))
        self.send_text_file_action.triggered.connect(lambda: self.ask_send_file(as_text=True))
        self.export_action.triggered.connect(self.ask_export)
        self.import_action.triggered.connect(self.ask_import)
        self.close_action.triggered.connect(self.close)
        self.saved_action.triggered.connect(self.show_saved_messages)
        find_action.triggered.connect(lambda: self.log_panel.filter_bar.text_edit.setFocus())

    def _fill_file_menu(self, page: ConnectionPage) -> None:
        menu = self.file_menu
        for action in (self.new_tab_action, self.close_tab_action, self.save_connection_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.send_file_action)
        menu.addAction(self.send_text_file_action)
        menu.addSeparator()
        menu.addAction(self.export_action)
        menu.addAction(page.recording.action)  # the current tab's recording
        menu.addAction(self.import_action)
        menu.addSeparator()
        menu.addAction(self.close_action)

    # -- tabs -------------------------------------------------------------------------------

    def close_tab(self, tab: ConnectionViewModel) -> asyncio.Task[None] | None:
        """Close ``tab`` (a clean 1000 close if connected; its recording ends). The window
        keeps at least one tab: closing the last opens an empty one."""
        if tab not in self.workspace.tabs or tab in self._closing_tabs:
            return None
        page = self.tabs.page(tab)
        self._closing_tabs.add(tab)
        if not [t for t in self.workspace.tabs if t not in self._closing_tabs]:
            self.workspace.new_tab()

        async def close() -> None:
            try:
                await tab.disconnect.execute()
                await page.recording.stop()  # after the close entry, which it records
                await self.workspace.close_tab(tab)
            finally:
                self._closing_tabs.discard(tab)

        task = asyncio.ensure_future(close())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)
        return task

    # -- dialogs and files: plain slots, non-blocking (no exec() inside the qasync loop) -----

    def show_saved_messages(self) -> SavedMessagesDialog:
        """Show the (modeless) saved-messages dialog for the current tab's composer."""
        if self._saved_dialog is not None and self._saved_dialog.composer is not self.composer:
            self._saved_dialog.close()
            self._saved_dialog = None
        if self._saved_dialog is None:
            from wsdesk.ui.saved_messages_dialog import SavedMessagesDialog

            self._saved_dialog = SavedMessagesDialog(self.saved_messages, self.composer, self)
        self._saved_dialog.show()
        self._saved_dialog.raise_()
        return self._saved_dialog

    def ask_send_file(self, *, as_text: bool) -> None:
        title = "Send file as text" if as_text else "Send file as binary"
        ask_open_path(self, title, lambda path: self.send_file(path, as_text=as_text))

    def send_file(self, path: str, *, as_text: bool = False) -> bool:
        """Send the bytes of the file at ``path`` on the current tab; False if not sent."""
        return self.page.send_file(path, as_text=as_text)

    def ask_export(self) -> None:
        ask_save_path(self, "Export session", self.export_session, SESSION_FILTER, "session.jsonl")

    def export_session(self, path: str) -> bool:
        """Write the current tab's session to ``path`` as JSON Lines (see ConnectionPage)."""
        return self.page.export_session(path)

    def _show_message(self, text: str) -> None:
        self.note_label.setText(text)
        self.note_label.setAccessibleName(text)
        self.note_label.show()
        self._note_timer.start(NOTE_SECONDS * 1000)

    def ask_import(self) -> None:
        ask_open_path(self, "Import transcript", self.import_transcript, SESSION_FILTER)

    def import_transcript(self, path: str) -> TranscriptWindow | None:
        """Open the session file at ``path`` as a read-only transcript window.

        A malformed file opens nothing and shows which line is wrong.
        """
        try:
            transcript = load_transcript(path)
        except SessionFormatError as exc:
            show_problem(self, "Import transcript", f"{Path(path).name} was not imported: {exc}")
            return None
        except OSError as exc:
            show_problem(self, "Import transcript", f"Could not read {path}: {exc.strerror or exc}")
            return None
        from wsdesk.ui.transcript_window import TranscriptWindow

        window = TranscriptWindow(transcript, path, self)
        self.transcripts.append(window)
        window.show()
        return window

    # -- shutdown ---------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent | None) -> None:
        if self._shut_down or event is None:
            super().closeEvent(event)
            return
        event.ignore()
        if self._shutdown is None:
            self.settings_menu.save_state()
            self.status_label.setText("Closing…")
            self._shutdown = asyncio.ensure_future(self._close_after_shutdown())

    async def _close_after_shutdown(self) -> None:
        try:
            if self._closing:
                await asyncio.wait(self._closing)
            await self.workspace.aclose()
            for tab in self.workspace.tabs:  # after the close entries, which they record
                await self.tabs.page(tab).recording.stop()
        finally:
            self._shut_down = True
            for window in self.transcripts:
                window.close()
            self.close()
            self.closed.emit()
