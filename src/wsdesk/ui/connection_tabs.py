"""ConnectionTabs: the window's QTabWidget of ConnectionPages, kept in step with a workspace."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import QEvent, QObject, Qt, pyqtSignal
from PyQt6.QtGui import QColor, QIcon, QMouseEvent, QPainter, QPixmap
from PyQt6.QtWidgets import QInputDialog, QTabBar, QTabWidget, QToolButton, QWidget

from wsdesk.models import ConnectionState
from wsdesk.ui.connection_page import ConnectionPage
from wsdesk.ui.shortcuts import describe
from wsdesk.ui.throttle import Throttle
from wsdesk.ui.widgets import named
from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel
from wsdesk.viewmodel.workspace_viewmodel import WorkspaceViewModel

_STATE_COLOURS = {
    ConnectionState.OPEN: "#2e7d32",
    ConnectionState.CONNECTING: "#f9a825",
    ConnectionState.RECONNECTING: "#f9a825",
    ConnectionState.CLOSING: "#f9a825",
    ConnectionState.DISCONNECTED: "#9e9e9e",
}
_ERROR_COLOUR = "#b00020"


def _dot(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


class ConnectionTabs(QTabWidget):
    """One ConnectionPage per tab of ``workspace``, in its order, its current one in front.

    Each tab shows its title, a dot for the connection's state (green open, amber
    connecting or closing, grey closed, red failed) and, while it is not in front, how
    many messages arrived since it was last looked at. Tabs close with their close
    button or a middle click (``close_requested``), move by dragging, and rename with a
    double-click. ``make_page(tab)`` builds the page of a tab.
    """

    close_requested = pyqtSignal(object)

    def __init__(
        self,
        workspace: WorkspaceViewModel,
        make_page: Callable[[ConnectionViewModel], ConnectionPage],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        named(self, "connectionTabs")
        self.setAccessibleName("Connections")
        self.setTabsClosable(True)
        self.setMovable(True)
        self.setDocumentMode(True)
        self._workspace = workspace
        self._make_page = make_page
        self._pages: dict[ConnectionViewModel, ConnectionPage] = {}
        # Unread = messages received (the page's traffic counters) since the tab left the front.
        self._seen: dict[ConnectionViewModel, int] = {}
        self._front: ConnectionViewModel | None = None
        self._icons = {state: _dot(colour) for state, colour in _STATE_COLOURS.items()}
        self._error_icon = _dot(_ERROR_COLOUR)
        self._syncing = False
        self._labels = Throttle(self._show_labels, parent=self)
        self.new_tab_button = named(QToolButton(), "newTabButton")
        self.new_tab_button.setText("+")
        describe(self.new_tab_button, "New connection tab", "new_tab")
        self.new_tab_button.clicked.connect(lambda: workspace.new_tab())
        self.setCornerWidget(self.new_tab_button, Qt.Corner.TopRightCorner)
        bar = self.tabBar()
        assert bar is not None
        describe(bar, "Connection tabs", tip="Double-click to rename, drag to reorder")
        bar.installEventFilter(self)
        bar.tabMoved.connect(self._on_moved)
        self.tabCloseRequested.connect(lambda index: self.close_requested.emit(self._tab(index)))
        self.tabBarDoubleClicked.connect(self.ask_rename)
        self.currentChanged.connect(self._on_current)
        workspace.tabs_changed.connect(self.sync)
        workspace.current_changed.connect(self._show_current)
        self.sync()

    def page(self, tab: ConnectionViewModel) -> ConnectionPage:
        """The page of ``tab``. Raises KeyError for a tab this widget does not show."""
        return self._pages[tab]

    def unread(self, tab: ConnectionViewModel) -> int:
        """Messages received on ``tab`` since it was last in front."""
        if tab is self._front or tab not in self._pages:
            return 0
        return self._pages[tab].counters.received_messages - self._seen.get(tab, 0)

    def sync(self) -> None:
        """Add, remove and order the pages as the workspace's tabs are."""
        self._syncing = True
        try:
            tabs = self._workspace.tabs
            for tab in [t for t in self._pages if t not in tabs]:
                page = self._pages.pop(tab)
                self._seen.pop(tab, None)
                self.removeTab(self.indexOf(page))
                page.deleteLater()
            for index, tab in enumerate(tabs):
                page = self._pages[tab] if tab in self._pages else self._add_page(tab)
                if self.indexOf(page) != index:
                    bar = self.tabBar()
                    assert bar is not None
                    bar.moveTab(self.indexOf(page), index)
            self._show_current(self._workspace.current)
        finally:
            self._syncing = False
        self._show_labels()

    def ask_rename(self, index: int) -> QInputDialog | None:
        """Ask for a new title of the tab at ``index`` (empty: back to the URL's)."""
        tab = self._tab(index)
        if tab is None:
            return None
        dialog = QInputDialog(self)
        dialog.setObjectName("renameTabDialog")
        dialog.setWindowTitle("Rename tab")
        dialog.setLabelText("Title (empty: from the URL):")
        dialog.setTextValue(tab.title)
        dialog.textValueSelected.connect(lambda text: setattr(tab, "title", text))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def eventFilter(self, watched: QObject | None, event: QEvent | None) -> bool:
        if (
            watched is self.tabBar()
            and event is not None
            and event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.MiddleButton
        ):
            bar = self.tabBar()
            assert isinstance(bar, QTabBar)
            tab = self._tab(bar.tabAt(event.position().toPoint()))
            if tab is not None:
                self.close_requested.emit(tab)
                return True
        return super().eventFilter(watched, event)

    # -- internals ----------------------------------------------------------------------

    def _add_page(self, tab: ConnectionViewModel) -> ConnectionPage:
        page = self._make_page(tab)
        self._pages[tab] = page
        index = self.addTab(page, tab.title)
        bar = self.tabBar()
        close = bar.tabButton(index, QTabBar.ButtonPosition.RightSide) if bar else None
        if close is not None:
            describe(close, "Close tab", "close_tab")
        tab.title_changed.connect(lambda _title: self._labels.request())
        tab.state_changed.connect(lambda _state: self._labels.request())
        tab.error_changed.connect(lambda _error: self._labels.request())
        tab.close_info_changed.connect(lambda _info: self._labels.request())
        # The unread count follows the page's own throttled updates: no handler per message.
        page.message_model.updated.connect(self._labels.request)
        self._seen[tab] = page.counters.received_messages
        return page

    def _tab(self, index: int) -> ConnectionViewModel | None:
        page = self.widget(index)
        return next((t for t, p in self._pages.items() if p is page), None)

    def _on_current(self, index: int) -> None:
        tab = self._tab(index)
        if tab is not None and not self._syncing:
            self._workspace.current = tab

    def _show_current(self, tab: ConnectionViewModel | None) -> None:
        page = self._pages.get(tab) if tab is not None else None
        if page is None:
            return
        if tab is not self._front:
            left = self._front
            if left is not None and left in self._pages:
                self._seen[left] = self._pages[left].counters.received_messages
            self._front = tab
            self._show_labels()  # once per switch: the tab now in front drops its count
        if self.currentWidget() is not page:
            self.setCurrentWidget(page)

    def _on_moved(self, _from: int, to: int) -> None:
        if self._syncing:
            return
        tab = self._tab(to)
        if tab is not None:
            self._syncing = True
            try:
                self._workspace.move_tab(tab, to)
            finally:
                self._syncing = False

    def _show_labels(self) -> None:
        # Each setter relays out the tab bar, and that relayout repaints the whole window:
        # only what changed is set (a view update of a busy tab changes nothing here).
        bar = self.tabBar()
        assert bar is not None
        for tab, page in self._pages.items():
            index = self.indexOf(page)
            unread = self.unread(tab)
            text = f"{tab.title} ({unread})" if unread else tab.title
            if self.tabText(index) != text:
                self.setTabText(index, text)
            # Failed: it never opened (an error), or it ended badly (a close the status bar
            # shows in red: lost, 1011, a heartbeat timeout ...).
            ended_badly = tab.close_info is not None and tab.close_info.is_error
            failed = tab.state is ConnectionState.DISCONNECTED and (
                tab.error is not None or ended_badly
            )
            icon_key = "failed" if failed else tab.state.name
            if bar.tabData(index) != icon_key:
                bar.setTabData(index, icon_key)
                self.setTabIcon(index, self._error_icon if failed else self._icons[tab.state])
            tip = tab.status_text or tab.title
            if self.tabToolTip(index) != tip:
                self.setTabToolTip(index, tip)
