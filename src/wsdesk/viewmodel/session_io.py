"""Sessions as JSON Lines: export the log with its connection's metadata, import it back.

Line 1 is the metadata object (``"format": "wsdesk-session"``, ``"version": 1``, the URL,
handshake headers, negotiated subprotocol, times, close info and what the handshake said
(``handshake``: request, answer, TLS peer)), with secrets replaced
by ``***`` through :mod:`wsdesk.core.redact`. Every further line is one log entry:
``time`` (ISO 8601 with microseconds and UTC offset), ``direction``, ``kind``, ``size``
(bytes) and either ``text`` or, for binary, ``base64`` (RFC 4648). Payloads are written
exactly as received; event lines are redacted like the metadata.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from wsdesk.core.payload import JSONError, parse_json
from wsdesk.core.redact import (
    is_secret_header,
    is_secret_param,
    redact_headers,
    redact_text,
    redact_url,
)
from wsdesk.models import CloseInfo, Direction, HandshakeInfo, Message, MessageKind

FORMAT = "wsdesk-session"
VERSION = 1
_BOM = "\ufeff"
_SHOWN_CHARS = 40


@dataclass(frozen=True, slots=True)
class SessionMetadata:
    """What the first line describes. Times are seconds since the epoch or None.
    ``secret_headers`` names headers the user marked secret (masked like Authorization)."""

    url: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    secret_headers: tuple[str, ...] = ()
    subprotocol: str | None = None
    connected_at: float | None = None
    closed_at: float | None = None
    close: CloseInfo | None = None
    exported_at: float | None = None
    handshake: HandshakeInfo | None = None


@dataclass(frozen=True, slots=True)
class Transcript:
    """An imported session: its metadata line as read, and its entries in order."""

    metadata: dict[str, Any]
    messages: list[Message]


class SessionFormatError(ValueError):
    """A session file that cannot be imported; ``line`` is the 1-based line at fault."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


def iso_time(timestamp: float) -> str:
    """``timestamp`` (seconds since the epoch) as ISO 8601 in UTC with microseconds."""
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="microseconds")


def session_secrets(metadata: SessionMetadata) -> list[str]:
    """The secret values in the URL and headers, to mask wherever they appear."""
    marked = metadata.secret_headers
    values = [value for name, value in metadata.headers if is_secret_header(name, marked)]
    try:
        parts = urlsplit(metadata.url)
        values += [v for n, v in parse_qsl(parts.query) if is_secret_param(n)]
        if parts.password:
            values.append(parts.password)
    except ValueError:
        pass
    return values


def metadata_record(metadata: SessionMetadata) -> dict[str, Any]:
    """The first line's object, with every secret replaced by ``***``."""
    close = metadata.close
    return {
        "format": FORMAT,
        "version": VERSION,
        "url": redact_url(metadata.url),
        "headers": [
            list(pair) for pair in redact_headers(metadata.headers, metadata.secret_headers)
        ],
        "subprotocol": metadata.subprotocol,
        "connected_at": _maybe_time(metadata.connected_at),
        "closed_at": _maybe_time(metadata.closed_at),
        "close": None
        if close is None
        else {
            "code": None if close.code is None else int(close.code),
            "reason": close.reason,
            "initiator": close.initiator.value,
            "clean": close.clean,
        },
        "exported_at": _maybe_time(metadata.exported_at),
        "handshake": handshake_record(metadata.handshake),
    }


def handshake_record(info: HandshakeInfo | None) -> dict[str, Any] | None:
    """What the handshake said (already redacted, see HandshakeInfo) as JSON-ready data:
    request line and headers, status and answer headers, redirects, subprotocol,
    extensions and the TLS peer; None when there was no answer."""
    if info is None:
        return None
    tls = info.tls
    return {
        "url": redact_url(info.url),
        "redirects": list(info.redirects),
        "request_line": info.request_line,
        "request_headers": [list(pair) for pair in info.request_headers],
        "status": info.status,
        "status_line": info.status_line,
        "response_headers": [list(pair) for pair in info.response_headers],
        "subprotocol": info.protocol,
        "extensions": info.extensions,
        "tls": None
        if tls is None
        else {
            "version": tls.version,
            "cipher": tls.cipher,
            "verified": tls.verified,
            "problem": tls.problem,
            "peer_subject": tls.peer_subject,
            "peer_issuer": tls.peer_issuer,
            "not_before": _maybe_time(tls.not_before),
            "not_after": _maybe_time(tls.not_after),
            "sha256_fingerprint": tls.sha256_fingerprint,
            "alt_names": list(tls.alt_names),
            "chain": list(tls.chain),
        },
    }


def entry_record(message: Message, secrets: Sequence[str] = ()) -> dict[str, Any]:
    """One entry's object: binary as base64, text verbatim, events with ``secrets`` masked."""
    record: dict[str, Any] = {
        "time": iso_time(message.timestamp),
        "direction": message.direction.value,
        "kind": message.kind.value,
        "size": message.size,
    }
    data = message.data
    if isinstance(data, bytes):
        record["base64"] = base64.b64encode(data).decode("ascii")
    elif message.kind is MessageKind.EVENT:
        record["text"] = redact_text(data, secrets)
    else:
        record["text"] = data
    return record


def export_lines(metadata: SessionMetadata, messages: Iterable[Message]) -> Iterator[str]:
    """The session as JSON Lines, each line ending in ``\\n``."""
    secrets = session_secrets(metadata)
    yield json_line(metadata_record(metadata))
    for message in messages:
        yield json_line(entry_record(message, secrets))


def write_session(
    path: str | os.PathLike[str], metadata: SessionMetadata, messages: Iterable[Message]
) -> None:
    """Write the session to ``path`` (UTF-8) via a temporary file, so a failed write
    leaves no half file. Raises OSError when the file cannot be written."""
    target = Path(path)
    partial = target.with_name(target.name + ".part")
    try:
        # A lone surrogate (a file name's undecodable byte in an event) is written as its
        # JSON escape, as a recording writes it: the file stays UTF-8 that reads back.
        with partial.open("w", encoding="utf-8", errors="backslashreplace", newline="\n") as out:
            out.writelines(export_lines(metadata, messages))
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def read_transcript(lines: Iterable[str | bytes]) -> Transcript:
    """A Transcript from JSON Lines; every line is checked before anything is returned.

    A UTF-8 byte order mark before line 1 and blank lines at the end of the file are
    accepted (editors add them); a blank line between entries is not. Raises
    SessionFormatError naming the first bad line: not UTF-8, not JSON, not the wsdesk
    session format, a version other than the integer 1, a missing or wrong field, or a
    size that does not match.
    """
    metadata: dict[str, Any] | None = None
    messages: list[Message] = []
    blank: int | None = None
    number = 0
    for number, raw in enumerate(lines, start=1):
        text = _decode(raw, number).rstrip("\r\n")
        if number == 1:
            text = text.removeprefix(_BOM)
        if not text.strip():
            blank = number if blank is None else blank
            continue
        if blank is not None:
            raise SessionFormatError(blank, "empty line")
        try:
            record = parse_json(text)
        except JSONError as exc:
            where = "" if exc.column is None else f"column {exc.column}: "
            raise SessionFormatError(number, f"not JSON ({where}{exc.reason})") from exc
        if not isinstance(record, dict):
            raise SessionFormatError(number, "expected a JSON object")
        if metadata is None:
            metadata = _check_metadata(record, number)
        else:
            messages.append(_message(record, number))
    if metadata is None:
        raise SessionFormatError(1, "the file is empty")
    return Transcript(metadata, messages)


def load_transcript(path: str | os.PathLike[str]) -> Transcript:
    """Read a session file; raises SessionFormatError (bad content) or OSError (unreadable)."""
    with Path(path).open("rb") as source:
        return read_transcript(source)


# -- helpers --------------------------------------------------------------------------


def json_line(record: dict[str, Any]) -> str:
    """``record`` as one line of JSON Lines (UTF-8 text, ending in a newline)."""
    return json.dumps(record, ensure_ascii=False) + "\n"


def _maybe_time(timestamp: float | None) -> str | None:
    return None if timestamp is None else iso_time(timestamp)


def _decode(raw: str | bytes, number: int) -> str:
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SessionFormatError(number, f"not UTF-8 (byte {exc.start + 1})") from exc


def _shown(value: Any) -> str:
    """``value`` as JSON for an error message: scalars cut to 40 characters, and only
    the kind of an array or object (repr of a deeply nested one raises RecursionError)."""
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def _check_metadata(record: dict[str, Any], number: int) -> dict[str, Any]:
    if record.get("format") != FORMAT:
        raise SessionFormatError(
            number, f'not a wsdesk session (the first line needs "format": "{FORMAT}")'
        )
    version = record.get("version")
    # True == 1 and 1.0 == 1 in Python; the format's version is the JSON integer 1.
    if type(version) is not int or version != VERSION:
        raise SessionFormatError(number, f"unsupported version {_shown(version)}")
    return record


def _message(record: dict[str, Any], number: int) -> Message:
    direction = _enum(Direction, record, "direction", number)
    kind = _enum(MessageKind, record, "kind", number)
    if (direction is Direction.EVENT) != (kind is MessageKind.EVENT):
        raise SessionFormatError(
            number, f"a {direction.value} entry cannot be of kind {kind.value}"
        )
    timestamp = _time(record, number)
    data: str | bytes
    if kind.carries_bytes:
        encoded = record.get("base64")
        if not isinstance(encoded, str):
            raise SessionFormatError(number, f'a {kind.value} entry needs "base64" text')
        try:
            data = base64.b64decode(encoded, validate=True)
        except binascii.Error as exc:
            raise SessionFormatError(number, f'"base64" is not valid base64 ({exc})') from exc
    else:
        text = record.get("text")
        if not isinstance(text, str):
            raise SessionFormatError(number, f'a {kind.value} entry needs "text"')
        data = text
    if kind is MessageKind.EVENT:
        return Message.event(data if isinstance(data, str) else "", timestamp)
    if kind.is_control:
        assert isinstance(data, bytes)
        message = Message.control(direction, kind, data, timestamp)
    else:
        message = Message.of(direction, data, timestamp)
    size = record.get("size")
    if size != message.size or isinstance(size, bool):
        raise SessionFormatError(
            number, f'"size" is {_shown(size)} but the data is {message.size} bytes'
        )
    return message


def _enum(enum_type: Any, record: dict[str, Any], key: str, number: int) -> Any:
    value = record.get(key)
    try:
        return enum_type(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum_type)
        raise SessionFormatError(
            number, f'"{key}" must be one of {allowed}, not {_shown(value)}'
        ) from None


def _time(record: dict[str, Any], number: int) -> float:
    value = record.get("time")
    if not isinstance(value, str):
        raise SessionFormatError(number, '"time" must be an ISO 8601 time')
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise SessionFormatError(number, f'"time" is not an ISO 8601 time: {value!r}') from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()
