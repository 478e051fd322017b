"""InspectorDialog: what the current connection's handshake said, and its TLS peer."""

from __future__ import annotations

from PyQt6.QtGui import QGuiApplication
from PyQt6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wsdesk.models import HandshakeInfo
from wsdesk.ui.shortcuts import describe
from wsdesk.ui.stats_view import StatsView
from wsdesk.ui.theme import set_colour_role
from wsdesk.ui.widgets import monospace, named, plain_label
from wsdesk.viewmodel.connection_stats import ConnectionStats
from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel
from wsdesk.viewmodel.handshake_text import (
    cli_command,
    describe_handshake,
    describe_tls,
    tls_warning,
)

NO_HANDSHAKE = "No handshake yet: connect, and what was sent and answered shows here."


class InspectorDialog(QDialog):
    """A non-modal window on one ConnectionViewModel's ``last_handshake``: the request,
    the answer, redirects, subprotocol, extensions and TLS peer, live as the connection
    changes; and a Charts tab (``statsView``) of its ConnectionStats. "Copy as text"
    copies what the Handshake tab shows; "Copy as wsdesk-cli command" copies a command
    that makes the same connection, without its secrets."""

    def __init__(
        self,
        view_model: ConnectionViewModel,
        stats: ConnectionStats | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Inspect connection")
        self.setObjectName("inspectorDialog")
        self.resize(900, 720)
        self._view_model = view_model
        self._info: HandshakeInfo | None = None
        self.tabs = named(QTabWidget(), "inspectorTabs")
        self.warning_label = plain_label("tlsWarningLabel")
        self.warning_label.setWordWrap(True)
        set_colour_role(self.warning_label, "error")
        self.handshake_view = named(QPlainTextEdit(), "handshakeView")
        self.handshake_view.setReadOnly(True)
        self.handshake_view.setFont(monospace())
        self.handshake_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        describe(self.handshake_view, "Handshake", tip="What the opening handshake said")
        self.tls_view = named(QPlainTextEdit(), "tlsView")
        self.tls_view.setReadOnly(True)
        self.tls_view.setFont(monospace())
        self.tls_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        describe(self.tls_view, "TLS peer", tip="The TLS version, cipher and server certificate")
        self.copy_text_button = named(QPushButton("Copy as text"), "copyHandshakeButton")
        describe(self.copy_text_button, "Copy as text", tip="Copy the handshake as shown")
        self.copy_cli_button = named(QPushButton("Copy as wsdesk-cli command"), "copyCliButton")
        describe(
            self.copy_cli_button,
            "Copy as wsdesk-cli command",
            tip="A terminal command that makes this connection (secrets left out)",
        )
        self.note_label = plain_label("cliNoteLabel")
        self.note_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_text_button)
        buttons.addWidget(self.copy_cli_button)
        buttons.addStretch(1)
        self.tabs.addTab(self.handshake_view, "Handshake")
        self.tabs.addTab(self.tls_view, "TLS")
        self.stats_view = StatsView(stats)
        self.tabs.addTab(self.stats_view, "Charts")
        layout = QVBoxLayout(self)
        # Above the tabs: a failed or skipped certificate check is seen from every tab.
        layout.addWidget(self.warning_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.note_label)
        self.copy_text_button.clicked.connect(self.copy_text)
        self.copy_cli_button.clicked.connect(self.copy_cli_command)
        view_model.last_handshake_changed.connect(self._show)
        self._show(view_model.last_handshake)

    @property
    def view_model(self) -> ConnectionViewModel:
        return self._view_model

    def follow(self, view_model: ConnectionViewModel, stats: ConnectionStats | None = None) -> None:
        """Show ``view_model``'s connection and ``stats`` from now on (the current tab)."""
        self.stats_view.follow(stats)
        if view_model is self._view_model:
            return
        self._view_model.last_handshake_changed.disconnect(self._show)
        self._view_model = view_model
        view_model.last_handshake_changed.connect(self._show)
        self.note_label.clear()
        self._show(view_model.last_handshake)

    def copy_text(self) -> None:
        """Put the handshake and its TLS peer, as text, on the clipboard."""
        if self._info is not None:
            _copy(describe_handshake(self._info))

    def copy_cli_command(self) -> None:
        """Put a wsdesk-cli command for this connection on the clipboard; the note below
        says which secrets it leaves out."""
        command = cli_command(self._view_model.options)
        _copy(command.text)
        self.note_label.setText(
            f"Copied: {command.text}\n{command.note}" if command.note else f"Copied: {command.text}"
        )

    def _show(self, info: HandshakeInfo | None) -> None:
        self.handshake_view.setPlainText(
            describe_handshake(info, with_tls=False) if info else NO_HANDSHAKE
        )
        if info is None:
            self.tls_view.setPlainText(NO_HANDSHAKE)
        elif info.tls is None:
            self.tls_view.setPlainText("Not a TLS connection (ws://): nothing is encrypted.")
        else:
            self.tls_view.setPlainText("\n".join(describe_tls(info.tls)))
        self._info = info
        warning = tls_warning(info.tls) if info else ""
        self.warning_label.setText(warning)
        self.warning_label.setVisible(bool(warning))
        self.copy_text_button.setEnabled(info is not None)


def _copy(text: str) -> None:
    clipboard = QGuiApplication.clipboard()
    if clipboard is not None:
        clipboard.setText(text)
