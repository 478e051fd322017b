"""The frames a recording hands its writer process, and the session lines made from them.

A frame is a 9-byte header (one type byte, the body's length as a little-endian u64) and
a body. ``M``: the session's metadata line and the secrets to mask in event text, as
JSON. ``E``: a run of log rows as columns: the row count (u32), one code byte each
(log_chunk.row_code), one C double timestamp each, count + 1 C u64 offsets into the
payload bytes (the first is where they start), then the payload bytes, UTF-8 for text.
An ``E`` frame of a full chunk's rows shares the chunk's packed buffer and offsets, so
the process that receives a flood does almost nothing per message to record it.
"""

from __future__ import annotations

import json
import struct
from array import array
from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring
from typing import BinaryIO

from wsdesk.models import Message, MessageKind
from wsdesk.viewmodel.log_chunk import LogChunk, direction_of, kind_of
from wsdesk.viewmodel.session_io import entry_record, iso_time, json_line

HEADER = struct.Struct("<cQ")
_COUNT = struct.Struct("<I")
_OFFSET_SIZE = array("Q").itemsize
METADATA, ROWS = b"M", b"E"

Part = bytes | memoryview
"""A piece of a frame; a frame is the concatenation of its parts."""


def metadata_frame(line: str, secrets: Sequence[str]) -> bytes:
    """An ``M`` frame: the metadata ``line`` (ending in a newline) and the secrets."""
    body = json.dumps({"line": line, "secrets": list(secrets)}).encode("utf-8")
    return HEADER.pack(METADATA, len(body)) + body


def span_frame(chunk: LogChunk, first: int, last: int) -> list[Part]:
    """An ``E`` frame of ``chunk``'s rows ``first`` to ``last - 1``, as parts to write in
    order (a packed chunk's payloads are a view of its buffer, not a copy)."""
    offsets, data = chunk.encoded(first, last)
    head = b"".join(
        (
            _COUNT.pack(last - first),
            chunk.codes[first:last],
            chunk.timestamps(first, last),
            offsets.tobytes(),
        )
    )
    return [HEADER.pack(ROWS, len(head) + len(data)), head, data]


def read_frames(source: BinaryIO) -> Iterator[tuple[bytes, bytes]]:
    """(type, body) for each frame in ``source`` until its end; a frame cut short ends
    the iteration (a writer that died mid-frame loses only that frame)."""
    while True:
        header = source.read(HEADER.size)
        if len(header) < HEADER.size:
            return
        kind, size = HEADER.unpack(header)
        body = source.read(size)
        if len(body) < size:
            return
        yield kind, body


def read_metadata(body: bytes) -> tuple[str, list[str]]:
    """The metadata line and secrets of an ``M`` frame's body."""
    record = json.loads(body)
    return str(record["line"]), [str(s) for s in record["secrets"]]


def session_lines(body: bytes, secrets: Sequence[str]) -> str:
    """The session lines (File > Export's format) of an ``E`` frame's body."""
    (count,) = _COUNT.unpack_from(body)
    at = _COUNT.size
    codes = body[at : at + count]
    at += count
    timestamps = array("d")
    timestamps.frombytes(body[at : at + 8 * count])
    at += 8 * count
    offsets = array("Q")
    offsets.frombytes(body[at : at + _OFFSET_SIZE * (count + 1)])
    at += _OFFSET_SIZE * (count + 1)
    base = at - offsets[0]  # where offset 0 would be in the body
    times: dict[float, str] = {}  # a socket read's rows share one timestamp
    lines: list[str] = []
    for row, (code, stamp) in enumerate(zip(codes, timestamps, strict=True)):
        raw = body[base + offsets[row] : base + offsets[row + 1]]
        length = len(raw)
        kind, direction = kind_of(code), direction_of(code)
        if kind is MessageKind.TEXT:
            iso = times.get(stamp)
            if iso is None:
                iso = times[stamp] = iso_time(stamp)
            text = raw.decode("utf-8", "surrogatepass")
            # What json_line(entry_record(...)) writes, without a Message and a dict.
            lines.append(
                f'{{"time": "{iso}", "direction": "{direction.value}", "kind": "text", '
                f'"size": {length}, "text": {encode_basestring(text)}}}\n'
            )
            continue
        data: str | bytes = raw if kind.carries_bytes else raw.decode("utf-8", "surrogatepass")
        size = 0 if kind is MessageKind.EVENT else length
        lines.append(json_line(entry_record(Message(direction, kind, data, stamp, size), secrets)))
    return "".join(lines)
