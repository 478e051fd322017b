"""Ctrl+C, SIGTERM and SIGHUP as a request to stop, from a command's first instant.

Python's own SIGINT handler raises KeyboardInterrupt wherever the main thread happens to
be: inside an import, inside asyncio's cleanup, inside a Qt slot. The result is a
traceback and a nonzero status. SIGTERM's default ends the process without any cleanup.
wsdesk's commands call :func:`catch` before anything else. From then on a signal only
records the request and calls the handler the command set with :func:`on_stop`; a
command that has none yet checks :func:`requested` where stopping is safe.

Standard library only: every layer's command may use it.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator
from types import FrameType

_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)

_requested: int | None = None
_handler: Callable[[], object] | None = None


def catch() -> None:
    """Record SIGINT, SIGTERM and SIGHUP from now on instead of raising or dying.

    Call it from the main thread (Python's rule for signal handlers). The launchers
    (``wsdesk.launch``) call it before importing anything heavy.
    """
    for sig in _SIGNALS:
        signal.signal(sig, _record)


def ignore() -> None:
    """Ignore the stop signals from now on: for a command that has finished. Python's
    shutdown resets a handler it installed to the system default, which would end the
    process by the signal (a nonzero status) if one came in its last milliseconds;
    an ignored signal is left ignored."""
    for sig in _SIGNALS:
        signal.signal(sig, signal.SIG_IGN)


def on_stop(handler: Callable[[], object] | None) -> None:
    """Call ``handler`` (no arguments) for each stop request from now on; at once if one
    already came. It runs inside the signal handler, on the main thread, so it should
    only schedule the stop (e.g. ``loop.call_soon_threadsafe``). None: record only."""
    global _handler
    _handler = handler
    if handler is not None and _requested is not None:
        handler()


def requested() -> bool:
    """True once a stop signal has arrived."""
    return _requested is not None


@contextlib.contextmanager
def caught() -> Iterator[None]:
    """:func:`catch` for the duration of a command; then the handlers from before come
    back, and the request and handler are forgotten (a test may run the command again)."""
    global _requested, _handler
    previous = [(sig, signal.getsignal(sig)) for sig in _SIGNALS]
    catch()
    try:
        yield
    finally:
        for sig, handler in previous:
            signal.signal(sig, handler)
        _requested, _handler = None, None


def _record(signum: int, _frame: FrameType | None) -> None:
    global _requested
    _requested = signum
    if _handler is not None:
        _handler()
