"""The benchmark's server process: wsdesk's echo server plus a flood server, on 127.0.0.1.

Prints one JSON line ``{"echo": URL, "flood": URL}`` and serves until its stdin closes
(the benchmark ends) or ``--lifetime`` seconds pass, whichever is first. With stdin not
a pipe or a terminal (``< /dev/null``, a background job), only ``--lifetime`` ends it.

The flood server waits for one frame from the client (the start signal), then sends
``n`` text messages of ``size`` bytes, each starting with its 10-digit sequence number,
as pre-built frames in large writes, then a 1000 close. ``n`` and ``size`` come from
the URL's query: ``ws://127.0.0.1:PORT/flood?n=200000&size=64``. With ``rate`` (messages/s)
the messages are paced, a few every TICK seconds, like a live feed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import stat
import sys
from urllib.parse import parse_qs, urlsplit

from wsdesk.server import echo
from wsdesk.testing.raw_server import OP_CLOSE, OP_TEXT, RawConnection, RawFrameServer, encode_frame

FRAMES_PER_WRITE = 2000
TICK = 0.02  # seconds between the writes of a paced flood
CLOSE_WAIT = 10.0


def flood_payload(seq: int, size: int) -> bytes:
    """Message ``seq`` of a flood: its 10-digit number padded with ``x`` to ``size`` bytes."""
    head = f"{seq:010d}".encode("ascii")
    return head + b"x" * (size - len(head))


async def flood(conn: RawConnection) -> None:
    """Send the flood described by the connection's URL query, then close with 1000."""
    query = parse_qs(urlsplit(conn.path).query)
    count = int(query.get("n", ["200000"])[0])
    size = max(10, int(query.get("size", ["64"])[0]))
    rate = float(query.get("rate", ["0"])[0])
    await conn.read_frame()  # the client's start signal
    if rate > 0:
        await paced(conn, count, size, rate)
    else:
        for first in range(0, count, FRAMES_PER_WRITE):
            last = min(first + FRAMES_PER_WRITE, count)
            await conn.write(
                b"".join(encode_frame(OP_TEXT, flood_payload(i, size)) for i in range(first, last))
            )
    await conn.send_close(1000, "flood done")
    with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError, TimeoutError):
        async with asyncio.timeout(CLOSE_WAIT):
            while (await conn.read_frame()).opcode != OP_CLOSE:
                pass


async def paced(conn: RawConnection, count: int, size: int, rate: float) -> None:
    """Send ``count`` messages at ``rate`` messages/s, on a clock, so a slow tick catches up."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    sent = 0
    while sent < count:
        due = min(count, int((loop.time() - started) * rate) + 1)
        if due > sent:
            await conn.write(
                b"".join(encode_frame(OP_TEXT, flood_payload(i, size)) for i in range(sent, due))
            )
            sent = due
        await asyncio.sleep(TICK)


async def serve(lifetime: float) -> None:
    echo_server = await echo.start("127.0.0.1", 0)
    flood_server = await RawFrameServer.start(flood)
    print(json.dumps({"echo": echo_server.url, "flood": f"{flood_server.url}flood"}), flush=True)
    stdin_closed = asyncio.Event()
    fd = sys.stdin.fileno()
    # The event loop can watch only pipes, sockets and terminals, not files or /dev/null.
    watched = stat.S_ISFIFO(os.fstat(fd).st_mode) or os.isatty(fd)

    def on_stdin() -> None:
        if not os.read(fd, 4096):
            stdin_closed.set()

    loop = asyncio.get_running_loop()
    if watched:
        loop.add_reader(fd, on_stdin)
    try:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stdin_closed.wait(), lifetime)
    finally:
        if watched:
            loop.remove_reader(fd)
        await flood_server.stop()
        await echo_server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lifetime", type=float, default=900.0, help="seconds before exiting")
    args = parser.parse_args()
    asyncio.run(serve(args.lifetime))


if __name__ == "__main__":
    main()
