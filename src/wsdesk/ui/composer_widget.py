"""ComposerWidget: the editor, its mode, and Send, bound to a ComposerViewModel."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QKeyEvent, QTextCursor
from PyQt6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wsdesk.ui.shortcuts import describe
from wsdesk.ui.widgets import error_label, monospace, named, plain_label, show_error
from wsdesk.viewmodel.composer_modes import BinaryEncoding, ComposerMode
from wsdesk.viewmodel.composer_viewmodel import ComposerViewModel

_PLACEHOLDERS = {
    ComposerMode.TEXT: "Message to send: Enter sends, Shift+Enter adds a line, Up recalls",
    ComposerMode.JSON: "JSON to send: checked before sending; Pretty and Minify reformat it",
    ComposerMode.BINARY: "Bytes to send, as hex (de ad be ef, 0x prefixes allowed) or base64",
}
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ComposerEdit(QPlainTextEdit):
    """A QPlainTextEdit whose ``key_handler`` sees each key press first.

    The handler returns True when it consumed the key (send, recall); otherwise the
    editor handles it as usual.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key_handler: Callable[[QKeyEvent], bool] = lambda _event: False

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        if event is not None and self.key_handler(event):
            event.accept()
            return
        super().keyPressEvent(event)


class ComposerWidget(QWidget):
    """The composer: mode, encoding, the editor (``composerEdit``) and Send.

    Enter and Ctrl+Enter send, Shift+Enter inserts a newline; Up and Down recall earlier
    sends while the editor is empty or unchanged. ``saved_requested`` and
    ``file_requested(as_text)`` ask the window to open the saved-messages and send-file
    dialogs.
    """

    saved_requested = pyqtSignal()
    file_requested = pyqtSignal(bool)

    def __init__(self, composer: ComposerViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.composer = composer
        self.mode_combo = named(QComboBox(), "composerModeCombo")
        for mode in ComposerMode:
            self.mode_combo.addItem(mode.value, mode)
        describe(self.mode_combo, "Message mode", tip="Send as text, JSON or binary")
        self.encoding_combo = named(QComboBox(), "composerEncodingCombo")
        for encoding in BinaryEncoding:
            self.encoding_combo.addItem(encoding.value, encoding)
        describe(self.encoding_combo, "Binary encoding", tip="Hex or base64")
        self.pretty_button = named(QPushButton("Pretty"), "prettyJsonButton")
        describe(self.pretty_button, "Pretty", tip="Indent the JSON")
        self.minify_button = named(QPushButton("Minify"), "minifyJsonButton")
        describe(self.minify_button, "Minify", tip="Write the JSON on one line")
        self.info_label = plain_label("composerInfoLabel")
        self.saved_button = named(QPushButton("Saved…"), "savedMessagesButton")
        describe(self.saved_button, "Saved messages", tip="Save, edit and insert reusable messages")
        self.file_button = named(QPushButton("Send file"), "sendFileButton")
        file_menu = QMenu(self.file_button)
        file_menu.addAction("As binary…", lambda: self.file_requested.emit(False))
        file_menu.addAction("As text (UTF-8)…", lambda: self.file_requested.emit(True))
        self.file_button.setMenu(file_menu)
        describe(self.file_button, "Send file", tip="Send a file's bytes as binary or text")
        self.editor = named(ComposerEdit(), "composerEdit")
        describe(self.editor, "Message to send", "send", "Enter sends, Shift+Enter adds a line")
        self.editor.setFont(monospace())
        self.editor.setTabChangesFocus(True)
        line = self.editor.fontMetrics().lineSpacing()
        self.editor.setFixedHeight(line * 4 + 12)
        self.send_button = named(QPushButton("Send"), "sendButton")
        describe(self.send_button, "Send", "send", "Send (Enter in the message)")
        self.error_label = error_label("composerErrorLabel")

        tools = QHBoxLayout()
        for widget in (
            self.mode_combo,
            self.encoding_combo,
            self.pretty_button,
            self.minify_button,
        ):
            tools.addWidget(widget)
        tools.addWidget(self.info_label, 1)
        tools.addWidget(self.saved_button)
        tools.addWidget(self.file_button)
        row = QHBoxLayout()
        row.addWidget(self.editor, 1)
        row.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(tools)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        self._bind()

    def _bind(self) -> None:
        vm = self.composer
        self.editor.key_handler = self._on_key
        self.editor.textChanged.connect(self._on_edited)
        self.mode_combo.currentIndexChanged.connect(
            lambda i: setattr(vm, "mode", self.mode_combo.itemData(i))
        )
        self.encoding_combo.currentIndexChanged.connect(
            lambda i: setattr(vm, "encoding", self.encoding_combo.itemData(i))
        )
        self.pretty_button.clicked.connect(lambda: vm.format_json(pretty=True))
        self.minify_button.clicked.connect(lambda: vm.format_json(pretty=False))
        self.send_button.clicked.connect(self.submit)
        self.saved_button.clicked.connect(self.saved_requested)
        vm.text_changed.connect(self._show_text)
        vm.mode_changed.connect(self._show_mode)
        vm.encoding_changed.connect(self._show_encoding)
        vm.error_changed.connect(lambda error: show_error(self.error_label, error))
        vm.info_changed.connect(lambda info: self.info_label.setText(info))
        self._show_mode(vm.mode)
        self._show_encoding(vm.encoding)
        self._show_text(vm.text)  # a draft restored with the workspace
        self.info_label.setText(vm.info)

    def update_can_send(self, can_send: bool) -> None:
        self.send_button.setEnabled(can_send)
        self.file_button.setEnabled(can_send)

    def submit(self) -> None:
        self.composer.submit()

    # -- key handling ---------------------------------------------------------------------

    def _on_key(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        if key in _ENTER_KEYS:
            if mods & Qt.KeyboardModifier.ShiftModifier:
                self.editor.insertPlainText("\n")
            else:
                self.submit()
            return True
        if key == Qt.Key.Key_Up and not mods:
            return self.composer.recall_older()
        if key == Qt.Key.Key_Down and not mods:
            return self.composer.recall_newer()
        return False

    # -- view-model -> widgets ------------------------------------------------------------

    def _on_edited(self) -> None:
        self.composer.text = self.editor.toPlainText()

    def _show_text(self, text: str) -> None:
        if self.editor.toPlainText() != text:
            self.editor.setPlainText(text)
            self.editor.moveCursor(QTextCursor.MoveOperation.End)

    def _show_mode(self, mode: ComposerMode) -> None:
        self.mode_combo.setCurrentIndex(self.mode_combo.findData(mode))
        self.encoding_combo.setVisible(mode is ComposerMode.BINARY)
        self.pretty_button.setVisible(mode is ComposerMode.JSON)
        self.minify_button.setVisible(mode is ComposerMode.JSON)
        self.editor.setPlaceholderText(_PLACEHOLDERS[mode])
        viewport = self.editor.viewport()
        if viewport is not None:
            viewport.update()  # an empty editor repaints its placeholder only on demand

    def _show_encoding(self, encoding: BinaryEncoding) -> None:
        self.encoding_combo.setCurrentIndex(self.encoding_combo.findData(encoding))
