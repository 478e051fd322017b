"""Window geometry and splitter sizes, saved to and restored from QSettings."""

from __future__ import annotations

from PyQt6.QtCore import QByteArray, QSettings
from PyQt6.QtWidgets import QMainWindow, QSplitter

_GEOMETRY = "window/geometry"
_STATE = "window/state"
_SPLITTERS = "window/splitters"


def save_window_state(window: QMainWindow, settings: QSettings) -> None:
    """Store ``window``'s geometry, its dock/toolbar state and every named splitter."""
    settings.setValue(_GEOMETRY, window.saveGeometry())
    settings.setValue(_STATE, window.saveState())
    for splitter in window.findChildren(QSplitter):
        if splitter.objectName():
            settings.setValue(f"{_SPLITTERS}/{splitter.objectName()}", splitter.saveState())
    settings.sync()


def restore_window_state(window: QMainWindow, settings: QSettings) -> None:
    """Apply what :func:`save_window_state` stored; missing or stale values are skipped."""
    geometry = settings.value(_GEOMETRY)
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    state = settings.value(_STATE)
    if isinstance(state, QByteArray):
        window.restoreState(state)
    for splitter in window.findChildren(QSplitter):
        saved = settings.value(f"{_SPLITTERS}/{splitter.objectName()}")
        if splitter.objectName() and isinstance(saved, QByteArray):
            splitter.restoreState(saved)
