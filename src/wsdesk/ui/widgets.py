"""Small helpers shared by wsdesk's widgets."""

from __future__ import annotations

import html
from typing import TypeVar

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QFont, QFontDatabase
from PyQt6.QtWidgets import QLabel, QWidget

from wsdesk.ui.theme import set_colour_role

_W = TypeVar("_W", bound=QWidget)


def named(widget: _W, name: str) -> _W:
    """``widget`` with its objectName set: tests and accessibility tools find it by name."""
    widget.setObjectName(name)
    return widget


def monospace() -> QFont:
    """The system's fixed-width font."""
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


def plain_label(name: str, text: str = "") -> QLabel:
    """A label that shows its text verbatim, never as HTML.

    Its text may come from a server (close reasons, errors); Qt would render ``<img ...>``
    or ``<h1>`` in an auto-detecting label.
    """
    label = named(QLabel(text), name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip that Qt shows verbatim (tooltips also auto-detect HTML)."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""


def error_label(name: str) -> QLabel:
    """A hidden red label for inline errors; :func:`show_error` fills and shows it."""
    label = plain_label(name)
    set_colour_role(label, "error")
    label.setWordWrap(True)
    label.hide()
    return label


def show_error(label: QLabel, error: str | None) -> None:
    """Show ``error`` in ``label``, or hide the label when ``error`` is None or empty."""
    label.setText(error or "")
    label.setVisible(bool(error))
