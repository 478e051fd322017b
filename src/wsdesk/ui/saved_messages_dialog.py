"""SavedMessagesDialog: name, save, edit, delete and insert reusable messages."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wsdesk.ui.accessibility import name_controls
from wsdesk.ui.file_dialogs import ask_confirmation
from wsdesk.ui.widgets import error_label, monospace, named, show_error
from wsdesk.viewmodel.composer_viewmodel import ComposerViewModel
from wsdesk.viewmodel.saved_messages import SavedMessages, SavedMessagesError


class SavedMessagesDialog(QDialog):
    """A modeless dialog over SavedMessages and the composer.

    "Save composer" stores the composer's draft under the typed name (replacing one with
    that name, which is how a message is edited); "Insert" puts the selected message
    into the composer; "Rename" and "Delete…" (which asks first) act on the selection.
    """

    def __init__(
        self, saved: SavedMessages, composer: ComposerViewModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("savedMessagesDialog")
        self.setWindowTitle("Saved messages")
        self.setModal(False)
        self.saved = saved
        self.composer = composer
        self.list = named(QListWidget(), "savedMessagesList")
        self.list.setAccessibleName("Saved messages")
        self.preview = named(QPlainTextEdit(), "savedMessagePreview")
        self.preview.setAccessibleName("The selected message")
        self.preview.setReadOnly(True)
        self.preview.setFont(monospace())
        self.name_edit = named(QLineEdit(), "savedNameEdit")
        self.name_edit.setPlaceholderText("Name")
        self.save_button = named(QPushButton("Save composer"), "saveMessageButton")
        self.save_button.setToolTip("Save what the composer holds under this name")
        self.insert_button = named(QPushButton("Insert"), "insertMessageButton")
        self.rename_button = named(QPushButton("Rename"), "renameMessageButton")
        self.delete_button = named(QPushButton("Delete…"), "deleteMessageButton")
        self.error_label = error_label("savedErrorLabel")
        name_row = QHBoxLayout()
        name_row.addWidget(QLabel("Name:"))
        name_row.addWidget(self.name_edit, 1)
        name_row.addWidget(self.save_button)
        buttons = QHBoxLayout()
        for button in (self.insert_button, self.rename_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 2)
        layout.addWidget(self.preview, 1)
        layout.addLayout(name_row)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self.resize(460, 420)

        saved.changed.connect(self._reload)
        self.list.currentItemChanged.connect(self._on_current)
        self.list.itemDoubleClicked.connect(lambda _item: self.insert_selected())
        self.save_button.clicked.connect(self.save_composer)
        self.insert_button.clicked.connect(self.insert_selected)
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button.clicked.connect(self.ask_delete)
        name_controls(self)
        self._reload()

    def selected_name(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def save_composer(self) -> None:
        self._try(lambda: self.saved.save(self.name_edit.text(), self.composer.draft))
        self._select(" ".join(self.name_edit.text().split()))

    def insert_selected(self) -> None:
        name = self.selected_name()
        message = self.saved.get(name) if name else None
        if message is not None:
            self.composer.mode = message.draft.mode
            self.composer.encoding = message.draft.encoding
            self.composer.text = message.draft.text

    def rename_selected(self) -> None:
        name = self.selected_name()
        if name is not None:
            new = self.name_edit.text()
            self._try(lambda: self.saved.rename(name, new))
            self._select(" ".join(new.split()))

    def ask_delete(self) -> QMessageBox | None:
        """Ask before deleting the selected saved message; None when none is selected."""
        name = self.selected_name()
        if name is None:
            return None
        return ask_confirmation(
            self, "Delete saved message", f"Delete the saved message {name}?", self.delete_selected
        )

    def delete_selected(self) -> None:
        name = self.selected_name()
        if name is not None:
            self.saved.delete(name)

    def _try(self, action: Callable[[], object]) -> None:
        try:
            action()
        except SavedMessagesError as exc:
            show_error(self.error_label, str(exc))
        else:
            show_error(self.error_label, None)

    def _select(self, name: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == name:
                self.list.setCurrentItem(item)

    def _reload(self) -> None:
        current = self.selected_name()
        self.list.clear()
        for message in self.saved.items:
            item = QListWidgetItem(f"{message.name}  ({message.draft.mode.value})")
            item.setData(Qt.ItemDataRole.UserRole, message.name)
            self.list.addItem(item)
        if current is not None:
            self._select(current)
        self._on_current(self.list.currentItem(), None)

    def _on_current(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        message = self.saved.get(str(item.data(Qt.ItemDataRole.UserRole))) if item else None
        self.preview.setPlainText(message.draft.text if message else "")
        if message is not None:
            self.name_edit.setText(message.name)
        for button in (self.insert_button, self.rename_button, self.delete_button):
            button.setEnabled(message is not None)
