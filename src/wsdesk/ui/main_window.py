"""MainWindow: the URL bar, the message log, the composer and the status bar."""

from __future__ import annotations

import asyncio
from typing import TypeVar

from PyQt6.QtCore import QModelIndex, Qt, pyqtSignal
from PyQt6.QtGui import QCloseEvent, QFont, QFontDatabase
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QPushButton,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from wsdesk.core.payload import PayloadError, parse_hex
from wsdesk.models import ConnectionOptions, ConnectionState
from wsdesk.ui.message_list_model import MessageListModel
from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel

TEXT_MODE = "Text"
HEX_MODE = "Binary (hex)"
_ERROR_STYLE = "color: #b00020;"
_W = TypeVar("_W", bound=QWidget)


def _named(widget: _W, name: str) -> _W:
    """``widget`` with its objectName set: tests and accessibility tools find it by name."""
    widget.setObjectName(name)
    return widget


class MainWindow(QMainWindow):
    """The wsdesk window, bound to a ConnectionViewModel.

    It holds no connection logic: widget signals start the view-model's commands, and
    the view-model's signals update the widgets. Closing the window first awaits
    ``view_model.aclose()`` (a 1001 close frame, tasks cancelled), then emits ``closed``.
    """

    closed = pyqtSignal()

    def __init__(self, view_model: ConnectionViewModel) -> None:
        super().__init__()
        self.view_model = view_model
        self._shutdown: asyncio.Task[None] | None = None
        self._shut_down = False
        self.setWindowTitle("wsdesk")
        self.resize(820, 560)
        self._build()
        self._bind()

    def _build(self) -> None:
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)

        self.url_edit = _named(QLineEdit(), "urlEdit")
        self.url_edit.setPlaceholderText("ws://host:port/path")
        self.url_edit.setAccessibleName("WebSocket URL")
        self.connect_button = _named(QPushButton("Connect"), "connectButton")
        self.disconnect_button = _named(QPushButton("Disconnect"), "disconnectButton")
        self.url_error_label = _named(QLabel(), "urlErrorLabel")
        self.url_error_label.setStyleSheet(_ERROR_STYLE)
        self.url_error_label.hide()

        self.message_model = MessageListModel(self.view_model.messages, self)
        self.message_log = _named(QListView(), "messageLog")
        self.message_log.setModel(self.message_model)
        self.message_log.setUniformItemSizes(True)
        self.message_log.setFont(mono)
        self.message_log.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.message_log.setAccessibleName("Message log")

        self.mode_combo = _named(QComboBox(), "composerModeCombo")
        self.mode_combo.addItems([TEXT_MODE, HEX_MODE])
        self.composer_edit = _named(QLineEdit(), "composerEdit")
        self.composer_edit.setPlaceholderText("Message to send, Enter sends")
        self.composer_edit.setAccessibleName("Message to send")
        self.composer_edit.setFont(QFont(mono))
        self.send_button = _named(QPushButton("Send"), "sendButton")
        self.composer_error_label = _named(QLabel(), "composerErrorLabel")
        self.composer_error_label.setStyleSheet(_ERROR_STYLE)
        self.composer_error_label.hide()

        self.status_label = _named(QLabel(), "statusLabel")
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        status_bar = QStatusBar()
        status_bar.addWidget(self.status_label, 1)
        self.setStatusBar(status_bar)

        url_row = QHBoxLayout()
        url_row.addWidget(self.url_edit, 1)
        url_row.addWidget(self.connect_button)
        url_row.addWidget(self.disconnect_button)
        composer_row = QHBoxLayout()
        composer_row.addWidget(self.mode_combo)
        composer_row.addWidget(self.composer_edit, 1)
        composer_row.addWidget(self.send_button)
        layout = QVBoxLayout()
        layout.addLayout(url_row)
        layout.addWidget(self.url_error_label)
        layout.addWidget(self.message_log, 1)
        layout.addLayout(composer_row)
        layout.addWidget(self.composer_error_label)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)

    def _bind(self) -> None:
        vm = self.view_model
        self.connect_button.clicked.connect(self._on_connect)
        self.url_edit.returnPressed.connect(self._on_connect)
        self.disconnect_button.clicked.connect(lambda: vm.disconnect.start())
        self.send_button.clicked.connect(self._on_send)
        self.composer_edit.returnPressed.connect(self._on_send)
        self.composer_edit.textChanged.connect(lambda _text: self._show_composer_error(None))
        self.message_model.rowsAboutToBeInserted.connect(self._remember_scroll)
        self.message_model.rowsInserted.connect(self._follow_newest)

        for command in (vm.connect, vm.disconnect, vm.send):
            command.changed.connect(self._update_commands)
        vm.status_changed.connect(self._show_status)
        vm.state_changed.connect(self._on_state)
        vm.options_changed.connect(self._show_options)
        vm.url_error_changed.connect(self._show_url_error)
        self._show_options(vm.options)
        self.status_label.setText(vm.status_text)
        self._update_commands()
        self._at_bottom = True

    # -- view-model -> widgets ----------------------------------------------------------

    def _update_commands(self) -> None:
        vm = self.view_model
        self.connect_button.setEnabled(vm.connect.can_execute)
        self.url_edit.setReadOnly(not vm.connect.can_execute)
        self.disconnect_button.setEnabled(vm.disconnect.can_execute)
        self.send_button.setEnabled(vm.send.can_execute)

    def _show_status(self, text: str) -> None:
        self.status_label.setText(text)

    def _on_state(self, state: ConnectionState) -> None:
        if state is ConnectionState.OPEN:
            self.composer_edit.setFocus()

    def _show_options(self, options: ConnectionOptions) -> None:
        if self.url_edit.text() != options.url:
            self.url_edit.setText(options.url)

    def _show_url_error(self, error: str | None) -> None:
        self.url_error_label.setText(error or "")
        self.url_error_label.setVisible(bool(error))

    def _show_composer_error(self, error: str | None) -> None:
        self.composer_error_label.setText(error or "")
        self.composer_error_label.setVisible(bool(error))

    def _remember_scroll(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        bar = self.message_log.verticalScrollBar()
        self._at_bottom = bar is None or bar.value() >= bar.maximum()

    def _follow_newest(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        if self._at_bottom:
            self.message_log.scrollToBottom()

    # -- widgets -> view-model ----------------------------------------------------------

    def _on_connect(self) -> None:
        if self.view_model.connect.can_execute:
            self.view_model.connect.start(self.url_edit.text())

    def _on_send(self) -> None:
        vm = self.view_model
        if not vm.send.can_execute:
            return
        text = self.composer_edit.text()
        payload: str | bytes = text
        if self.mode_combo.currentText() == HEX_MODE:
            try:
                payload = parse_hex(text)
            except PayloadError as exc:
                self._show_composer_error(str(exc))
                return
        self.composer_edit.clear()
        vm.send.start(payload)

    # -- shutdown ---------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent | None) -> None:
        if self._shut_down or event is None:
            super().closeEvent(event)
            return
        event.ignore()
        if self._shutdown is None:
            self.status_label.setText("Closing…")
            self._shutdown = asyncio.ensure_future(self._close_after_shutdown())

    async def _close_after_shutdown(self) -> None:
        try:
            await self.view_model.aclose()
        finally:
            self._shut_down = True
            self.close()
            self.closed.emit()
