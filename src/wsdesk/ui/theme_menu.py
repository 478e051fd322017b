"""View > Theme: System, Light or Dark, kept in the user's settings."""

from __future__ import annotations

from PyQt6.QtCore import QObject, QSettings
from PyQt6.QtGui import QAction, QActionGroup, QGuiApplication
from PyQt6.QtWidgets import QMainWindow, QMenu

from wsdesk.ui.theme import Theme, apply_theme

THEME_KEY = "appearance/theme"
_LABELS = {Theme.SYSTEM: "&System", Theme.LIGHT: "&Light", Theme.DARK: "&Dark"}


def saved_theme(settings: QSettings) -> Theme:
    """The theme kept in ``settings``; SYSTEM when none (or an unknown one) is."""
    try:
        return Theme(str(settings.value(THEME_KEY, Theme.SYSTEM.value)))
    except ValueError:
        return Theme.SYSTEM


class ThemeMenu(QObject):
    """Adds View > Theme to ``window``'s menu bar and applies the saved theme now.

    With System, a change of the desktop's colour scheme is followed as it happens (while
    the window lives: this object is its child).
    """

    def __init__(self, window: QMainWindow, settings: QSettings) -> None:
        super().__init__(window)
        self._settings = settings
        bar = window.menuBar()
        self.view_menu = QMenu("&View", window)
        self.view_menu.setObjectName("viewMenu")
        self.menu = QMenu("&Theme", window)
        self.menu.setObjectName("themeMenu")
        self.view_menu.addMenu(self.menu)
        if bar is not None:
            bar.addMenu(self.view_menu)
        group = QActionGroup(window)
        self.actions: dict[Theme, QAction] = {}
        for theme, label in _LABELS.items():
            action = QAction(label, window)
            action.setCheckable(True)
            action.setObjectName(f"theme{theme.name.title()}Action")
            action.triggered.connect(lambda _checked=False, t=theme: self.choose(t))
            group.addAction(action)
            self.menu.addAction(action)
            self.actions[theme] = action
        self.theme = saved_theme(settings)
        self.actions[self.theme].setChecked(True)
        apply_theme(self.theme)
        hints = QGuiApplication.styleHints()
        if hints is not None and hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._on_system_scheme)

    def choose(self, theme: Theme) -> None:
        """Use ``theme`` from now on and keep it in the settings."""
        self.theme = theme
        self.actions[theme].setChecked(True)
        self._settings.setValue(THEME_KEY, theme.value)
        self._settings.sync()
        apply_theme(theme)

    def _on_system_scheme(self, *_scheme: object) -> None:
        if self.theme is Theme.SYSTEM:
            apply_theme(Theme.SYSTEM)
