"""The composition root and command line: ``wsdesk [URL]``."""

from __future__ import annotations

import gc

# Importing wsdesk makes some 100 000 lasting objects and hardly any garbage; Python's
# collector scanned them over a hundred times (20 ms) before the window was open. It is
# off while this module's imports run, and in main() until the first connection attempt.
gc.disable()

import argparse
import asyncio
import dataclasses
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

# qasync picks its Qt binding from QT_API; wsdesk is a PyQt6 app whatever the environment says.
os.environ["QT_API"] = "pyqt6"

import qasync
from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import QApplication

from wsdesk import __version__, interrupts
from wsdesk.core.keyring_secrets import KeyringSecretStore
from wsdesk.display_check import display_problem
from wsdesk.embedded_server import EmbeddedServer
from wsdesk.models import ConnectionOptions, ReconnectPolicy
from wsdesk.server import playground
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.ui.app_icon import app_icon
from wsdesk.ui.main_window import MainWindow
from wsdesk.ui.playground_menu import PlaygroundMenu
from wsdesk.ui.qsettings_store import QSettingsConnectionStore
from wsdesk.ui.saved_message_settings import app_settings
from wsdesk.viewmodel import workspace_file
from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel
from wsdesk.viewmodel.first_run import ECHO_TITLE, is_echo_tab
from wsdesk.viewmodel.workspace_viewmodel import WorkspaceViewModel

gc.enable()

# Benchmarks only: when set, print "wsdesk-startup <state> <epoch seconds>" once the first
# connection attempt ends (state OPEN on success), then quit.
STARTUP_PROBE_ENV = "WSDESK_STARTUP_PROBE"


_log = logging.getLogger("wsdesk")


def log_unhandled(
    exc_type: type[BaseException], exc: BaseException, traceback: TracebackType | None
) -> None:
    """The app's ``sys.excepthook``: log an exception that escaped a Qt slot, keep running.

    PyQt6 aborts the process on an exception in a slot unless ``sys.excepthook`` has
    been replaced. wsdesk handles errors where they arise; this is the last line of
    defence, so one faulty slot costs a traceback on stderr instead of the session.
    """
    _log.error("unexpected error; wsdesk keeps running", exc_info=(exc_type, exc, traceback))


def build_parser() -> argparse.ArgumentParser:
    """The ``wsdesk`` command line."""
    parser = argparse.ArgumentParser(
        prog="wsdesk",
        description=(
            "A desktop WebSocket client. Without a URL it starts its own echo server on "
            "127.0.0.1 and connects to it."
        ),
    )
    parser.add_argument("url", nargs="?", help="ws:// or wss:// URL to connect to")
    parser.add_argument(
        "--reconnect",
        action="store_true",
        help="reconnect after the connection drops (waits 0.5 s, doubling up to 30 s)",
    )
    parser.add_argument(
        "--workspace",
        metavar="FILE",
        type=Path,
        help="the workspace file (tabs, saved connections, environments); default: "
        "workspace.json in the user's config directory",
    )
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add wsdesk to the desktop's launcher (wsdesk.desktop and icons under "
        "$XDG_DATA_HOME, default ~/.local/share), print what was written, and exit",
    )
    desktop.add_argument(
        "--uninstall-desktop-entry",
        action="store_true",
        help="remove what --install-desktop-entry wrote, print it, and exit",
    )
    parser.add_argument("--version", action="version", version=f"wsdesk {__version__}")
    return parser


# Python collects its young generation every 700 new container objects by default; a
# flood makes a Message per message, so that meant a collection every 700 messages.
YOUNG_GENERATION_THRESHOLD = 10_000


def tune_garbage_collector() -> None:
    """Exempt start-up objects from later collections and collect the young ones less often;
    turns the collector back on if start-up had it off.

    Measured in a 200 000-message flood: full collections rescanning start-up objects
    (Qt's wrappers, the window) stalled the window for up to 37 ms at a time, 15 ms with
    them frozen; collecting every YOUNG_GENERATION_THRESHOLD allocations instead of every
    700 made the flood about 15 % faster (``python benchmarks/run.py``).
    """
    gc.collect()
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, middle, oldest)
    gc.enable()


def options_from_args(args: argparse.Namespace, url: str) -> ConnectionOptions:
    """The ConnectionOptions the command line asks for, connecting to ``url``."""
    return ConnectionOptions(url=url, reconnect=ReconnectPolicy() if args.reconnect else None)


async def run(args: argparse.Namespace) -> int:
    """Open the window, connect, and return when the window has closed (exit status)."""
    server = EmbeddedServer()
    echo_url = await server.url() if args.url is None else None
    # The user's settings file (an INI under the config directory): window layout and
    # saved messages; earlier versions also kept saved connections there.
    settings = app_settings()
    workspace = WorkspaceViewModel(
        AiohttpChannel,
        args.workspace or workspace_file.default_path(),
        KeyringSecretStore(),
        legacy=QSettingsConnectionStore(settings),
        transient_urls=[echo_url] if echo_url is not None else [],
    )
    if echo_url is not None:
        tab = echo_tab(workspace, options_from_args(args, echo_url))
    else:
        tab = workspace.new_tab(options_from_args(args, args.url))
    window = MainWindow(workspace, state=settings)
    menu = PlaygroundMenu(window, workspace, playground.EXAMPLES, server.url)
    if echo_url is not None:
        menu.move_tabs_to(echo_url)
    closed = asyncio.get_running_loop().create_future()
    window.closed.connect(lambda: None if closed.done() else closed.set_result(None))
    # Ctrl+C, SIGTERM or SIGHUP close the window like the close button does, also when
    # the signal came while the window was being built.
    loop = asyncio.get_running_loop()
    interrupts.on_stop(lambda: loop.call_soon_threadsafe(window.close))
    window.show()
    try:
        await tab.connect.execute()
        if os.environ.get(STARTUP_PROBE_ENV):
            print(f"wsdesk-startup {tab.state.name} {time.time():.6f}", flush=True)
            window.close()
        # Once the first connection attempt has ended: nobody waits for this full collection.
        tune_garbage_collector()
        await closed
    finally:
        await workspace.aclose()
        await server.stop()
    return 0


def echo_tab(workspace: WorkspaceViewModel, options: ConnectionOptions) -> ConnectionViewModel:
    """The tab of the embedded echo server, made current: the restored one (its port
    changes every start) or a new one."""
    for tab in workspace.tabs:
        if is_echo_tab(tab):
            tab.options = dataclasses.replace(
                tab.options, url=options.url, reconnect=options.reconnect
            )
            workspace.current = tab
            return tab
    return workspace.new_tab(options, title=ECHO_TITLE)


def main(argv: Sequence[str] | None = None) -> int:
    """``wsdesk [URL]``: run the app; returns the process exit status (2: no display
    Qt can open, said in one line instead of Qt's abort).

    Ctrl+C, SIGTERM or SIGHUP at any moment closes the window: status 0, no traceback.
    """
    with interrupts.caught():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if interrupts.requested():
        return 0
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        from wsdesk import desktop_entry

        return desktop_entry.run(remove=args.uninstall_desktop_entry)
    problem = display_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    gc.disable()  # until tune_garbage_collector(), once the first connection attempt ended
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("wsdesk")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("wsdesk")  # Wayland finds the icon through the installed entry
    # The loop ends when run() returns, after the shutdown; Qt must not quit before that.
    app.setQuitOnLastWindowClosed(False)
    # Python runs signal handlers only between bytecodes; this timer gives it the chance.
    wake = QTimer()
    wake.timeout.connect(lambda: None)
    wake.start(200)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    previous_hook, sys.excepthook = sys.excepthook, log_unhandled
    try:
        status: int = loop.run_until_complete(run(args))
        return status
    finally:
        interrupts.on_stop(None)
        gc.enable()
        sys.excepthook = previous_hook
        wake.stop()
        loop.close()
        asyncio.set_event_loop(None)
