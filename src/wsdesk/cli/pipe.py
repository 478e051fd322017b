"""Pipe mode's input: standard input, one line at a time, without blocking the loop."""

from __future__ import annotations

import asyncio
import os
import stat
import sys
from collections.abc import AsyncIterator
from typing import BinaryIO

LINE_LIMIT = 256 * 1024 * 1024  # bytes in one input line; a longer one ends the input


class InputError(Exception):
    """Standard input could not be read to the end (an overlong line, a read error)."""


def strip_newline(line: bytes) -> bytes:
    """``line`` without its ``\\n`` or ``\\r\\n`` ending."""
    if line.endswith(b"\n"):
        line = line[:-1]
        if line.endswith(b"\r"):
            line = line[:-1]
    return line


async def stdin_lines(source: BinaryIO | None = None) -> AsyncIterator[bytes]:
    """Each line of ``source`` (default: standard input), newline stripped, in order.

    Pipes, sockets and terminals are read through the event loop; regular files and
    devices such as /dev/null, which it cannot watch, are read directly (they never
    block for long). A closed or missing stdin yields nothing. Raises InputError
    for a line over LINE_LIMIT bytes.
    """
    stream = source if source is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:
        return
    try:
        fd = stream.fileno()
        mode = os.fstat(fd).st_mode
    except (OSError, ValueError):
        return
    # The loop can watch pipes, sockets and terminals only; epoll refuses files and
    # /dev/null, and asyncio would report that later, from a callback.
    if not (stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or os.isatty(fd)):
        async for line in _direct_lines(stream):
            yield line
        return
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=LINE_LIMIT)
    # A duplicate, so closing the transport leaves the process's own stdin open.
    pipe = os.fdopen(os.dup(fd), "rb", 0)
    try:
        transport, _ = await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), pipe
        )
    except BaseException:
        pipe.close()
        raise
    try:
        while True:
            try:
                line = await reader.readline()
            except ValueError:
                raise InputError(f"an input line is longer than {LINE_LIMIT} bytes") from None
            if not line:
                return
            yield strip_newline(line)
    finally:
        transport.close()


async def _direct_lines(stream: BinaryIO) -> AsyncIterator[bytes]:
    for number, line in enumerate(stream, 1):
        if len(line) > LINE_LIMIT:
            raise InputError(f"input line {number} is longer than {LINE_LIMIT} bytes")
        yield strip_newline(line)
        await asyncio.sleep(0)
