"""Help > Keyboard Shortcuts and Help > About wsdesk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PyQt6.QtGui import QAction
from PyQt6.QtWidgets import QDialog, QMainWindow, QMenu

from wsdesk.ui.shortcuts import assign


class HelpMenu:
    """Adds the Help menu to ``window``; each dialog is built (and imported) when first
    opened. ``settings_path`` and ``workspace_path()`` are what About shows."""

    def __init__(
        self,
        window: QMainWindow,
        settings_path: str,
        workspace_path: Callable[[], Path | None],
    ) -> None:
        self._window = window
        self._settings_path = settings_path
        self._workspace_path = workspace_path
        self.shortcuts_dialog: QDialog | None = None
        self.about_dialog: QDialog | None = None
        self.menu = QMenu("&Help", window)
        self.menu.setObjectName("helpMenu")
        self.shortcuts_action = assign(QAction("&Keyboard Shortcuts", window), "shortcuts")
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.about_action = QAction("&About wsdesk", window)
        self.about_action.triggered.connect(self.show_about)
        self.menu.addAction(self.shortcuts_action)
        self.menu.addAction(self.about_action)
        bar = window.menuBar()
        if bar is not None:
            bar.addMenu(self.menu)

    def show_shortcuts(self) -> QDialog:
        """Show (and raise) the keyboard shortcuts."""
        if self.shortcuts_dialog is None:
            from wsdesk.ui.shortcuts_dialog import ShortcutsDialog

            self.shortcuts_dialog = ShortcutsDialog(self._window)
        return _raise(self.shortcuts_dialog)

    def show_about(self) -> QDialog:
        """Show (and raise) About wsdesk."""
        if self.about_dialog is None:
            from wsdesk.ui.about_dialog import AboutDialog

            self.about_dialog = AboutDialog(
                self._settings_path, self._workspace_path(), self._window
            )
        return _raise(self.about_dialog)


def _raise(dialog: QDialog) -> QDialog:
    dialog.show()
    dialog.raise_()
    return dialog
