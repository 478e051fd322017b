"""Help > Keyboard Shortcuts: the table the window registers its keys from."""

from __future__ import annotations

from PyQt6.QtWidgets import QDialog, QVBoxLayout, QWidget

from wsdesk.ui.read_only_table import close_buttons, read_only_table, table_rows
from wsdesk.ui.shortcuts import SHORTCUTS


class ShortcutsDialog(QDialog):
    """A modeless list of SHORTCUTS: group, action and keys, one row each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.setModal(False)
        self.table = read_only_table(
            "shortcutsTable",
            ["Group", "Action", "Keys"],
            [(s.group, s.text, s.shown_keys) for s in SHORTCUTS],
            "Keyboard shortcuts",
            "Every keyboard shortcut of the wsdesk window",
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(close_buttons(self))
        self.resize(480, 560)

    def rows(self) -> list[tuple[str, ...]]:
        """What the table shows: (group, action, keys) per row, in order."""
        return table_rows(self.table)
