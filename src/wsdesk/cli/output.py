"""What wsdesk-cli prints: received data on stdout, sent messages and events on stderr."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from typing import TextIO

from wsdesk.models import Direction
from wsdesk.viewmodel.formatting import frame_text
from wsdesk.viewmodel.message_log import EVERY_BATCH, MessageLog, Run
from wsdesk.viewmodel.session_stream import SessionStream

_RESET = "\x1b[0m"
_RECEIVED = "\x1b[36m"  # cyan
_SENT = "\x1b[32m"  # green
_EVENT = "\x1b[33m"  # yellow
_FAILURE = "\x1b[31m"  # red


def wants_colour(stream: TextIO, env: Mapping[str, str] | None = None) -> bool:
    """True when ``stream`` is a terminal and NO_COLOR (no-color.org) is not set."""
    env = os.environ if env is None else env
    if env.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def data_text(data: str | bytes) -> str:
    """A payload as one printed line: text as it came, binary as lowercase hex."""
    return data.hex() if isinstance(data, bytes) else data


class StopAfter:
    """The point where data output ends: ``count`` received messages, and (if given) a
    received text message matching ``until``. Both must be met when both are given."""

    def __init__(self, count: int | None = None, until: re.Pattern[str] | None = None) -> None:
        self._left = count
        self._until = until

    @property
    def met(self) -> bool:
        return not self._left and self._until is None

    def saw(self, data: str | bytes) -> bool:
        """Count a received message's payload; True once the stop point is reached."""
        if self._left:
            self._left -= 1
        if self._until is not None and isinstance(data, str) and self._until.search(data):
            self._until = None
        return self.met


class Printer:
    """Prints every entry the log gains, as it gains it (one write per batch); keep a
    reference to it, as psygnal holds its handler weakly.

    Received text and binary (hex) go to stdout, or, with ``stream``, the whole session
    goes to stdout as JSON Lines. Events (``* ``) and, unless ``echo_sent`` is False,
    sent messages (``> ``) go to stderr; ``quiet`` silences both. With ``stop``, output
    ends with the received message that meets it, and ``on_stop`` is called. A reader
    that left (``| head``) calls ``on_broken_pipe``; a stdout that cannot be written at
    all (a full disk, a closed descriptor) prints why on stderr, sets ``write_failed``
    and calls ``on_broken_pipe`` too. Streams are looked up on each write,
    so a terminal prompt that patches ``sys.stdout`` keeps its line intact.
    """

    def __init__(
        self,
        log: MessageLog,
        *,
        colour_out: bool = False,
        colour_err: bool = False,
        quiet: bool = False,
        echo_sent: bool = True,
        stream: SessionStream | None = None,
        stop: StopAfter | None = None,
        on_stop: Callable[[], None] | None = None,
        on_broken_pipe: Callable[[], None] | None = None,
    ) -> None:
        self._log = log
        self._colour_out = colour_out
        self._colour_err = colour_err
        self._quiet = quiet
        self._echo_sent = echo_sent
        self._stream = stream
        self._stop = stop
        self._stopped = False
        self._on_stop = on_stop
        self._on_broken_pipe = on_broken_pipe
        self._broken = False
        self.write_failed = False
        log.appended.connect(self._on_appended, priority=EVERY_BATCH)

    def detach(self) -> None:
        """Stop printing what the log gains."""
        self._log.appended.disconnect(self._on_appended)

    def _on_appended(self, count: int) -> None:
        if self._stopped or self._broken:
            return
        runs = list(self._log.runs(-count))
        if self._stop is not None:
            runs = self._until_stop(runs)
        data: list[str] = []
        notes: list[str] = []
        for run in runs:
            if run.kind.is_control:
                mark = "< " if run.direction is Direction.RECEIVED else "> "
                notes.extend(
                    self._note(
                        mark, frame_text(run.kind, p if isinstance(p, bytes) else b""), _EVENT
                    )
                    for p in run.payloads
                )
            elif run.direction is Direction.RECEIVED:
                data.extend(map(data_text, run.payloads))
            elif run.direction is Direction.EVENT:
                notes.extend(self._note("* ", text, _EVENT) for text in run.payloads)
            elif self._echo_sent:
                notes.extend(self._note("> ", data_text(p), _SENT) for p in run.payloads)
        stream = self._stream
        if stream is not None:
            shown = sum(len(run.payloads) for run in runs)
            start = len(self._log) - count
            self._write_stdout(lambda: stream.write(self._log[start : start + shown]))
        elif data:
            text = "\n".join(data) + "\n"
            if self._colour_out:
                text = f"{_RECEIVED}{text}{_RESET}"
            self._write_stdout(lambda: _write(sys.stdout, text))
        if notes and not self._quiet:
            _write(sys.stderr, "".join(notes))
        if self._stopped and self._on_stop is not None:
            self._on_stop()

    def _until_stop(self, runs: list[Run]) -> list[Run]:
        stop = self._stop
        assert stop is not None
        for number, run in enumerate(runs):
            if run.direction is not Direction.RECEIVED or run.kind.is_control:
                continue
            for index, payload in enumerate(run.payloads):
                if stop.saw(payload):
                    self._stopped = True
                    return [*runs[:number], run._replace(payloads=run.payloads[: index + 1])]
        return runs

    def _note(self, mark: str, text: str | bytes, colour: str) -> str:
        line = f"{mark}{text!s}\n"
        return f"{colour}{line}{_RESET}" if self._colour_err else line

    def failure(self, text: str) -> None:
        """Print why the run failed on stderr, even when quiet."""
        line = f"wsdesk-cli: {text}\n"
        _write(sys.stderr, f"{_FAILURE}{line}{_RESET}" if self._colour_err else line)

    def _write_stdout(self, write: Callable[[], object]) -> None:
        if sys.stdout is None:  # started with descriptor 1 closed
            self._stdout_failed("stdout is closed")
            return
        try:
            write()
        except BrokenPipeError:
            self._stop_writing()
        except OSError as exc:
            self._stdout_failed(exc.strerror or str(exc))

    def _stdout_failed(self, why: str) -> None:
        self.write_failed = True
        self.failure(f"cannot write stdout: {why}")
        self._stop_writing()

    def _stop_writing(self) -> None:
        self._broken = True
        if sys.stdout is not None:
            # Later writes and the final flush at exit would fail again: point stdout at
            # /dev/null so the reader that left (| head) costs no traceback.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        if self._on_broken_pipe is not None:
            self._on_broken_pipe()


def _write(out: TextIO, text: str) -> None:
    out.write(text)
    out.flush()
