"""wsdesk's window and application icon."""

from __future__ import annotations

from PyQt6.QtGui import QIcon

from wsdesk.resources import ICON_SIZES, icon_png


def app_icon() -> QIcon:
    """The icon at every shipped size; Qt reads a file only when a size is first drawn."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(icon_png(size)))
    return icon
