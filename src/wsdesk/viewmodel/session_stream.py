"""SessionStream: a session written as JSON Lines while it happens, not after."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from wsdesk.models import Message
from wsdesk.viewmodel.session_io import (
    SessionMetadata,
    entry_record,
    json_line,
    metadata_record,
    session_secrets,
)


class SessionStream:
    """Writes File > Export's format to ``out`` line by line: read_transcript reads it back.

    The metadata line must come first, yet it describes the handshake: entries written
    before :meth:`start` are held and follow the metadata line once it is written.
    Every :meth:`write` after that is flushed at once. Event text is redacted with the
    metadata's secrets, as in an export. ``written`` counts the bytes written (UTF-8).
    """

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._held: list[Message] | None = []
        self._secrets: list[str] = []
        self.written = 0

    @property
    def started(self) -> bool:
        """True once the metadata line is written."""
        return self._held is None

    def start(self, metadata: SessionMetadata) -> None:
        """Write the metadata line, then the entries held so far. Only the first call counts."""
        held = self._held
        if held is None:
            return
        self._held = None
        self._secrets = session_secrets(metadata)
        self._emit([json_line(metadata_record(metadata))])
        self.write(held)

    def write(self, messages: Iterable[Message]) -> None:
        """Write these entries now (or hold them until :meth:`start`)."""
        if self._held is not None:
            self._held.extend(messages)
            return
        secrets = self._secrets
        self._emit([json_line(entry_record(message, secrets)) for message in messages])

    def _emit(self, lines: list[str]) -> None:
        if not lines:
            return
        text = "".join(lines)
        self._out.write(text)
        self._out.flush()
        self.written += len(text.encode("utf-8")) if not text.isascii() else len(text)
