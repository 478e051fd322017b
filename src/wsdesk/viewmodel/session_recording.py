"""SessionRecording: every entry of a connection streamed to a session file as it arrives."""

from __future__ import annotations

import asyncio
import contextlib

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

from psygnal import Signal

from wsdesk.models import ConnectionState
from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel
from wsdesk.viewmodel.log_chunk import LogChunk
from wsdesk.viewmodel.message_log import EVERY_BATCH
from wsdesk.viewmodel.recording_frames import Part, metadata_frame, span_frame
from wsdesk.viewmodel.session_io import SessionMetadata, json_line, metadata_record, session_secrets

FLUSH_INTERVAL = 0.05
"""Seconds between hand-overs of the rows gathered to the writer process."""

# The writer takes the lowest CPU priority before it imports anything: on a busy machine
# (the app and a local server on two cores) the file then falls behind during a flood and
# catches up after it, instead of slowing the flood down.
WRITER_COMMAND = (
    "import os\n"
    "if hasattr(os, 'nice'): os.nice(19)\n"
    "from wsdesk.viewmodel.recording_writer import main\n"
    "raise SystemExit(main())"
)


class RecordingError(OSError):
    """The session file could not be written; ``str()`` says why."""


class SessionRecording:
    """Streams ``connection``'s log to a session file (File > Export's format, which
    read_transcript reads back): the metadata line, then every entry from now on.

    Each appended batch is noted as spans of the log's chunks (MessageLog.spans: no copy,
    no Message) and handed, every ``FLUSH_INTERVAL`` seconds, to a writer process that
    formats the lines and writes them; full chunks go as their packed buffers, so a flood
    costs the app little and the file keeps up on another core. Nothing is lost when the
    log trims: a span keeps its chunk readable. The metadata line (from ``metadata``) goes first,
    once the connection is open; entries before that wait for it. The file is closed
    whole when the connection ends (disconnect, refused or lost), on :meth:`aclose`
    (stop, quit), and when the app itself dies (the writer sees its input end).

    ``finished`` is emitted once, when the file is closed; ``error`` is then None or
    the plain-language reason writing failed (a full disk, say: the recording then
    stops; the log keeps every entry). Create it on a running event loop. Raises
    RecordingError if the file cannot be created.
    """

    finished = Signal()

    def __init__(
        self,
        connection: ConnectionViewModel,
        path: str | os.PathLike[str],
        metadata: Callable[[], SessionMetadata],
    ) -> None:
        self.path = Path(path)
        self.error: str | None = None
        self._connection = connection
        self._metadata = metadata
        self._loop = asyncio.get_running_loop()
        self._log = connection.messages
        # Rows as (chunk, first, last): held until the metadata line is written.
        self._held: list[_Span] | None = []
        self._pending: list[_Span] = []
        self._flush_handle: asyncio.TimerHandle | None = None
        self._closing: asyncio.Task[None] | None = None
        self._done = False
        # A connection that has not begun yet is recorded once it does.
        self._began = connection.state is not ConnectionState.DISCONNECTED
        try:
            self.path.open("w").close()  # a clear error now, not from the writer later
        except OSError as exc:
            raise RecordingError(f"could not write {path}: {exc.strerror or exc}") from exc
        self._process = subprocess.Popen(
            [sys.executable, "-c", WRITER_COMMAND, str(self.path)],
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
            bufsize=0,
        )
        # A thread feeds the pipe: a write blocks while the writer lags, and the loop must
        # not. (asyncio's pipe transport would not block, but it moves its whole backlog
        # in memory after every write: quadratic during a flood.)
        _widen(self._process)
        self._frames: queue.SimpleQueue[list[Part] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._write_frames, name="recording", daemon=True)
        self._thread.start()
        self._log.appended.connect(self._on_appended, priority=EVERY_BATCH)
        connection.state_changed.connect(self._on_state)
        if connection.state is ConnectionState.OPEN:
            self._start()

    @property
    def active(self) -> bool:
        """True until the file is closed."""
        return not self._done

    @property
    def size(self) -> int:
        """The file's size now, in bytes (0 if it cannot be read)."""
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    async def aclose(self) -> None:
        """Hand over every row gathered, end the writer's input, and wait until the file
        is closed. Calling it again waits for the same close."""
        self._finish()
        assert self._closing is not None
        await asyncio.shield(self._closing)

    # -- capture ---------------------------------------------------------------------------

    def _on_appended(self, count: int) -> None:
        # Before the log trims: these rows may be gone from it by the next batch (their
        # chunks are not: the spans keep them).
        spans = self._log.spans(-count)
        if self._held is not None:
            _add_spans(self._held, spans)
            return
        _add_spans(self._pending, spans)
        if self._flush_handle is None:
            self._flush_handle = self._loop.call_later(FLUSH_INTERVAL, self._flush)

    def _on_state(self, state: ConnectionState) -> None:
        if state is ConnectionState.OPEN:
            self._start()
        if state is not ConnectionState.DISCONNECTED:
            self._began = True
        elif self._began:
            self._finish()

    def _start(self) -> None:
        """Write the metadata line, then the entries held for it."""
        held = self._held
        if held is None:
            return
        self._held = None
        metadata = self._metadata()
        self._frames.put(
            [metadata_frame(json_line(metadata_record(metadata)), session_secrets(metadata))]
        )
        self._pending = held + self._pending
        self._flush()

    def _flush(self) -> None:
        self._flush_handle = None
        pending, self._pending = self._pending, []
        if pending:
            self._frames.put([part for span in pending for part in span_frame(*span)])

    # -- the writer --------------------------------------------------------------------------

    def _write_frames(self) -> None:
        """The thread that feeds the writer process."""
        stdin = self._process.stdin
        assert stdin is not None
        try:
            while (parts := self._frames.get()) is not None:
                for part in parts:
                    _write_all(stdin, part)
        except OSError:  # the writer died; its stderr says why
            self._loop.call_soon_threadsafe(self._finish)
        finally:
            with contextlib.suppress(OSError):
                stdin.close()

    def _finish(self) -> None:
        """Close the file soon (the connection ended, or the writer died)."""
        if self._closing is None:
            self._closing = asyncio.ensure_future(self._close())

    async def _close(self) -> None:
        self._log.appended.disconnect(self._on_appended)
        self._connection.state_changed.disconnect(self._on_state)
        if self._flush_handle is not None:
            self._flush_handle.cancel()
        self._start()  # a connection that never opened still gets its metadata line
        self._flush()
        self._frames.put(None)  # after the rows: then the writer sees its input end
        status, reason = await asyncio.to_thread(self._wait_for_writer)
        if status != 0:
            if not reason:
                reason = (
                    f"the writer process was stopped by signal {-status}"
                    if status < 0
                    else f"the writer process ended with status {status}"
                )
            self.error = f"recording to {self.path} stopped: {reason}"
        self._done = True
        self.finished.emit()

    def _wait_for_writer(self) -> tuple[int, str]:
        self._thread.join()
        stderr = self._process.stderr
        reason = stderr.read().decode("utf-8", "replace").strip() if stderr else ""
        return self._process.wait(), reason


_PIPE_SIZE = 1 << 20  # bytes

_Span = tuple[LogChunk, int, int]


def _add_spans(spans: list[_Span], new: list[_Span]) -> None:
    """Append ``new`` to ``spans``, joining a span that continues the last one (a flood's
    batches fill one chunk after another: one frame per chunk, not per batch)."""
    for span in new:
        if spans:
            chunk, first, last = spans[-1]
            if span[0] is chunk and span[1] == last:
                spans[-1] = (chunk, first, span[2])
                continue
        spans.append(span)


def _write_all(stdin: IO[bytes], part: Part) -> None:
    """Write all of ``part``: a raw pipe's write may take less (a signal mid-write)."""
    view = memoryview(part)
    while view:
        written = stdin.write(view)
        if written is None:  # cannot happen on a blocking pipe; never spin on it
            raise OSError("the writer process's pipe would block")
        view = view[written:]


def _widen(process: subprocess.Popen[bytes]) -> None:
    """A 1 MiB pipe where Linux allows it: a writer that lags wakes the app less often."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if set_size is None or process.stdin is None:
        return
    with contextlib.suppress(OSError):
        fcntl.fcntl(process.stdin.fileno(), set_size, _PIPE_SIZE)
