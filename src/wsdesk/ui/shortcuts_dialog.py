"""Help > Keyboard Shortcuts: the table the window registers its keys from."""

from __future__ import annotations

from PyQt6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wsdesk.ui.shortcuts import SHORTCUTS, describe
from wsdesk.ui.widgets import named


class ShortcutsDialog(QDialog):
    """A modeless list of SHORTCUTS: group, action and keys, one row each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.setModal(False)
        self.table = named(QTableWidget(len(SHORTCUTS), 3), "shortcutsTable")
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setToolTip("Every keyboard shortcut of the wsdesk window")
        self.table.setHorizontalHeaderLabels(["Group", "Action", "Keys"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        vertical = self.table.verticalHeader()
        if vertical is not None:
            vertical.hide()
        for row, shortcut in enumerate(SHORTCUTS):
            for column, text in enumerate((shortcut.group, shortcut.text, shortcut.shown_keys)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        if header is not None:
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setStretchLastSection(True)
            describe(header, "Column headings")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            describe(close, "Close", tip="Close this window")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(480, 560)

    def rows(self) -> list[tuple[str, ...]]:
        """What the table shows: (group, action, keys) per row, in order."""
        table = self.table
        return [
            tuple(_text(table.item(row, column)) for column in range(3))
            for row in range(table.rowCount())
        ]


def _text(item: QTableWidgetItem | None) -> str:
    return item.text() if item is not None else ""
