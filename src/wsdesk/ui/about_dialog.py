"""Help > About wsdesk: the version, where wsdesk keeps its files, and the licences of
what it runs on."""

from __future__ import annotations

import platform
from pathlib import Path

from PyQt6.QtCore import PYQT_VERSION_STR, Qt, qVersion
from PyQt6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from wsdesk import __version__
from wsdesk.ui.read_only_table import close_buttons, read_only_table
from wsdesk.ui.widgets import plain_label
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
        self.table = read_only_table(
            "licencesTable",
            ["Package", "Version", "Licence"],
            [(d.name, d.version, d.licence) for d in found],
            "Dependencies and their licences",
            "What wsdesk runs on: each installed package and its licence",
        )
        note = QLabel(
            "Their licences apply to them; a frozen build bundles them (PyQt6 under the GPL)."
            if found
            else "This build keeps no record of its packages."
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(plain_label("aboutRuntime", runtime))
        layout.addWidget(self.paths_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(close_buttons(self))
        self.resize(560, 520)
