"""The client side of each scenario: wsdesk's pipeline and the raw aiohttp baselines.

wsdesk's pipeline is the app's own stack: AiohttpChannel -> ConnectionViewModel ->
MessageLog -> MessageListModel -> a shown MainWindow, on the running (qasync) loop. The
raw baselines call aiohttp directly with the same ws_connect settings AiohttpChannel
uses for the default ConnectionOptions, so a ratio measures wsdesk's own cost.
"""

from __future__ import annotations

import asyncio
import collections
import statistics
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from PyQt6.QtCore import QMessageLogContext, Qt, QTimer, QtMsgType, qInstallMessageHandler

from wsdesk.app import tune_garbage_collector
from wsdesk.models import ConnectionOptions, ConnectionState, Direction, MessageKind
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.transport.channel import ChannelFactory
from wsdesk.ui.main_window import MainWindow
from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel
from wsdesk.viewmodel.log_chunk import row_code
from wsdesk.viewmodel.message_log import MessageLog
from wsdesk.viewmodel.session_io import load_transcript
from wsdesk.viewmodel.session_recorder import SessionRecorder
from wsdesk.viewmodel.session_recording import SessionRecording

ECHO_SIZE = 32
PROBE_INTERVAL_MS = 10
CLOSE_WAIT = 10.0
# Seconds for a recording's writer process to start (Python and its imports) before the
# flood: the figure is the cost of recording a flood, not of starting a process.
WRITER_START = 0.5


_OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"


def _print_qt_message(_kind: QtMsgType, _context: QMessageLogContext, text: str | None) -> None:
    if text != _OFFSCREEN_NOISE:  # the offscreen platform says this for every window shown
        print(text, file=sys.stderr)


def quiet_offscreen_noise() -> None:
    """Print Qt's messages to stderr, except the offscreen platform's per-window one."""
    qInstallMessageHandler(_print_qt_message)


def echo_payload(seq: int) -> str:
    """Round trip ``seq``'s message: its number padded to ECHO_SIZE bytes."""
    return f"{seq:010d}".ljust(ECHO_SIZE, "e")


@dataclass
class FloodResult:
    """One flood: ``seconds`` from the start signal until all ``counted`` were seen."""

    seconds: float
    counted: int
    in_order: bool
    worst_lateness: float | None  # seconds a 10 ms QTimer fired late at worst; None: no probe
    catch_up: float | None = None  # recording: seconds from the flood's end to the file closed
    recorded: int | None = None  # recording: received entries in the file


def combine(results: list[FloodResult]) -> FloodResult:
    """Several floods as one: the median time, the fewest counted, the worst lateness."""
    latenesses = [r.worst_lateness for r in results if r.worst_lateness is not None]
    return FloodResult(
        statistics.median(r.seconds for r in results),
        min(r.counted for r in results),
        all(r.in_order for r in results),
        max(latenesses) if latenesses else None,
        max((r.catch_up for r in results if r.catch_up is not None), default=None),
        min((r.recorded for r in results if r.recorded is not None), default=None),
    )


class TimerProbe:
    """A 10 ms precise QTimer that records how late it fires: the UI's responsiveness."""

    def __init__(self) -> None:
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(PROBE_INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self.worst = 0.0

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> float:
        """Stop; the worst lateness in seconds, the time since the last tick included."""
        self._tick()
        self._timer.stop()
        return self.worst

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self._last - PROBE_INTERVAL_MS / 1000)
        self._last = now


# -- raw aiohttp ------------------------------------------------------------------------


@asynccontextmanager
async def raw_connection(url: str) -> AsyncIterator[aiohttp.ClientWebSocketResponse]:
    """aiohttp's ws_connect with the settings AiohttpChannel uses by default."""
    opts = ConnectionOptions(url=url)
    async with (
        aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None)) as session,
        session.ws_connect(
            url,
            heartbeat=opts.ping_interval,
            timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=opts.close_timeout),
            max_msg_size=opts.max_message_size,
            compress=15 if opts.compress else 0,
        ) as ws,
    ):
        yield ws


RoundTrips = Callable[[int, int], Awaitable[float]]
"""``await trips(first, count)``: seconds for round trips ``first`` .. ``first + count - 1``."""


@asynccontextmanager
async def raw_echo(url: str) -> AsyncIterator[RoundTrips]:
    """Sequential echo round trips with raw aiohttp, on one connection."""
    async with raw_connection(url) as ws:

        async def trips(first: int, count: int) -> float:
            started = time.perf_counter()
            for seq in range(first, first + count):
                payload = echo_payload(seq)
                await ws.send_str(payload)
                msg = await ws.receive()
                if msg.data != payload:
                    raise RuntimeError(f"round trip {seq}: got {msg.data!r}")
            return time.perf_counter() - started

        yield trips


async def raw_round_trips(url: str, count: int) -> float:
    """Seconds for ``count`` sequential echo round trips with raw aiohttp."""
    async with raw_echo(url) as trips:
        return await trips(0, count)


async def raw_flood(
    url: str, count: int, probe: bool = True, after: Callable[[], None] | None = None
) -> FloodResult:
    """Receive a flood of ``count`` messages with a raw aiohttp receive loop.

    ``after`` is called once the connection has closed, before its session is released.
    """
    timer = TimerProbe() if probe else None
    async with raw_connection(url) as ws:
        counted, in_order = 0, True
        if timer:
            timer.start()
        text = aiohttp.WSMsgType.TEXT
        started = time.perf_counter()
        await ws.send_str("go")
        while counted < count:
            msg = await ws.receive()
            if msg.type is not text:
                break
            in_order = in_order and int(msg.data[:10]) == counted
            counted += 1
        seconds = time.perf_counter() - started
        lateness = timer.stop() if timer else None
        async with asyncio.timeout(CLOSE_WAIT):
            await ws.receive()  # the server's close
        if after:
            after()
    return FloodResult(seconds, counted, in_order, lateness)


# -- wsdesk's pipeline ------------------------------------------------------------------


@asynccontextmanager
async def pipeline(
    url: str,
    capacity: int,
    with_window: bool = True,
    channel_factory: ChannelFactory = AiohttpChannel,
    with_charts: bool = False,
) -> AsyncIterator[ConnectionViewModel]:
    """An open ConnectionViewModel on ``url`` with its MainWindow shown; closed on exit.

    Without ``with_window``, the view-model alone: how much of a figure the window costs.
    ``channel_factory`` is the app's AiohttpChannel unless a design is being tried.
    ``with_charts`` also shows the inspector on its Charts tab, redrawn each second.
    """
    vm = ConnectionViewModel(
        channel_factory, ConnectionOptions(url=url), MessageLog(capacity=capacity)
    )
    window = MainWindow(vm) if with_window else None
    if window is not None:
        window.show()
        if with_charts:
            inspector = window.settings_menu.inspector
            inspector.tabs.setCurrentWidget(inspector.stats_view)
            inspector.show()
    tune_garbage_collector()  # as the app does
    try:
        await vm.connect.execute()
        if vm.state is not ConnectionState.OPEN:
            raise RuntimeError(f"wsdesk could not connect to {url}: {vm.error}")
        yield vm
    finally:
        if window is not None:
            window.hide()
        await vm.aclose()
        if window is not None:
            window.deleteLater()


async def channel_flood(url: str, count: int, capacity: int) -> FloodResult:
    """Receive a flood through AiohttpChannel alone, keeping the newest ``capacity`` payloads.

    The first layer of wsdesk's pipeline: aiohttp's parser plus the channel's push reader.
    """
    loop = asyncio.get_running_loop()
    channel = AiohttpChannel(ConnectionOptions(url=url))
    await channel.connect()
    kept: collections.deque[str | bytes] = collections.deque(maxlen=capacity)  # as the log does
    counted, in_order = 0, True
    done: asyncio.Future[None] = loop.create_future()

    def sink(payloads: list[str | bytes], _timestamp: float) -> None:
        nonlocal counted, in_order
        kept.extend(payloads)
        seen, ordered = counted, in_order
        for data in payloads:
            ordered = ordered and int(data[:10]) == seen
            seen += 1
        counted, in_order = seen, ordered
        if counted >= count and not done.done():
            done.set_result(None)

    reading = asyncio.ensure_future(channel.receive_into(sink))
    try:
        started = time.perf_counter()
        await channel.send("go")
        await asyncio.wait([done, reading], return_when=asyncio.FIRST_COMPLETED)
        seconds = time.perf_counter() - started
    finally:
        await channel.close()
        await reading
    return FloodResult(seconds, counted, in_order, None)


@asynccontextmanager
async def wsdesk_echo(
    url: str, capacity: int, channel_factory: ChannelFactory = AiohttpChannel
) -> AsyncIterator[RoundTrips]:
    """Sequential echo round trips through wsdesk: send command out, echo shown in the log."""
    loop = asyncio.get_running_loop()
    async with pipeline(url, capacity, channel_factory=channel_factory) as vm:
        log = vm.messages
        echoed: asyncio.Future[str] = loop.create_future()

        received = row_code(Direction.RECEIVED, MessageKind.TEXT)

        def on_appended(rows: int) -> None:
            # A round trip's reader needs the newest row's code and payload, no Message.
            if rows == 1:
                code, payload = log.newest_row()
            else:
                codes, payloads = log.newest(rows)
                code, payload = codes[0], payloads[0]
            if code == received and not echoed.done():
                echoed.set_result(str(payload))

        async def trips(first: int, count: int) -> float:
            nonlocal echoed
            started = time.perf_counter()
            for seq in range(first, first + count):
                payload = echo_payload(seq)
                echoed = loop.create_future()
                await vm.send.execute(payload)
                if await echoed != payload:
                    raise RuntimeError(f"round trip {seq}: got {echoed.result()!r}")
            return time.perf_counter() - started

        log.appended.connect(on_appended)
        try:
            yield trips
        finally:
            log.appended.disconnect(on_appended)


async def wsdesk_flood(
    url: str,
    count: int,
    capacity: int,
    probe: bool = True,
    after: Callable[[], None] | None = None,
    with_window: bool = True,
    channel_factory: ChannelFactory = AiohttpChannel,
    record_to: Path | None = None,
    with_charts: bool = False,
) -> FloodResult:
    """Receive a flood of ``count`` messages through wsdesk until the log has shown all.

    ``after`` is called once the connection has closed, while the window still shows the
    log. With ``record_to``, a SessionRecording writes the session there (as File >
    Record to file does); the file is read back once closed.
    """
    loop = asyncio.get_running_loop()
    timer = TimerProbe() if probe else None
    catch_up, recorded = None, None
    async with pipeline(url, capacity, with_window, channel_factory, with_charts) as vm:
        recording = None
        if record_to is not None:
            recording = SessionRecording(vm, record_to, SessionRecorder(vm).metadata)
            await asyncio.sleep(WRITER_START)
        log = vm.messages
        done: asyncio.Future[None] = loop.create_future()
        counted, in_order = 0, True
        received = Direction.RECEIVED

        def on_appended(rows: int) -> None:
            # The raw loop checks each message's type and sequence number; a reader of
            # the log checks each run's direction (a socket read is one run) and each
            # message's sequence number, reading the payload column.
            nonlocal counted, in_order
            seen, ordered = counted, in_order
            for run in log.runs(-rows):
                if run.direction is received:
                    for data in run.payloads:
                        ordered = ordered and int(data[:10]) == seen
                        seen += 1
            counted, in_order = seen, ordered
            if counted >= count and not done.done():
                done.set_result(None)

        def on_state(state: ConnectionState) -> None:
            if state is ConnectionState.DISCONNECTED and not done.done():
                done.set_result(None)

        log.appended.connect(on_appended)
        vm.state_changed.connect(on_state)
        if timer:
            timer.start()
        started = time.perf_counter()
        await vm.send.execute("go")
        await done
        seconds = time.perf_counter() - started
        lateness = timer.stop() if timer else None
        log.appended.disconnect(on_appended)
        closed: asyncio.Future[None] = loop.create_future()

        def on_closed(state: ConnectionState) -> None:
            if state is ConnectionState.DISCONNECTED and not closed.done():
                closed.set_result(None)

        vm.state_changed.connect(on_closed)
        if vm.state is not ConnectionState.DISCONNECTED:
            await asyncio.wait_for(closed, CLOSE_WAIT)
        vm.state_changed.disconnect(on_closed)
        vm.state_changed.disconnect(on_state)
        if recording is not None and record_to is not None:
            await recording.aclose()
            catch_up = time.perf_counter() - started - seconds
            transcript = load_transcript(record_to)
            recorded = sum(m.direction is Direction.RECEIVED for m in transcript.messages)
        if after:
            after()
    return FloodResult(seconds, counted, in_order, lateness, catch_up, recorded)
