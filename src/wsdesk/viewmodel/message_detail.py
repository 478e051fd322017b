"""The detail views of one log entry: Text, JSON, Hex dump and Base64."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wsdesk.core.payload import JSONError, parse_json, pretty_json_value
from wsdesk.models import Message, format_size
from wsdesk.viewmodel.formatting import frame_text

HEX_DUMP_WIDTH = 16
LONG_WORD = 1000
"""A run of this many characters without white space is wrapped anywhere, not at words."""
DISPLAY_LIMIT = 256 * 1024
"""Bytes of a payload a detail view shows; copying and saving always use the whole payload."""


def payload_bytes(message: Message) -> bytes:
    """The payload exactly as it went over the wire (text and events as UTF-8)."""
    data = message.data
    return data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")


def text_form(message: Message) -> str:
    """Text as received; binary is never decoded as text, so it gets a pointer instead."""
    if message.kind.is_control and isinstance(message.data, bytes):
        return f"{frame_text(message.kind, message.data)}\n({format_size(message.size)} payload)"
    if isinstance(message.data, bytes):
        return f"(binary message, {format_size(message.size)}: see Hex or Base64)"
    return message.data


@dataclass(frozen=True, slots=True)
class JsonReading:
    """A payload read as JSON once, for every view of it: ``value`` (what ``json.loads``
    gives) when ``problem`` is None, else ``problem`` says why it is not JSON."""

    value: Any = None
    problem: str | None = None


def read_json(message: Message) -> JsonReading:
    """``message``'s payload parsed as JSON (RFC 8259). Never raises."""
    if isinstance(message.data, bytes):
        return JsonReading(problem="(binary message: not JSON)")
    try:
        return JsonReading(parse_json(message.data))
    except JSONError as exc:
        if exc.line is None:
            return JsonReading(problem=f"({exc})")
        return JsonReading(
            problem=f"(not JSON: line {exc.line}, column {exc.column}: {exc.reason})"
        )


def json_form(message: Message) -> str:
    """The payload pretty-printed as JSON, or why it is not JSON (line and column if any).

    Never raises: text that Python cannot read as JSON (too deep, huge numbers) says so.
    """
    return _pretty_head(read_json(message), None)


def _pretty_head(reading: JsonReading, limit: int | None) -> str:
    """At least the first ``limit`` characters of the pretty JSON (None: all of it),
    without writing the rest: a 10 MiB document then costs its parse, not its whole
    re-indented text."""
    if reading.problem is not None:
        return reading.problem
    if limit is None:
        try:
            return pretty_json_value(reading.value)
        except JSONError as exc:
            return f"({exc})"
    chunks: list[str] = []
    written = 0
    try:
        for chunk in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(reading.value):
            chunks.append(chunk)
            written += len(chunk)
            if written > limit:
                break
    except RecursionError:
        return "(JSON too big for wsdesk to read: nested too deeply)"
    return "".join(chunks)


def hex_dump(data: bytes, limit: int | None = None) -> str:
    """``data`` as lines of offset, 16 hex bytes and their ASCII (``.`` if unprintable).

    With ``limit`` only the first ``limit`` bytes are dumped, then a line saying so.
    """
    shown = data if limit is None else data[:limit]
    lines = []
    for offset in range(0, len(shown), HEX_DUMP_WIDTH):
        row = shown[offset : offset + HEX_DUMP_WIDTH]
        hex_part = row[:8].hex(" ") + "  " + row[8:].hex(" ") if len(row) > 8 else row.hex(" ")
        ascii_part = "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in row)
        lines.append(f"{offset:08x}  {hex_part:<48}  |{ascii_part}|")
    if len(shown) < len(data):
        lines.append(f"… first {format_size(len(shown))} of {format_size(len(data))} shown")
    return "\n".join(lines)


def base64_form(message: Message) -> str:
    """The payload as standard base64 (RFC 4648 section 4)."""
    return base64.b64encode(payload_bytes(message)).decode("ascii")


@dataclass(frozen=True, slots=True)
class DetailForm:
    """One tab of the detail pane: its ``title``, what it ``shows`` (possibly cut to
    DISPLAY_LIMIT) and ``full`` (a callable for Copy, which gives the whole form).
    """

    title: str
    shows: str
    full: Callable[[], str]

    @property
    def hard_wrap(self) -> bool:
        """True when ``shows`` has a word so long that it must wrap anywhere.

        Laying out such a word at word boundaries takes seconds in a text view.
        """
        return any(len(word) >= LONG_WORD for word in self.shows.split())


def detail_forms(message: Message, reading: JsonReading | None = None) -> list[DetailForm]:
    """Text, JSON, Hex and Base64 forms of ``message`` for the detail pane.

    Big payloads are shown cut at DISPLAY_LIMIT bytes with a note; ``full`` always
    returns the complete form. ``reading`` is the payload already read as JSON
    (:func:`read_json`), so a caller that also needs the value parses it once.
    """
    if reading is None:
        reading = read_json(message)
    data = payload_bytes(message)
    big = len(data) > DISPLAY_LIMIT
    note = f"\n… first {format_size(DISPLAY_LIMIT)} of {format_size(len(data))} shown"

    def cut(text: str) -> str:
        return text[:DISPLAY_LIMIT] + note if big and len(text) > DISPLAY_LIMIT else text

    return [
        DetailForm("Text", cut(text_form(message)), lambda: text_form(message)),
        DetailForm(
            "JSON",
            cut(_pretty_head(reading, DISPLAY_LIMIT if big else None)),
            lambda: json_form(message),
        ),
        DetailForm("Hex", hex_dump(data, DISPLAY_LIMIT // 4), lambda: hex_dump(data)),
        DetailForm("Base64", cut(base64_form(message)), lambda: base64_form(message)),
    ]
