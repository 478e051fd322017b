"""MessageLog: the bounded, batched, observable sequence of log entries."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from psygnal import Signal, SignalInstance

from wsdesk.models import Message

DEFAULT_CAPACITY = 10_000
_COMPACT_AFTER = 64  # dropped slots kept at least, before they are removed from the list
# Fills the slot of a dropped row until the list is compacted, so the row itself is freed.
_DROPPED = Message.event("")

log = logging.getLogger(__name__)


class MessageLog(Sequence[Message]):
    """The newest ``capacity`` messages, oldest first.

    Each :meth:`append` or :meth:`extend` emits ``appended(count)`` once for the rows it
    added at the end, then ``trimmed(count)`` for the rows dropped from the front when the
    log is over capacity; the reader hands over each socket read's messages in one
    :meth:`extend`, so a flood costs one signal per batch, not per message. Rows that a
    handler adds while those signals run follow as the next batch, once every handler has
    seen the current one. A handler that raises is logged and does not stop the log or
    whoever appended. ``dropped`` counts every row trimmed since creation or the last
    clear, so ``dropped + i`` is a stable position for row ``i``. ``cleared()`` follows
    :meth:`clear`. Iterating reads the rows as they were when the iteration began.
    """

    appended = Signal(int)
    trimmed = Signal(int)
    cleared = Signal()

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._capacity = capacity
        # The log is _rows[_head:]; see _trim.
        self._rows: list[Message] = []
        self._head = 0
        self._dropped = 0
        self._announcing = False
        self._unannounced: list[Message] = []

    @property
    def capacity(self) -> int:
        """How many messages the log keeps (at least 1)."""
        return self._capacity

    @capacity.setter
    def capacity(self, value: int) -> None:
        if value < 1:
            raise ValueError("capacity must be at least 1")
        self._capacity = value
        if not self._announcing:  # else the running announcement trims
            self._announce(())

    @property
    def dropped(self) -> int:
        """Rows trimmed from the front since creation or the last clear."""
        return self._dropped

    def __len__(self) -> int:
        return len(self._rows) - self._head

    def __iter__(self) -> Iterator[Message]:
        return iter(self._rows[self._head :])

    @overload
    def __getitem__(self, index: int) -> Message: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Message]: ...

    def __getitem__(self, index: int | slice) -> Message | Sequence[Message]:
        head = self._head
        if isinstance(index, slice):
            if not head:
                return self._rows[index]
            # With head > 0 every shifted bound is >= 0, so none wraps around from the end.
            start, stop, step = index.indices(len(self._rows) - head)
            return self._rows[head + start : head + stop : step]
        size = len(self._rows) - head
        position = index + size if index < 0 else index
        if not 0 <= position < size:
            raise IndexError("message log index out of range")
        return self._rows[head + position]

    def append(self, message: Message) -> None:
        """Add ``message`` at the end."""
        self.extend((message,))

    def extend(self, messages: Iterable[Message]) -> None:
        """Add ``messages`` at the end, in order, as one batch (no signal when empty)."""
        # Taken whole first: an iterator that fails halfway must not leave rows unannounced.
        batch = messages if isinstance(messages, list | tuple) else list(messages)
        if not batch:
            return
        if self._announcing:
            # A handler appended: these rows follow once every handler has seen this batch.
            self._unannounced.extend(batch)
            return
        self._announce(batch)

    def clear(self) -> None:
        """Remove every message and emit ``cleared``."""
        self._rows = []
        self._head = 0
        self._unannounced = []
        self._dropped = 0
        self.cleared.emit()

    def _announce(self, batch: Sequence[Message]) -> None:
        """Add ``batch``, emit for it and trim; then the same for rows handlers added."""
        self._announcing = True
        try:
            while True:
                if batch:
                    self._rows.extend(batch)
                    _emit(self.appended, len(batch))
                self._trim()
                if not self._unannounced and len(self) <= self._capacity:
                    return
                batch, self._unannounced = self._unannounced, []
        finally:
            self._announcing = False

    def _trim(self) -> None:
        excess = len(self) - self._capacity
        if excess <= 0:
            return
        rows, head = self._rows, self._head
        # Removing rows from the front of a list moves every row behind them: done per
        # message, a full log of 10 000 would move 10 000 rows per message. Dropped rows
        # leave a placeholder instead, and the placeholders go in one move once they are
        # a quarter of the log.
        rows[head : head + excess] = [_DROPPED] * excess
        self._head = head = head + excess
        self._dropped += excess
        if head >= max(_COMPACT_AFTER, len(self) // 4):
            del rows[:head]
            self._head = 0
        _emit(self.trimmed, excess)


def _emit(signal: SignalInstance, count: int) -> None:
    # emit_fast: psygnal's emit without argument checks or thread locks (the log lives on
    # one loop); a tenth of emit()'s 1.8 microseconds, paid per batch.
    try:
        signal.emit_fast(count)
    except Exception:
        log.exception("a message log handler failed")
