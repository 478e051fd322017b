"""LogMatches: the log positions a LogFilter keeps, tested once as rows arrive."""

from __future__ import annotations

from array import array
from bisect import bisect_left

from wsdesk.viewmodel.log_filter import LogFilter
from wsdesk.viewmodel.message_log import MessageLog, RowTest

# Dropped positions stay at the front of the array until they are this share of it, so
# trimming a flood's oldest rows does not move the whole array on every batch.
_COMPACT_SHARE = 2


class LogMatches:
    """The positions (see MessageLog.dropped) of the rows from ``start`` to ``stop - 1``
    of a MessageLog that a LogFilter keeps, in order.

    A view showing a window of the log moves the window with :meth:`extend` (rows added
    at the end: only they are tested) and :meth:`drop_before` (rows gone from the front);
    :meth:`reset` tests a window again, for a new filter or after a clear. Each position
    takes 8 bytes. ``len()`` and indexing give the matching positions; :meth:`rank` maps
    a position back. :meth:`reset` raises LogFilterError for an invalid regex and then
    keeps the previous filter and positions.
    """

    def __init__(self, log: MessageLog, log_filter: LogFilter | None = None) -> None:
        self._log = log
        self._filter = log_filter or LogFilter()
        self._test: RowTest = self._filter.column_search()
        self._positions = array("q")
        self._head = 0  # positions before this index were dropped
        self._stop = 0

    @property
    def log_filter(self) -> LogFilter:
        return self._filter

    @property
    def stop(self) -> int:
        """The position after the newest row tested."""
        return self._stop

    def __len__(self) -> int:
        return len(self._positions) - self._head

    def __getitem__(self, index: int) -> int:
        if not 0 <= index < len(self):
            raise IndexError("match index out of range")
        return self._positions[self._head + index]

    def rank(self, position: int) -> int:
        """How many matches come before ``position`` (its index, if it matches)."""
        return bisect_left(self._positions, position, self._head) - self._head

    def contains(self, position: int) -> bool:
        """True if the row at ``position`` matches."""
        index = self._head + self.rank(position)
        return index < len(self._positions) and self._positions[index] == position

    def reset(self, log_filter: LogFilter, start: int, stop: int) -> None:
        """Match ``log_filter`` against the rows from ``start`` to ``stop - 1``."""
        test = log_filter.column_search()
        self._filter, self._test = log_filter, test
        self._positions = array("q", self._log.find(test, start, stop))
        self._head = 0
        self._stop = stop

    def find_new(self, stop: int) -> list[int]:
        """The matching positions from :attr:`stop` to ``stop - 1``, not yet added."""
        return self._log.find(self._test, self._stop, stop)

    def extend(self, positions: list[int], stop: int) -> None:
        """Add ``positions`` (from :meth:`find_new`) and move :attr:`stop` to ``stop``."""
        self._positions.extend(positions)
        self._stop = max(self._stop, stop)

    def drop_before(self, position: int) -> int:
        """Forget the matches before ``position``; returns how many went."""
        gone = self.rank(position)
        self._head += gone
        if self._head * _COMPACT_SHARE > len(self._positions):
            del self._positions[: self._head]
            self._head = 0
        return gone
