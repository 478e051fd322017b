"""FakeChannel: a scripted WebSocketChannel for tests, with no sockets."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

from wsdesk.models import (
    ABNORMAL_CLOSURE,
    CloseInfo,
    CloseInitiator,
    ConnectionOptions,
    Direction,
    HandshakeInfo,
    Message,
    MessageKind,
    close_payload,
)
from wsdesk.transport.channel import (
    ChannelClosedError,
    ChannelError,
    CloseState,
    FrameListener,
    PayloadSink,
)


class FakeChannel(CloseState):
    """A WebSocketChannel whose test decides everything.

    The test pushes incoming messages (:meth:`push`), a server close (:meth:`push_close`)
    or a lost connection (:meth:`drop`); makes ``connect()`` fail (``connect_error``) or
    wait until :meth:`accept` (``hold_connect=True``); and reads what was sent in ``sent``.
    A frame listener (``set_frame_listener``) sees the control frames: pushed pings
    (:meth:`push_ping`) and the pongs the fake answers with, its own pings and their pongs,
    and close frames either way.
    ``ping()`` returns ``ping_rtt`` seconds at once, or, with ``answer_pings`` False,
    waits like a peer that never pongs until the channel closes; ``pings`` counts the
    calls. ``aborted_with`` is the failure given to ``abort()``, or None.
    ``extensions``, ``redirects`` and ``url`` (default: the options' URL) are reported as
    the handshake's outcome; ``handshake_info`` (default None: the view-model builds
    one from those) is what the handshake said, also after a failed ``connect()``.
    """

    def __init__(
        self,
        options: ConnectionOptions | None = None,
        *,
        connect_error: ChannelError | None = None,
        hold_connect: bool = False,
        protocol: str | None = None,
        extensions: str = "",
        redirects: tuple[str, ...] = (),
        url: str | None = None,
        handshake_info: HandshakeInfo | None = None,
    ) -> None:
        self.options = options or ConnectionOptions()
        self.extensions = extensions
        self.redirects = redirects
        self.url = self.options.url if url is None else url
        self.connect_error = connect_error
        self.handshake_info = handshake_info
        self.sent: list[str | bytes] = []
        self.closed_with: tuple[int, str] | None = None
        self.connect_calls = 0
        self.answer_pings = True
        self.ping_rtt = 0.0
        self.pings = 0
        self.aborted_with: str | None = None
        self._ended = asyncio.Event()
        self._protocol = protocol
        self._accepted = asyncio.Event()
        if not hold_connect:
            self._accepted.set()
        self._incoming: asyncio.Queue[Message | CloseInfo] = asyncio.Queue()
        self._close_info: CloseInfo | None = None
        self._failure: str | None = None
        self._open = False
        self._activity_listener: Callable[[], None] | None = None
        self._frame_listener: FrameListener | None = None
        self._stashed: Message | None = None  # a control frame that ended a batch

    @property
    def protocol(self) -> str | None:
        return self._protocol if self._open or self._close_info else None

    @property
    def failure(self) -> str | None:
        return self._failure

    @property
    def is_open(self) -> bool:
        """True between a successful ``connect()`` and the close."""
        return self._open

    def accept(self) -> None:
        """Let a held ``connect()`` finish."""
        self._accepted.set()

    async def connect(self) -> None:
        self.connect_calls += 1
        await self._accepted.wait()
        if self.connect_error is not None:
            raise self.connect_error
        self._open = True

    async def send(self, data: str | bytes) -> None:
        if not self._open:
            raise ChannelClosedError("the connection is closed")
        self.sent.append(data)

    def push(self, data: str | bytes) -> None:
        """Deliver a text (``str``) or binary (``bytes``) message from the server."""
        self._incoming.put_nowait(Message.of(Direction.RECEIVED, data))

    def push_close(self, code: int | None = 1000, reason: str = "") -> None:
        """The server closes cleanly with ``code`` and ``reason`` (after earlier pushes)."""
        self._incoming.put_nowait(CloseInfo(code, reason, CloseInitiator.SERVER, clean=True))

    def push_ping(self, payload: bytes = b"") -> None:
        """The server pings (after earlier pushes): the activity listener hears it, the
        frame listener sees the ping and the pong the fake answers with."""
        self._incoming.put_nowait(Message.control(Direction.RECEIVED, MessageKind.PING, payload))

    def set_activity_listener(self, listener: Callable[[], None] | None) -> None:
        self._activity_listener = listener

    def set_frame_listener(self, listener: FrameListener | None) -> None:
        self._frame_listener = listener

    def _tell_frame(self, entry: Message) -> None:
        if self._frame_listener is not None:
            self._frame_listener(entry)

    def _control(self, entry: Message) -> None:
        self._tell_frame(entry)
        if entry.kind is MessageKind.PING:
            if self._activity_listener is not None:
                self._activity_listener()
            payload = entry.data if isinstance(entry.data, bytes) else b""
            self._tell_frame(Message.control(Direction.SENT, MessageKind.PONG, payload))

    def drop(self, failure: str | None = None) -> None:
        """The TCP connection is lost with no close frame (1006)."""
        self._failure = failure
        info = CloseInfo(ABNORMAL_CLOSURE, "", CloseInitiator.NONE, clean=False)
        self._incoming.put_nowait(info)

    async def _next(self) -> Message | None:
        """The next pushed message or control frame; None once closed."""
        if self._stashed is not None:
            entry, self._stashed = self._stashed, None
            return entry
        if self._close_info is not None:
            return None
        item = await self._incoming.get()
        if isinstance(item, CloseInfo):
            self._open = False
            if item.initiator is CloseInitiator.SERVER:
                payload = close_payload(item.code, item.reason)
                self._tell_frame(Message.control(Direction.RECEIVED, MessageKind.CLOSE, payload))
            self._close_info = item
            self._ended.set()
            return None
        return item

    async def receive(self) -> Message | None:
        while (entry := await self._next()) is not None:
            if not entry.kind.is_control:
                return entry
            self._control(entry)
        return None

    async def receive_batch(self, limit: int = 1024) -> list[Message]:
        """Waits for one push, then takes those already pushed, up to ``limit``; [] once
        closed. A control frame ends the batch, so frames and data keep their order."""
        first = await self.receive()
        if first is None:
            return []
        batch = [first]
        while len(batch) < limit and self._stashed is None and not self._incoming.empty():
            entry = await self._next()
            if entry is None:
                break
            if entry.kind.is_control:
                self._stashed = entry
                break
            batch.append(entry)
        return batch

    async def receive_into(self, sink: PayloadSink) -> None:
        """Hands what was pushed to ``sink``: the pushes already waiting as one batch
        (a socket read), until the close."""
        while batch := await self.receive_batch():
            sink([message.data for message in batch], batch[0].timestamp)

    async def __aiter__(self) -> AsyncIterator[Message]:
        while (message := await self.receive()) is not None:
            yield message

    async def close(self, code: int = 1000, reason: str = "") -> None:
        if self.closed_with is not None or self._close_info is not None:
            return
        self.closed_with = (code, reason)
        self._tell_frame(
            Message.control(Direction.SENT, MessageKind.CLOSE, close_payload(code, reason))
        )
        self._open = False
        info = CloseInfo(code, reason, CloseInitiator.CLIENT, clean=True)
        self._close_info = info
        self._ended.set()
        self._incoming.put_nowait(info)

    async def ping(self) -> float:
        if not self._open:
            raise ChannelClosedError("the connection is closed")
        self.pings += 1
        payload = self.pings.to_bytes(8, "big")
        self._tell_frame(Message.control(Direction.SENT, MessageKind.PING, payload))
        if self.answer_pings:
            self._tell_frame(Message.control(Direction.RECEIVED, MessageKind.PONG, payload))
            return self.ping_rtt
        await self._ended.wait()
        raise ChannelClosedError("the connection closed")

    def abort(self, failure: str) -> None:
        if self._close_info is not None or self.aborted_with is not None:
            return
        self.aborted_with = failure
        self._open = False
        self.drop(failure)


class FakeChannelFactory:
    """A ChannelFactory that builds FakeChannels and remembers them in ``channels``.

    Its keyword arguments are passed to every FakeChannel it builds.
    """

    def __init__(
        self,
        *,
        connect_error: ChannelError | None = None,
        hold_connect: bool = False,
        protocol: str | None = None,
        extensions: str = "",
        redirects: tuple[str, ...] = (),
        url: str | None = None,
        handshake_info: HandshakeInfo | None = None,
    ) -> None:
        self.connect_error = connect_error
        self.handshake_info = handshake_info
        self.hold_connect = hold_connect
        self.protocol = protocol
        self.extensions = extensions
        self.redirects = redirects
        self.url = url
        self.channels: list[FakeChannel] = []

    def __call__(self, options: ConnectionOptions) -> FakeChannel:
        channel = FakeChannel(
            options,
            connect_error=self.connect_error,
            hold_connect=self.hold_connect,
            protocol=self.protocol,
            extensions=self.extensions,
            redirects=self.redirects,
            url=self.url,
            handshake_info=self.handshake_info,
        )
        self.channels.append(channel)
        return channel

    @property
    def last(self) -> FakeChannel:
        """The most recently built channel; raises IndexError before the first."""
        return self.channels[-1]
