"""Heartbeat: find a half-open connection by pinging it when it has gone quiet."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from wsdesk.transport.channel import ChannelError, WebSocketChannel
from wsdesk.viewmodel.reconnect import Clock


class Heartbeat:
    """Pings ``channel`` after ``interval`` seconds without incoming data.

    Any incoming frame within ``timeout`` seconds proves the peer alive: a pong, a
    message, or a ping of the server's own (so a server that streams data or pings but
    ignores our pings is never dropped); otherwise the channel is aborted with "no pong
    within N s" (a 1006 close). Each pong's round trip in seconds goes to
    ``on_round_trip``. The reader sets ``last_activity`` (the clock's seconds) for every
    socket read that brought messages; the channel calls :meth:`saw_activity` for every
    ping and pong.
    """

    def __init__(
        self,
        channel: WebSocketChannel,
        interval: float,
        timeout: float,
        clock: Clock,
        on_round_trip: Callable[[float], None],
    ) -> None:
        self._channel = channel
        self._interval = interval
        self._timeout = timeout
        self._clock = clock
        self._on_round_trip = on_round_trip
        self.last_activity = clock.now()

    def saw_activity(self) -> None:
        """Something arrived from the peer just now."""
        self.last_activity = self._clock.now()

    async def run(self) -> None:
        """Run until the channel closes, or abort it when the peer stops answering."""
        while True:
            idle = self._clock.now() - self.last_activity
            if idle < self._interval:
                await self._clock.sleep(self._interval - idle)
                continue
            alive = await self._probe()
            if alive is None:
                return
            if not alive:
                self._channel.abort(f"no pong within {self._timeout:g} s")
                return

    async def _probe(self) -> bool | None:
        """True if the peer answered, False if it did not, None if the channel closed."""
        sent_at = self._clock.now()
        ping = asyncio.ensure_future(self._channel.ping())
        timer = asyncio.ensure_future(self._clock.sleep(self._timeout))
        try:
            await asyncio.wait({ping, timer}, return_when=asyncio.FIRST_COMPLETED)
            if ping.done():
                error = ping.exception()
                if error is None:
                    self.saw_activity()
                    self._on_round_trip(ping.result())
                    return True
                if isinstance(error, ChannelError):
                    return None
                raise error
            # Incoming data during the wait counts as proof of life (no pong needed).
            return self.last_activity >= sent_at
        finally:
            for task in (ping, timer):
                task.cancel()
            await asyncio.wait({ping, timer})
            for task in (ping, timer):
                if not task.cancelled():
                    task.exception()  # retrieved, so asyncio does not report it
