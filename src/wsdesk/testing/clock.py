"""ManualClock: a Clock whose time moves only when the test says so."""

from __future__ import annotations

import asyncio


class ManualClock:
    """A Clock (see ``wsdesk.viewmodel.reconnect.Clock``) driven by :meth:`advance`.

    ``sleep(s)`` waits until the test has advanced the time by ``s`` seconds (``await
    clock.advance(s)``, which also lets the woken tasks run); ``sleeps``
    lists every duration asked for, in order, so tests can assert on backoff delays.
    """

    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self.sleeps: list[float] = []
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []

    def now(self) -> float:
        return self._now

    @property
    def sleeping(self) -> int:
        """How many sleeps are waiting for the time to advance."""
        return sum(1 for _, future in self._sleepers if not future.done())

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (self._now + seconds, future)
        self._sleepers.append(entry)
        try:
            await future
        finally:
            if entry in self._sleepers:
                self._sleepers.remove(entry)

    async def advance(self, seconds: float) -> None:
        """Move the time forward ``seconds``, waking each sleep at its own deadline.

        Between deadlines the loop runs what the wake-ups scheduled, so a sleep that
        starts during the advance (a countdown's next step) also wakes if it falls due.
        """
        target = self._now + seconds
        while True:
            await _run_ready()
            due = [deadline for deadline, future in self._sleepers if not future.done()]
            if not due or min(due) > target + 1e-9:
                break
            self._now = max(self._now, min(due))
            for deadline, future in list(self._sleepers):
                if deadline <= self._now + 1e-9 and not future.done():
                    future.set_result(None)
        self._now = target
        await _run_ready()


async def _run_ready(rounds: int = 30) -> None:
    """Let the tasks that can run now, run (a bounded number of loop iterations)."""
    for _ in range(rounds):
        await asyncio.sleep(0)
