"""Accessible names for a dialog's controls from the text the user sees beside them."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
    QTabBar,
)
"""The widget classes a user operates, and so a screen reader must name."""


def controls(root: QWidget) -> list[QWidget]:
    """Every control under ``root``, but the parts of one: a spin box's line edit, a combo
    box's list of choices (the box carries the name)."""
    return [w for w in root.findChildren(QWidget) if isinstance(w, CONTROLS) and not _part(w)]


def _part(widget: QWidget) -> bool:
    if isinstance(widget.parent(), QAbstractSpinBox):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox):
            return True
        parent = parent.parentWidget()
    return False


def name_controls(root: QWidget) -> None:
    """Give each control under ``root`` that has no accessible name the text shown for it:
    its own (a button's), its label's (a form row), its placeholder, or its group's title;
    and a tooltip of that name where it has none. Names set before are kept."""
    labels = {id(label.buddy()): label.text() for label in root.findChildren(QLabel)}
    for widget in controls(root):
        name = widget.accessibleName() or _shown_text(widget, labels)
        if not name:
            continue
        widget.setAccessibleName(name)
        if not widget.toolTip():
            widget.setToolTip(name)


def _shown_text(widget: QWidget, labels: dict[int, str]) -> str:
    if isinstance(widget, QHeaderView):
        across = widget.orientation() == Qt.Orientation.Horizontal
        return "Column headings" if across else "Row headings"
    if widget.objectName() == "qt_tableview_cornerbutton":  # Qt's own, in every table
        return "Select all"
    if isinstance(widget, QAbstractButton) and widget.text():
        return _clean(widget.text())
    if id(widget) in labels:
        return _clean(labels[id(widget)])
    if isinstance(widget, QLineEdit | QPlainTextEdit) and widget.placeholderText():
        return widget.placeholderText()
    if isinstance(widget, QTabBar):
        return "Pages: " + ", ".join(_clean(widget.tabText(i)) for i in range(widget.count()))
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QGroupBox) and parent.title():
            return _clean(parent.title())
        parent = parent.parentWidget()
    return ""


def _clean(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(":… ").strip()
