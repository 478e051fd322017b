"""LogFilterProxyModel: the log rows a view shows, filtered by a LogFilter."""

from __future__ import annotations

from PyQt6.QtCore import (
    QItemSelection,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
)

from wsdesk.models import Message
from wsdesk.ui.message_list_model import MessageListModel
from wsdesk.viewmodel.log_filter import LogFilter

_Index = QModelIndex | QPersistentModelIndex


class LogFilterProxyModel(QSortFilterProxyModel):
    """The rows of a MessageListModel that match a LogFilter, in log order.

    Qt asks a filter about every row a flood appends, and an answer from Python costs half
    a microsecond even when it is always yes. So this proxy, which the view asks for row
    counts (a dozen times per row and update; Qt answers those itself), filters nothing:
    with no active filter its source is the MessageListModel; with one, a second proxy that
    asks the filter about each row stands in between. Switching between the two resets
    this model (views lose their selection; :meth:`source_row`, :meth:`index_for_source_row`,
    :meth:`selection_to_source` and :meth:`selection_from_source` help keep it).
    :meth:`set_filter` raises LogFilterError (an invalid regex) and then keeps the previous
    filter. Rows appended to the source are filtered as they arrive.
    """

    def __init__(self, source: MessageListModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._filter = LogFilter()
        self._filtering = _MatchingRows(source, self)
        self.setSourceModel(source)

    @property
    def log_filter(self) -> LogFilter:
        return self._filter

    def set_filter(self, log_filter: LogFilter) -> None:
        """Filter by ``log_filter``; turning a filter on or off resets this model."""
        self._filtering.matches = log_filter.matcher()
        self._filter = log_filter
        filtering = self.sourceModel() is self._filtering
        if log_filter.is_active and filtering:
            # One layout change: refiltering in place sends a signal per run of rows it
            # hides or shows, each costing the outer proxy O(rows): seconds for thousands.
            self._filtering.invalidate()
        elif log_filter.is_active:
            self._filtering.setSourceModel(self._source)
            self.setSourceModel(self._filtering)
        elif filtering:
            self.setSourceModel(self._source)
            self._filtering.setSourceModel(None)  # idle: it would still filter new rows

    def source_row(self, index: QModelIndex) -> int:
        """The MessageListModel row shown at ``index`` of this model (-1 if none)."""
        inner = self.mapToSource(index)
        if self.sourceModel() is self._filtering:
            inner = self._filtering.mapToSource(inner)
        return inner.row() if inner.isValid() else -1

    def index_for_source_row(self, row: int) -> QModelIndex:
        """This model's index showing MessageListModel ``row``; invalid if filtered out."""
        inner = self._source.index(row, 0)
        if self.sourceModel() is self._filtering:
            inner = self._filtering.mapFromSource(inner)
        return self.mapFromSource(inner)

    def rows_from_source_row(self, row: int) -> int:
        """How many rows this model shows from MessageListModel ``row`` on (a binary search)."""
        low, high = 0, self.rowCount()
        while low < high:
            middle = (low + high) // 2
            if self.source_row(self.index(middle, 0)) < row:
                low = middle + 1
            else:
                high = middle
        return self.rowCount() - low

    def selection_to_source(self, selection: QItemSelection) -> QItemSelection:
        """``selection``, a selection of this model, in MessageListModel rows."""
        inner = self.mapSelectionToSource(selection)
        if self.sourceModel() is self._filtering:
            inner = self._filtering.mapSelectionToSource(inner)
        return inner

    def selection_from_source(self, selection: QItemSelection) -> QItemSelection:
        """The rows of ``selection`` (MessageListModel rows) this model shows, as few ranges."""
        inner = selection
        if self.sourceModel() is self._filtering:
            inner = self._filtering.mapSelectionFromSource(inner)
        # Qt maps a filtered selection row by row; selecting thousands of one-row ranges
        # takes seconds, so neighbours are joined first.
        shown = self.mapSelectionFromSource(inner)
        runs: list[list[int]] = []
        for top, bottom in sorted((shown[i].top(), shown[i].bottom()) for i in range(len(shown))):
            if runs and top <= runs[-1][1] + 1:
                runs[-1][1] = max(runs[-1][1], bottom)
            else:
                runs.append([top, bottom])
        joined = QItemSelection()
        for top, bottom in runs:
            joined.select(self.index(top, 0), self.index(bottom, 0))
        return joined


class _MatchingRows(QSortFilterProxyModel):
    """A MessageListModel's rows that ``matches`` accepts."""

    def __init__(self, source: MessageListModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._message = source.message
        self.matches = LogFilter().matcher()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        message: Message | None = self._message(source_row)
        return message is not None and self.matches(message)
