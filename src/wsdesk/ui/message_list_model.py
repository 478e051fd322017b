"""MessageListModel: a Qt list model over a MessageLog, one row per entry."""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PyQt6.QtGui import QBrush, QColor

from wsdesk.models import Direction, Message
from wsdesk.viewmodel.formatting import summary
from wsdesk.viewmodel.message_log import MessageLog

_Index = QModelIndex | QPersistentModelIndex
_EVENT_COLOR = QBrush(QColor("#6a6a6a"))
_SENT_COLOR = QBrush(QColor("#1f5fa8"))


class MessageListModel(QAbstractListModel):
    """Adapts a MessageLog to Qt's model/view: rows follow the log's batch signals.

    Each ``appended`` batch becomes one insertion and each ``trimmed`` batch one removal,
    so a flood costs a handful of view updates. Roles: DisplayRole (the one-line summary),
    ForegroundRole (by direction), ``MessageRole`` (the Message itself), ``DirectionRole``
    and ``KindRole`` (enum values, for filtering proxies).
    """

    MessageRole = Qt.ItemDataRole.UserRole + 1
    DirectionRole = Qt.ItemDataRole.UserRole + 2
    KindRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, log: MessageLog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._log = log
        # Row r of this model is the log's absolute position _first + r; see MessageLog.dropped.
        self._first = log.dropped
        self._count = len(log)
        log.appended.connect(self._on_appended)
        log.trimmed.connect(self._on_trimmed)
        log.cleared.connect(self._on_cleared)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def message(self, row: int) -> Message | None:
        """The Message shown in ``row``, or None when the row no longer exists."""
        position = self._first + row - self._log.dropped
        if 0 <= row < self._count and 0 <= position < len(self._log):
            return self._log[position]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        message = self.message(index.row())
        if message is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return summary(message)
        if role == Qt.ItemDataRole.ForegroundRole:
            if message.direction is Direction.EVENT:
                return _EVENT_COLOR
            return _SENT_COLOR if message.direction is Direction.SENT else None
        if role == self.MessageRole:
            return message
        if role == self.DirectionRole:
            return message.direction.value
        if role == self.KindRole:
            return message.kind.value
        return None

    def _on_appended(self, count: int) -> None:
        self.beginInsertRows(QModelIndex(), self._count, self._count + count - 1)
        self._count += count
        self.endInsertRows()

    def _on_trimmed(self, count: int) -> None:
        self.beginRemoveRows(QModelIndex(), 0, count - 1)
        self._first += count
        self._count -= count
        self.endRemoveRows()

    def _on_cleared(self) -> None:
        self.beginResetModel()
        self._first = self._log.dropped
        self._count = len(self._log)
        self.endResetModel()
