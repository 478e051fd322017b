"""ConnectionLifecycle: one connection attempt, its reader and heartbeat, its end, its retries."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import enum
import logging
import traceback

from wsdesk.core.headers import credentials_conflict, header_error
from wsdesk.models import (
    ABNORMAL_CLOSURE,
    CloseInfo,
    CloseInitiator,
    ConnectionOptions,
    ConnectionState,
    Direction,
    HandshakeInfo,
    Message,
    MessageKind,
)
from wsdesk.transport.channel import ChannelError, ChannelFactory, WebSocketChannel
from wsdesk.viewmodel.connection_state import ObservableConnection
from wsdesk.viewmodel.heartbeat import Heartbeat
from wsdesk.viewmodel.message_log import MessageLog
from wsdesk.viewmodel.reconnect import Clock, MonotonicClock, ReconnectSchedule, is_retryable
from wsdesk.viewmodel.retry_wait import RetryWait
from wsdesk.viewmodel.status_text import connecting_text, describe_close

log = logging.getLogger("wsdesk.viewmodel.connection_viewmodel")

READER_GRACE = 1.0  # seconds the reader may take to finish after the channel closed.
READER_TASK_NAME = "wsdesk-reader"


class Outcome(enum.Enum):
    """How one connection attempt ended."""

    OPENED = enum.auto()
    CANCELLED = enum.auto()
    RETRYABLE = enum.auto()
    FINAL = enum.auto()


class ConnectionLifecycle(ObservableConnection):
    """What happens to one connection between the commands: the base of ConnectionViewModel.

    An attempt (:meth:`_open`) goes CONNECTING, then OPEN with one reader task and an
    optional heartbeat task, or fails; the end of the channel (:meth:`_on_closed`) records
    ``close_info`` and ``error``, then reconnects by ``options.reconnect`` unless the user
    closed. ``channel_factory`` builds a channel per attempt; ``clock`` times retries and
    the heartbeat.
    """

    def __init__(
        self,
        channel_factory: ChannelFactory,
        options: ConnectionOptions | None,
        messages: MessageLog | None,
        clock: Clock | None,
    ) -> None:
        super().__init__(options, messages)
        self._factory = channel_factory
        self._clock: Clock = clock or MonotonicClock()
        self._channel: WebSocketChannel | None = None
        self._attempt: asyncio.Future[None] | None = None
        self._abort_requested = False
        self._user_closed = False
        self._reader: asyncio.Task[None] | None = None
        self._heartbeat: asyncio.Task[None] | None = None
        self._schedule: ReconnectSchedule | None = None
        self._retry = RetryWait(
            self._clock, lambda left: self._set_reconnect(self._reconnect_attempt, left)
        )

    async def _open(self) -> Outcome:
        """One connection attempt: CONNECTING, then OPEN or a failure (state left to the caller)."""
        self._set_error(None)
        self._set_close_info(None)
        opts = self._live
        problem = next(filter(None, (header_error(n, v) for n, v in opts.headers)), None)
        problem = problem or credentials_conflict(opts.url, opts.headers)
        if problem is not None:
            self._set_error(self._redact(problem))
            self._event(f"Not connected: {self._redact(problem)}")
            return Outcome.FINAL
        channel = self._factory(self._live)
        self._channel = channel
        self._set_last_handshake(None)
        # getattr: a channel written before control frames were shown lacks it.
        listen = getattr(channel, "set_frame_listener", None)
        if listen is not None:
            listen(self._on_control_frame)
        self._abort_requested = False
        self._set_state(ConnectionState.CONNECTING)
        self._event(self._redact(connecting_text(self._live.url, self._reconnect_attempt)))
        attempt = asyncio.ensure_future(channel.connect())
        self._attempt = attempt
        try:
            await attempt
        except asyncio.CancelledError:
            self._channel = None
            if not (self._abort_requested and attempt.cancelled()):
                self._set_state(ConnectionState.DISCONNECTED)
                raise
            self._event("Connection attempt cancelled")
            self._set_state(ConnectionState.DISCONNECTED)
            return Outcome.CANCELLED
        except Exception as exc:
            self._channel = None
            self._set_last_handshake(self._redacted(getattr(channel, "handshake_info", None)))
            self._log_redirects(channel)
            # An exception without a message still names its cause by its type.
            cause = str(exc) or type(exc).__name__
            message = cause if isinstance(exc, ChannelError) else f"Could not connect: {cause}"
            message = self._redact(message)
            self._set_error(message)
            self._event(f"Connection failed: {message}")
            return Outcome.RETRYABLE if is_retryable(exc) else Outcome.FINAL
        finally:
            self._attempt = None
        if self._abort_requested:
            # Disconnect came as the handshake finished: never show it as open.
            self._channel = None
            with contextlib.suppress(Exception):
                await channel.close()
            self._event("Connection attempt cancelled")
            self._set_state(ConnectionState.DISCONNECTED)
            return Outcome.CANCELLED
        self._log_redirects(channel)
        self._set_protocol(channel.protocol)
        handshake = self._handshake_of(channel)
        self._set_handshake(handshake)
        self._set_last_handshake(handshake)
        offered = self._live.subprotocols or channel.protocol
        self._event(
            f"Connected (subprotocol: {channel.protocol or 'none'})" if offered else "Connected"
        )
        if self._schedule is not None:
            self._schedule.opened(self._clock.now())
        self._set_reconnect(0, None)
        heartbeat = self._start_heartbeat(channel)
        self._reader = asyncio.ensure_future(self._read(channel, heartbeat))
        self._reader.set_name(READER_TASK_NAME)
        self._set_state(ConnectionState.OPEN)
        return Outcome.OPENED

    async def _finish_reader(
        self, channel: WebSocketChannel, reader: asyncio.Task[None] | None
    ) -> None:
        """Let the reader log what is left, then end it; the close is recorded either way."""
        if reader is not None and not reader.done():
            await asyncio.wait([reader], timeout=READER_GRACE)
            if not reader.done():
                reader.cancel()
                await asyncio.wait([reader])
        self._on_closed(channel, None)

    # -- reconnecting -------------------------------------------------------------------

    def _may_retry(self) -> bool:
        return self._schedule is not None and not self._user_closed

    def _start_retry(self) -> None:
        """Schedule the next attempt (RECONNECTING), or give up after ``max_attempts``."""
        schedule = self._schedule
        assert schedule is not None
        delay = schedule.next_delay()
        if delay is None:
            self._give_up(schedule.attempt)
            return
        self._set_reconnect(schedule.attempt, delay)
        self._event(f"Reconnecting in {delay:.1f} s (attempt {schedule.attempt})")
        self._set_state(ConnectionState.RECONNECTING)
        self._retry.start(delay, self._retry_attempt)

    async def _retry_attempt(self) -> None:
        outcome = await self._open()
        if outcome is Outcome.RETRYABLE and self._may_retry():
            self._start_retry()
        elif outcome in (Outcome.RETRYABLE, Outcome.FINAL):
            self._set_reconnect(0, None)
            self._set_state(ConnectionState.DISCONNECTED)

    async def _cancel_retry(self) -> None:
        await self._retry.cancel()

    def _give_up(self, attempts: int) -> None:
        last = f": {self._error}" if self._error else ""
        self._set_reconnect(0, None)
        self._set_error(f"Gave up after {attempts} attempts{last}")
        self._event(f"Gave up reconnecting after {attempts} attempts")
        self._set_state(ConnectionState.DISCONNECTED)

    # -- the reader and the heartbeat ---------------------------------------------------

    def _start_heartbeat(self, channel: WebSocketChannel) -> Heartbeat | None:
        interval = self._live.ping_interval
        if interval is None or interval <= 0:
            return None
        heartbeat = Heartbeat(
            channel, interval, self._live.ping_timeout, self._clock, self._set_round_trip
        )
        channel.set_activity_listener(heartbeat.saw_activity)
        self._heartbeat = asyncio.ensure_future(heartbeat.run())
        return heartbeat

    async def _read(self, channel: WebSocketChannel, heartbeat: Heartbeat | None) -> None:
        failure: str | None = None
        log_batch = self.messages.extend_payloads
        now = self._clock.now

        def received(payloads: list[str | bytes], timestamp: float) -> None:
            # One log append and one heartbeat mark per socket read, not per message.
            if heartbeat is not None:
                heartbeat.last_activity = now()
            log_batch(Direction.RECEIVED, payloads, timestamp)

        try:
            await channel.receive_into(received)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.error("the channel failed while receiving: %s", self._redact_exception(exc))
            failure = f"connection lost: {exc}"
            # Nobody reads this channel any more: drop it and release its session.
            channel.abort(failure)
            with contextlib.suppress(Exception):
                await channel.close()
        self._on_closed(channel, failure)

    def _on_closed(self, channel: WebSocketChannel, failure: str | None) -> None:
        if channel is not self._channel:
            return
        self._channel = None
        self._reader = None
        heartbeat, self._heartbeat = self._heartbeat, None
        if heartbeat is not None and not heartbeat.done():
            heartbeat.cancel()
        info = channel.close_info or CloseInfo(ABNORMAL_CLOSURE, "", CloseInitiator.NONE, False)
        # The server chooses the reason and may quote a token back ("bad token ...").
        info = dataclasses.replace(info, reason=self._redact(info.reason))
        failure = failure or channel.failure
        failure = self._redact(failure) if failure else None
        self._set_close_info(info)
        self._set_error(failure)
        self._set_protocol(None)
        self._set_round_trip(None)
        self._set_handshake(None)
        self._event(describe_close(info, failure))
        if self._schedule is not None:
            self._schedule.closed(self._clock.now())
        if self._may_retry():
            self._start_retry()
        else:
            self._set_state(ConnectionState.DISCONNECTED)

    # -- helpers ------------------------------------------------------------------------

    def _on_control_frame(self, entry: Message) -> None:
        # Read at each frame, so the filter bar's toggle acts on an open connection.
        if self._options.show_control_frames:
            self.messages.append(self._masked_close(entry))

    def _masked_close(self, entry: Message) -> Message:
        # A close reason is text a server may echo a token into; the close event masks it,
        # so the frame's entry does too (and its export).
        data = entry.data
        if entry.kind is not MessageKind.CLOSE or not isinstance(data, bytes) or len(data) <= 2:
            return entry
        try:
            reason = data[2:].decode("utf-8")
        except UnicodeDecodeError:
            return entry
        masked = self._redact(reason)
        if masked == reason:
            return entry
        payload = data[:2] + masked.encode("utf-8")
        return Message.control(entry.direction, entry.kind, payload, entry.timestamp)

    def _redact_exception(self, exc: BaseException) -> str:
        return self._redact("".join(traceback.format_exception(exc)))

    def _log_redirects(self, channel: WebSocketChannel) -> None:
        for line in channel.redirects:
            self._event(self._redact(line))

    def _redacted(self, info: HandshakeInfo | None) -> HandshakeInfo | None:
        # The transport masks secret headers; values filled from secret variables are
        # only known here.
        if info is None:
            return None
        return dataclasses.replace(
            info,
            url=self._redact(info.url),
            request_line=self._redact(info.request_line),
            request_headers=tuple((n, self._redact(v)) for n, v in info.request_headers),
            response_headers=tuple((n, self._redact(v)) for n, v in info.response_headers),
            redirects=tuple(self._redact(line) for line in info.redirects),
        )

    def _handshake_of(self, channel: WebSocketChannel) -> HandshakeInfo:
        facts = self._redacted(getattr(channel, "handshake_info", None))
        if facts is not None:
            return facts
        opts = self._live
        uses_tls = opts.url.startswith("wss:") or any("to wss:" in r for r in channel.redirects)
        # getattr: a channel written before WebSocketChannel.url existed lacks it.
        url = getattr(channel, "url", "") or opts.url
        return HandshakeInfo(
            channel.protocol, channel.extensions, uses_tls and not opts.verify_tls, url
        )
