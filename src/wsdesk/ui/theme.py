"""Light and dark: the application palette and the colours wsdesk draws text in.

``apply_theme(Theme.SYSTEM)`` follows the desktop's colour scheme (Qt 6.5+ reports it and
says when it changes); LIGHT and DARK set a palette of their own, since many desktops
ignore a request for a scheme (Qt 6.8's ``setColorScheme``). The log's colours, error
red, notices and the unverified-TLS badge are chosen for the palette in use and keep
WCAG AA contrast (4.5:1) with its base and window colours: see :func:`contrast_ratio`.
Widgets that show such a colour take it through :func:`set_colour_role`, so a change of
theme repaints them too.
"""

from __future__ import annotations

import dataclasses
import enum

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QBrush, QColor, QGuiApplication, QPalette
from PyQt6.QtWidgets import QApplication, QWidget

from wsdesk.models import Direction


class Theme(enum.Enum):
    """The user's choice under View > Theme; the value is what the settings keep."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


@dataclasses.dataclass(frozen=True)
class Colours:
    """Text colours for one palette, as ``#rrggbb`` names."""

    sent: str
    received: str
    event: str
    error: str
    notice: str
    badge_text: str
    badge_background: str

    def log_brushes(self) -> dict[Direction, QBrush]:
        """The log's text colour for each direction."""
        return {
            Direction.SENT: QBrush(QColor(self.sent)),
            Direction.RECEIVED: QBrush(QColor(self.received)),
            Direction.EVENT: QBrush(QColor(self.event)),
        }


LIGHT_COLOURS = Colours(
    sent="#1f5fa8",
    received="#1b1b1b",
    event="#5c5c5c",
    error="#b00020",
    notice="#7a4a00",
    badge_text="#ffffff",
    badge_background="#b00020",
)
DARK_COLOURS = Colours(
    sent="#8ab8ff",
    received="#e6e6e6",
    event="#a6a6a6",
    error="#ff8a80",
    notice="#ffc266",
    badge_text="#ffffff",
    badge_background="#b00020",
)

_R = QPalette.ColorRole
_LIGHT_ROLES = {
    _R.Window: "#efefef",
    _R.WindowText: "#000000",
    _R.Base: "#ffffff",
    _R.AlternateBase: "#f5f5f5",
    _R.Text: "#000000",
    _R.Button: "#efefef",
    _R.ButtonText: "#000000",
    _R.ToolTipBase: "#ffffdc",
    _R.ToolTipText: "#000000",
    _R.PlaceholderText: "#6b6b6b",
    _R.Highlight: "#2f6fdb",
    _R.HighlightedText: "#ffffff",
    _R.Link: "#0b57d0",
    _R.BrightText: "#ffffff",
}
_DARK_ROLES = {
    _R.Window: "#2b2b2b",
    _R.WindowText: "#e6e6e6",
    _R.Base: "#1e1e1e",
    _R.AlternateBase: "#262626",
    _R.Text: "#e6e6e6",
    _R.Button: "#353535",
    _R.ButtonText: "#e6e6e6",
    _R.ToolTipBase: "#3a3a3a",
    _R.ToolTipText: "#e6e6e6",
    _R.PlaceholderText: "#9a9a9a",
    _R.Highlight: "#2f6fdb",
    _R.HighlightedText: "#ffffff",
    _R.Link: "#8ab8ff",
    _R.BrightText: "#ffffff",
}
# Disabled text stays legible but reads as disabled (WCAG exempts inactive controls).
_DISABLED = {"light": "#8c8c8c", "dark": "#7a7a7a"}


def palette_for(theme: Theme) -> QPalette:
    """wsdesk's own LIGHT or DARK palette. Raises ValueError for SYSTEM (the desktop's)."""
    if theme is Theme.SYSTEM:
        raise ValueError("the system palette is the desktop's, not wsdesk's")
    dark = theme is Theme.DARK
    roles = _DARK_ROLES if dark else _LIGHT_ROLES
    palette = QPalette(QColor(roles[_R.Button]), QColor(roles[_R.Window]))
    for role, name in roles.items():
        palette.setColor(role, QColor(name))
    disabled = QColor(_DISABLED["dark" if dark else "light"])
    for role in (_R.WindowText, _R.Text, _R.ButtonText, _R.PlaceholderText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def is_dark(palette: QPalette) -> bool:
    """Whether ``palette`` draws light text on a dark base."""
    return palette.color(_R.Base).lightness() < palette.color(_R.Text).lightness()


def colours_for(palette: QPalette) -> Colours:
    """The text colours that read well on ``palette``."""
    return DARK_COLOURS if is_dark(palette) else LIGHT_COLOURS


def current_colours() -> Colours:
    """The text colours for the application's palette now (light before any application)."""
    return _current


def log_brush(direction: Direction) -> QBrush:
    """The brush the log draws an entry of ``direction`` with, for the palette now."""
    return _brushes[direction]


_current = LIGHT_COLOURS
_brushes = LIGHT_COLOURS.log_brushes()


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2's contrast ratio of two opaque colours: 1.0 (none) to 21.0 (black on white)."""

    def luminance(colour: QColor) -> float:
        def linear(channel: float) -> float:
            return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * linear(colour.redF())
            + 0.7152 * linear(colour.greenF())
            + 0.0722 * linear(colour.blueF())
        )

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# -- colour roles of single widgets ---------------------------------------------------------

_ROLE_PROPERTY = "wsdeskColourRole"


def _style_sheet(role: str, colours: Colours) -> str:
    if role == "badge":
        return (
            f"background: {colours.badge_background}; color: {colours.badge_text}; "
            "padding: 1px 6px; border-radius: 3px;"
        )
    return f"color: {getattr(colours, role)};"


def set_colour_role(widget: QWidget, role: str | None) -> None:
    """Draw ``widget``'s text in the theme's ``role`` colour ("error", "notice", "badge"
    for the unverified-TLS badge), or in the palette's own with None; it follows later
    changes of theme. Raises AttributeError for an unknown role."""
    widget.setProperty(_ROLE_PROPERTY, role or "")
    widget.setStyleSheet(_style_sheet(role, _current) if role else "")


# -- the application -------------------------------------------------------------------------


def apply_theme(theme: Theme) -> None:
    """Use ``theme`` in the running application: its palette, text colours and, where
    Qt can ask the desktop (6.8+), the window frames' scheme. A no-op before a
    QApplication exists."""
    global _current, _brushes
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    hints = QGuiApplication.styleHints()
    if hints is not None and hasattr(hints, "setColorScheme"):
        scheme = Qt.ColorScheme
        wanted = {Theme.LIGHT: scheme.Light, Theme.DARK: scheme.Dark}
        hints.setColorScheme(wanted.get(theme, scheme.Unknown))
    if theme is Theme.SYSTEM:
        app.setPalette(QPalette())  # the desktop's own
        reported_dark = hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark
        if reported_dark and not is_dark(app.palette()):
            # The desktop says dark but its Qt theme has only a light palette.
            app.setPalette(palette_for(Theme.DARK))
    else:
        app.setPalette(palette_for(theme))
    _current = colours_for(app.palette())
    _brushes = _current.log_brushes()
    for widget in app.allWidgets():
        role = widget.property(_ROLE_PROPERTY)
        if role:
            widget.setStyleSheet(_style_sheet(str(role), _current))
