"""The keyboard shortcuts: one table that the window registers and Help lists.

Help > Keyboard Shortcuts is built from SHORTCUTS, and every action gets its keys and
tooltip from it through :func:`assign`, so the list cannot drift from what the keys do.
"""

from __future__ import annotations

import dataclasses

from PyQt6.QtGui import QAction, QKeySequence
from PyQt6.QtWidgets import QWidget


@dataclasses.dataclass(frozen=True)
class Shortcut:
    """One action's keys: ``keys`` in QKeySequence's portable form (first one shown)."""

    id: str
    group: str
    text: str
    keys: tuple[str, ...]

    @property
    def sequences(self) -> list[QKeySequence]:
        return [QKeySequence(k) for k in self.keys]

    @property
    def shown_keys(self) -> str:
        """The keys as the platform writes them (``Ctrl+T``, ``⌘T`` on macOS)."""
        return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in self.sequences)


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("new_tab", "Tabs", "New tab", ("Ctrl+T",)),
    Shortcut("close_tab", "Tabs", "Close the tab", ("Ctrl+W",)),
    Shortcut("focus_url", "Connection", "Go to the URL field", ("Ctrl+L",)),
    Shortcut("connect", "Connection", "Connect", ("F5",)),
    Shortcut("disconnect", "Connection", "Disconnect", ("Shift+F5",)),
    Shortcut("settings", "Connection", "Connection settings", ("Ctrl+,",)),
    Shortcut("inspect", "Connection", "Inspect the connection", ("Ctrl+I",)),
    Shortcut("save_connection", "Connection", "Save the connection", ("Ctrl+S",)),
    Shortcut("send", "Messages", "Send the composer's message", ("Ctrl+Return", "Ctrl+Enter")),
    Shortcut("find", "Messages", "Search the log", ("Ctrl+F",)),
    Shortcut("newest", "Messages", "Jump to the newest message", ("Ctrl+J",)),
    Shortcut("clear_log", "Messages", "Clear the log", ("Ctrl+Shift+L",)),
    Shortcut("export", "Files", "Export the session", ("Ctrl+E",)),
    Shortcut("import", "Files", "Import a transcript", ("Ctrl+O",)),
    Shortcut("shortcuts", "Help", "Keyboard shortcuts", ("F1",)),
    Shortcut("quit", "Help", "Quit", ("Ctrl+Q",)),
)
BY_ID = {shortcut.id: shortcut for shortcut in SHORTCUTS}


def tooltip(shortcut_id: str, text: str | None = None) -> str:
    """``text`` (default: the shortcut's own) followed by its keys: ``Connect (F5)``."""
    shortcut = BY_ID[shortcut_id]
    return f"{text or shortcut.text} ({shortcut.shown_keys})"


def assign(action: QAction, shortcut_id: str) -> QAction:
    """Give ``action`` the keys of SHORTCUTS' ``shortcut_id`` and a tooltip naming them.

    Raises KeyError for an id that is not in the table.
    """
    shortcut = BY_ID[shortcut_id]
    action.setShortcuts(shortcut.sequences)
    action.setToolTip(tooltip(shortcut_id, action.text().replace("&", "").rstrip("…")))
    action.setProperty("shortcutId", shortcut_id)
    return action


def describe(widget: QWidget, name: str, shortcut_id: str | None = None, tip: str = "") -> None:
    """Name ``widget`` for screen readers and give it a tooltip (``tip``, else ``name``),
    with the keys of ``shortcut_id`` when it has one."""
    widget.setAccessibleName(name)
    text = tip or name
    widget.setToolTip(tooltip(shortcut_id, text) if shortcut_id else text)
