"""The console entry points: stop signals are caught before anything heavy is imported.

Importing the window's modules (Qt, aiohttp) takes a noticeable fraction of a second; a
Ctrl+C in that time must end the command quietly, not in a traceback from an import.
Each launcher catches the signals (``wsdesk.interrupts``), imports its command, and
returns the command's status, or the command's "interrupted" status if a signal came
before the command could start. Once the command is done, the signals are ignored, so
one that comes while Python shuts down cannot change the status.
"""

from __future__ import annotations

from wsdesk import interrupts

_INTERRUPTED_WINDOW = 0  # closing the window by Ctrl+C is a normal end
_INTERRUPTED_SERVER = 0


def wsdesk() -> int:
    """``wsdesk``: the window (``wsdesk.app.main``)."""
    interrupts.catch()
    from wsdesk.app import main

    return _finished(_INTERRUPTED_WINDOW if interrupts.requested() else main())


def wsdesk_echo() -> int:
    """``wsdesk-echo``: the echo and playground server (``wsdesk.server.echo.main``)."""
    interrupts.catch()
    from wsdesk.server.echo import main

    return _finished(_INTERRUPTED_SERVER if interrupts.requested() else main())


def wsdesk_cli() -> int:
    """``wsdesk-cli``: the terminal view (``wsdesk.cli.main``)."""
    interrupts.catch()
    from wsdesk.cli import EXIT_INTERRUPTED, main

    return _finished(EXIT_INTERRUPTED if interrupts.requested() else main())


def _finished(status: int) -> int:
    interrupts.ignore()
    return status
