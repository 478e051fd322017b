"""The reconnect schedule: exponential backoff with jitter, and the clock it waits on."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from typing import Protocol

from wsdesk.models import ReconnectPolicy
from wsdesk.transport.channel import (
    HandshakeError,
    InvalidURLError,
    TLSError,
    UnrecoverableError,
)


class Clock(Protocol):
    """Where the view-model reads the time and waits; tests pass a clock they advance."""

    def now(self) -> float:
        """A monotonic time in seconds."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Return after ``seconds`` seconds (cancellable)."""
        ...


class MonotonicClock:
    """The real clock: ``time.monotonic`` and ``asyncio.sleep``."""

    # time.monotonic itself, not a method calling it: the reader reads the clock per
    # socket read (Heartbeat.last_activity), and a Python frame there costs a round trip.
    now = staticmethod(time.monotonic)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class ReconnectSchedule:
    """Counts reconnect attempts for one ReconnectPolicy and says how long to wait.

    ``uniform`` returns a float in [0, 1) (``random.random`` unless a test pins it).
    The n-th attempt waits ``initial_delay * multiplier**(n-1)`` seconds, capped at
    ``max_delay``, then varied by +/- ``jitter`` of itself so that many clients
    dropped together do not return together.
    """

    def __init__(
        self, policy: ReconnectPolicy, uniform: Callable[[], float] = random.random
    ) -> None:
        self.policy = policy
        self._uniform = uniform
        self._attempt = 0
        self._opened_at: float | None = None

    @property
    def attempt(self) -> int:
        """The number of the attempt most recently scheduled (0 before the first)."""
        return self._attempt

    def base_delay(self, attempt: int) -> float:
        """The delay in seconds before attempt ``attempt`` (1-based), without jitter."""
        p = self.policy
        return float(min(p.max_delay, p.initial_delay * p.multiplier ** (attempt - 1)))

    def next_delay(self) -> float | None:
        """Count one more attempt and return its delay in seconds.

        Returns None once ``max_attempts`` attempts have been made: time to give up.
        """
        limit = self.policy.max_attempts
        if limit is not None and self._attempt >= limit:
            return None
        self._attempt += 1
        base = self.base_delay(self._attempt)
        spread = self.policy.jitter * (2.0 * self._uniform() - 1.0)
        return max(0.0, base * (1.0 + spread))

    def opened(self, now: float) -> None:
        """A connection opened at ``now`` (seconds, the clock's time)."""
        self._opened_at = now

    def closed(self, now: float) -> None:
        """The connection closed at ``now``.

        One that stayed up ``reset_after`` seconds resets the attempt count to 0.
        """
        opened, self._opened_at = self._opened_at, None
        if opened is not None and now - opened >= self.policy.reset_after:
            self._attempt = 0


def is_retryable(error: BaseException) -> bool:
    """Whether waiting and trying again can help after ``error`` from ``connect()``.

    A handshake refused with 4xx (401, 403, 404...) needs the user, not a loop; so do
    an unusable URL, a TLS failure (trust, host name) and an UnrecoverableError (a bad
    header, an unoffered subprotocol, a redirect loop). Refused or timed-out
    connections and 5xx answers may recover on their own.
    """
    if isinstance(error, HandshakeError):
        return not 400 <= error.status < 500
    return not isinstance(error, InvalidURLError | TLSError | UnrecoverableError)
