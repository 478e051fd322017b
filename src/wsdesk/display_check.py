"""Why Qt could not open a window here, found before Qt tries: Qt's xcb platform aborts
the process (SIGABRT) on a display it cannot reach or a library it cannot load."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

_HOW = "Run it in a desktop session, under xvfb-run, or with QT_QPA_PLATFORM=offscreen."


def display_problem() -> str | None:
    """A plain sentence saying why no window can open, or None when one can (or when only
    Qt can tell: Wayland, another platform plugin, another system than Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    display = os.environ.get("DISPLAY", "")
    wayland = os.environ.get("WAYLAND_DISPLAY", "")
    if not (display or wayland or platform):
        return f"wsdesk: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set). {_HOW}"
    if platform.split(":")[0] not in ("", "xcb") or (wayland and not platform):
        return None  # another platform plugin, or Wayland (Qt picks it or X11 itself)
    return _x11_problem(display)


def _x11_problem(display: str) -> str | None:
    import ctypes  # only for X11: an offscreen or Wayland start does without it

    try:
        xcb = ctypes.CDLL("libxcb.so.1")
        ctypes.CDLL("libxcb-cursor.so.0")  # Qt 6.5+ needs it for X11, and aborts without
        plugin = _xcb_plugin()
        if plugin is not None:
            # Every other library the X11 plugin links (libxcb-icccm4, libxcb-keysyms1,
            # ...): loading it now names the first one missing, where Qt would abort.
            ctypes.CDLL(str(plugin))
    except OSError as exc:
        return (
            f"wsdesk: Qt cannot use X11 here: {exc}. On Debian or Ubuntu, install the "
            "libraries README's Quick start lists (libxcb-cursor0, libxcb-icccm4, ...)."
        )
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode() or None, None)
    try:
        failed = xcb.xcb_connection_has_error(connection)
    finally:
        xcb.xcb_disconnect(connection)
    if failed:
        return f"wsdesk: cannot open the display {display!r} (DISPLAY): nothing answers. {_HOW}"
    return None


def _xcb_plugin() -> Path | None:
    """PyQt6's X11 platform plugin, found without importing Qt; None if it is not there."""
    spec = importlib.util.find_spec("PyQt6")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        plugin = Path(folder) / "Qt6" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None
