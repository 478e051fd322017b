"""MessageLog: the bounded, batched, observable sequence of log entries, stored as columns."""

from __future__ import annotations

import logging
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple, overload

from psygnal import Signal, SignalInstance

from wsdesk.models import Direction, Message, MessageKind
from wsdesk.viewmodel.log_chunk import (
    CHUNK_ROWS,
    TIMESTAMP_SIZE,
    LogChunk,
    direction_of,
    estimated_bytes,
    kind_of,
    payload_bytes,
    repeated_timestamp,
    row_code,
    text_size,
)

DEFAULT_CAPACITY = 10_000
EVERY_BATCH = 100
"""psygnal priority for an ``appended`` handler that must see every batch (higher runs
first): a recording, wsdesk-cli's printer and goals. A view that rereads the log's state
on each update needs no priority."""
_SAMPLE_ROWS = 1000  # newest rows whose mean size predicts the memory a capacity takes
_TYPICAL_PAYLOAD = 64  # bytes
# Chunks at the end kept unpacked, so the rows a batch just added read as fast as a list.
_UNPACKED_CHUNKS = 2

log = logging.getLogger(__name__)
_HANDLER_FAILED = "a message log handler failed"
_RECEIVED, _SENT = Direction.RECEIVED, Direction.SENT


# Per direction: the code bytes of its text and binary rows, for appends of payloads.
_CODE_BYTES = {
    direction: (
        bytes((row_code(direction, MessageKind.TEXT),)),
        bytes((row_code(direction, MessageKind.BINARY),)),
    )
    for direction in Direction
}

# The same codes as ints, for single-row appends.
_CODES = {direction: (text[0], binary[0]) for direction, (text, binary) in _CODE_BYTES.items()}
_RECEIVED_CODES = _CODES[Direction.RECEIVED]
_SENT_CODES = _CODES[Direction.SENT]
_EVENT_CODES = _CODES[Direction.EVENT]
# The rows counted as traffic: text and binary messages (control frames are frames, not
# messages, RFC 6455 section 5.5; events are not traffic).
_SENT_DATA = frozenset(_SENT_CODES)
_RECEIVED_DATA = frozenset(_RECEIVED_CODES)
_DATA = _SENT_DATA | _RECEIVED_DATA

RowTest = Callable[[LogChunk, int, int], list[int]]
"""Called with (chunk, first, last): the chunk rows from ``first`` to ``last - 1`` that
pass, in order (LogFilter.column_search makes one)."""


class Run(NamedTuple):
    """Consecutive log rows of one direction and kind: ``payloads`` in order (``str``
    for text and events, ``bytes`` for binary), the first at log index ``start``."""

    direction: Direction
    kind: MessageKind
    start: int
    payloads: list[str | bytes]


class Columns(NamedTuple):
    """Log rows as columns: one code byte each (see log_chunk.row_code), one packed C
    double (seconds since the epoch) each, and the payloads (``str`` for text and events,
    ``bytes`` for binary)."""

    codes: bytes
    timestamps: bytes
    payloads: Sequence[str | bytes]


class MessageLog(Sequence[Message]):
    """The newest ``capacity`` messages, oldest first.

    Each :meth:`append`, :meth:`extend` or :meth:`extend_payloads` emits
    ``appended(count)`` once for the rows it added at the end, then ``trimmed(count)``
    for the rows dropped from the front when the log is over capacity; the reader hands
    over each socket read's messages in one :meth:`extend_payloads`, so a flood costs one
    signal per batch, not per message. Rows that a handler adds while those signals run
    follow as the next batch, once every handler has seen the current one. A handler
    that raises is logged and does not stop the log or whoever appended; psygnal skips
    the handlers after it for that batch, so a reader that must see every batch (a
    recording, a printer) connects with ``priority=EVERY_BATCH`` and runs first. ``dropped``
    counts every row trimmed since creation or the last clear, so ``dropped + i`` is a
    stable position for row ``i``. ``cleared()`` follows :meth:`clear`. Iterating reads
    the rows as they were when the iteration began.

    Rows are stored as columns in chunks of ``chunk_rows`` (a code byte, a timestamp and the
    payload each; full chunks pack small payloads into one buffer) and freed a whole
    chunk at a time. Indexing makes a Message for the row read; readers of many rows
    (printers, searches) read columns instead: :meth:`payloads`, :meth:`runs`.

    The log counts the traffic it was given as it stores it (``sent_messages``,
    ``sent_bytes``, ``received_messages``, ``received_bytes``: text and binary messages,
    bytes as UTF-8 for text). The counts keep growing when rows are trimmed or cleared, so
    a status bar reads totals without a handler per append.
    """

    appended = Signal(int)
    trimmed = Signal(int)
    cleared = Signal()

    def __init__(self, capacity: int = DEFAULT_CAPACITY, *, chunk_rows: int = CHUNK_ROWS) -> None:
        self._capacity = _checked_capacity(capacity)
        if chunk_rows < 1:
            raise ValueError("chunk_rows must be at least 1")
        self._chunk_rows = chunk_rows
        self._chunks: list[LogChunk] = [LogChunk(chunk_rows)]
        self._set_tail()
        self._base = 0  # position of the first chunk's first row
        self._dropped = 0  # position of the oldest row kept
        self._end = 0  # position after the newest row
        self._announcing = False
        self._unannounced: list[Columns] = []
        self._sent_messages = self._sent_bytes = 0
        self._received_messages = self._received_bytes = 0

    @property
    def sent_messages(self) -> int:
        """Text and binary messages sent since the log was made (trims and clears too)."""
        return self._sent_messages

    @property
    def sent_bytes(self) -> int:
        """Bytes of the messages in ``sent_messages`` (UTF-8 for text)."""
        return self._sent_bytes

    @property
    def received_messages(self) -> int:
        """Text and binary messages received since the log was made (trims and clears too)."""
        return self._received_messages

    @property
    def received_bytes(self) -> int:
        """Bytes of the messages in ``received_messages`` (UTF-8 for text)."""
        return self._received_bytes

    @property
    def capacity(self) -> int:
        """How many messages the log keeps (at least 1)."""
        return self._capacity

    @capacity.setter
    def capacity(self, value: int) -> None:
        self._capacity = _checked_capacity(value)
        if not self._announcing:  # else the running announcement trims
            self._announce(None)

    @property
    def dropped(self) -> int:
        """Rows trimmed from the front since creation or the last clear."""
        return self._dropped

    def __len__(self) -> int:
        return self._end - self._dropped

    def __iter__(self) -> Iterator[Message]:
        # The chunks are taken now, not at the first next(): rows trimmed or cleared
        # meanwhile stay readable.
        return _rows_of(list(self._chunks), self._base, self._dropped, self._end, self._chunk_rows)

    @overload
    def __getitem__(self, index: int) -> Message: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Message]: ...

    def __getitem__(self, index: int | slice) -> Message | Sequence[Message]:
        if isinstance(index, slice):
            return [self._message(self._dropped + i) for i in range(*index.indices(len(self)))]
        size = len(self)
        position = index + size if index < 0 else index
        if not 0 <= position < size:
            raise IndexError("message log index out of range")
        return self._message(self._dropped + position)

    def newest(self, count: int) -> tuple[bytes, list[str | bytes]]:
        """The codes (see log_chunk.row_code) and payloads of the newest ``count`` rows:
        what a handler of ``appended(count)`` reads, without a Message or a Run."""
        chunk = self._chunks[-1]
        filled = len(chunk)
        if 0 < count <= filled and count <= len(self):
            return bytes(chunk.codes[filled - count :]), chunk.payloads(filled - count, filled)
        columns = self.columns(-count) if count > 0 else Columns(b"", b"", [])
        return columns.codes, list(columns.payloads)

    def newest_row(self) -> tuple[int, str | bytes]:
        """The code (see log_chunk.row_code) and payload of the newest row: what a
        handler of ``appended(1)`` reads. Raises IndexError when the log is empty."""
        if self._end == self._dropped:
            raise IndexError("the message log is empty")
        # The newest chunk, never empty while the log is not (rows go in as chunks fill),
        # is still open: its columns are read directly.
        return self._tail_codes[-1], self._tail_payloads[-1]

    def payloads(self, start: int = 0, stop: int | None = None) -> list[str | bytes]:
        """The payloads of rows ``start`` to ``stop - 1`` (slice rules: negative counts
        from the end, out-of-range bounds are clipped), without a Message per row."""
        payloads: list[str | bytes] = []
        for chunk, first, last in self._spans(start, stop):
            payloads.extend(chunk.payloads(first, last))
        return payloads

    def runs(self, start: int = 0, stop: int | None = None) -> Iterator[Run]:
        """Rows ``start`` to ``stop - 1`` (slice rules) as runs of one direction and kind.

        A flood's batch is one run, so a reader that counts or prints handles a batch
        with one check instead of one per row.
        """
        index = slice(start, stop).indices(len(self))[0]
        code, run_start = -1, index  # the run being gathered
        run: list[str | bytes] = []
        for chunk, first, last in self._spans(start, stop):
            codes = chunk.codes
            row = first
            while row < last:
                end = last
                if codes.count(codes[row], row, last) != last - row:
                    end = row + 1  # not the usual case of one run to the span's end
                    while codes[end] == codes[row]:
                        end += 1
                if codes[row] != code:
                    if run:
                        yield Run(direction_of(code), kind_of(code), run_start, run)
                    code, run_start, run = codes[row], index, []
                run.extend(chunk.payloads(row, end))
                index += end - row
                row = end
        if run:
            yield Run(direction_of(code), kind_of(code), run_start, run)

    def columns(self, start: int = 0, stop: int | None = None) -> Columns:
        """Rows ``start`` to ``stop - 1`` (slice rules) as columns, without a Message each:
        copies that stay as they are whatever the log does next."""
        spans = list(self._spans(start, stop))
        if len(spans) == 1:
            chunk, first, last = spans[0]
            return Columns(
                bytes(chunk.codes[first:last]),
                chunk.timestamps(first, last),
                chunk.payloads(first, last),
            )
        payloads: list[str | bytes] = []
        for chunk, first, last in spans:
            payloads.extend(chunk.payloads(first, last))
        return Columns(
            b"".join(chunk.codes[first:last] for chunk, first, last in spans),
            b"".join(chunk.timestamps(first, last) for chunk, first, last in spans),
            payloads,
        )

    def spans(self, start: int = 0, stop: int | None = None) -> list[tuple[LogChunk, int, int]]:
        """Rows ``start`` to ``stop - 1`` (slice rules) as (chunk, first row, row after the
        last) in the log's own storage, for a reader that hands rows on later (a
        recording): a chunk's rows never change once added, and a chunk stays readable
        after the log trims or clears it."""
        return list(self._spans(start, stop))

    def find(self, test: RowTest, start: int, stop: int) -> list[int]:
        """The positions (see ``dropped``) from ``start`` to ``stop - 1`` of the rows that
        pass ``test``, in order; positions outside the rows kept are skipped. One call of
        ``test`` per chunk, so a search reads columns, not Messages.
        """
        first = max(start, self._dropped) - self._dropped
        last = min(stop, self._end) - self._dropped
        found: list[int] = []
        position = self._dropped + first
        for chunk, row, end in self._spans(first, max(first, last)):
            origin = position - row
            found.extend([origin + r for r in test(chunk, row, end)])
            position += end - row
        return found

    def memory_for(self, capacity: int) -> int:
        """About how many bytes the log takes holding ``capacity`` rows like its newest
        thousand (64-byte messages while it is empty)."""
        newest = self.payloads(-_SAMPLE_ROWS)
        mean = payload_bytes(newest) / len(newest) if newest else _TYPICAL_PAYLOAD
        return estimated_bytes(capacity, mean)

    def append(self, message: Message) -> None:
        """Add ``message`` at the end."""
        self.extend((message,))

    def extend(self, messages: Iterable[Message]) -> None:
        """Add ``messages`` at the end, in order, as one batch (no signal when empty)."""
        # Taken whole first: an iterator that fails halfway must not leave rows unannounced.
        batch = messages if isinstance(messages, list | tuple) else list(messages)
        if not batch:
            return
        codes = bytes(row_code(m.direction, m.kind) for m in batch)
        timestamps = array("d", [m.timestamp for m in batch]).tobytes()
        payloads = [m.data if m.kind.carries_bytes else str(m.data) for m in batch]
        self._add(Columns(codes, timestamps, payloads))

    def extend_payloads(
        self,
        direction: Direction,
        payloads: Sequence[str | bytes],
        timestamp: float | None = None,
    ) -> None:
        """Add text (``str``) and binary (``bytes``) messages of one ``direction`` at the
        end, in order, as one batch, all stamped ``timestamp`` (seconds since the epoch;
        now if None). The receive path of a flood: no Message is made. No signal when
        ``payloads`` is empty.
        """
        count = len(payloads)
        if count == 1:
            # One row (a round trip runs this twice) in this one frame: each call costs
            # several times more with the caches cold between trips than in a loop, so
            # the common case (the row fits the newest chunk, one row trimmed) calls
            # nothing but the handlers. No columns, no set of types, no enum hash.
            payload = payloads[0]
            when = time.time() if timestamp is None else timestamp
            if direction is _RECEIVED:
                pair = _RECEIVED_CODES
            elif direction is _SENT:
                pair = _SENT_CODES
            else:
                pair = _EVENT_CODES
            if isinstance(payload, str):
                code = pair[0]
            else:
                code = pair[1]
                if type(payload) is not bytes:
                    payload = bytes(payload)
            tail = self._tail_codes
            if self._announcing or len(tail) >= self._chunk_rows:
                self._add(Columns(bytes((code,)), repeated_timestamp(when, 1), [payload]))
                return
            tail.append(code)  # into the newest chunk's open columns
            self._tail_timestamps.append(when)
            self._tail_payloads.append(payload)
            self._end += 1
            if code in _DATA:
                if isinstance(payload, bytes) or payload.isascii():
                    size = len(payload)
                else:
                    size = text_size(payload)
                if code in _RECEIVED_DATA:
                    self._received_messages += 1
                    self._received_bytes += size
                else:
                    self._sent_messages += 1
                    self._sent_bytes += size
            self._announcing = True
            try:
                try:
                    self.appended.emit_fast(1)
                except Exception:
                    log.exception(_HANDLER_FAILED)
                excess = self._end - self._dropped - self._capacity
                if excess > 0:
                    self._dropped += excess  # _trim, inline
                    if self._dropped - self._base >= self._chunk_rows:
                        self._free_chunks()
                    try:
                        self.trimmed.emit_fast(excess)
                    except Exception:
                        log.exception(_HANDLER_FAILED)
            finally:
                self._announcing = False
            if self._unannounced or self._end - self._dropped > self._capacity:
                self._announce(None)
            return
        if not count:
            return
        when = time.time() if timestamp is None else timestamp
        text, binary = _CODE_BYTES[direction]
        kinds = set(map(type, payloads))
        if kinds == {str}:
            codes = text * count
        elif kinds == {bytes}:
            codes = binary * count
        else:
            codes = b"".join(text if isinstance(p, str) else binary for p in payloads)
            payloads = [p if isinstance(p, str) else bytes(p) for p in payloads]
        self._add(Columns(codes, repeated_timestamp(when, count), payloads))

    def clear(self) -> None:
        """Remove every message and emit ``cleared``."""
        self._chunks = [LogChunk(self._chunk_rows)]
        self._set_tail()
        self._base = self._dropped = self._end = 0
        self._unannounced = []
        self.cleared.emit()

    # -- storage ------------------------------------------------------------------------

    def _message(self, position: int) -> Message:
        chunk, row = divmod(position - self._base, self._chunk_rows)
        return self._chunks[chunk].message(row)

    def _spans(self, start: int, stop: int | None) -> Iterator[tuple[LogChunk, int, int]]:
        """(chunk, first row, row after the last) for log rows ``start`` to ``stop - 1``."""
        first, last, _ = slice(start, stop).indices(len(self))
        position, end = self._dropped + first, self._dropped + last
        size = self._chunk_rows
        while position < end:
            chunk, row = divmod(position - self._base, size)
            take = min(size - row, end - position)
            yield self._chunks[chunk], row, row + take
            position += take

    def _add(self, rows: Columns) -> None:
        if self._announcing:
            # A handler appended: these rows follow once every handler has seen this batch.
            self._unannounced.append(rows)
            return
        self._announce(rows)

    def _set_tail(self) -> None:
        # The newest chunk's open columns, which a single-row append fills directly.
        self._tail_codes, self._tail_timestamps, self._tail_payloads = self._chunks[
            -1
        ].open_columns()

    def _store(self, rows: Columns) -> None:
        codes, timestamps, payloads = rows
        count = len(codes)
        self._count(codes, payloads)
        chunk = self._chunks[-1]
        if chunk.space >= count:  # the usual case: the rows fit the newest chunk
            chunk.add(codes, timestamps, payloads)
            self._end += count
            return
        done = 0
        while done < count:
            chunk = self._chunks[-1]
            if not chunk.space:
                chunk = LogChunk(self._chunk_rows)
                self._chunks.append(chunk)
                self._set_tail()
                if len(self._chunks) > _UNPACKED_CHUNKS:
                    self._chunks[-1 - _UNPACKED_CHUNKS].pack()
            take = min(chunk.space, count - done)
            if done == 0 and take == count:
                chunk.add(codes, timestamps, payloads)
            else:
                chunk.add(
                    codes[done : done + take],
                    timestamps[done * TIMESTAMP_SIZE : (done + take) * TIMESTAMP_SIZE],
                    payloads[done : done + take],
                )
            done += take
        self._end += count

    def _count(self, codes: bytes, payloads: Sequence[str | bytes]) -> None:
        """Add a batch's messages to the traffic counts; a flood's batch is one run."""
        first = codes[0]
        if codes.count(first) == len(codes):
            runs: Iterable[tuple[int, Sequence[str | bytes]]] = ((first, payloads),)
        else:
            runs = (
                (code, [payload for _, payload in rows])
                for code, rows in groupby(zip(codes, payloads, strict=True), itemgetter(0))
            )
        for code, run in runs:
            if code in _RECEIVED_DATA:
                self._received_messages += len(run)
                self._received_bytes += payload_bytes(run)
            elif code in _SENT_DATA:
                self._sent_messages += len(run)
                self._sent_bytes += payload_bytes(run)

    def _announce(self, rows: Columns | None) -> None:
        """Add ``rows``, emit for them and trim; then the same for rows handlers added."""
        self._announcing = True
        try:
            while True:
                if rows is not None:
                    self._store(rows)
                    _emit(self.appended, len(rows.codes))
                self._trim()
                if not self._unannounced and len(self) <= self._capacity:
                    return
                pending, self._unannounced = self._unannounced, []
                rows = _joined(pending) if pending else None
        finally:
            self._announcing = False

    def _trim(self) -> None:
        excess = self._end - self._dropped - self._capacity
        if excess <= 0:
            return
        self._dropped += excess
        if self._dropped - self._base >= self._chunk_rows:
            self._free_chunks()
        _emit(self.trimmed, excess)

    def _free_chunks(self) -> None:
        # Memory goes back a whole chunk at a time, once no kept row is in it.
        freed = min((self._dropped - self._base) // self._chunk_rows, len(self._chunks) - 1)
        if freed > 0:
            del self._chunks[:freed]
            self._base += freed * self._chunk_rows


def _rows_of(
    chunks: list[LogChunk], base: int, first: int, end: int, chunk_rows: int
) -> Iterator[Message]:
    for position in range(first, end):
        chunk, row = divmod(position - base, chunk_rows)
        yield chunks[chunk].message(row)


def _joined(pending: list[Columns]) -> Columns:
    """Several waiting appends as one batch."""
    return Columns(
        b"".join(rows.codes for rows in pending),
        b"".join(rows.timestamps for rows in pending),
        [payload for rows in pending for payload in rows.payloads],
    )


def _checked_capacity(value: int) -> int:
    if value < 1:
        raise ValueError("capacity must be at least 1")
    return value


def _emit(signal: SignalInstance, count: int) -> None:
    # emit_fast: psygnal's emit without argument checks or thread locks (the log lives on
    # one loop); a tenth of emit()'s 1.8 microseconds, paid per batch.
    try:
        signal.emit_fast(count)
    except Exception:
        log.exception(_HANDLER_FAILED)
