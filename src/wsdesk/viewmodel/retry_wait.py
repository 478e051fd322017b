"""RetryWait: the wait before a reconnect attempt, its countdown, and how to cut it short."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from wsdesk.viewmodel.reconnect import Clock


class RetryWait:
    """Runs one reconnect at a time: wait ``delay`` seconds, then call the attempt.

    ``on_tick(remaining)`` is called with the seconds left at the start and once a
    second after. :meth:`skip` ends the wait early (Reconnect now); :meth:`cancel`
    ends the wait or the attempt and waits for it to finish.
    """

    def __init__(self, clock: Clock, on_tick: Callable[[float], None]) -> None:
        self._clock = clock
        self._on_tick = on_tick
        self._task: asyncio.Task[None] | None = None
        self._sleep: asyncio.Future[None] | None = None
        self._skip = False

    @property
    def task(self) -> asyncio.Task[None] | None:
        """The running wait-then-attempt task, or None."""
        return self._task

    def start(self, delay: float, attempt: Callable[[], Awaitable[None]]) -> None:
        """Wait ``delay`` seconds in a task of its own, then await ``attempt()``."""
        self._task = asyncio.ensure_future(self._run(delay, attempt))

    async def _run(self, delay: float, attempt: Callable[[], Awaitable[None]]) -> None:
        await self._countdown(delay)
        await attempt()

    def skip(self) -> None:
        """End the current wait now; the attempt follows at once."""
        self._skip = True
        if self._sleep is not None:
            self._sleep.cancel()

    async def cancel(self) -> None:
        """Cancel the wait or the attempt under way (unless called from inside it)."""
        task, self._task = self._task, None
        if task is not None and not task.done() and task is not asyncio.current_task():
            task.cancel()
            await asyncio.wait([task])

    async def _countdown(self, delay: float) -> None:
        deadline = self._clock.now() + delay
        self._skip = False
        while not self._skip and (remaining := deadline - self._clock.now()) > 1e-9:
            self._on_tick(remaining)
            sleep = asyncio.ensure_future(self._clock.sleep(min(1.0, remaining)))
            self._sleep = sleep
            try:
                await sleep
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if not self._skip or (task is not None and task.cancelling()):
                    raise
            finally:
                self._sleep = None
