"""Command: an async action with observable running/error/completed state (MVVM)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from psygnal import Signal


class Command:
    """Wraps a coroutine function as a bindable command.

    ``execute(*args)`` runs the action and returns when it ends; a call while the command
    is already running returns at once without running it again, unless the command is
    ``concurrent`` (every call runs; used for sends, which must never be dropped).
    ``can_execute`` is False while a non-concurrent run is under way or the guard says no.
    ``changed`` fires whenever ``running``, ``error``, ``completed`` or ``can_execute`` may
    have changed; owners call :meth:`notify` when the state the guard reads changes. An
    exception from the action is kept in ``error`` and not raised; cancellation propagates.
    """

    changed = Signal()

    def __init__(
        self,
        action: Callable[..., Awaitable[Any]],
        can_execute: Callable[[], bool] = lambda: True,
        *,
        concurrent: bool = False,
    ) -> None:
        self._action = action
        self._guard = can_execute
        self._concurrent = concurrent
        self._runs = 0
        self._error: BaseException | None = None
        self._completed = False
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def running(self) -> bool:
        """True while the action runs."""
        return self._runs > 0

    @property
    def error(self) -> BaseException | None:
        """The exception of the last run, or None if it succeeded or none ran."""
        return self._error

    @property
    def completed(self) -> bool:
        """True if the last run ended without an exception."""
        return self._completed

    @property
    def can_execute(self) -> bool:
        """True when a run would start now."""
        return (self._concurrent or self._runs == 0) and self._guard()

    def notify(self) -> None:
        """Tell bindings that ``can_execute`` may have changed."""
        self.changed.emit()

    async def execute(self, *args: Any) -> None:
        """Run the action with ``args``; returns at once if already running."""
        if self._runs and not self._concurrent:
            return
        self._runs += 1
        self._error = None
        self._completed = False
        if self._runs == 1:
            # emit_fast: psygnal's emit without argument checks or thread locks; a send
            # runs per message, and emit() alone cost about 1.8 microseconds.
            self.changed.emit_fast()
        try:
            await self._action(*args)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self._error = exc
        else:
            self._completed = True
        finally:
            self._runs -= 1
            self.changed.emit_fast()

    def start(self, *args: Any) -> asyncio.Task[None]:
        """Schedule :meth:`execute` on the running loop and keep the task until it ends.

        For views: a widget's signal can start a command without awaiting it.
        Raises RuntimeError when no event loop is running.
        """
        task = asyncio.get_running_loop().create_task(self.execute(*args))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task
