"""Window geometry, splitter sizes and the log's capacity, saved to and restored from
QSettings."""

from __future__ import annotations

from PyQt6.QtCore import QByteArray, QSettings
from PyQt6.QtWidgets import QMainWindow, QSpinBox, QSplitter

_GEOMETRY = "window/geometry"
_STATE = "window/state"
_SPLITTERS = "window/splitters"
_CAPACITY = "log/capacity"
_CAPACITY_SPIN = "capacitySpin"


def save_window_state(window: QMainWindow, settings: QSettings) -> None:
    """Store ``window``'s geometry, its dock/toolbar state and every named splitter."""
    settings.setValue(_GEOMETRY, window.saveGeometry())
    settings.setValue(_STATE, window.saveState())
    for splitter in window.findChildren(QSplitter):
        if splitter.objectName():
            settings.setValue(f"{_SPLITTERS}/{splitter.objectName()}", splitter.saveState())
    capacity = window.findChild(QSpinBox, _CAPACITY_SPIN)
    if capacity is not None:
        settings.setValue(_CAPACITY, capacity.value())
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
    capacity = window.findChild(QSpinBox, _CAPACITY_SPIN)
    try:
        kept = int(settings.value(_CAPACITY))
    except (TypeError, ValueError):
        kept = None  # never saved, or not a number
    if capacity is not None and kept is not None:
        capacity.setValue(kept)  # the spin box clamps it to its range
