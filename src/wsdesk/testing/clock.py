"""ManualClock: a Clock whose time moves only when the test says so."""

from __future__ import annotations

import asyncio


class ManualClock:
    """A Clock (see ``wsdesk.viewmodel.reconnect.Clock``) driven by :meth:`advance`.

    ``sleep(s)`` waits until the test has advanced the time by ``s`` seconds; ``sleeps``
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

    def advance(self, seconds: float) -> None:
        """Move the time forward ``seconds`` and wake every sleep that is now due."""
        self._now += seconds
        for deadline, future in list(self._sleepers):
            if deadline <= self._now + 1e-9 and not future.done():
                future.set_result(None)
