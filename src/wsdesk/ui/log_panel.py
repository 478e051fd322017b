"""LogPanel: the filter bar, the message log, "N new messages", and the detail pane."""

from __future__ import annotations

from PyQt6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PyQt6.QtGui import QPalette
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListView,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from wsdesk.models import Message, format_size
from wsdesk.ui.detail_pane import DetailPane
from wsdesk.ui.file_dialogs import ask_confirmation
from wsdesk.ui.filter_bar import FilterBar
from wsdesk.ui.log_filter_proxy import LogFilterProxyModel
from wsdesk.ui.message_list_model import MessageListModel
from wsdesk.ui.shortcuts import describe
from wsdesk.ui.steady_label import SteadyLabel
from wsdesk.ui.widgets import error_label, monospace, named, plain_label, show_error
from wsdesk.viewmodel.log_filter import LogFilter, LogFilterError
from wsdesk.viewmodel.log_follow import LogFollower
from wsdesk.viewmodel.message_log import MessageLog

MAX_CAPACITY = 10_000_000


class LogPanel(QWidget):
    """A MessageLog shown through a filter proxy, with a detail pane for the selection.

    The view follows the newest entry until the user scrolls up; then a button counts
    the new entries and one click returns to the bottom. Capture never pauses. Unless
    ``read_only``, the panel also offers Clear and the capacity (how many entries the
    log keeps) with the count of older entries dropped.
    """

    def __init__(
        self, log: MessageLog, *, read_only: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.log = log
        self.follower = LogFollower()
        # The log position of the newest entry when following paused: later ones are new.
        self._seen_through = -1
        self.source_model = MessageListModel(log, self)
        self.proxy = LogFilterProxyModel(self.source_model, self)

        self.filter_bar = FilterBar()
        self.filter_error_label = error_label("filterErrorLabel")
        self.match_label = SteadyLabel("matchCountLabel", "1000000 of 1000000 match")
        # A steady width keeps the toggles beside it from moving as the count changes.
        self.match_label.setMinimumWidth(
            self.match_label.fontMetrics().horizontalAdvance("99999 of 99999 match")
        )
        self.dropped_label = SteadyLabel("droppedLabel")
        self.capacity_spin = named(QSpinBox(), "capacitySpin")
        self.capacity_spin.setRange(1, MAX_CAPACITY)
        self.capacity_spin.setSingleStep(1000)
        self.capacity_spin.setValue(log.capacity)
        self.capacity_spin.setPrefix("keep ")
        self.capacity_spin.setToolTip("How many entries the log keeps; older ones are dropped")
        self.capacity_spin.setAccessibleName("Log capacity")
        # Apply on Enter, focus loss or the arrows: typing "10000" must not pass through "1".
        self.capacity_spin.setKeyboardTracking(False)
        self.clear_button = named(QPushButton("Clear…"), "clearLogButton")
        describe(self.clear_button, "Clear the log", "clear_log")

        self.list_view = named(QListView(), "messageLog")
        self.list_view.setModel(self.proxy)
        self.list_view.setUniformItemSizes(True)
        self.list_view.setFont(monospace())
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        describe(self.list_view, "Message log", tip="Every message and event; select one to see it")
        self.new_messages_button = named(QPushButton(), "newMessagesButton")
        describe(
            self.new_messages_button,
            "Jump to the newest message",
            "newest",
            "Scroll to the newest entry and follow it again",
        )
        self.new_messages_button.hide()
        self.detail = DetailPane()
        # What to do next, while the log holds no message; drawn in the palette's muted text.
        self.hint_label = plain_label("emptyLogHint")
        self.hint_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.hint_label.setWordWrap(True)
        self.hint_label.hide()

        bar = QHBoxLayout()
        bar.addWidget(self.filter_bar, 1)
        bar.addWidget(self.match_label)
        # A transcript is a record: it is neither cleared nor trimmed.
        self.capacity_spin.setVisible(not read_only)
        self.clear_button.setVisible(not read_only)
        self.filter_bar.control_frames_button.setVisible(not read_only)
        list_box = QWidget()
        list_layout = QVBoxLayout(list_box)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.setSpacing(2)
        list_layout.addWidget(self.list_view, 1)
        list_layout.addWidget(self.hint_label)
        # What the log keeps sits under it, beside what it dropped: the filter's row
        # keeps the room for typing.
        foot = QHBoxLayout()
        foot.addWidget(self.dropped_label, 1)
        foot.addWidget(self.new_messages_button)
        foot.addSpacing(8)
        foot.addWidget(self.capacity_spin)
        foot.addWidget(self.clear_button)
        list_layout.addLayout(foot)
        self.splitter = named(QSplitter(Qt.Orientation.Vertical), "logSplitter")
        self.splitter.addWidget(list_box)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.filter_error_label)
        layout.addWidget(self.splitter, 1)
        self._bind()

    def _bind(self) -> None:
        self.filter_bar.filter_changed.connect(self.set_filter)
        # One update of the rows, once the proxies too have it: rows the filter hides
        # still change the total, and trimmed rows the new-messages count.
        self.source_model.updated.connect(self._on_rows_updated)
        self.log.cleared.connect(self._on_cleared)
        bar = self.list_view.verticalScrollBar()
        if bar is not None:
            bar.valueChanged.connect(self._on_scrolled)
        self.follower.changed.connect(self._show_follow)
        self.new_messages_button.clicked.connect(self.follow_newest)
        self.capacity_spin.valueChanged.connect(self._set_capacity)
        self.clear_button.clicked.connect(self.ask_clear)
        selection = self.list_view.selectionModel()
        if selection is not None:
            selection.currentChanged.connect(self._on_current)
            selection.selectionChanged.connect(self._on_selection)
        self._update_counts()

    # -- filter ---------------------------------------------------------------------------

    def set_filter(self, log_filter: LogFilter) -> None:
        """Show only the entries ``log_filter`` matches; an invalid regex is an inline error.

        Selected entries, and the current one, stay so while the filter shows them; a
        current entry the filter hides is no longer current.
        """
        try:
            log_filter.matcher()
        except LogFilterError as exc:
            show_error(self.filter_error_label, str(exc))
            return
        show_error(self.filter_error_label, None)
        view = self.list_view
        selection = view.selectionModel()
        if selection is None:
            return
        kept = self.proxy.selection_to_source(selection.selection())
        current = self.proxy.source_row(view.currentIndex())
        # Qt splits and rescans a selection for every block of rows a refilter hides or
        # shows (seconds for thousands of rows): take it off, refilter, put it back joined.
        selection.clearSelection()
        self.proxy.set_filter(log_filter)
        flags = QItemSelectionModel.SelectionFlag
        selection.select(self.proxy.selection_from_source(kept), flags.ClearAndSelect)
        index = self.proxy.index_for_source_row(current)
        selection.setCurrentIndex(index, flags.NoUpdate)  # an invalid index: none is current
        shown = self.selected_message()
        if shown is not self.detail.message:  # a reset says nothing to the selection's signals
            self.detail.show_message(shown)
        self._update_counts()
        if self.follower.following:
            view.scrollToBottom()
        else:
            self._recount_unseen()
            if index.isValid():
                view.scrollTo(index)

    def _update_counts(self, *_args: object) -> None:
        total, shown = self.source_model.rowCount(), self.proxy.rowCount()
        if self.proxy.log_filter.is_active:
            self.match_label.setText(f"{shown} of {total} match")
        else:
            self.match_label.setText(f"{total} entr{'y' if total == 1 else 'ies'}")
        dropped = self.log.dropped
        self.dropped_label.setText(
            f"{dropped} older message{'' if dropped == 1 else 's'} dropped" if dropped else ""
        )
        self._show_capacity_memory()

    # -- following the newest entry -------------------------------------------------------

    def follow_newest(self) -> None:
        """Scroll to the newest entry and follow again."""
        self.follower.resume()
        self.list_view.scrollToBottom()

    def _on_rows_updated(self) -> None:
        self._update_counts()
        if self.follower.following:
            self.list_view.scrollToBottom()
        else:
            self._recount_unseen()

    def _recount_unseen(self) -> None:
        # Counted, not added up: rows the log dropped, or a filter hides, are not waiting.
        first_new = self._seen_through + 1 - self.source_model.first_position
        self.follower.recount(self.proxy.rows_from_source_row(max(0, first_new)))

    def _on_scrolled(self, value: int) -> None:
        bar = self.list_view.verticalScrollBar()
        if bar is None:
            return
        was_following = self.follower.following
        self.follower.user_scrolled(value >= bar.maximum())
        if was_following and not self.follower.following:
            model = self.source_model
            self._seen_through = model.first_position + model.rowCount() - 1

    def _show_follow(self) -> None:
        label = self.follower.label
        self.new_messages_button.setText(f"{label} ↓" if label else "")
        self.new_messages_button.setVisible(bool(label))

    def _on_cleared(self) -> None:
        self._seen_through = -1
        self.follower.resume()  # nothing is left to look at above
        self.detail.show_message(None)
        self._update_counts()

    def set_hint(self, text: str) -> None:
        """Show ``text`` under the log as a hint for newcomers; "" hides it."""
        if text != self.hint_label.text():
            self.hint_label.setText(text)
        self.hint_label.setVisible(bool(text))

    def ask_clear(self) -> QMessageBox | None:
        """Ask before clearing the log (the entries are gone for good); None when empty."""
        count = len(self.log)
        if not count:
            return None
        return ask_confirmation(
            self,
            "Clear the log",
            f"Clear all {count} entr{'y' if count == 1 else 'ies'} of the log? "
            "The counters in the status bar keep their totals.",
            self.log.clear,
        )

    def _set_capacity(self, value: int) -> None:
        self.log.capacity = value
        self._show_capacity_memory()

    def _show_capacity_memory(self) -> None:
        # In the tooltip, not beside the box: the filter bar's row keeps its width.
        estimate = format_size(self.log.memory_for(self.log.capacity))
        self.capacity_spin.setToolTip(
            "How many entries the log keeps; older ones are dropped. Full, it takes about "
            f"{estimate} for messages like the newest ones"
        )

    # -- the detail pane ------------------------------------------------------------------

    def selected_message(self) -> Message | None:
        index = self.list_view.currentIndex()
        if not index.isValid():
            return None
        message: Message | None = self.source_model.message(self.proxy.source_row(index))
        return message

    def _on_current(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self.detail.show_message(self.selected_message())

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        if not self.list_view.currentIndex().isValid():
            self.detail.show_message(None)
