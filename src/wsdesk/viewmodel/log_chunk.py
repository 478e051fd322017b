"""LogChunk: a fixed number of log rows stored as columns, the MessageLog's storage unit."""

from __future__ import annotations

import struct
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate, compress, groupby, pairwise, repeat

from wsdesk.models import Direction, Message, MessageKind

CHUNK_ROWS = 4096
"""Rows per chunk: the log appends, packs and frees memory in units of this many rows."""

# Packing saves the ~50 bytes of object header each small payload carries; for payloads
# this big on average it would save nothing and copy a lot, so they stay as they are.
_PACK_BELOW = 1024  # bytes per row, on average

_DIRECTIONS = tuple(Direction)
_KINDS = tuple(MessageKind)
# Lookup tables: code -> Direction / MessageKind (None for codes no row has).
_DIRECTION_OF = [_DIRECTIONS[c >> 4] if c >> 4 < len(_DIRECTIONS) else None for c in range(256)]
_KIND_OF = [_KINDS[c & 15] if c & 15 < len(_KINDS) else None for c in range(256)]
# Kinds whose payload is bytes: binary messages and control frames.
_BYTES_KINDS = frozenset(k for k in MessageKind if k.carries_bytes)
_TIMESTAMP = struct.Struct("d")
TIMESTAMP_SIZE = _TIMESTAMP.size
"""Bytes per row in a chunk's ``timestamps`` column (a C double)."""


def row_code(direction: Direction, kind: MessageKind) -> int:
    """The one-byte code of a (direction, kind) pair in a chunk's ``codes`` column."""
    return _DIRECTIONS.index(direction) << 4 | _KINDS.index(kind)


def direction_of(code: int) -> Direction:
    """The Direction of a row code."""
    direction = _DIRECTION_OF[code]
    assert direction is not None
    return direction


def kind_of(code: int) -> MessageKind:
    """The MessageKind of a row code."""
    kind = _KIND_OF[code]
    assert kind is not None
    return kind


def repeated_timestamp(timestamp: float, count: int) -> bytes:
    """``count`` copies of ``timestamp`` as a chunk's ``timestamps`` column stores them."""
    return _TIMESTAMP.pack(timestamp) * count


def text_size(text: str) -> int:
    """The UTF-8 size of ``text`` in bytes (isascii() is O(1): ASCII is never encoded)."""
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def payload_bytes(payloads: Sequence[str | bytes]) -> int:
    """The total size of ``payloads`` in bytes (UTF-8 for text), counted in C."""
    try:
        joined = "".join(payloads)  # type: ignore[arg-type]
    except TypeError:  # binary among them
        return sum(text_size(p) if isinstance(p, str) else len(p) for p in payloads)
    return text_size(joined)


def _utf8(payloads: Sequence[str | bytes]) -> tuple[bytes, Sequence[str | bytes], bool]:
    """``payloads`` as one buffer (UTF-8 for text, lone surrogates passed through), the
    items whose lengths are the rows' sizes in it, and whether every row is ASCII text
    (then the text was joined and encoded once, in C)."""
    try:
        joined = "".join(payloads)  # type: ignore[arg-type]
    except TypeError:  # binary rows among them
        joined = None
    if joined is not None and joined.isascii():
        return joined.encode("ascii"), payloads, True
    parts = [p.encode("utf-8", "surrogatepass") if isinstance(p, str) else p for p in payloads]
    return b"".join(parts), parts, False


# Measured per-row costs beside the payload itself (benchmarks/run.py, memory): packed rows
# take an offset, a code byte and a share of a timestamp run; unpacked ones a Python object.
PACKED_ROW_BYTES = 18
UNPACKED_ROW_BYTES = 60


def estimated_bytes(rows: int, mean_payload: float) -> int:
    """About how much memory ``rows`` log rows of ``mean_payload`` bytes each take."""
    overhead = PACKED_ROW_BYTES if mean_payload <= _PACK_BELOW else UNPACKED_ROW_BYTES
    return round(rows * (mean_payload + overhead))


class LogChunk:
    """Up to ``rows`` rows, oldest first, as columns.

    ``codes`` holds one byte per row (:func:`row_code`); timestamps (seconds since the
    epoch) are one double per row while the chunk fills, then, once packed, one per run
    of equal ones (a socket read's messages share one) where that saves memory. Payloads
    (``str`` for text and event rows, ``bytes`` for binary and control-frame ones) are a
    list while the chunk fills; :meth:`pack` turns a full chunk's small payloads into one
    buffer with offsets, which holds a 64-byte message in about 80 bytes instead of about
    200 as Python objects.
    """

    __slots__ = (
        "_ascii_text",
        "_buffer",
        "_offsets",
        "_payloads",
        "_rows",
        "_text_only",
        "_time_starts",
        "_timestamps",
        "codes",
    )

    def __init__(self, rows: int = CHUNK_ROWS) -> None:
        self._rows = rows
        self.codes = bytearray()
        self._timestamps = array("d")
        self._time_starts: array[int] | None = None  # packed: the first row of each run
        self._payloads: list[str | bytes] | None = []
        self._buffer = b""
        self._offsets: array[int] | None = None
        self._ascii_text = False  # packed, and every text row is ASCII
        self._text_only = False  # packed, and every row is ASCII text

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def space(self) -> int:
        """Rows this chunk can still take."""
        return self._rows - len(self.codes)

    def add(self, codes: bytes, timestamps: bytes, payloads: Sequence[str | bytes]) -> None:
        """Append rows: their codes, their packed timestamps and their payloads."""
        assert self._payloads is not None, "a packed chunk is full"
        self.codes += codes
        self._timestamps.frombytes(timestamps)
        self._payloads.extend(payloads)

    def open_columns(self) -> tuple[bytearray, array[float], list[str | bytes]]:
        """The codes, timestamps and payloads this chunk fills (not packed yet): a log
        appends single rows to them directly, up to ``rows`` rows."""
        assert self._payloads is not None, "a packed chunk is full"
        return self.codes, self._timestamps, self._payloads

    def pack(self) -> None:
        """Store the payloads of this (full) chunk as one buffer with offsets, if small."""
        payloads = self._payloads
        if payloads is None or sum(map(len, payloads)) > _PACK_BELOW * len(payloads):
            return
        self._buffer, sized, self._text_only = _utf8(payloads)
        self._ascii_text = self._text_only or all(
            p.isascii() for p in payloads if isinstance(p, str)
        )
        typecode = "I" if len(self._buffer) < 2**32 else "Q"
        self._offsets = array(typecode, accumulate(map(len, sized), initial=0))
        self._payloads = None
        runs = [(stamp, len(list(rows))) for stamp, rows in groupby(self._timestamps)]
        if len(runs) * 2 > len(self._timestamps):
            return  # mostly one read per row (round trips): runs would save nothing
        self._timestamps = array("d", [stamp for stamp, _ in runs])
        self._time_starts = array("I", accumulate((count for _, count in runs[:-1]), initial=0))

    def find_text(
        self, needle: str, case_sensitive: bool, first: int, last: int
    ) -> list[int] | None:
        """The rows from ``first`` to ``last - 1`` whose text (not binary) payload holds
        ``needle`` (compared casefolded unless ``case_sensitive``), found in the packed
        buffer without decoding a row; None when the buffer cannot answer (the chunk is not
        packed, or a case-insensitive search meets non-ASCII text). Binary rows are never
        in the answer: their searchable text is hex, which the caller tests.
        """
        offsets = self._offsets
        if offsets is None or not needle or (not case_sensitive and not self._ascii_text):
            return None
        if case_sensitive:
            target = needle.encode("utf-8", "surrogatepass")
        else:
            folded = needle.casefold()
            if not folded.isascii():
                return []  # ASCII text folds to ASCII: it cannot hold this
            target = folded.encode("ascii")
        # The whole buffer, so that offsets need no adjusting (lowering a chunk is cheap).
        buffer = self._buffer if case_sensitive else self._buffer.lower()
        # One bounded count per row, in C: a row holds the text if it counts it once.
        starts = offsets[first : last + 1].tolist()
        rows = compress(range(first, last), map(buffer.count, repeat(target), starts, starts[1:]))
        if self._text_only:
            return list(rows)
        codes = self.codes
        return [row for row in rows if _KIND_OF[codes[row]] not in _BYTES_KINDS]

    def timestamp(self, row: int) -> float:
        """When ``row`` arrived or was sent (seconds since the epoch)."""
        starts = self._time_starts
        if starts is None:
            return self._timestamps[row]
        return self._timestamps[bisect_right(starts, row) - 1]

    def timestamps(self, first: int, last: int) -> bytes:
        """The timestamps of rows ``first`` to ``last - 1``, one packed double each."""
        starts = self._time_starts
        if starts is None:
            return self._timestamps[first:last].tobytes()
        if first >= last:
            return b""
        # One repeat per run of equal timestamps (a socket read's rows), not one per row.
        stamps = self._timestamps
        run = bisect_right(starts, first) - 1
        parts = []
        row = first
        while row < last:
            end = starts[run + 1] if run + 1 < len(starts) else len(self.codes)
            end = min(end, last)
            parts.append(_TIMESTAMP.pack(stamps[run]) * (end - row))
            row, run = end, run + 1
        return b"".join(parts)

    def encoded(self, first: int, last: int) -> tuple[array[int], bytes | memoryview]:
        """The payloads of rows ``first`` to ``last - 1`` as bytes (UTF-8 for text, as
        on the wire) and their ``last - first + 1`` offsets into them (C unsigned long
        longs; row ``i`` is ``data[offsets[i] - offsets[0] : offsets[i + 1] -
        offsets[0]]``). A packed chunk's buffer is shared, not copied; so are its offsets
        read, not counted row by row.
        """
        offsets = self._offsets
        if offsets is not None:
            start, end = offsets[first], offsets[last]
            return array("Q", offsets[first : last + 1]), memoryview(self._buffer)[start:end]
        data, sized, _ = _utf8(self.payloads(first, last))
        return array("Q", accumulate(map(len, sized), initial=0)), data

    def payload(self, row: int) -> str | bytes:
        """The payload of ``row`` (0-based in this chunk)."""
        if self._payloads is not None:
            return self._payloads[row]
        offsets = self._offsets
        assert offsets is not None
        raw = self._buffer[offsets[row] : offsets[row + 1]]
        if _KIND_OF[self.codes[row]] in _BYTES_KINDS:
            return raw
        return raw.decode("utf-8", "surrogatepass")

    def payloads(self, start: int, stop: int) -> list[str | bytes]:
        """The payloads of rows ``start`` to ``stop - 1``."""
        if self._payloads is not None:
            return self._payloads[start:stop]
        offsets = self._offsets
        assert offsets is not None
        if self._text_only and stop - start > len(self.codes) // 4:
            # Decoding the whole buffer once beats one decode per row.
            text = self._buffer.decode("ascii")
            bounds = offsets[start : stop + 1]
            return [text[a:b] for a, b in pairwise(bounds)]
        return [self.payload(row) for row in range(start, stop)]

    def size(self, row: int) -> int:
        """The payload size of ``row`` in bytes (UTF-8 for text); 0 for an event."""
        code = self.codes[row]
        kind = _KIND_OF[code]
        if kind is MessageKind.EVENT:
            return 0
        if self._offsets is not None:
            return self._offsets[row + 1] - self._offsets[row]
        payload = self.payload(row)
        return text_size(payload) if isinstance(payload, str) else len(payload)

    def message(self, row: int) -> Message:
        """``row`` as a Message."""
        code = self.codes[row]
        direction, kind = _DIRECTION_OF[code], _KIND_OF[code]
        assert direction is not None
        assert kind is not None
        return Message(direction, kind, self.payload(row), self.timestamp(row), self.size(row))
