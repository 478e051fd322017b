"""SettingsDialog: the non-modal connection settings window, bound to a SettingsViewModel."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wsdesk.models import ConnectionOptions
from wsdesk.ui.accessibility import name_controls
from wsdesk.ui.theme import set_colour_role
from wsdesk.ui.widgets import error_label, named, show_error
from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel
from wsdesk.viewmodel.saved_connections import SavedConnections
from wsdesk.viewmodel.settings_viewmodel import HeaderRow, ProxyMode, SettingsViewModel

_AUTH_NONE, _AUTH_BEARER, _AUTH_BASIC = "No auth helper", "Bearer token", "Basic (user, password)"


def _notice_label(name: str) -> QLabel:
    label = error_label(name)
    set_colour_role(label, "notice")
    return label


class SettingsDialog(QDialog):
    """Headers and auth, query, subprotocols, Origin, compression, limits, timeouts, TLS,
    proxy and saved connections for ``view_model``'s next connection.

    It is non-modal: open it with :meth:`edit` (which calls ``show()``, never ``exec()``).
    OK and Apply set ``view_model.options`` when the draft is valid; problems show inline.
    ``saved`` (optional) adds the Saved tab.
    """

    def __init__(
        self,
        view_model: ConnectionViewModel,
        saved: SavedConnections | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Connection settings")
        self.setModal(False)
        self.view_model = view_model
        self.saved = saved
        self.settings = SettingsViewModel(view_model.options)
        self._loading = False
        self._build()
        name_controls(self)
        self.settings.changed.connect(self._show_problems)
        if saved is not None:
            saved.changed.connect(self._show_saved_names)
            saved.notice_changed.connect(self._show_saved_notice)

    def release(self) -> None:
        """Stop following the saved connections (before this dialog is deleted)."""
        if self.saved is not None:
            self.saved.changed.disconnect(self._show_saved_names)
            self.saved.notice_changed.disconnect(self._show_saved_notice)

    def _show_saved_notice(self, text: str | None) -> None:
        show_error(self.saved_notice_label, text)

    # -- building -----------------------------------------------------------------------

    def _build(self) -> None:
        self.tabs = named(QTabWidget(), "settingsTabs")
        self.tabs.addTab(self._handshake_tab(), "Handshake")
        self.tabs.addTab(self._connection_tab(), "Connection")
        self.tabs.addTab(self._tls_tab(), "TLS")
        self.tabs.addTab(self._proxy_tab(), "Proxy")
        if self.saved is not None:
            self.tabs.addTab(self._saved_tab(), "Saved")
        self.error_label = error_label("settingsErrorLabel")
        self.ok_button = named(QPushButton("OK"), "settingsOkButton")
        self.apply_button = named(QPushButton("Apply"), "settingsApplyButton")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.ApplyRole)
        buttons.clicked.connect(self._on_button)
        self.button_box = buttons
        layout = QVBoxLayout(self)
        self.url_field = self._line("settingsUrlEdit", "ws://host:port/path?query")
        form = QFormLayout()
        form.addRow("URL", self.url_field)
        layout.addLayout(form)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(640, 520)
        # Errors quote what the user typed: never let Qt read it as rich text.
        for label in self.findChildren(QLabel):
            label.setTextFormat(Qt.TextFormat.PlainText)

    def _line(self, name: str, placeholder: str = "", secret: bool = False) -> QLineEdit:
        edit = named(QLineEdit(), name)
        edit.setPlaceholderText(placeholder)
        if secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.textEdited.connect(self._push)
        return edit

    def _table(self, name: str, headers: list[str]) -> QTableWidget:
        table = named(QTableWidget(0, len(headers)), name)
        table.setHorizontalHeaderLabels(headers)
        horizontal = table.horizontalHeader()
        if horizontal is not None:
            horizontal.setStretchLastSection(True)
        table.itemChanged.connect(self._push)
        return table

    def _row_buttons(self, table: QTableWidget, prefix: str) -> QHBoxLayout:
        add = named(QPushButton("Add"), f"{prefix}AddButton")
        remove = named(QPushButton("Remove"), f"{prefix}RemoveButton")
        add.clicked.connect(lambda: self._add_row(table))
        remove.clicked.connect(lambda: self._remove_row(table))
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        return row

    def _handshake_tab(self) -> QWidget:
        self.headers_table = self._table("headersTable", ["Name", "Value", "Secret"])
        self.headers_table.setAccessibleName("Headers")
        self.header_error_label = error_label("headerErrorLabel")
        self.auth_combo = named(QComboBox(), "authCombo")
        self.auth_combo.setAccessibleName("Authorization helper")
        self.auth_combo.addItems([_AUTH_NONE, _AUTH_BEARER, _AUTH_BASIC])
        self.bearer_edit = self._line("bearerEdit", "token", secret=True)
        self.basic_user_edit = self._line("basicUserEdit", "user")
        self.basic_password_edit = self._line("basicPasswordEdit", "password", secret=True)
        self.apply_auth_button = named(QPushButton("Set Authorization"), "applyAuthButton")
        self.apply_auth_button.clicked.connect(self._apply_auth)
        self.auth_combo.currentTextChanged.connect(self._show_auth_fields)
        auth_row = QHBoxLayout()
        for widget in (
            self.auth_combo,
            self.bearer_edit,
            self.basic_user_edit,
            self.basic_password_edit,
            self.apply_auth_button,
        ):
            auth_row.addWidget(widget)
        self.query_table = self._table("queryTable", ["Parameter", "Value"])
        self.query_table.setAccessibleName("Query parameters")
        self.subprotocols_edit = named(QPlainTextEdit(), "subprotocolsEdit")
        self.subprotocols_edit.setPlaceholderText("one per line, in order of preference")
        self.subprotocols_edit.setMaximumHeight(70)
        self.subprotocols_edit.textChanged.connect(self._push)
        self.origin_edit = self._line("originEdit", "https://app.example (optional)")
        self.handshake_error_label = error_label("handshakeErrorLabel")
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(
            QLabel(
                "Headers (values of Authorization, Cookie and Secret rows show as *** everywhere)"
            )
        )
        layout.addWidget(self.headers_table, 2)
        layout.addLayout(self._row_buttons(self.headers_table, "header"))
        layout.addWidget(self.header_error_label)
        layout.addLayout(auth_row)
        layout.addWidget(QLabel("Query parameters (kept in sync with the URL)"))
        layout.addWidget(self.query_table, 1)
        layout.addLayout(self._row_buttons(self.query_table, "query"))
        form = QFormLayout()
        form.addRow("Subprotocols", self.subprotocols_edit)
        form.addRow("Origin", self.origin_edit)
        layout.addLayout(form)
        layout.addWidget(self.handshake_error_label)
        self._show_auth_fields(_AUTH_NONE)
        return tab

    def _spin(self, name: str, suffix: str, maximum: float, decimals: int = 1) -> QDoubleSpinBox:
        spin = named(QDoubleSpinBox(), name)
        spin.setDecimals(decimals)
        spin.setRange(0, maximum)
        spin.setSuffix(suffix)
        spin.valueChanged.connect(self._push)
        return spin

    def _connection_tab(self) -> QWidget:
        self.compress_check = named(QCheckBox("permessage-deflate compression"), "compressCheck")
        self.compress_check.toggled.connect(self._push)
        self.max_size_spin = named(QSpinBox(), "maxMessageSizeSpin")
        self.max_size_spin.setRange(0, 2**31 - 1)
        self.max_size_spin.setSuffix(" bytes")
        self.max_size_spin.setSpecialValueText("no limit")
        self.max_size_spin.valueChanged.connect(self._push)
        self.connect_timeout_spin = self._spin("connectTimeoutSpin", " s", 600)
        self.close_timeout_spin = self._spin("closeTimeoutSpin", " s", 600)
        self.ping_interval_spin = self._spin("pingIntervalSpin", " s", 3600)
        self.ping_interval_spin.setSpecialValueText("off")
        self.ping_timeout_spin = self._spin("pingTimeoutSpin", " s", 600)
        self.connection_error_label = error_label("connectionErrorLabel")
        tab = QWidget()
        form = QFormLayout(tab)
        form.addRow(self.compress_check)
        form.addRow("Largest message", self.max_size_spin)
        form.addRow("Connect timeout", self.connect_timeout_spin)
        form.addRow("Close timeout", self.close_timeout_spin)
        form.addRow("Ping every", self.ping_interval_spin)
        form.addRow("Pong timeout", self.ping_timeout_spin)
        form.addRow(self.connection_error_label)
        return tab

    def _file_row(self, edit: QLineEdit, title: str) -> QHBoxLayout:
        browse = named(QPushButton("Browse…"), f"{edit.objectName()}Browse")
        browse.clicked.connect(lambda: self._browse(edit, title))
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        row.addWidget(browse)
        return row

    def _tls_tab(self) -> QWidget:
        self.verify_check = named(QCheckBox("Verify the server certificate"), "verifyTlsCheck")
        self.verify_check.toggled.connect(self._push)
        self.verify_warning = _notice_label("verifyWarningLabel")
        self.verify_warning.setText(
            "Verification is off for this connection: anyone on the path can read and change "
            "the traffic. A warning badge shows while it is open."
        )
        self.ca_file_edit = self._line("caFileEdit", "PEM file of trusted certificates (optional)")
        self.client_cert_edit = self._line("clientCertEdit", "PEM client certificate (optional)")
        self.client_key_edit = self._line("clientKeyEdit", "PEM key, if not in the certificate")
        self.key_password_edit = self._line("keyPasswordEdit", "key passphrase", secret=True)
        self.tls_error_label = error_label("tlsErrorLabel")
        tab = QWidget()
        form = QFormLayout(tab)
        form.addRow(self.verify_check)
        form.addRow(self.verify_warning)
        form.addRow("CA file", self._file_row(self.ca_file_edit, "CA certificates"))
        form.addRow("Client certificate", self._file_row(self.client_cert_edit, "Certificate"))
        form.addRow("Client key", self._file_row(self.client_key_edit, "Private key"))
        form.addRow("Key passphrase", self.key_password_edit)
        form.addRow(self.tls_error_label)
        return tab

    def _proxy_tab(self) -> QWidget:
        self.proxy_group = QButtonGroup(self)
        self.proxy_radios: dict[ProxyMode, QRadioButton] = {}
        tab = QWidget()
        layout = QVBoxLayout(tab)
        for mode, name in (
            (ProxyMode.NONE, "proxyNoneRadio"),
            (ProxyMode.SYSTEM, "proxySystemRadio"),
            (ProxyMode.EXPLICIT, "proxyExplicitRadio"),
        ):
            radio = named(QRadioButton(mode.value), name)
            self.proxy_group.addButton(radio)
            self.proxy_radios[mode] = radio
            radio.toggled.connect(self._push)
            layout.addWidget(radio)
        self.proxy_url_edit = self._line("proxyUrlEdit", "http://user:password@host:port")
        self.proxy_error_label = error_label("proxyErrorLabel")
        layout.addWidget(self.proxy_url_edit)
        layout.addWidget(self.proxy_error_label)
        layout.addStretch(1)
        return tab

    def _saved_tab(self) -> QWidget:
        self.saved_list = named(QListWidget(), "savedList")
        self.saved_list.setAccessibleName("Saved connections")
        self.saved_list.currentTextChanged.connect(
            lambda text: self.name_edit.setText(text) if text else None
        )
        self.saved_list.itemDoubleClicked.connect(lambda _item: self._open_saved())
        self.name_edit = named(QLineEdit(), "savedNameEdit")
        self.name_edit.setPlaceholderText("name")
        self.saved_notice_label = _notice_label("savedNoticeLabel")
        self.saved_error_label = error_label("savedErrorLabel")
        actions = QHBoxLayout()
        for text, name, slot in (
            ("Save", "saveButton", self._save),
            ("Open", "openButton", self._open_saved),
            ("Rename to name", "renameButton", self._rename),
            ("Duplicate", "duplicateButton", self._duplicate),
            ("Delete", "deleteButton", self._delete),
        ):
            button = named(QPushButton(text), name)
            button.clicked.connect(slot)
            actions.addWidget(button)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.saved_list, 1)
        layout.addWidget(self.name_edit)
        layout.addLayout(actions)
        layout.addWidget(self.saved_error_label)
        layout.addWidget(self.saved_notice_label)
        self._show_saved_names()
        return tab

    # -- view-model -> widgets ----------------------------------------------------------

    def edit(self, options: ConnectionOptions) -> None:
        """Show the dialog (non-modal) editing ``options``."""
        self.settings.load(options)
        self._pull()
        self.show()
        self.raise_()
        self.activateWindow()

    def _pull(self) -> None:
        draft = self.settings.draft
        self._loading = True
        try:
            self.url_field.setText(draft.url)
            self._fill(
                self.headers_table, [(r.name, r.value, r.secret) for r in self.settings.header_rows]
            )
            self._fill(self.query_table, [(n, v, None) for n, v in self.settings.query_params])
            self.subprotocols_edit.setPlainText("\n".join(draft.subprotocols))
            self.origin_edit.setText(draft.origin or "")
            self.compress_check.setChecked(draft.compress)
            self.max_size_spin.setValue(draft.max_message_size)
            self.connect_timeout_spin.setValue(draft.connect_timeout)
            self.close_timeout_spin.setValue(draft.close_timeout)
            self.ping_interval_spin.setValue(draft.ping_interval or 0)
            self.ping_timeout_spin.setValue(draft.ping_timeout)
            self.verify_check.setChecked(draft.verify_tls)
            self.ca_file_edit.setText(draft.ca_file or "")
            self.client_cert_edit.setText(draft.client_cert or "")
            self.client_key_edit.setText(draft.client_key or "")
            self.key_password_edit.setText(draft.client_key_password or "")
            self.proxy_radios[self.settings.proxy_mode].setChecked(True)
            self.proxy_url_edit.setText(self.settings.proxy_url)
        finally:
            self._loading = False
        self._show_problems()

    def _fill(self, table: QTableWidget, rows: list[tuple[str, str, bool | None]]) -> None:
        table.blockSignals(True)
        table.setRowCount(0)
        for name, value, secret in rows:
            self._add_row(table, name, value, secret)
        table.blockSignals(False)

    def _add_row(
        self, table: QTableWidget, name: str = "", value: str = "", secret: bool | None = False
    ) -> None:
        row = table.rowCount()
        table.insertRow(row)
        table.setItem(row, 0, QTableWidgetItem(name))
        table.setItem(row, 1, QTableWidgetItem(value))
        if table.columnCount() == 3:
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Checked if secret else Qt.CheckState.Unchecked)
            table.setItem(row, 2, check)

    def _remove_row(self, table: QTableWidget) -> None:
        table.removeRow(table.currentRow() if table.currentRow() >= 0 else table.rowCount() - 1)
        self._push()

    def _show_problems(self) -> None:
        errors = self.settings.errors
        header_problems = [p for p in self.settings.header_errors if p]
        show_error(self.header_error_label, "\n".join(header_problems))
        show_error(
            self.handshake_error_label,
            errors.get("subprotocols") or errors.get("origin") or errors.get("url"),
        )
        show_error(
            self.connection_error_label,
            next(
                (
                    errors[k]
                    for k in (
                        "max_message_size",
                        "connect_timeout",
                        "close_timeout",
                        "ping_interval",
                        "ping_timeout",
                    )
                    if k in errors
                ),
                None,
            ),
        )
        show_error(
            self.tls_error_label,
            next(
                (errors[k] for k in ("ca_file", "client_cert", "client_key") if k in errors), None
            ),
        )
        show_error(self.proxy_error_label, errors.get("proxy"))
        self.verify_warning.setVisible(not self.settings.draft.verify_tls)
        self.proxy_url_edit.setEnabled(self.settings.proxy_mode is ProxyMode.EXPLICIT)
        show_error(self.error_label, next(iter(errors.values()), None))
        self.ok_button.setEnabled(not errors)
        self.apply_button.setEnabled(not errors)

    def _show_auth_fields(self, mode: str) -> None:
        self.bearer_edit.setVisible(mode == _AUTH_BEARER)
        self.basic_user_edit.setVisible(mode == _AUTH_BASIC)
        self.basic_password_edit.setVisible(mode == _AUTH_BASIC)
        self.apply_auth_button.setEnabled(mode != _AUTH_NONE)

    def _show_saved_names(self) -> None:
        if self.saved is None:
            return
        current = self.saved_list.currentItem()
        keep = current.text() if current is not None else None
        self.saved_list.clear()
        self.saved_list.addItems(self.saved.names)
        for item in self.saved_list.findItems(keep or "", Qt.MatchFlag.MatchExactly):
            self.saved_list.setCurrentItem(item)

    # -- widgets -> view-model ----------------------------------------------------------

    def _push(self) -> None:
        if self._loading:
            return
        settings, sender = self.settings, self.sender()
        settings.changed.disconnect(self._show_problems)
        try:
            settings.update(url=self.url_field.text().strip())
            if sender is self.query_table:
                settings.set_query_params([(n, v) for n, v, _ in self._rows(self.query_table)])
                self._loading = True
                self.url_field.setText(settings.draft.url)
                self._loading = False
            elif sender is self.url_field:
                self._fill(self.query_table, [(n, v, None) for n, v in settings.query_params])
            settings.set_headers(
                [HeaderRow(n, v, s) for n, v, s in self._rows(self.headers_table, secret=True)]
            )
            settings.set_subprotocols(self.subprotocols_edit.toPlainText().splitlines())
            settings.update(
                origin=self.origin_edit.text().strip() or None,
                compress=self.compress_check.isChecked(),
                max_message_size=self.max_size_spin.value(),
                connect_timeout=self.connect_timeout_spin.value(),
                close_timeout=self.close_timeout_spin.value(),
                ping_interval=self.ping_interval_spin.value() or None,
                ping_timeout=self.ping_timeout_spin.value(),
                verify_tls=self.verify_check.isChecked(),
                ca_file=self.ca_file_edit.text().strip() or None,
                client_cert=self.client_cert_edit.text().strip() or None,
                client_key=self.client_key_edit.text().strip() or None,
                client_key_password=self.key_password_edit.text() or None,
            )
            mode = next(m for m, radio in self.proxy_radios.items() if radio.isChecked())
            settings.set_proxy(mode, self.proxy_url_edit.text())
        finally:
            settings.changed.connect(self._show_problems)
        self._show_problems()

    def _rows(self, table: QTableWidget, secret: bool = False) -> list[tuple[str, str, bool]]:
        rows = []
        for row in range(table.rowCount()):
            name, value, check = (table.item(row, col) for col in range(3))
            rows.append(
                (
                    name.text() if name is not None else "",
                    value.text() if value is not None else "",
                    secret and check is not None and check.checkState() == Qt.CheckState.Checked,
                )
            )
        return rows

    def _apply_auth(self) -> None:
        mode = self.auth_combo.currentText()
        try:
            if mode == _AUTH_BEARER:
                self.settings.use_bearer(self.bearer_edit.text())
            elif mode == _AUTH_BASIC:
                self.settings.use_basic(
                    self.basic_user_edit.text(), self.basic_password_edit.text()
                )
        except ValueError as exc:
            show_error(self.header_error_label, str(exc))
            return
        self._pull()

    def _browse(self, edit: QLineEdit, title: str) -> None:
        # open(), not exec(): a nested event loop would stall the running connection (B24).
        chooser = QFileDialog(self, title)
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.fileSelected.connect(edit.setText)
        chooser.fileSelected.connect(self._push)
        chooser.open()

    def _on_button(self, button: QAbstractButton) -> None:
        role = self.button_box.buttonRole(button)
        if role is QDialogButtonBox.ButtonRole.RejectRole:
            self.hide()
            return
        if self.apply_to_connection() and role is QDialogButtonBox.ButtonRole.AcceptRole:
            self.hide()

    def apply_to_connection(self) -> bool:
        """Give the draft to the connection; False (and the problem shown) if invalid."""
        try:
            self.view_model.options = self.settings.result()
        except ValueError as exc:
            show_error(self.error_label, str(exc))
            return False
        return True

    # -- saved connections ------------------------------------------------------------

    def _saved_action(self, action: Callable[[SavedConnections], None]) -> None:
        if self.saved is None:
            return
        try:
            action(self.saved)
        except (KeyError, ValueError) as exc:
            text = f"No saved connection named {exc}" if isinstance(exc, KeyError) else str(exc)
            show_error(self.saved_error_label, text)
            return
        show_error(self.saved_error_label, None)

    def _selected(self) -> str:
        item = self.saved_list.currentItem()
        return item.text() if item is not None else self.name_edit.text().strip()

    def _save(self) -> None:
        # result() raises ValueError for a draft with problems: nothing half-checked is saved.
        self._saved_action(lambda saved: saved.save(self.name_edit.text(), self.settings.result()))

    def _open_saved(self) -> None:
        def open_it(saved: SavedConnections) -> None:
            self.settings.load(saved.open(self._selected()))
            self._pull()

        self._saved_action(open_it)

    def _rename(self) -> None:
        self._saved_action(lambda saved: saved.rename(self._selected(), self.name_edit.text()))

    def _duplicate(self) -> None:
        self._saved_action(lambda saved: self.name_edit.setText(saved.duplicate(self._selected())))

    def _delete(self) -> None:
        self._saved_action(lambda saved: saved.delete(self._selected()))
