"""DetailPane: one log entry as Text, JSON, Hex dump and Base64, with Copy and Save."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtGui import QGuiApplication, QTextOption
from PyQt6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from wsdesk.models import Message, MessageKind, format_size
from wsdesk.ui.file_dialogs import ask_save_path, show_problem
from wsdesk.ui.json_tree_model import JsonTreeModel
from wsdesk.ui.shortcuts import describe
from wsdesk.ui.widgets import monospace, named, plain_label
from wsdesk.viewmodel.formatting import format_time
from wsdesk.viewmodel.json_tree import JsonNode, json_tree
from wsdesk.viewmodel.message_detail import DetailForm, detail_forms, payload_bytes, read_json

_HARD_WRAP = QTextOption.WrapMode.WrapAnywhere
_WORD_WRAP = QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere


class DetailPane(QWidget):
    """Shows the selected Message; Copy copies the current tab's whole form (not only
    what is displayed), Save writes the payload's bytes exactly to a file. The Tree tab
    shows a JSON payload as a collapsible tree (``jsonTree``) whose Copy value and Copy
    path buttons act on the selected node."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._message: Message | None = None
        self._forms: list[DetailForm] = []
        self.header = plain_label("detailHeader", "Select a message to see it here")
        self.tabs = named(QTabWidget(), "detailTabs")
        self.tabs.setDocumentMode(True)
        tab_bar = self.tabs.tabBar()
        if tab_bar is not None:
            describe(tab_bar, "Message forms", tip="Text, JSON, Hex or Base64")
        self.views: dict[str, QPlainTextEdit] = {}
        for title in ("Text", "JSON", "Hex", "Base64"):
            view = named(QPlainTextEdit(), f"detail{title}View")
            view.setReadOnly(True)
            describe(view, f"Selected message as {title}")
            view.setFont(monospace())
            if title in ("Hex",):
                view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            self.views[title] = view
            self.tabs.addTab(view, title)
        self.tabs.addTab(self._tree_tab(), "Tree")
        self.copy_button = named(QPushButton("Copy"), "copyDetailButton")
        describe(self.copy_button, "Copy", tip="Copy this form of the whole message")
        self.save_button = named(QPushButton("Save payload…"), "savePayloadButton")
        describe(self.save_button, "Save payload", tip="Write the payload's exact bytes to a file")
        head = QHBoxLayout()
        head.addWidget(self.header, 1)
        head.addWidget(self.copy_button)
        head.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        self.copy_button.clicked.connect(self.copy_current)
        self.save_button.clicked.connect(self._ask_save)
        self.show_message(None)

    def _tree_tab(self) -> QWidget:
        self.json_model = JsonTreeModel(self)
        self.json_tree = named(QTreeView(), "jsonTree")
        self.json_tree.setModel(self.json_model)
        self.json_tree.setUniformRowHeights(True)
        header = self.json_tree.header()
        if header is not None:
            header.setStretchLastSection(False)
            header.resizeSection(0, 220)
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
            header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.json_tree.setFont(monospace())
        describe(self.json_tree, "JSON tree", tip="The JSON payload; hover a row for its path")
        self.tree_note = plain_label("jsonTreeNote")
        self.copy_value_button = named(QPushButton("Copy value"), "copyJsonValueButton")
        describe(self.copy_value_button, "Copy value", tip="Copy the selected value")
        self.copy_path_button = named(QPushButton("Copy path"), "copyJsonPathButton")
        describe(self.copy_path_button, "Copy path", tip="Copy the selected value's JSONPath")
        buttons = QHBoxLayout()
        buttons.addWidget(self.tree_note, 1)
        buttons.addWidget(self.copy_value_button)
        buttons.addWidget(self.copy_path_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.json_tree, 1)
        layout.addLayout(buttons)
        self.copy_value_button.clicked.connect(
            lambda: self._copy_node(JsonNode.copy_text, "Copied the value at")
        )
        self.copy_path_button.clicked.connect(lambda: self._copy_node(lambda n: n.path, "Copied"))
        return page

    def selected_node(self) -> JsonNode | None:
        """The JSON tree's current node, or None."""
        return self.json_model.node(self.json_tree.currentIndex())

    def _copy_node(self, text_of: Callable[[JsonNode], str], done: str) -> None:
        node = self.selected_node()
        clipboard = QGuiApplication.clipboard()
        if node is not None and clipboard is not None:
            clipboard.setText(text_of(node))
            self.tree_note.setText(f"{done} {node.path}")

    def _show_tree(self, message: Message | None) -> list[DetailForm]:
        if message is None:
            self.json_model.set_root(None)
            self.tree_note.setText("")
            return []
        reading = read_json(message)
        if reading.problem is None:
            self.json_model.set_root(json_tree(reading.value))
            root = self.json_model.index(0, 0)
            self.json_tree.expand(root)
            self.json_tree.setCurrentIndex(root)
            self.tree_note.setText("")
        else:
            self.json_model.set_root(None)
            self.tree_note.setText(reading.problem)
        return detail_forms(message, reading)

    @property
    def message(self) -> Message | None:
        return self._message

    def show_message(self, message: Message | None) -> None:
        """Show ``message`` in every tab (None empties the pane)."""
        self._message = message
        self._forms = self._show_tree(message)
        for form in self._forms:
            view = self.views[form.title]
            view.setWordWrapMode(_HARD_WRAP if form.hard_wrap else _WORD_WRAP)
            view.setPlainText(form.shows)
        if message is None:
            for view in self.views.values():
                view.clear()
            self.header.setText("Select a message to see it here")
        else:
            self.header.setText(_describe(message))
            if message.kind is MessageKind.BINARY and self.tabs.currentIndex() == 0:
                self.tabs.setCurrentWidget(self.views["Hex"])
        self.copy_button.setEnabled(message is not None)
        self.save_button.setEnabled(message is not None and message.kind is not MessageKind.EVENT)

    def copy_current(self) -> None:
        """Put the current tab's whole form of the message on the clipboard (the Tree
        tab copies the JSON form)."""
        if not self._forms:
            return
        title = self.tabs.tabText(self.tabs.currentIndex())
        form = next(f for f in self._forms if f.title == ("JSON" if title == "Tree" else title))
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(form.full())

    def save_payload_to(self, path: str) -> bool:
        """Write the payload's bytes to ``path``; False (and a warning shown) on failure."""
        if self._message is None:
            return False
        try:
            with open(path, "wb") as out:
                out.write(payload_bytes(self._message))
        except OSError as exc:
            show_problem(self, "Save payload", f"Could not save {path}: {exc.strerror or exc}")
            return False
        return True

    def _ask_save(self) -> None:
        suffix = ".bin" if self._message and self._message.kind is MessageKind.BINARY else ".txt"
        ask_save_path(self, "Save payload", self.save_payload_to, suggested=f"payload{suffix}")


def _describe(message: Message) -> str:
    when = format_time(message.timestamp)
    if message.kind is MessageKind.EVENT:
        return f"event at {when}"
    return f"{message.direction.value} {message.kind.value}, {format_size(message.size)} at {when}"
