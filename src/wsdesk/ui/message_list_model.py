"""MessageListModel: a Qt list model over a MessageLog, one row per entry."""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    pyqtSignal,
)

from wsdesk.models import Message
from wsdesk.ui.theme import log_brush
from wsdesk.ui.throttle import UPDATE_INTERVAL, Throttle
from wsdesk.viewmodel.formatting import summary
from wsdesk.viewmodel.message_log import MessageLog

_Index = QModelIndex | QPersistentModelIndex


class MessageListModel(QAbstractListModel):
    """Adapts a MessageLog to Qt's model/view: rows follow the log, in batches.

    Each row change makes a list view lay out every row again and repaint (about 17 ms
    for 10 000 rows), so changes go through a Throttle: a change of the log after a quiet
    ``update_interval`` (seconds) reaches the rows at once; further changes within the
    interval are gathered and applied together when it ends, as one removal of the
    trimmed rows, then one insertion of the new ones. A flood thus costs at most one view
    update per interval, whatever the message rate. Call :meth:`flush` to apply gathered
    changes now; ``update_interval`` 0 applies every batch at once. Until the update,
    rows the log has already dropped read as empty (``data`` None). ``updated`` follows
    each such update (and a reset), once the proxies over this model have caught up.
    Roles: DisplayRole (the one-line summary), ForegroundRole (by direction, for the theme in use),
    ``MessageRole`` (the Message itself), ``DirectionRole`` and ``KindRole`` (enum
    values, for filtering proxies).
    """

    # After each update of the rows (and after a reset), once every proxy has caught up.
    updated = pyqtSignal()

    MessageRole = Qt.ItemDataRole.UserRole + 1
    DirectionRole = Qt.ItemDataRole.UserRole + 2
    KindRole = Qt.ItemDataRole.UserRole + 3

    def __init__(
        self,
        log: MessageLog,
        parent: QObject | None = None,
        update_interval: float = UPDATE_INTERVAL,
    ) -> None:
        super().__init__(parent)
        self._log = log
        # Row r of this model is the log's absolute position _first + r; see MessageLog.dropped.
        self._first = log.dropped
        self._count = len(log)
        self._updates = Throttle(self._apply, update_interval, self)
        log.appended.connect(self._updates.request)
        log.trimmed.connect(self._updates.request)
        log.cleared.connect(self._on_cleared)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    @property
    def log(self) -> MessageLog:
        """The log this model shows."""
        return self._log

    @property
    def first_position(self) -> int:
        """The log position of row 0: row ``r`` is the log's ``first_position + r``-th entry
        since creation or the last clear (see MessageLog.dropped)."""
        return self._first

    def message(self, row: int) -> Message | None:
        """The Message shown in ``row``, or None when the row no longer exists."""
        position = self._first + row - self._log.dropped
        if 0 <= row < self._count and 0 <= position < len(self._log):
            return self._log[position]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for a dozen roles per visible row on every paint; answer the unused ones
        # before looking the message up.
        if role not in _ROLES or not index.isValid():
            return None
        message = self.message(index.row())
        if message is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return summary(message)
        if role == Qt.ItemDataRole.ForegroundRole:
            return log_brush(message.direction)
        if role == self.MessageRole:
            return message
        if role == self.DirectionRole:
            return message.direction.value
        if role == self.KindRole:
            return message.kind.value
        return None

    def flush(self) -> None:
        """Apply the log's gathered changes to the rows now: removals first, then insertions."""
        self._updates.flush()

    def _apply(self) -> None:
        log_first = self._log.dropped
        log_end = log_first + len(self._log)
        removed = min(log_first, self._first + self._count) - self._first
        if removed > 0:
            self.beginRemoveRows(QModelIndex(), 0, removed - 1)
            self._first += removed
            self._count -= removed
            self.endRemoveRows()
        if self._count == 0:
            self._first = log_first
        added = log_end - (self._first + self._count)
        if added > 0:
            self.beginInsertRows(QModelIndex(), self._count, self._count + added - 1)
            self._count += added
            self.endInsertRows()
        if removed > 0 or added > 0:
            self.updated.emit()

    def _on_cleared(self) -> None:
        self.beginResetModel()
        self._first = self._log.dropped
        self._count = len(self._log)
        self.endResetModel()
        self.updated.emit()


_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ForegroundRole,
        MessageListModel.MessageRole,
        MessageListModel.DirectionRole,
        MessageListModel.KindRole,
    }
)
