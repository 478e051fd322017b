"""LogFilterProxyModel: the log rows a view shows, filtered by a LogFilter."""

from __future__ import annotations

from PyQt6.QtCore import (
    QAbstractProxyModel,
    QItemSelection,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
)

from wsdesk.ui.message_list_model import MessageListModel
from wsdesk.viewmodel.log_filter import LogFilter
from wsdesk.viewmodel.log_matches import LogMatches

_Index = QModelIndex | QPersistentModelIndex


class LogFilterProxyModel(QSortFilterProxyModel):
    """The rows of a MessageListModel that match a LogFilter, in log order.

    Qt asks a filter about every row a flood appends, and an answer from Python costs half
    a microsecond even when it is always yes. So this proxy, which the view asks for row
    counts (a dozen times per row and update; Qt answers those itself), filters nothing:
    with no active filter its source is the MessageListModel; with one, a proxy over the
    rows the filter matches (found in the log's columns, new rows tested once as they
    arrive) stands in between. Switching between the two resets this model (views lose
    their selection; :meth:`source_row`, :meth:`index_for_source_row`,
    :meth:`selection_to_source` and :meth:`selection_from_source` help keep it).
    :meth:`set_filter` raises LogFilterError (an invalid regex) and then keeps the previous
    filter.
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
        """Filter by ``log_filter``; every change of an active filter resets this model."""
        if log_filter.is_active:
            self._filtering.set_filter(log_filter)
            if self.sourceModel() is not self._filtering:
                self.setSourceModel(self._filtering)
        elif self.sourceModel() is self._filtering:
            self.setSourceModel(self._source)
            self._filtering.set_filter(None)  # idle: it would still test new rows
        self._filter = log_filter

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
        """How many rows this model shows from MessageListModel ``row`` on."""
        if self.sourceModel() is not self._filtering:
            return max(0, self.rowCount() - max(0, row))
        matches = self._filtering.matches
        return len(matches) - matches.rank(self._source.first_position + row)

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


class _MatchingRows(QAbstractProxyModel):
    """The rows of a MessageListModel that a LogFilter keeps, as a flat list.

    The matches are a LogMatches over the source's window of the log: rows the source
    inserts are tested once, as they arrive; rows it removes are forgotten. Mapping a
    row either way is a lookup or a binary search.
    """

    def __init__(self, source: MessageListModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows = source
        self.matches = LogMatches(source.log)
        self._active = False
        self.setSourceModel(source)
        source.rowsAboutToBeRemoved.connect(self._on_removing)
        source.rowsInserted.connect(self._on_inserted)
        source.modelAboutToBeReset.connect(self.beginResetModel)
        source.modelReset.connect(self._on_reset)

    def set_filter(self, log_filter: LogFilter | None) -> None:
        """Match ``log_filter`` against every source row (one reset), or nothing (None:
        idle); raises LogFilterError for an invalid regex and then changes nothing."""
        if log_filter is not None:
            log_filter.column_search()
        self.beginResetModel()
        self._active = log_filter is not None
        first = self._rows.first_position
        stop = first + self._rows.rowCount() if self._active else first
        self.matches.reset(log_filter or LogFilter(), first, stop)
        self.endResetModel()

    # -- QAbstractProxyModel -----------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.matches)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or column != 0 or not 0 <= row < len(self.matches):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def mapToSource(self, proxy_index: _Index) -> QModelIndex:
        if not proxy_index.isValid() or not 0 <= proxy_index.row() < len(self.matches):
            return QModelIndex()
        return self._rows.index(self.matches[proxy_index.row()] - self._rows.first_position, 0)

    def mapFromSource(self, source_index: _Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        position = self._rows.first_position + source_index.row()
        if not self.matches.contains(position):
            return QModelIndex()
        return self.createIndex(self.matches.rank(position), 0)

    def mapSelectionFromSource(self, selection: QItemSelection) -> QItemSelection:
        # The matches inside a range of source rows are one range of rows here.
        shown = QItemSelection()
        first = self._rows.first_position
        for i in range(len(selection)):
            top = self.matches.rank(first + selection[i].top())
            bottom = self.matches.rank(first + selection[i].bottom() + 1) - 1
            if top <= bottom:
                shown.select(self.index(top, 0), self.index(bottom, 0))
        return shown

    def mapSelectionToSource(self, selection: QItemSelection) -> QItemSelection:
        rows = sorted(
            self.matches[row] - self._rows.first_position
            for i in range(len(selection))
            for row in range(selection[i].top(), selection[i].bottom() + 1)
        )
        inner = QItemSelection()
        for top, bottom in _runs(rows):
            inner.select(self._rows.index(top, 0), self._rows.index(bottom, 0))
        return inner

    # -- following the source ----------------------------------------------------------------

    def _on_removing(self, parent: QModelIndex, first: int, last: int) -> None:
        if not self._active:
            return
        origin = self._rows.first_position
        top = self.matches.rank(origin + first)
        bottom = self.matches.rank(origin + last + 1) - 1
        if top > bottom:
            return
        # The source removes rows from the front only (trimmed entries).
        assert top == 0, "rows removed from the middle of a message log"
        self.beginRemoveRows(QModelIndex(), top, bottom)
        self.matches.drop_before(origin + last + 1)
        self.endRemoveRows()

    def _on_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if not self._active:
            return
        stop = self._rows.first_position + last + 1
        found = self.matches.find_new(stop)
        if not found:
            self.matches.extend(found, stop)
            return
        count = len(self.matches)
        self.beginInsertRows(QModelIndex(), count, count + len(found) - 1)
        self.matches.extend(found, stop)
        self.endInsertRows()

    def _on_reset(self) -> None:
        first = self._rows.first_position
        stop = first + self._rows.rowCount() if self._active else first
        self.matches.reset(self.matches.log_filter, first, stop)
        self.endResetModel()


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted rows as (top, bottom) runs of consecutive ones."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and row <= runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], max(runs[-1][1], row))
        else:
            runs.append((row, row))
    return runs
