"""EnvironmentBar: the toolbar's environment selector, and the editor of environments."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QAction
from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from wsdesk.models import Environment
from wsdesk.ui.accessibility import name_controls
from wsdesk.ui.file_dialogs import ask_confirmation
from wsdesk.ui.shortcuts import describe
from wsdesk.ui.widgets import error_label, named, plain_label, show_error
from wsdesk.viewmodel.workspace_viewmodel import WorkspaceViewModel

NO_ENVIRONMENT = "No environment"


class EnvironmentBar(QToolBar):
    """``environmentCombo`` picks the workspace's active environment ("No environment":
    ``{{...}}`` is sent as typed); "Environments…" opens the editor."""

    def __init__(self, workspace: WorkspaceViewModel, parent: QWidget | None = None) -> None:
        super().__init__("Environment", parent)
        self.setObjectName("environmentToolbar")
        self.setMovable(False)
        self._workspace = workspace
        self.combo = named(QComboBox(), "environmentCombo")
        self.combo.setAccessibleName("Environment")
        self.combo.setToolTip("The environment whose variables fill {{name}}")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.edit_action = QAction("Environments…", self)
        self.edit_action.setObjectName("editEnvironmentsAction")
        self.edit_action.setToolTip("Add, change or delete environments and their variables")
        self.addWidget(plain_label("environmentLabel", "Environment: "))
        self.addWidget(self.combo)
        self.addAction(self.edit_action)
        button = self.widgetForAction(self.edit_action)
        if button is not None:
            describe(button, "Environments", tip=self.edit_action.toolTip())
        self.editor: EnvironmentEditor | None = None
        self._filling = False
        self._fill()
        workspace.environments_changed.connect(self._fill)
        self.combo.currentIndexChanged.connect(self._on_chosen)
        self.edit_action.triggered.connect(self.show_editor)

    def show_editor(self) -> EnvironmentEditor:
        """Show the (modeless) environment editor."""
        if self.editor is None:
            self.editor = EnvironmentEditor(self._workspace, self.window())
        self.editor.show()
        self.editor.raise_()
        return self.editor

    def _fill(self) -> None:
        self._filling = True
        try:
            self.combo.clear()
            self.combo.addItem(NO_ENVIRONMENT, None)
            for environment in self._workspace.environments:
                self.combo.addItem(environment.name, environment.name)
            active = self._workspace.active_environment
            self.combo.setCurrentIndex(max(0, self.combo.findData(active)) if active else 0)
        finally:
            self._filling = False

    def _on_chosen(self, index: int) -> None:
        if not self._filling:
            self._workspace.active_environment = self.combo.itemData(index)


class EnvironmentEditor(QDialog):
    """Environments on the left; the chosen one's name and variables (name, value and a
    "secret" tick: kept in the keyring, never in the workspace file) on the right.
    Save applies the form; an invalid name is shown in ``environmentError``."""

    def __init__(self, workspace: WorkspaceViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("environmentEditor")
        self.setWindowTitle("Environments")
        self.setModal(False)
        self.resize(640, 360)
        self._workspace = workspace
        self._editing: str | None = None
        self.list = named(QListWidget(), "environmentList")
        self.list.setAccessibleName("Environments")
        self.name_edit = named(QLineEdit(), "environmentName")
        self.name_edit.setAccessibleName("Environment name")
        self.table = named(QTableWidget(0, 3), "variablesTable")
        self.table.setHorizontalHeaderLabels(["Variable", "Value", "Secret"])
        self.table.setAccessibleName("Variables")
        header = self.table.horizontalHeader()
        if header is not None:
            header.setStretchLastSection(False)
            header.resizeSection(1, 260)
        self.error_label = error_label("environmentError")
        new_button = named(QPushButton("New"), "newEnvironmentButton")
        delete_button = named(QPushButton("Delete…"), "deleteEnvironmentButton")
        add_row = named(QPushButton("Add variable"), "addVariableButton")
        remove_row = named(QPushButton("Remove variable"), "removeVariableButton")
        self.save_button = named(QPushButton("Save"), "saveEnvironmentButton")
        close_button = named(QPushButton("Close"), "closeEnvironmentsButton")
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left_buttons = QHBoxLayout()
        left_buttons.addWidget(new_button)
        left_buttons.addWidget(delete_button)
        left.addLayout(left_buttons)
        right = QVBoxLayout()
        right.addWidget(plain_label("environmentNameLabel", "Name"))
        right.addWidget(self.name_edit)
        right.addWidget(self.table, 1)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(add_row)
        row_buttons.addWidget(remove_row)
        row_buttons.addStretch(1)
        row_buttons.addWidget(self.save_button)
        row_buttons.addWidget(close_button)
        right.addLayout(row_buttons)
        right.addWidget(self.error_label)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 3)
        new_button.clicked.connect(self.new_environment)
        delete_button.clicked.connect(self.ask_delete)
        add_row.clicked.connect(lambda: self.add_variable("", ""))
        remove_row.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        name_controls(self)
        self.save_button.clicked.connect(self.save)
        close_button.clicked.connect(self.close)
        self.list.currentTextChanged.connect(self._show)
        workspace.environments_changed.connect(self._fill)
        self._fill()

    def new_environment(self) -> None:
        """Start a new, empty environment in the form."""
        self._editing = None
        self.list.clearSelection()
        self.name_edit.setText("")
        self.table.setRowCount(0)
        self.add_variable("", "")
        self.name_edit.setFocus()

    def add_variable(self, name: str, value: str, secret: bool = False) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(value))
        tick = QTableWidgetItem()
        tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        tick.setCheckState(Qt.CheckState.Checked if secret else Qt.CheckState.Unchecked)
        self.table.setItem(row, 2, tick)

    def environment(self) -> Environment:
        """The environment the form describes (rows without a variable name are left out)."""
        variables, secret = [], set()
        for row in range(self.table.rowCount()):
            name_item, value_item, tick = (self.table.item(row, c) for c in range(3))
            name = name_item.text().strip() if name_item is not None else ""
            if not name:
                continue
            variables.append((name, value_item.text() if value_item is not None else ""))
            if tick is not None and tick.checkState() == Qt.CheckState.Checked:
                secret.add(name)
        return Environment(self.name_edit.text().strip(), tuple(variables), frozenset(secret))

    def save(self) -> bool:
        """Apply the form to the workspace; False (and the reason shown) if it is invalid."""
        environment = self.environment()
        if self._editing is None and environment.name in (
            e.name for e in self._workspace.environments
        ):
            show_error(
                self.error_label, f"There is already an environment called {environment.name}"
            )
            return False
        try:
            self._workspace.set_environment(environment, previous_name=self._editing)
        except ValueError as exc:
            show_error(self.error_label, str(exc))
            return False
        show_error(self.error_label, None)
        self._editing = environment.name
        matches = self.list.findItems(environment.name, Qt.MatchFlag.MatchExactly)
        if matches:
            self.list.setCurrentItem(matches[0])
        return True

    def ask_delete(self) -> QMessageBox | None:
        name = self._editing
        if name is None:
            return None
        return ask_confirmation(
            self,
            "Delete environment",
            f"Delete the environment {name} and its secret variables?",
            lambda: self._workspace.remove_environment(name),
        )

    def _fill(self) -> None:
        editing = self._editing
        self.list.blockSignals(True)
        self.list.clear()
        for environment in self._workspace.environments:
            self.list.addItem(environment.name)
        self.list.blockSignals(False)
        names = [e.name for e in self._workspace.environments]
        if editing in names:
            self.list.setCurrentRow(names.index(editing))
        elif names:
            self.list.setCurrentRow(0)
        else:
            self.new_environment()

    def _show(self, name: str) -> None:
        if not name:
            return
        try:
            environment = self._workspace.environment(name)
        except KeyError:
            return
        self._editing = name
        self.name_edit.setText(name)
        self.table.setRowCount(0)
        for variable, value in environment.variables:
            self.add_variable(variable, value, variable in environment.secret_names)
        show_error(self.error_label, None)
