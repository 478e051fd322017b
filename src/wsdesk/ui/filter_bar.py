"""FilterBar: the widgets that edit a LogFilter (text, regex, case, direction, kind)."""

from __future__ import annotations

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QWidget

from wsdesk.models import Direction, MessageKind
from wsdesk.ui.shortcuts import describe
from wsdesk.ui.widgets import named
from wsdesk.viewmodel.log_filter import LogFilter

_DIRECTIONS = [(Direction.SENT, "↑ sent"), (Direction.RECEIVED, "↓ received")]
_KINDS = [(MessageKind.TEXT, "text"), (MessageKind.BINARY, "binary"), (MessageKind.EVENT, "events")]
# Logged only when asked for (the ping toggle), so never filtered out.
_CONTROL_KINDS = {k for k in MessageKind if k.is_control}


def _toggle(text: str, name: str, tooltip: str) -> QToolButton:
    button = named(QToolButton(), name)
    button.setText(text)
    describe(button, tooltip)
    button.setCheckable(True)
    button.setAutoRaise(True)
    return button


class FilterBar(QWidget):
    """Emits ``filter_changed(LogFilter)`` whenever the user changes any part of it.

    Direction and kind buttons are all checked by default (show everything); events are
    one button under kinds because an event has both the EVENT direction and kind.
    The ping button (``controlFramesButton``) is not part of the filter: it emits
    ``control_frames_toggled(bool)`` for the connection's ``show_control_frames``.
    """

    filter_changed = pyqtSignal(object)
    control_frames_toggled = pyqtSignal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text_edit = named(QLineEdit(), "filterEdit")
        self.text_edit.setPlaceholderText("Filter the log")
        self.text_edit.setClearButtonEnabled(True)
        self.text_edit.setMinimumWidth(120)  # room to see what is typed
        describe(self.text_edit, "Filter the log", "find", "Show only matching entries")
        self.regex_button = _toggle(".*", "filterRegexButton", "Regular expression")
        self.case_button = _toggle("Aa", "filterCaseButton", "Match case")
        self.direction_buttons = {
            d: _toggle(text, f"filter{d.name.title()}Button", f"Show {d.value} entries")
            for d, text in _DIRECTIONS
        }
        self.kind_buttons = {
            k: _toggle(text, f"filter{k.name.title()}Button", f"Show {text}") for k, text in _KINDS
        }
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.text_edit, 1)
        for button in (self.regex_button, self.case_button):
            layout.addWidget(button)
        layout.addSpacing(6)
        for button in [*self.direction_buttons.values(), *self.kind_buttons.values()]:
            button.setChecked(True)
            layout.addWidget(button)
        self.text_edit.textChanged.connect(self._emit)
        for button in self.findChildren(QToolButton):
            button.toggled.connect(self._emit)
        # Not a filter: it asks the connection to log control frames (off by default).
        self.control_frames_button = _toggle(
            "ping",
            "controlFramesButton",
            "Log control frames: pings, pongs and close frames, sent and received",
        )
        layout.addSpacing(6)
        layout.addWidget(self.control_frames_button)
        self.control_frames_button.toggled.connect(self.control_frames_toggled)

    def log_filter(self) -> LogFilter:
        """The filter the widgets describe."""
        directions = {d for d, b in self.direction_buttons.items() if b.isChecked()}
        kinds = {k for k, b in self.kind_buttons.items() if b.isChecked()} | _CONTROL_KINDS
        if MessageKind.EVENT in kinds:
            directions.add(Direction.EVENT)
        return LogFilter(
            text=self.text_edit.text(),
            regex=self.regex_button.isChecked(),
            case_sensitive=self.case_button.isChecked(),
            directions=frozenset(directions),
            kinds=frozenset(kinds),
        )

    def _emit(self) -> None:
        self.filter_changed.emit(self.log_filter())
