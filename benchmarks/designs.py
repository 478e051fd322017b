"""Two designs wsdesk does not use, measured: ``python benchmarks/designs.py``.

The flood target (0.7 x a raw aiohttp receive loop) is missed; these figures say what
the ways around it would give, against the same raw runs (servers as in run.py):

- A transport thread: AiohttpChannel on a stock asyncio loop in its own thread, its
  batches handed to the view-model on the Qt thread (the design the performance issue
  suggested). Flood and round trips through the real view-model and window.
- No Message per message: the raw receive loop keeping the newest 10 000 payloads, then
  the same loop also building a Message for each, as AiohttpChannel does. The difference
  is what a log storing socket reads as they come (and building Messages only for the
  rows a view shows) could win back.

Prints one Markdown table. A prototype, not wsdesk's code: the thread's channel forwards
what the view-model needs, no more.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import statistics
import sys
import threading
import time
from collections.abc import AsyncIterator, Coroutine
from typing import Any, TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QT_API"] = "pyqt6"

from PyQt6.QtWidgets import QApplication

import clients
from run import ServerProcess, run_on_qasync
from wsdesk.app import tune_garbage_collector
from wsdesk.models import (
    CloseInfo,
    ConnectionOptions,
    Direction,
    Message,
    MessageKind,
    new_message,
)
from wsdesk.transport.aiohttp_channel import AiohttpChannel

RUNS = 3
FLOOD = 200_000
CAPACITY = 10_000
ROUND_TRIPS = 5_000

T = TypeVar("T")


class TransportThread:
    """A stock asyncio loop running in a daemon thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    async def call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run ``coroutine`` on the thread's loop; await its result on the calling loop."""
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coroutine, self.loop))


class ThreadedChannel:
    """An AiohttpChannel whose socket is read on a TransportThread; batches cross over."""

    transport = TransportThread()

    def __init__(self, options: ConnectionOptions) -> None:
        self._channel = AiohttpChannel(options)
        self._batches: asyncio.Queue[list[Message]] = asyncio.Queue()

    protocol = property(lambda self: self._channel.protocol)
    extensions = property(lambda self: self._channel.extensions)
    redirects = property(lambda self: self._channel.redirects)
    close_code = property(lambda self: self._channel.close_code)
    close_reason = property(lambda self: self._channel.close_reason)
    failure = property(lambda self: self._channel.failure)

    @property
    def close_info(self) -> CloseInfo | None:
        return self._channel.close_info

    async def connect(self) -> None:
        await self.transport.call(self._channel.connect())
        qt_loop = asyncio.get_running_loop()
        batches = self._batches

        async def pump() -> None:
            while True:
                batch = await self._channel.receive_batch()
                qt_loop.call_soon_threadsafe(batches.put_nowait, batch)
                if not batch:
                    return

        self.transport.loop.call_soon_threadsafe(self.transport.loop.create_task, pump())

    async def send(self, data: str | bytes) -> None:
        await self.transport.call(self._channel.send(data))

    async def receive(self) -> Message | None:
        batch = await self.receive_batch(limit=1)
        return batch[0] if batch else None

    async def receive_batch(self, limit: int = 1024) -> list[Message]:
        return await self._batches.get()

    async def __aiter__(self) -> AsyncIterator[Message]:
        while (message := await self.receive()) is not None:
            yield message

    async def close(self, code: int = 1000, reason: str = "") -> None:
        await self.transport.call(self._channel.close(code, reason))

    async def ping(self) -> float:
        return await self.transport.call(self._channel.ping())

    def set_activity_listener(self, listener: Any) -> None:
        """Pings and pongs are seen on the other thread; the prototype does not report them."""

    def abort(self, failure: str) -> None:
        self.transport.loop.call_soon_threadsafe(self._channel.abort, failure)


async def raw_loop_flood(url: str, count: int, build: bool) -> float:
    """Seconds for the raw receive loop to take ``count`` messages, keeping the newest
    CAPACITY payloads, or (``build``) a Message made from each as AiohttpChannel makes it.
    """
    kept: collections.deque[object] = collections.deque(maxlen=CAPACITY)
    received, text_kind = Direction.RECEIVED, MessageKind.TEXT
    async with clients.raw_connection(url) as ws:
        counted, in_order = 0, True
        started = time.perf_counter()
        await ws.send_str("go")
        while counted < count:
            data = (await ws.receive()).data
            in_order = in_order and int(data[:10]) == counted  # as raw_flood checks
            if build:
                kept.append(new_message(received, text_kind, data, 0.0, len(data)))
            else:
                kept.append(data)
            counted += 1
        seconds = time.perf_counter() - started
        if not in_order:
            raise RuntimeError("the flood arrived out of order")
        async with asyncio.timeout(clients.CLOSE_WAIT):
            await ws.receive()  # the server's close
    return seconds


async def measure(echo_url: str, flood_url: str) -> list[tuple[str, float, float]]:
    url = f"{flood_url}?n={FLOOD}&size=64"
    times: dict[str, list[float]] = collections.defaultdict(list)
    for _ in range(RUNS):  # alternated, so a busy moment hits every design alike
        times["raw"].append((await clients.raw_flood(url, FLOOD, probe=False)).seconds)
        times["app"].append((await clients.wsdesk_flood(url, FLOOD, CAPACITY, probe=False)).seconds)
        threaded = await clients.wsdesk_flood(
            url, FLOOD, CAPACITY, probe=False, channel_factory=ThreadedChannel
        )
        if threaded.counted != FLOOD or not threaded.in_order:
            raise RuntimeError(f"the threaded design lost messages: {threaded}")
        times["threaded"].append(threaded.seconds)
        times["payloads"].append(await raw_loop_flood(url, FLOOD, build=False))
        times["messages"].append(await raw_loop_flood(url, FLOOD, build=True))
    rate = {name: FLOOD / statistics.median(seconds) for name, seconds in times.items()}
    trips: dict[str, float] = collections.defaultdict(float)
    async with (
        clients.raw_echo(echo_url) as raw_trips,
        clients.wsdesk_echo(echo_url, CAPACITY) as app_trips,
        clients.wsdesk_echo(echo_url, CAPACITY, ThreadedChannel) as threaded_trips,
    ):
        chunk = ROUND_TRIPS // 10
        for first in range(0, ROUND_TRIPS, chunk):
            trips["raw"] += await raw_trips(first, chunk)
            trips["app"] += await app_trips(first, chunk)
            trips["threaded"] += await threaded_trips(first, chunk)
    per_second = {name: ROUND_TRIPS / seconds for name, seconds in trips.items()}
    flood_title = f"flood, {FLOOD} x 64 B (median of {RUNS})"
    return [
        (f"{flood_title}: wsdesk as it is", rate["app"], rate["raw"]),
        (f"{flood_title}: wsdesk, transport thread", rate["threaded"], rate["raw"]),
        (f"{flood_title}: raw loop keeping payloads", rate["payloads"], rate["raw"]),
        (f"{flood_title}: raw loop keeping a Message each", rate["messages"], rate["raw"]),
        (f"round trips, {ROUND_TRIPS}: wsdesk as it is", per_second["app"], per_second["raw"]),
        (
            f"round trips, {ROUND_TRIPS}: wsdesk, transport thread",
            per_second["threaded"],
            per_second["raw"],
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(
        prog="benchmarks/designs.py",
        description="Measure two designs wsdesk does not use against raw aiohttp (about "
        f"half a minute): {FLOOD} flood messages, median of {RUNS}; {ROUND_TRIPS} round trips.",
    ).parse_args(argv)
    clients.quiet_offscreen_noise()
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    tune_garbage_collector()
    server = ServerProcess()
    try:
        rows = run_on_qasync(measure(server.echo_url, server.flood_url))
    finally:
        server.stop()
    print("| design | figure | raw aiohttp on qasync | ratio |\n|---|---:|---:|---:|")
    for title, figure, baseline in rows:
        print(f"| {title} | {figure:,.0f} /s | {baseline:,.0f} /s | {figure / baseline:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
