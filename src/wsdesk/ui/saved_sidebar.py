"""SavedSidebar: the saved connections beside the tabs, searchable, opened by double-click."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import QModelIndex, QSortFilterProxyModel, QStringListModel, Qt
from PyQt6.QtWidgets import (
    QAbstractButton,
    QDockWidget,
    QGridLayout,
    QInputDialog,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wsdesk.ui.file_dialogs import ask_confirmation, show_problem
from wsdesk.ui.shortcuts import describe
from wsdesk.ui.widgets import error_label, named, show_error
from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel
from wsdesk.viewmodel.saved_connections import SavedConnections
from wsdesk.viewmodel.workspace_viewmodel import WorkspaceViewModel


class SavedSidebar(QDockWidget):
    """The saved connections of ``saved`` as a list (``savedConnections``) over a Qt
    string-list model, filtered by the search box (``savedSearch``, any part of the name,
    case ignored). Double-click or Open opens one in a new tab of ``workspace``; Rename,
    Duplicate and Delete (which asks first) act on the selected one."""

    def __init__(
        self, workspace: WorkspaceViewModel, saved: SavedConnections, parent: QWidget | None = None
    ) -> None:
        super().__init__("Saved connections", parent)
        self.setObjectName("savedConnectionsDock")
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self._workspace = workspace
        self._saved = saved
        self.names = QStringListModel(saved.names, self)
        self.shown = QSortFilterProxyModel(self)
        self.shown.setSourceModel(self.names)
        self.shown.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search_edit = named(QLineEdit(), "savedSearch")
        self.search_edit.setPlaceholderText("Search saved connections")
        describe(self.search_edit, "Search saved connections", tip="Show matching names")
        self.search_edit.setClearButtonEnabled(True)
        self.list_view = named(QListView(), "savedConnections")
        self.list_view.setModel(self.shown)
        describe(self.list_view, "Saved connections", tip="Double-click one to open it")
        self.list_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.notice_label = error_label("savedNoticeLabel")
        buttons = QGridLayout()
        self.open_button = self._button("Open", "openSavedButton", self.open_selected)
        self.rename_button = self._button("Rename…", "renameSavedButton", self.ask_rename)
        self.duplicate_button = self._button("Duplicate", "duplicateSavedButton", self.duplicate)
        self.delete_button = self._button("Delete…", "deleteSavedButton", self.ask_delete)
        buttons.addWidget(self.open_button, 0, 0)
        buttons.addWidget(self.duplicate_button, 0, 1)
        buttons.addWidget(self.rename_button, 1, 0)
        buttons.addWidget(self.delete_button, 1, 1)
        layout = QVBoxLayout()
        layout.addWidget(self.search_edit)
        layout.addWidget(self.list_view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.notice_label)
        body = QWidget()
        body.setLayout(layout)
        self.setWidget(body)
        self.search_edit.textChanged.connect(self.shown.setFilterFixedString)
        self.list_view.doubleClicked.connect(self._open_index)
        saved.changed.connect(lambda: self.names.setStringList(saved.names))
        saved.notice_changed.connect(lambda text: show_error(self.notice_label, text))
        # The title bar's buttons are Qt's own; they are found by the names Qt gives them.
        for qt_name, text in (
            ("qt_dockwidget_closebutton", "Hide saved connections"),
            ("qt_dockwidget_floatbutton", "Detach saved connections"),
        ):
            button = self.findChild(QAbstractButton, qt_name)
            if button is not None:
                describe(button, text)

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = named(QPushButton(text), name)
        describe(button, f"{text.rstrip('…')} saved connection")
        button.clicked.connect(lambda: slot())
        return button

    def selected_name(self) -> str | None:
        """The name selected in the list, or None."""
        index = self.list_view.currentIndex()
        return str(index.data()) if index.isValid() else None

    def open(self, name: str) -> ConnectionViewModel | None:
        """Open the saved connection ``name`` in a new tab titled ``name``."""
        try:
            options = self._saved.open(name)
        except (KeyError, ValueError) as exc:
            show_problem(self, "Open saved connection", f"{name} could not be opened: {exc}")
            return None
        return self._workspace.new_tab(options, title=name)

    def open_selected(self) -> ConnectionViewModel | None:
        name = self.selected_name()
        return self.open(name) if name is not None else None

    def _open_index(self, index: QModelIndex) -> None:
        self.open(str(index.data()))

    def save_tab(self, tab: ConnectionViewModel) -> QInputDialog | None:
        """Save ``tab``'s settings: under its title if the user named it, else ask a name."""
        if tab.has_own_title:
            self._save_as(tab, tab.title)
            return None
        return self._ask_text(
            "Save connection", "Name:", tab.title, lambda name: self._save_as(tab, name)
        )

    def _save_as(self, tab: ConnectionViewModel, name: str) -> None:
        try:
            self._saved.save(name, tab.options)
        except ValueError as exc:
            show_problem(self, "Save connection", str(exc))
            return
        tab.title = name.strip()

    def ask_rename(self) -> QInputDialog | None:
        old = self.selected_name()
        if old is None:
            return None

        def rename(new: str) -> None:
            try:
                self._saved.rename(old, new)
            except (KeyError, ValueError) as exc:
                show_problem(self, "Rename saved connection", str(exc))

        return self._ask_text("Rename saved connection", "New name:", old, rename)

    def duplicate(self) -> str | None:
        name = self.selected_name()
        return self._saved.duplicate(name) if name is not None else None

    def ask_delete(self) -> QMessageBox | None:
        """Ask before deleting the selected saved connection (and its keyring secrets)."""
        name = self.selected_name()
        if name is None:
            return None
        return ask_confirmation(
            self,
            "Delete saved connection",
            f"Delete the saved connection {name}? Its saved secrets are deleted too.",
            lambda: self._saved.delete(name),
        )

    def _ask_text(
        self, title: str, label: str, text: str, on_chosen: Callable[[str], None]
    ) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setObjectName("savedNameDialog")
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(text)
        dialog.textValueSelected.connect(on_chosen)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog
