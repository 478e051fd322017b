"""LogFilterProxyModel: Qt's QSortFilterProxyModel driven by a LogFilter."""

from __future__ import annotations

from PyQt6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from wsdesk.ui.message_list_model import MessageListModel
from wsdesk.viewmodel.log_filter import LogFilter

_Index = QModelIndex | QPersistentModelIndex


class LogFilterProxyModel(QSortFilterProxyModel):
    """Shows the rows of a MessageListModel that match a LogFilter, in log order.

    :meth:`set_filter` raises LogFilterError (an invalid regex) and then keeps the
    previous filter. Rows appended to the source are filtered as they arrive.
    """

    def __init__(self, source: MessageListModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._filter = LogFilter()
        self._matches = self._filter.matcher()
        # Qt asks about every row a flood appends; with no filter the answer needs no lookup.
        self._accept_all = True
        self.setSourceModel(source)

    @property
    def log_filter(self) -> LogFilter:
        return self._filter

    def set_filter(self, log_filter: LogFilter) -> None:
        matches = log_filter.matcher()
        self._filter, self._matches = log_filter, matches
        self._accept_all = not log_filter.is_active
        self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if self._accept_all:
            return True
        message = self._source.message(source_row)
        return message is not None and self._matches(message)
