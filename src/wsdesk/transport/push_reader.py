"""PushReader: hands an aiohttp WebSocket's messages over as the socket delivers them.

aiohttp parses frames inside the transport's ``data_received`` callback and queues them;
a task awaiting ``ws.receive()`` then wakes on a later turn of the loop, once per batch.
On the qasync loop that turn costs tens of microseconds, and a round trip pays it twice
(the reader's task, then whoever the reader wakes). PushReader takes the parsed data
messages off aiohttp's queue in the same callback and hands them to a sink at once; the
control frames, and the end of the stream, go to a task that uses ``ws.receive()`` as
usual, so aiohttp's own close handling and error translation still apply.

It relies on aiohttp 3.14's WebSocket queue (``ws._reader``: its ``_buffer`` of parsed
messages, ``read()`` and ``is_eof()``), which ``tests/integration/test_push_reader.py``
checks, and on asyncio's ``transport.set_protocol()``.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import functools
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from wsdesk.transport.channel import ChannelError, PayloadSink
from wsdesk.transport.upgrade import TextAsBytesWebSocket

log = logging.getLogger(__name__)

_TEXT = aiohttp.WSMsgType.TEXT
_BINARY = aiohttp.WSMsgType.BINARY
_CLOSE = aiohttp.WSMsgType.CLOSE
_INVALID_PAYLOAD = 1007  # RFC 6455 section 7.4.1
_MESSAGE_TOO_BIG = 1009
_INTERNAL_ERROR = 1011
# Control frames waiting for the reader's task before the socket stops being read: a
# peer that floods pings and never reads the pongs would otherwise grow the queue
# without bound (each pong waits for the send buffer to drain).
_CONTROL_HIGH = 1024
_CONTROL_LOW = 256

ReadFrameListener = Callable[[aiohttp.WSMsgType, Any, "str | None", float], None]
"""``listen(kind, data, extra, when)`` for each ping, pong and close frame as it is read;
``when`` is the read's time (seconds since the epoch), as the data of that read has."""
_Held = tuple[list[str | bytes], float] | tuple[None, Callable[[], None]]
ControlHandler = Callable[[aiohttp.WSMsgType, Any, "str | None"], Awaitable[None]]
"""``await handle(kind, data, extra)`` for a ping, pong, close, error or end of stream."""
Failure = Callable[[int, "BaseException | None"], Awaitable[None]]
"""``await fail(code, error)`` when the peer broke a rule and the connection must fail
with ``code`` (RFC 6455 section 7.4.1): 1007 for text that is not UTF-8 (``error`` is the
UnicodeDecodeError), 1009 for a message over the limit, or the code of aiohttp's
WebSocketError (a malformed frame)."""


class _Tap(asyncio.Protocol):
    """Stands in for aiohttp's protocol on the transport: forwards every event to it, then
    lets the reader take what aiohttp parsed."""

    def __init__(self, inner: Any, after: Callable[[], None], ended: Callable[[], None]) -> None:
        self._inner = inner
        self._after = after
        self._ended = ended
        # Once the connection has failed, what the peer still sends is read and dropped.
        self.discarding = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if self.discarding:
            return
        self._inner.data_received(data)
        self._after()

    def eof_received(self) -> bool | None:
        keep_open: bool | None = self._inner.eof_received()
        self._ended()
        self._after()
        return keep_open

    def connection_lost(self, exc: Exception | None) -> None:
        self._inner.connection_lost(exc)
        self._ended()
        self._after()

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()


class PushReader:
    """Reads ``ws`` from the moment :meth:`start` runs until the connection ends.

    Text (``str``, decoded here) and binary (``bytes``) payloads go to the sink, one call
    per socket read with that read's messages and its time (seconds since the epoch).
    Until :meth:`set_sink`, they are held. Pings, pongs, close frames and the end go to
    ``handle_control`` in order, one at a time, on the reader's own task. A text message
    that is not UTF-8, a message over ``max_size`` bytes (0 = aiohttp's limit only) or a
    malformed frame goes to ``fail``, and nothing after it is read. ``frame_listener``
    (settable, None by default) sees each control frame as it is read, after the data
    read before it has gone to the sink; it passes what it makes of the frame through
    :meth:`in_order`, so a log keeps the wire's order. ``finished``
    says whether the connection has ended (the channel's close_info is set); once it
    has, :meth:`wait_closed` returns.
    """

    def __init__(
        self,
        ws: TextAsBytesWebSocket,
        handle_control: ControlHandler,
        fail: Failure,
        finished: Callable[[], bool],
        max_size: int = 0,
    ) -> None:
        self._ws = ws
        self._queue: Any = ws._reader
        self._handle_control = handle_control
        self._fail = fail
        self._finished = finished
        self._max_size = max_size
        self._tap: _Tap | None = None
        self.frame_listener: ReadFrameListener | None = None
        self._transport: Any = None
        self._peer_gone = asyncio.Event()
        # Batches read before a sink is set, and the control frames between them (payloads
        # None, then the frame), so that a frame listener still sees the wire's order.
        self._held: collections.deque[_Held] = collections.deque()
        self._sink: PayloadSink = self._hold
        # What the reader's task does next, in order: handle a control frame, the end
        # of the stream, or text that is not UTF-8.
        self._control: collections.deque[Callable[[], Awaitable[None]]] = collections.deque()
        self._ready = asyncio.Event()
        self._held_ready = asyncio.Event()
        self._control_paused = False  # reading paused until the control queue drains
        self._stopped = False  # a close frame or bad text: read nothing more
        self._receiving = False  # the task is in ws.receive(): the queue is aiohttp's
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Take over the socket's events and read what is already queued."""
        connection = self._ws._response.connection
        transport = connection.transport if connection is not None else None
        if transport is None:
            raise ChannelError("the connection closed during the handshake")
        self._transport = transport
        self._tap = _Tap(transport.get_protocol(), self._pump, self._peer_gone.set)
        transport.set_protocol(self._tap)
        self._task = asyncio.ensure_future(self._run())
        self._pump()

    def set_sink(self, sink: PayloadSink) -> None:
        """Hand every batch to ``sink`` from now on, the held ones first."""
        self._sink = sink
        while self._held:
            payloads, rest = self._held.popleft()
            if isinstance(rest, float) and payloads is not None:
                self._deliver(payloads, rest)
            elif callable(rest):
                self._run_note(rest)

    def take_held(self) -> tuple[list[str | bytes], float] | None:
        """The oldest held batch (payloads, time), or None; the frame listener hears the
        control frames held before it."""
        while self._held:
            payloads, rest = self._held.popleft()
            if isinstance(rest, float) and payloads is not None:
                return payloads, rest
            if callable(rest):
                self._run_note(rest)
        return None

    async def wait_held(self) -> None:
        """Wait until a batch is held or the connection has ended."""
        while not self._held and not self._finished():
            self._held_ready.clear()
            await self._held_ready.wait()

    def wake(self) -> None:
        """Let the reader's task see that the connection has ended (close, abort)."""
        self._ready.set()
        self._held_ready.set()

    async def wait_closed(self) -> None:
        """Return once the connection has ended and the reader's task is done."""
        task = self._task
        if task is not None:
            await asyncio.wait([task])  # never raises, even if stop() cancels the task

    async def discard_until_peer_closes(self) -> None:
        """Read and drop everything the peer sends until it closes TCP (RFC 6455 section
        7.1.1: after our close frame, the peer must be able to read it, and closing with
        unread data would reset the connection and lose the frame). No time limit: the
        caller bounds the wait."""
        tap, transport = self._tap, self._transport
        if tap is None or transport is None:
            return
        tap.discarding = True
        if not transport.is_closing():
            transport.resume_reading()  # aiohttp may have paused it for a full queue
        await self._peer_gone.wait()

    async def stop(self) -> None:
        """Stop the reader's task (the connection is being released)."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # -- the socket's side: runs inside data_received --------------------------------

    def _pump(self) -> None:
        if self._receiving or self._stopped or self._finished():
            return
        drain = self._drain()
        try:
            drain.send(None)
        except StopIteration:
            return
        # Unreachable: _drain reads only what is queued, which never waits.
        drain.close()
        raise RuntimeError("the push reader waited inside data_received")

    async def _drain(self) -> None:
        queue = self._queue
        buffer, read = queue._buffer, queue.read
        payloads: list[str | bytes] = []
        append = payloads.append
        limit = self._max_size
        when = time.time() if buffer else 0.0
        while buffer:
            kind, data, extra = await read()
            if limit and kind is not _CLOSE and len(data) > limit:
                self._fail_later(_MESSAGE_TOO_BIG, None)
                break
            if kind is _TEXT:
                try:
                    append(data.decode("utf-8"))  # data is the UTF-8 bytes: decode_text=False
                except UnicodeDecodeError as exc:
                    self._fail_later(_INVALID_PAYLOAD, exc)
                    break
            elif kind is _BINARY:
                append(data)
            else:
                if self.frame_listener is not None:
                    if payloads:
                        self._deliver(payloads, when)
                        payloads = []
                        append = payloads.append
                    self._tell_frame(kind, data, extra, when)
                self._control_later(functools.partial(self._handle_control, kind, data, extra))
                if kind is _CLOSE:
                    self._stopped = True
                    break
        else:
            if queue.is_eof():
                error = queue.exception()
                if isinstance(error, aiohttp.WebSocketError):
                    # A malformed or oversized frame: the channel fails the connection
                    # itself (aiohttp's receive() would drop TCP right after its close frame).
                    self._fail_later(int(error.code), error)
                else:
                    # Lost: aiohttp's receive() says how, on the reader's task.
                    self._receiving = True
                    self._control_later(self._receive_end)
        if payloads:
            self._deliver(payloads, when)

    def _deliver(self, payloads: list[str | bytes], when: float) -> None:
        try:
            self._sink(payloads, when)
        except Exception:
            # The transport's callback must not raise: it would drop the connection.
            log.exception("the receiver of a batch failed")

    def in_order(self, note: Callable[[], None]) -> None:
        """Call ``note`` now, or, while batches are held for a sink, once the batches
        held before it are delivered or taken: a frame sent in answer to one read (a
        pong) is then logged after it."""
        if self._sink == self._hold:
            self._held.append((None, note))
            return
        self._run_note(note)

    @staticmethod
    def _run_note(note: Callable[[], None]) -> None:
        try:
            note()
        except Exception:
            log.exception("the listener of control frames failed")

    def _tell_frame(
        self, kind: aiohttp.WSMsgType, data: Any, extra: str | None, when: float
    ) -> None:
        # At once, so the listener can stamp the frame with the time it was read; it
        # keeps the order itself through in_order.
        listener = self.frame_listener
        if listener is None:
            return
        try:
            listener(kind, data, extra, when)
        except Exception:
            log.exception("the listener of control frames failed")

    def _hold(self, payloads: list[str | bytes], when: float) -> None:
        self._held.append((payloads, when))
        self._held_ready.set()

    def _fail_later(self, code: int, error: BaseException | None) -> None:
        self._stopped = True
        self._control_later(functools.partial(self._fail, code, error))

    def _control_later(self, work: Callable[[], Awaitable[None]]) -> None:
        self._control.append(work)
        self._ready.set()
        if len(self._control) > _CONTROL_HIGH and not self._control_paused:
            transport = self._transport
            if transport is not None and not transport.is_closing():
                self._control_paused = True
                transport.pause_reading()

    # -- the reader's task -------------------------------------------------------------

    async def _run(self) -> None:
        try:
            while not self._finished():
                if self._control:
                    await self._control.popleft()()
                    if self._control_paused and len(self._control) <= _CONTROL_LOW:
                        self._resume_after_control()
                else:
                    self._ready.clear()
                    await self._ready.wait()
        except Exception as exc:
            # A bug of wsdesk's own: still end the connection, so nobody waits forever.
            log.exception("the WebSocket reader failed")
            self._stopped = True
            with contextlib.suppress(Exception):
                await self._fail(_INTERNAL_ERROR, exc)
        finally:
            self.wake()

    def _resume_after_control(self) -> None:
        self._control_paused = False
        transport = self._transport
        if transport is not None and not transport.is_closing():
            transport.resume_reading()

    async def _receive_end(self) -> None:
        kind, data, extra = await self._ws.receive()
        await self._handle_control(kind, data, extra)
        self._receiving = False
        self._pump()
