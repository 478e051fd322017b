"""LogFilterProxyModel: Qt's QSortFilterProxyModel driven by a LogFilter."""

from __future__ import annotations

from PyQt6.QtCore import QObject, QSortFilterProxyModel

from wsdesk.ui.message_list_model import MessageListModel
from wsdesk.viewmodel.log_filter import LogFilter


class LogFilterProxyModel(QSortFilterProxyModel):
    """Shows the rows of a MessageListModel that match a LogFilter, in log order.

    :meth:`set_filter` raises LogFilterError (an invalid regex) and then keeps the
    previous filter. Rows appended to the source are filtered as they arrive.
    """

    # Qt asks filterAcceptsRow about every row a flood appends. Reimplemented in Python,
    # that cost half a microsecond a row even with no filter; Qt's own, keyed on the
    # source's MatchRole, answers at once while the filter string is empty.

    def __init__(self, source: MessageListModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._filter = LogFilter()
        self.setFilterRole(MessageListModel.MatchRole)
        self.setSourceModel(source)

    @property
    def log_filter(self) -> LogFilter:
        return self._filter

    def set_filter(self, log_filter: LogFilter) -> None:
        matches = log_filter.matcher()
        key = MessageListModel.MATCH if log_filter.is_active else ""
        self._filter = log_filter
        self._source.matcher = matches
        if key != self.filterRegularExpression().pattern():
            self.setFilterFixedString(key)  # filters again
        else:
            self.invalidateRowsFilter()
