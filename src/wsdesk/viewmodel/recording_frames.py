"""The frames a recording hands its writer process, and the session lines made from them.

A frame is a 9-byte header (one type byte, the body's length as a little-endian u64) and
a body. ``M``: the session's metadata line and the secrets to mask in event text, as
JSON. ``E``: a batch of log rows as columns: the row count (u32), one code byte each
(log_chunk.row_code), one C double timestamp each, one u32 payload length (bytes) each,
then the payloads, UTF-8 for text. Building an ``E`` frame is a few joins in C, so the
process that receives a flood spends almost nothing per message on recording it.
"""

from __future__ import annotations

import json
import struct
from array import array
from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring
from typing import BinaryIO

from wsdesk.models import Message, MessageKind
from wsdesk.viewmodel.log_chunk import direction_of, kind_of
from wsdesk.viewmodel.message_log import Columns
from wsdesk.viewmodel.session_io import entry_record, iso_time, json_line

HEADER = struct.Struct("<cQ")
_COUNT = struct.Struct("<I")
METADATA, ROWS = b"M", b"E"


def metadata_frame(line: str, secrets: Sequence[str]) -> bytes:
    """An ``M`` frame: the metadata ``line`` (ending in a newline) and the secrets."""
    body = json.dumps({"line": line, "secrets": list(secrets)}).encode("utf-8")
    return HEADER.pack(METADATA, len(body)) + body


def rows_frame(rows: Columns) -> bytes:
    """An ``E`` frame holding ``rows``."""
    codes, timestamps, payloads = rows
    joined: str | None
    try:
        joined = "".join(payloads)  # type: ignore[arg-type]
    except TypeError:  # binary rows among them
        joined = None
    if joined is not None and joined.isascii():
        blob = joined.encode("ascii")
        lengths = array("I", map(len, payloads))
    else:
        parts = [p.encode("utf-8", "surrogatepass") if isinstance(p, str) else p for p in payloads]
        blob = b"".join(parts)
        lengths = array("I", map(len, parts))
    body = b"".join((_COUNT.pack(len(codes)), codes, timestamps, lengths.tobytes(), blob))
    return HEADER.pack(ROWS, len(body)) + body


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
    lengths = array("I")
    lengths.frombytes(body[at : at + 4 * count])
    at += 4 * count
    times: dict[float, str] = {}  # a socket read's rows share one timestamp
    lines: list[str] = []
    for code, stamp, length in zip(codes, timestamps, lengths, strict=True):
        raw = body[at : at + length]
        at += length
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
