"""Parts of wsdesk's read-only dialogs: a table of text rows, and a Close button."""

from __future__ import annotations

from collections.abc import Sequence

from PyQt6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
)

from wsdesk.ui.shortcuts import describe
from wsdesk.ui.widgets import named


def read_only_table(
    name: str, headings: Sequence[str], rows: Sequence[Sequence[str]], title: str, tip: str
) -> QTableWidget:
    """A table named ``name`` (objectName) and ``title`` (screen readers) showing ``rows``
    under ``headings``, whole rows selected, nothing editable."""
    table = named(QTableWidget(len(rows), len(headings)), name)
    describe(table, title, tip=tip)
    table.setHorizontalHeaderLabels(list(headings))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    vertical = table.verticalHeader()
    if vertical is not None:
        vertical.hide()
    for row, texts in enumerate(rows):
        for column, text in enumerate(texts):
            table.setItem(row, column, QTableWidgetItem(text))
    header = table.horizontalHeader()
    if header is not None:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        describe(header, "Column headings")
    return table


def table_rows(table: QTableWidget) -> list[tuple[str, ...]]:
    """The text of every cell of ``table``, row by row."""
    return [
        tuple(_text(table.item(row, column)) for column in range(table.columnCount()))
        for row in range(table.rowCount())
    ]


def _text(item: QTableWidgetItem | None) -> str:
    return item.text() if item is not None else ""


def close_buttons(dialog: QDialog) -> QDialogButtonBox:
    """A button box whose one button, Close, closes ``dialog``."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.close)
    close = buttons.button(QDialogButtonBox.StandardButton.Close)
    if close is not None:
        describe(close, "Close", tip="Close this window")
    return buttons
