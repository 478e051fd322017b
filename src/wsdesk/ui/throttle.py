"""Throttle: run a view update at most once per interval, however often it is asked for."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PyQt6.QtCore import QObject, QTimer

# A view update (rows inserted, relayout, repaint) costs about 3-4 ms with 10 000 rows in
# the log, whatever the traffic asks: a flood, one per batch; echo round trips, two per
# trip. Five a second keep the view live and cost traffic about 2 % (ten a second held
# round trips at 0.88x raw aiohttp; benchmarks/run.py, rtt and flood). After a quiet
# moment a change is shown at once, so typing and seeing the echo feels immediate.
UPDATE_INTERVAL = 0.2  # seconds
# The interval stretches to this many times the update's own duration, so updates never
# take more than 1 / (1 + COST_FACTOR) of the time.
COST_FACTOR = 3


class Throttle(QObject):
    """Calls ``update`` at most once per ``interval`` seconds.

    :meth:`request` after a quiet interval calls ``update`` at once; further requests
    within the interval are gathered into one call when it ends. The interval stretches
    to COST_FACTOR times what the last call took. :meth:`flush` calls ``update`` now.
    ``interval`` 0 calls ``update`` on every request.
    """

    def __init__(
        self,
        update: Callable[[], object],
        interval: float = UPDATE_INTERVAL,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._update = update
        self._interval = interval
        self._next = -math.inf  # time.monotonic() before which requests are gathered
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        # Mirrors the timer's isActive(): a request comes per appended row in a round
        # trip, and the flag is read for a third of the call into Qt's timer.
        self._pending = False

    @property
    def pending(self) -> bool:
        """True while a gathered request waits for the interval to end."""
        return self._pending

    def request(self, *_args: object) -> None:
        """Ask for an update (arguments, e.g. from a signal, are ignored)."""
        if self._pending:
            return
        wait = self._next - time.monotonic()
        if wait <= 0:
            self.flush()
        else:
            self._pending = True
            self._timer.start(math.ceil(wait * 1000))

    def flush(self) -> None:
        """Call ``update`` now and start a new interval."""
        self._pending = False
        self._timer.stop()
        started = time.monotonic()
        self._update()
        if self._interval:
            ended = time.monotonic()
            self._next = ended + max(self._interval, COST_FACTOR * (ended - started))
