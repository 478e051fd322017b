"""The Playground menu: one click connects a new tab to a route of the embedded server
that misbehaves on purpose, so a newcomer sees what a 1011, a refused handshake or a
dropped connection looks like."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol
from urllib.parse import urlsplit, urlunsplit

from PyQt6.QtGui import QAction
from PyQt6.QtWidgets import QMainWindow, QMenu

from wsdesk.models import ConnectionOptions, ConnectionState
from wsdesk.viewmodel.workspace_viewmodel import WorkspaceViewModel

TITLE_PREFIX = "Playground: "
_NOTICE_MS = 15_000


class PlaygroundExample(Protocol):
    """What the menu needs of an example (``wsdesk.server.playground.Example``)."""

    @property
    def label(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def shows(self) -> str: ...


class PlaygroundMenu(QMenu):
    """``Playground`` in ``window``'s menu bar, with an action per example.

    ``server_url`` returns the embedded server's ``ws://host:port/`` URL, starting it if
    need be. A chosen example opens in a new tab titled ``Playground: LABEL`` and
    connects. Restored playground tabs follow the server to its port of this run
    (:meth:`move_tabs_to`), as its port changes at every start.
    """

    def __init__(
        self,
        window: QMainWindow,
        workspace: WorkspaceViewModel,
        examples: Sequence[PlaygroundExample],
        server_url: Callable[[], Awaitable[str]],
    ) -> None:
        super().__init__("&Playground", window)
        self.setObjectName("playgroundMenu")
        self.setToolTipsVisible(True)
        self._window = window
        self._workspace = workspace
        self._server_url = server_url
        self._tasks: set[asyncio.Task[None]] = set()
        for example in examples:
            action = QAction(example.label, self)
            action.setToolTip(f"Shows {example.shows} ({example.path})")
            action.triggered.connect(lambda _=False, chosen=example: self._start(chosen))
            self.addAction(action)
        menu_bar = window.menuBar()
        help_menu = window.findChild(QMenu, "helpMenu")
        if menu_bar is not None and help_menu is not None:
            menu_bar.insertMenu(help_menu.menuAction(), self)  # Help stays last
        elif menu_bar is not None:
            menu_bar.addMenu(self)

    def _start(self, example: PlaygroundExample) -> None:
        task = asyncio.ensure_future(self.open_example(example))
        self._tasks.add(task)  # a task needs a reference until it is done
        task.add_done_callback(self._tasks.discard)

    async def open_example(self, example: PlaygroundExample) -> None:
        """Open ``example`` in a new tab and connect it; failures show in the tab."""
        try:
            base = (await self._server_url()).rstrip("/")
        except OSError as exc:
            bar = self._window.statusBar()
            if bar is not None:
                bar.showMessage(f"The playground server could not start: {exc}", _NOTICE_MS)
            return
        self._workspace.saved.keep_out_of_recent(base)
        self.move_tabs_to(base)
        tab = self._workspace.new_tab(
            ConnectionOptions(url=base + example.path), title=TITLE_PREFIX + example.label
        )
        await tab.connect.execute()

    def move_tabs_to(self, base_url: str) -> None:
        """Point disconnected playground tabs at ``base_url``'s host and port."""
        target = urlsplit(base_url)
        for tab in self._workspace.tabs:
            if not tab.title.startswith(TITLE_PREFIX):
                continue
            if tab.state is not ConnectionState.DISCONNECTED:
                continue
            old = urlsplit(tab.options.url)
            moved = urlunsplit((target.scheme, target.netloc, old.path, old.query, ""))
            if moved != tab.options.url:
                tab.options = dataclasses.replace(tab.options, url=moved)
