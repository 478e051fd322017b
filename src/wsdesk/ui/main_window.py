"""MainWindow: the URL bar, the log with its detail pane, the composer and the status bar."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PyQt6.QtCore import QSettings, Qt, pyqtSignal
from PyQt6.QtGui import QAction, QCloseEvent, QKeySequence
from PyQt6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from wsdesk.models import ConnectionOptions, ConnectionState
from wsdesk.ui.composer_widget import ComposerWidget
from wsdesk.ui.file_dialogs import SESSION_FILTER, ask_open_path, ask_save_path, show_problem
from wsdesk.ui.log_panel import LogPanel
from wsdesk.ui.recording_control import RecordingControl
from wsdesk.ui.saved_message_settings import QSettingsSavedMessageStore, app_settings
from wsdesk.ui.saved_messages_dialog import SavedMessagesDialog
from wsdesk.ui.settings_menu import SettingsMenu
from wsdesk.ui.transcript_window import TranscriptWindow
from wsdesk.ui.widgets import (
    ERROR_STYLE,
    error_label,
    named,
    plain_label,
    plain_tooltip,
    show_error,
)
from wsdesk.viewmodel.composer_viewmodel import ComposerViewModel
from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel
from wsdesk.viewmodel.saved_connections import SavedConnections
from wsdesk.viewmodel.saved_messages import SavedMessages
from wsdesk.viewmodel.session_io import SessionFormatError, load_transcript, write_session
from wsdesk.viewmodel.session_recorder import SessionRecorder
from wsdesk.viewmodel.traffic_counters import TrafficCounters


class MainWindow(QMainWindow):
    """The wsdesk window, bound to a ConnectionViewModel.

    It holds no connection logic: widget signals start the view-model's commands, and
    the view-model's signals update the widgets. ``saved_messages`` defaults to the
    ones kept in the user's settings. Closing the window first awaits
    ``view_model.aclose()`` (a 1001 close frame, tasks cancelled), then emits ``closed``.
    ``saved`` adds saved connections and recent URLs; ``state`` keeps the window layout.
    """

    closed = pyqtSignal()

    def __init__(
        self,
        view_model: ConnectionViewModel,
        saved_messages: SavedMessages | None = None,
        saved: SavedConnections | None = None,
        state: QSettings | None = None,
    ) -> None:
        super().__init__()
        self.view_model = view_model
        self.composer = ComposerViewModel(view_model)
        self.counters = TrafficCounters(view_model.messages)
        self._commands_shown: tuple[bool, ...] = ()
        self.recorder = SessionRecorder(view_model)
        if saved_messages is None:
            saved_messages = SavedMessages(QSettingsSavedMessageStore(app_settings()))
        self.saved_messages = saved_messages
        self.transcripts: list[TranscriptWindow] = []
        self._saved_dialog: SavedMessagesDialog | None = None
        self._shutdown: asyncio.Task[None] | None = None
        self._shut_down = False
        self.setWindowTitle("wsdesk")
        self.resize(900, 680)
        self.recording = RecordingControl(
            view_model, self.recorder.metadata, self, self._show_message
        )
        self._build()
        self._build_menus()
        self._bind()
        self.settings_menu = SettingsMenu(self, view_model, self.url_edit, saved, state)

    def _build(self) -> None:
        self.url_edit = named(QLineEdit(), "urlEdit")
        self.url_edit.setPlaceholderText("ws://host:port/path")
        self.url_edit.setAccessibleName("WebSocket URL")
        self.connect_button = named(QPushButton("Connect"), "connectButton")
        self.disconnect_button = named(QPushButton("Disconnect"), "disconnectButton")
        self.reconnect_button = named(QPushButton("Reconnect now"), "reconnectButton")
        self.url_error_label = error_label("urlErrorLabel")

        self.log_panel = LogPanel(self.view_model.messages)
        self.message_log = self.log_panel.list_view
        self.message_model = self.log_panel.source_model
        self.composer_widget = ComposerWidget(self.composer)
        self.composer_edit = self.composer_widget.editor
        self.send_button = self.composer_widget.send_button
        self.mode_combo = self.composer_widget.mode_combo
        self.composer_error_label = self.composer_widget.error_label

        self.status_label = plain_label("statusLabel")
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A long refusal body must not widen the window: clip it, the tooltip has it all.
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.counters_label = plain_label("countersLabel", self.counters.text)
        self.counters_label.setToolTip("Messages and bytes sent (↑) and received (↓)")
        status_bar = QStatusBar()
        status_bar.addWidget(self.status_label, 1)
        status_bar.addPermanentWidget(self.recording.label)
        status_bar.addPermanentWidget(self.counters_label)
        self.setStatusBar(status_bar)

        url_row = QHBoxLayout()
        url_row.addWidget(self.url_edit, 1)
        url_row.addWidget(self.connect_button)
        url_row.addWidget(self.disconnect_button)
        url_row.addWidget(self.reconnect_button)
        layout = QVBoxLayout()
        layout.addLayout(url_row)
        layout.addWidget(self.url_error_label)
        layout.addWidget(self.log_panel, 1)
        layout.addWidget(self.composer_widget)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        assert bar is not None
        file_menu = named(QMenu("&File", self), "fileMenu")
        self.send_file_action = QAction("Send file as &binary…", self)
        self.send_text_file_action = QAction("Send file as &text (UTF-8)…", self)
        self.export_action = QAction("&Export session…", self)
        self.export_action.setShortcut(QKeySequence.StandardKey.Save)
        self.import_action = QAction("&Import transcript…", self)
        self.import_action.setShortcut(QKeySequence.StandardKey.Open)
        close_action = QAction("&Close window", self)
        close_action.setShortcut(QKeySequence.StandardKey.Close)
        for action in (self.send_file_action, self.send_text_file_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.recording.action)
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        file_menu.addAction(close_action)
        message_menu = named(QMenu("&Messages", self), "messagesMenu")
        self.saved_action = QAction("&Saved messages…", self)
        message_menu.addAction(self.saved_action)
        find_action = QAction("&Filter the log", self)
        find_action.setShortcut(QKeySequence.StandardKey.Find)
        message_menu.addAction(find_action)
        self.clear_action = QAction("C&lear log", self)
        message_menu.addAction(self.clear_action)
        bar.addMenu(file_menu)
        bar.addMenu(message_menu)
        self.send_file_action.triggered.connect(lambda: self.ask_send_file(as_text=False))
        self.send_text_file_action.triggered.connect(lambda: self.ask_send_file(as_text=True))
        self.export_action.triggered.connect(self.ask_export)
        self.import_action.triggered.connect(self.ask_import)
        close_action.triggered.connect(self.close)
        self.saved_action.triggered.connect(self.show_saved_messages)
        find_action.triggered.connect(self.log_panel.filter_bar.text_edit.setFocus)
        self.clear_action.triggered.connect(self.view_model.messages.clear)

    def _bind(self) -> None:
        vm = self.view_model
        self.connect_button.clicked.connect(self._on_connect)
        self.url_edit.returnPressed.connect(self._on_connect)
        self.disconnect_button.clicked.connect(lambda: vm.disconnect.start())
        self.reconnect_button.clicked.connect(lambda: vm.reconnect_now.start())
        self.composer_widget.saved_requested.connect(self.show_saved_messages)
        self.composer_widget.file_requested.connect(
            lambda as_text: self.ask_send_file(as_text=as_text)
        )
        # Relaying out the status bar per message halved the round-trip rate: the counters
        # are shown with the log's own (throttled) updates, which every counted row causes.
        self.message_model.updated.connect(self._show_counters)

        # Not Send's: it runs per message, concurrently, so only the state (below) changes
        # whether it can run; a listener would cost every round trip two calls.
        for command in (vm.connect, vm.disconnect, vm.reconnect_now):
            command.changed.connect(self._update_commands)
        vm.status_changed.connect(self._show_status)
        vm.state_changed.connect(self._on_state)
        vm.options_changed.connect(self._show_options)
        vm.url_error_changed.connect(lambda error: show_error(self.url_error_label, error))
        self._show_options(vm.options)
        self._show_status(vm.status_text)
        self._update_commands()

    # -- view-model -> widgets ----------------------------------------------------------

    def _show_counters(self) -> None:
        self.counters_label.setText(self.counters.text)

    def _update_commands(self) -> None:
        vm = self.view_model
        can = (
            vm.connect.can_execute,
            vm.disconnect.can_execute,
            vm.reconnect_now.can_execute,
            vm.send.can_execute,
        )
        if can == self._commands_shown:
            return
        self._commands_shown = can
        can_connect, can_disconnect, can_reconnect, can_send = can
        self.connect_button.setEnabled(can_connect)
        self.url_edit.setReadOnly(not can_connect)
        self.disconnect_button.setEnabled(can_disconnect)
        self.reconnect_button.setVisible(can_reconnect)
        self.composer_widget.update_can_send(can_send)
        for action in (self.send_file_action, self.send_text_file_action):
            action.setEnabled(can_send)

    def _show_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setToolTip(plain_tooltip(text))
        self.status_label.setStyleSheet(ERROR_STYLE if self.view_model.status_is_error else "")

    def _on_state(self, state: ConnectionState) -> None:
        self._update_commands()
        if state is ConnectionState.OPEN:
            self.composer_edit.setFocus()

    def _show_options(self, options: ConnectionOptions) -> None:
        if self.url_edit.text() != options.url:
            self.url_edit.setText(options.url)

    # -- widgets -> view-model ----------------------------------------------------------

    def _on_connect(self) -> None:
        if self.view_model.connect.can_execute:
            self.view_model.connect.start(self.url_edit.text())

    def show_saved_messages(self) -> SavedMessagesDialog:
        """Show the (modeless) saved-messages dialog."""
        if self._saved_dialog is None:
            self._saved_dialog = SavedMessagesDialog(self.saved_messages, self.composer, self)
        self._saved_dialog.show()
        self._saved_dialog.raise_()
        return self._saved_dialog

    # -- files: plain slots, non-blocking dialogs (no exec() inside the qasync loop) -----

    def ask_send_file(self, *, as_text: bool) -> None:
        title = "Send file as text" if as_text else "Send file as binary"
        ask_open_path(self, title, lambda path: self.send_file(path, as_text=as_text))

    def send_file(self, path: str, *, as_text: bool = False) -> bool:
        """Send the bytes of the file at ``path`` as one message; False if not sent."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            show_problem(self, "Send file", f"Could not read {path}: {exc.strerror or exc}")
            return False
        return self.composer.send_file(data, as_text=as_text)

    def ask_export(self) -> None:
        ask_save_path(self, "Export session", self.export_session, SESSION_FILTER, "session.jsonl")

    def export_session(self, path: str) -> bool:
        """Write the session (metadata line, then every log entry) to ``path`` as JSON Lines."""
        try:
            write_session(path, self.recorder.metadata(), list(self.view_model.messages))
        except (OSError, UnicodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            show_problem(self, "Export session", f"Could not write {path}: {reason}")
            return False
        bar = self.statusBar()
        if bar is not None:
            count = len(self.view_model.messages)
            bar.showMessage(f"Exported {count} entries to {path}", 5000)
        return True

    def _show_message(self, text: str) -> None:
        bar = self.statusBar()
        if bar is not None:
            bar.showMessage(text, 8000)

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
            await self.view_model.aclose()
            await self.recording.stop()  # after the close entry, which it records
        finally:
            self._shut_down = True
            for window in self.transcripts:
                window.close()
            self.close()
            self.closed.emit()
