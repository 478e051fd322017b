"""ConnectionStats: round trips per ping and traffic rates over the last minutes, sampled.

The flood path pays nothing for it: rates come from TrafficCounters' running totals,
read once per sample (a view's timer calls :meth:`sample`, e.g. once a second), and
round trips from the view-model's ``round_trip_changed``, once per ping.
"""

from __future__ import annotations

import collections
import time
from collections.abc import Callable
from dataclasses import dataclass

from psygnal import Signal

from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel
from wsdesk.viewmodel.traffic_counters import TrafficCounters

WINDOW = 300.0
"""Seconds of history kept (the last five minutes)."""


@dataclass(frozen=True, slots=True)
class RateSample:
    """Traffic over one sample interval ending at ``time`` (seconds, the sampler's clock):
    messages/s and bytes/s in each direction."""

    time: float
    sent_messages: float
    received_messages: float
    sent_bytes: float
    received_bytes: float


class ConnectionStats:
    """The last WINDOW seconds of one connection: ``rates`` (RateSample, oldest first)
    and ``round_trips`` ((time, seconds) per answered ping). ``changed`` fires after each
    sample and each round trip. Times are ``clock``'s (seconds, monotonic by default)."""

    changed = Signal()

    def __init__(
        self,
        view_model: ConnectionViewModel,
        counters: TrafficCounters,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._view_model = view_model
        self._counters = counters
        self._clock = clock
        self.rates: collections.deque[RateSample] = collections.deque()
        self.round_trips: collections.deque[tuple[float, float]] = collections.deque()
        self._last_time = clock()
        self._last_totals = self._totals()
        view_model.round_trip_changed.connect(self._on_round_trip)

    def release(self) -> None:
        """Stop listening to the view-model (before the tab closes)."""
        self._view_model.round_trip_changed.disconnect(self._on_round_trip)

    def now(self) -> float:
        """The stats' clock now (seconds), against which sample times are shown."""
        return self._clock()

    def sample(self) -> RateSample | None:
        """Record the traffic since the last sample as rates now; None when no time has
        passed. Drops what is older than WINDOW."""
        now = self._clock()
        elapsed = now - self._last_time
        if elapsed <= 0:
            return None
        totals = self._totals()
        deltas = [(new - old) / elapsed for new, old in zip(totals, self._last_totals, strict=True)]
        sample = RateSample(now, *deltas)
        self.rates.append(sample)
        self._last_time, self._last_totals = now, totals
        self._forget(now)
        self.changed.emit()
        return sample

    def _totals(self) -> tuple[int, int, int, int]:
        c = self._counters
        return (c.sent_messages, c.received_messages, c.sent_bytes, c.received_bytes)

    def _on_round_trip(self, seconds: float | None) -> None:
        if seconds is None:
            return
        now = self._clock()
        self.round_trips.append((now, seconds))
        self._forget(now)
        self.changed.emit()

    def _forget(self, now: float) -> None:
        oldest = now - WINDOW
        while self.rates and self.rates[0].time < oldest:
            self.rates.popleft()
        while self.round_trips and self.round_trips[0][0] < oldest:
            self.round_trips.popleft()
