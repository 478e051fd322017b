"""JsonTreeModel: a QAbstractItemModel over a JsonNode tree (Key, Value, Type columns)."""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from wsdesk.viewmodel.json_tree import JsonNode

_Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Key", "Value", "Type")


BATCH = 1000
"""Children a node shows at first, and how many more each scroll to its end adds."""


class JsonTreeModel(QAbstractItemModel):
    """Shows one JSON document; :meth:`set_root` replaces it (None: empty). A node shows
    its first BATCH children, then BATCH more each time a view asks (Qt's fetchMore, as
    the user scrolls), so an array of a million elements costs what is seen."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root: JsonNode | None = None
        self._shown: dict[int, int] = {}  # id(node) -> how many of its children show

    def set_root(self, root: JsonNode | None) -> None:
        self.beginResetModel()
        self._root = root
        self._shown = {}
        self.endResetModel()

    def _shown_of(self, node: JsonNode) -> int:
        return self._shown.get(id(node), min(node.child_count, BATCH))

    def canFetchMore(self, parent: _Index) -> bool:
        node = self.node(parent)
        return node is not None and self._shown_of(node) < node.child_count

    def fetchMore(self, parent: _Index) -> None:
        node = self.node(parent)
        if node is None:
            return
        shown = self._shown_of(node)
        more = min(node.child_count, shown + BATCH)
        if more > shown:
            plain = parent if isinstance(parent, QModelIndex) else QModelIndex(parent)
            self.beginInsertRows(plain, shown, more - 1)
            self._shown[id(node)] = more
            self.endInsertRows()

    def node(self, index: _Index) -> JsonNode | None:
        """The node at ``index``, or None for an invalid one."""
        if not index.isValid():
            return None
        plain = index if isinstance(index, QModelIndex) else QModelIndex(index)
        node = plain.internalPointer()
        return node if isinstance(node, JsonNode) else None

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not 0 <= column < len(COLUMNS):
            return QModelIndex()
        if not parent.isValid():
            if self._root is None or row != 0:
                return QModelIndex()
            return self.createIndex(row, column, self._root)
        owner = self.node(parent)
        if owner is None or not 0 <= row < self._shown_of(owner):
            return QModelIndex()
        return self.createIndex(row, column, owner.child(row))

    def parent(self, child: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self.node(child)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return 0 if self._root is None else 1
        if parent.column() != 0:
            return 0
        node = self.node(parent)
        return self._shown_of(node) if node is not None else 0

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        # Answered without making the children: Qt asks this for every visible row.
        if not parent.isValid():
            return self._root is not None
        node = self.node(parent)
        return parent.column() == 0 and node is not None and node.has_children

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (node.label, node.preview, node.kind)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return node.path
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None
