"""ConnectionPage: one tab of the window, bound to one ConnectionViewModel."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PyQt6.QtCore import Qt, QTimer
from PyQt6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from wsdesk.models import ConnectionOptions, ConnectionState
from wsdesk.ui.composer_widget import ComposerWidget
from wsdesk.ui.file_dialogs import show_problem
from wsdesk.ui.log_panel import LogPanel
from wsdesk.ui.recording_control import RecordingControl
from wsdesk.ui.shortcuts import describe
from wsdesk.ui.steady_label import SteadyLabel
from wsdesk.ui.theme import set_colour_role
from wsdesk.ui.widgets import (
    error_label,
    named,
    plain_label,
    plain_tooltip,
    show_error,
)
from wsdesk.viewmodel.composer_viewmodel import ComposerViewModel
from wsdesk.viewmodel.connection_stats import ConnectionStats
from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel
from wsdesk.viewmodel.first_run import empty_log_hint
from wsdesk.viewmodel.session_io import write_session
from wsdesk.viewmodel.session_recorder import SessionRecorder
from wsdesk.viewmodel.traffic_counters import TrafficCounters


class ConnectionPage(QWidget):
    """The URL bar, the log with its detail pane and the composer of one connection.

    It holds no connection logic: widget signals start ``view_model``'s commands, and
    its signals update the widgets. The page's status widgets (``status_label``,
    ``counters_label``, ``recording.label``) are placed by the window, in its status bar.
    ``show_message`` shows a passing note (an export's result).
    """

    def __init__(
        self,
        view_model: ConnectionViewModel,
        composer: ComposerViewModel,
        show_message: Callable[[str], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.view_model = view_model
        self.composer = composer
        self.counters = TrafficCounters(view_model.messages)
        # Sampled once a second, whether or not the inspector's charts are shown, so they
        # have the last minutes when they open; the flood path pays nothing for it.
        self.stats = ConnectionStats(view_model, self.counters)
        self._stats_timer = QTimer(self)
        self._stats_timer.setInterval(1000)
        self._stats_timer.timeout.connect(self.stats.sample)
        self._stats_timer.start()
        stats = self.stats
        self.destroyed.connect(lambda *_: stats.release())
        self.recorder = SessionRecorder(view_model)
        self._notify = show_message
        # The row of status widgets the window puts in its status bar for this page.
        self.status_row: QWidget | None = None
        self._commands_shown: tuple[bool, ...] = ()
        self.recording = RecordingControl(view_model, self.recorder.metadata, self, self.note)
        self._build()
        self._bind()

    def _build(self) -> None:
        self.url_edit = named(QLineEdit(), "urlEdit")
        self.url_edit.setPlaceholderText("ws://host:port/path")
        describe(self.url_edit, "WebSocket URL", "focus_url", "The server's URL; Enter connects")
        self.connect_button = named(QPushButton("Connect"), "connectButton")
        describe(self.connect_button, "Connect", "connect")
        self.disconnect_button = named(QPushButton("Disconnect"), "disconnectButton")
        describe(self.disconnect_button, "Disconnect", "disconnect", "Close with 1000")
        self.reconnect_button = named(QPushButton("Reconnect now"), "reconnectButton")
        describe(self.reconnect_button, "Reconnect now", tip="Skip the wait and reconnect now")
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
        self.counters_label = SteadyLabel(
            "countersLabel", "↑ 1000000 msgs 1023.9 MiB   ↓ 1000000 msgs 1023.9 MiB"
        )
        self.counters_label.setText(self.counters.text)
        self.counters_label.setToolTip("Messages and bytes sent (↑) and received (↓)")

        url_row = QHBoxLayout()
        url_row.addWidget(self.url_edit, 1)
        url_row.addWidget(self.connect_button)
        url_row.addWidget(self.disconnect_button)
        url_row.addWidget(self.reconnect_button)
        layout = QVBoxLayout()
        layout.setContentsMargins(4, 6, 4, 0)  # the tab widget already frames the page
        layout.addLayout(url_row)
        layout.addWidget(self.url_error_label)
        layout.addWidget(self.log_panel, 1)
        layout.addWidget(self.composer_widget)
        self.setLayout(layout)

    def _bind(self) -> None:
        vm = self.view_model
        self.connect_button.clicked.connect(self.connect_typed)
        self.url_edit.returnPressed.connect(self.connect_typed)
        self.disconnect_button.clicked.connect(lambda: vm.disconnect.start())
        self.reconnect_button.clicked.connect(lambda: vm.reconnect_now.start())
        # Relaying out the status bar per message halved the round-trip rate: the counters
        # are shown with the log's own (throttled) updates, which every counted row causes.
        self.message_model.updated.connect(self._show_counters)
        self.message_model.updated.connect(self._show_hint)
        vm.title_changed.connect(lambda _title: self._show_hint())
        # Not Send's: it runs per message, concurrently, so only the state (below) changes
        # whether it can run; a listener would cost every round trip two calls.
        for command in (vm.connect, vm.disconnect, vm.reconnect_now):
            command.changed.connect(self.update_commands)
        vm.status_changed.connect(self._show_status)
        vm.state_changed.connect(self._on_state)
        vm.options_changed.connect(self._show_options)
        self.log_panel.filter_bar.control_frames_toggled.connect(self._set_control_frames)
        vm.url_error_changed.connect(lambda error: show_error(self.url_error_label, error))
        # A shown error follows the text (typed or completed), so the two always agree.
        self.url_edit.textChanged.connect(
            lambda text: vm.check_url(text) if vm.url_error is not None else None
        )
        self._show_options(vm.options)
        self._show_status(vm.status_text)
        self.update_commands()

    # -- view-model -> widgets ----------------------------------------------------------

    def _show_counters(self) -> None:
        self.counters_label.setText(self.counters.text)

    def update_commands(self) -> None:
        """Enable the buttons (and the window's send actions) by what can run now."""
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

    def _show_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setToolTip(plain_tooltip(text))
        set_colour_role(self.status_label, "error" if self.view_model.status_is_error else None)

    def _show_hint(self) -> None:
        quiet = not (self.counters.sent_messages or self.counters.received_messages)
        self.log_panel.set_hint(empty_log_hint(self.view_model) if quiet else "")

    def _on_state(self, state: ConnectionState) -> None:
        self.update_commands()
        self._show_hint()
        if state is ConnectionState.OPEN and self.isVisible():
            self.composer_edit.setFocus()

    def _show_options(self, options: ConnectionOptions) -> None:
        if self.url_edit.text() != options.url:
            self.url_edit.setText(options.url)
        button = self.log_panel.filter_bar.control_frames_button
        if button.isChecked() != options.show_control_frames:
            button.setChecked(options.show_control_frames)
        self._show_hint()

    def _set_control_frames(self, shown: bool) -> None:
        options = self.view_model.options
        if options.show_control_frames != shown:
            self.view_model.options = dataclasses.replace(options, show_control_frames=shown)

    # -- widgets -> view-model ----------------------------------------------------------

    def connect_typed(self) -> None:
        """Connect to the URL in the field, if the tab can connect now."""
        if self.view_model.connect.can_execute:
            self.view_model.connect.start(self.url_edit.text())

    def note(self, text: str) -> None:
        """Show a passing note about this connection (in the window's status bar)."""
        if self._notify is not None:
            self._notify(text)

    def send_file(self, path: str, *, as_text: bool = False) -> bool:
        """Send the bytes of the file at ``path`` as one message; False if not sent."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            show_problem(self, "Send file", f"Could not read {path}: {exc.strerror or exc}")
            return False
        return self.composer.send_file(data, as_text=as_text)

    def export_session(self, path: str) -> bool:
        """Write the session (metadata line, then every log entry) to ``path`` as JSON Lines."""
        try:
            write_session(path, self.recorder.metadata(), list(self.view_model.messages))
        except (OSError, UnicodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            show_problem(self, "Export session", f"Could not write {path}: {reason}")
            return False
        self.note(f"Exported {len(self.view_model.messages)} entries to {path}")
        return True
