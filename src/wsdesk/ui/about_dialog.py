"""Help > About wsdesk: the version, where wsdesk keeps its files, and the licences of
what it runs on."""

from __future__ import annotations

import platform
from pathlib import Path

from PyQt6.QtCore import PYQT_VERSION_STR, Qt, qVersion
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wsdesk import __version__
from wsdesk.ui.shortcuts import describe
from wsdesk.ui.widgets import named, plain_label
from wsdesk.viewmodel.about import dependencies


class AboutDialog(QDialog):
    """A modeless box: version, ``settings_path`` (window layout, saved messages, theme),
    ``workspace_path`` (None: this window keeps no workspace file) and each installed
    dependency with its version and licence, from the installed metadata."""

    def __init__(
        self, settings_path: str, workspace_path: Path | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About wsdesk")
        self.setModal(False)
        title = plain_label("aboutTitle", f"wsdesk {__version__}")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        runtime = (
            f"A desktop WebSocket client (MIT licence). Python {platform.python_version()}, "
            f"Qt {qVersion()}, PyQt {PYQT_VERSION_STR}."
        )
        self.paths_label = plain_label(
            "aboutPaths",
            f"Settings: {settings_path}\n"
            f"Workspace: {workspace_path if workspace_path is not None else '(none: not saved)'}",
        )
        self.paths_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.paths_label.setAccessibleName("Where wsdesk keeps its files")
        found = dependencies()
        self.table = named(QTableWidget(len(found), 3), "licencesTable")
        self.table.setAccessibleName("Dependencies and their licences")
        self.table.setToolTip("What wsdesk runs on: each installed package and its licence")
        self.table.setHorizontalHeaderLabels(["Package", "Version", "Licence"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        vertical = self.table.verticalHeader()
        if vertical is not None:
            vertical.hide()
        for row, dependency in enumerate(found):
            for column, text in enumerate(
                (dependency.name, dependency.version, dependency.licence)
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        if header is not None:
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setStretchLastSection(True)
            describe(header, "Column headings")
        note = QLabel(
            "Their licences apply to them; a frozen build bundles them (PyQt6 under the GPL)."
            if found
            else "This build keeps no record of its packages."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            describe(close, "Close", tip="Close this window")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(plain_label("aboutRuntime", runtime))
        layout.addWidget(self.paths_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(560, 520)
