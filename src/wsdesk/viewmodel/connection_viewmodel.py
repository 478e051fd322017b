"""ConnectionViewModel: one connection's state, message log and commands, free of Qt."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import enum
import logging
import traceback

from psygnal import Signal

from wsdesk.core.command import Command
from wsdesk.core.headers import credentials_conflict, header_error
from wsdesk.core.redact import is_secret_header, masked_secrets, redact_url, split_url
from wsdesk.core.secrets import redact_for
from wsdesk.core.url import InvalidURLError, normalize_ws_url
from wsdesk.models import (
    ABNORMAL_CLOSURE,
    CloseInfo,
    CloseInitiator,
    ConnectionOptions,
    ConnectionState,
    Direction,
    HandshakeInfo,
    Message,
    describe_close_code,
)
from wsdesk.transport.channel import ChannelError, ChannelFactory, WebSocketChannel
from wsdesk.viewmodel.heartbeat import Heartbeat, format_round_trip
from wsdesk.viewmodel.message_log import MessageLog
from wsdesk.viewmodel.reconnect import Clock, MonotonicClock, ReconnectSchedule, is_retryable

log = logging.getLogger(__name__)

GOING_AWAY = 1001  # RFC 6455 section 7.4.1: the client is going away (window closed).
EXIT_BUDGET = 1.5  # seconds aclose() may spend, so the app exits within 2 s.
READER_GRACE = 1.0  # seconds the reader may take to finish after the channel closed.
# Codes an endpoint may send in a close frame: RFC 6455 sections 7.4.1 and 7.4.2.
_SENDABLE_CLOSE_CODES = frozenset({1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011})
_MAX_CLOSE_REASON = 123  # bytes: a control frame's payload is at most 125 (section 5.5)
READER_TASK_NAME = "wsdesk-reader"


class _Outcome(enum.Enum):
    """How one connection attempt ended."""

    OPENED = enum.auto()
    CANCELLED = enum.auto()
    RETRYABLE = enum.auto()
    FINAL = enum.auto()


class ConnectionViewModel:
    """The state of one WebSocket connection and the commands that change it.

    ``channel_factory`` builds a WebSocketChannel from ConnectionOptions for each attempt;
    ``clock`` (a Clock; the real one unless a test passes its own) times reconnects and
    the heartbeat. State: ``options``, ``state``, ``close_info``, ``error`` (plain-language
    text or None), ``url_error`` (why the typed URL is unusable, or None), ``protocol``,
    ``round_trip`` (the last pong's round trip in seconds, or None), ``reconnect_attempt``
    and ``reconnect_in`` (seconds), ``handshake`` (a HandshakeInfo while open),
    ``status_text`` and ``messages``; each has a ``*_changed`` psygnal signal. Secrets of
    ``options`` never reach the log, the status or the errors: they read ``***``.
    Commands: ``connect`` (optional URL text), ``disconnect`` (also cancels a pending
    reconnect), ``reconnect_now`` (only while RECONNECTING),
    ``send`` (``str`` for a text message, ``bytes`` for binary). No command raises:
    failures become ``error``, ``close_info`` and EVENT entries in the log.
    Call :meth:`aclose` before exit.
    """

    options_changed = Signal(object)
    state_changed = Signal(object)
    close_info_changed = Signal(object)
    error_changed = Signal(object)
    url_error_changed = Signal(object)
    protocol_changed = Signal(object)
    round_trip_changed = Signal(object)
    reconnect_changed = Signal()
    handshake_changed = Signal(object)
    status_changed = Signal(str)

    def __init__(
        self,
        channel_factory: ChannelFactory,
        options: ConnectionOptions | None = None,
        messages: MessageLog | None = None,
        *,
        clock: Clock | None = None,
    ) -> None:
        self._factory = channel_factory
        self._options = options or ConnectionOptions()
        self.messages = messages if messages is not None else MessageLog()
        self._clock: Clock = clock or MonotonicClock()
        self._state = ConnectionState.DISCONNECTED
        self._close_info: CloseInfo | None = None
        self._error: str | None = None
        self._url_error: str | None = None
        self._protocol: str | None = None
        self._round_trip: float | None = None
        self._handshake: HandshakeInfo | None = None
        self._status = ""
        self._channel: WebSocketChannel | None = None
        self._attempt: asyncio.Future[None] | None = None
        self._abort_requested = False
        self._user_closed = False
        # Tasks blocked in the channel (sends, a Disconnect's close) that aclose() must end.
        self._sending: set[asyncio.Task[object]] = set()
        self._reader: asyncio.Task[None] | None = None
        self._heartbeat: asyncio.Task[None] | None = None
        self._schedule: ReconnectSchedule | None = None
        self._retry: asyncio.Task[None] | None = None
        self._retry_sleep: asyncio.Future[None] | None = None
        self._skip_wait = False
        self._reconnect_attempt = 0
        self._reconnect_in: float | None = None
        self.connect = Command(self._connect, lambda: self._state is ConnectionState.DISCONNECTED)
        self.disconnect = Command(
            self._disconnect,
            lambda: (
                self._state
                in (ConnectionState.CONNECTING, ConnectionState.OPEN, ConnectionState.RECONNECTING)
            ),
        )
        self.reconnect_now = Command(
            self._reconnect_now, lambda: self._state is ConnectionState.RECONNECTING
        )
        self.send = Command(
            self._send, lambda: self._state is ConnectionState.OPEN, concurrent=True
        )
        self._update_status()

    # -- observable state -------------------------------------------------------------

    @property
    def options(self) -> ConnectionOptions:
        """The settings the next connection uses."""
        return self._options

    @options.setter
    def options(self, value: ConnectionOptions) -> None:
        if value != self._options:
            self._options = value
            self.options_changed.emit(value)

    @property
    def state(self) -> ConnectionState:
        return self._state

    @property
    def close_info(self) -> CloseInfo | None:
        """How the last connection ended, or None while none has ended."""
        return self._close_info

    @property
    def error(self) -> str | None:
        """Why the last connection failed or was lost, in plain words; None if it did not."""
        return self._error

    @property
    def url_error(self) -> str | None:
        """Why the URL given to ``connect`` is unusable; None when it is fine."""
        return self._url_error

    @property
    def protocol(self) -> str | None:
        """The subprotocol the server selected, or None."""
        return self._protocol

    @property
    def round_trip(self) -> float | None:
        """The round trip of the last pong in seconds; None until one arrives on this connection."""
        return self._round_trip

    @property
    def reconnect_attempt(self) -> int:
        """The number of the pending or running reconnect attempt; 0 when not reconnecting."""
        return self._reconnect_attempt

    @property
    def reconnect_in(self) -> float | None:
        """Seconds until the next reconnect attempt while RECONNECTING, else None."""
        return self._reconnect_in

    @property
    def handshake(self) -> HandshakeInfo | None:
        """What the open connection negotiated (subprotocol, extensions, TLS trust), or None."""
        return self._handshake

    @property
    def status_text(self) -> str:
        """One line for a status bar that says what the connection is doing or how it ended."""
        return self._status

    @property
    def status_is_error(self) -> bool:
        """True when ``status_text`` reports a failure: an error, or a close that was not clean.

        A clean 1000, 1001 or 1005 close is not an error (RFC 6455 section 7.4.1).
        """
        if self._state is not ConnectionState.DISCONNECTED:
            return False
        return self._error is not None or (
            self._close_info is not None and self._close_info.is_error
        )

    # -- commands -----------------------------------------------------------------------

    async def _connect(self, url: str | None = None) -> None:
        if self._state is not ConnectionState.DISCONNECTED:
            return
        text = self._options.url if url is None else url
        try:
            normalized = normalize_ws_url(text)
        except InvalidURLError as exc:
            self._set_url_error(str(exc))
            return
        masked = masked_secrets(normalized)
        if masked:
            # A recent URL keeps *** where its secret was: sending that would only fail later.
            self._set_url_error(f"Enter the secret again: {', '.join(masked)} reads ***")
            return
        self._set_url_error(None)
        self.options = self._for_url(normalized)
        self._user_closed = False
        policy = self._options.reconnect
        self._schedule = ReconnectSchedule(policy) if policy is not None else None
        self._set_reconnect(0, None)
        outcome = await self._open()
        if outcome is _Outcome.RETRYABLE and self._may_retry():
            self._start_retry()
        elif outcome in (_Outcome.RETRYABLE, _Outcome.FINAL):
            self._set_state(ConnectionState.DISCONNECTED)

    async def _open(self) -> _Outcome:
        """One connection attempt: CONNECTING, then OPEN or a failure (state left to the caller)."""
        self._set_error(None)
        self._set_close_info(None)
        opts = self._options
        problem = next(filter(None, (header_error(n, v) for n, v in opts.headers)), None)
        problem = problem or credentials_conflict(opts.url, opts.headers)
        if problem is not None:
            self._set_error(self._redact(problem))
            self._event(f"Not connected: {self._redact(problem)}")
            return _Outcome.FINAL
        channel = self._factory(self._options)
        self._channel = channel
        self._abort_requested = False
        self._set_state(ConnectionState.CONNECTING)
        attempt_text = f" (attempt {self._reconnect_attempt})" if self._reconnect_attempt else ""
        self._event(f"Connecting to {redact_url(self._options.url)}{attempt_text}")
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
            return _Outcome.CANCELLED
        except Exception as exc:
            self._channel = None
            self._log_redirects(channel)
            message = str(exc) if isinstance(exc, ChannelError) else f"Could not connect: {exc}"
            message = self._redact(message)
            self._set_error(message)
            self._event(f"Connection failed: {message}")
            return _Outcome.RETRYABLE if is_retryable(exc) else _Outcome.FINAL
        finally:
            self._attempt = None
        if self._abort_requested:
            # Disconnect came as the handshake finished: never show it as open.
            self._channel = None
            with contextlib.suppress(Exception):
                await channel.close()
            self._event("Connection attempt cancelled")
            self._set_state(ConnectionState.DISCONNECTED)
            return _Outcome.CANCELLED
        self._log_redirects(channel)
        self._set_protocol(channel.protocol)
        handshake = self._handshake_of(channel)
        self._set_handshake(handshake)
        offered = self._options.subprotocols or channel.protocol
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
        return _Outcome.OPENED

    async def _disconnect(self, code: int = 1000, reason: str = "") -> None:
        problem = _close_problem(code, reason)
        if problem is not None:
            self._event(f"not closed: {problem}")
            return
        self._user_closed = True
        if self._state is ConnectionState.RECONNECTING:
            await self._cancel_retry()
            self._event("Reconnect cancelled")
            self._set_reconnect(0, None)
            self._set_state(ConnectionState.DISCONNECTED)
            return
        if self._state is ConnectionState.CONNECTING and self._attempt is not None:
            self._abort_requested = True
            attempt = self._attempt
            attempt.cancel()
            await asyncio.wait([attempt])
            retry = self._retry
            if retry is not None and retry is not asyncio.current_task():
                await asyncio.wait([retry])
            return
        channel, reader = self._channel, self._reader
        if self._state is not ConnectionState.OPEN or channel is None:
            return
        self._set_state(ConnectionState.CLOSING)
        task = asyncio.current_task()
        if task is not None:
            self._sending.add(task)  # aclose() ends it too
        try:
            await channel.close(code, reason)
        except Exception as exc:
            log.error("closing the channel failed: %s", self._redact_exception(exc))
        finally:
            self._sending.discard(task)
        await self._finish_reader(channel, reader)

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

    async def _reconnect_now(self) -> None:
        if self._state is not ConnectionState.RECONNECTING:
            return
        self._skip_wait = True
        if self._retry_sleep is not None:
            self._retry_sleep.cancel()

    async def _send(self, data: str | bytes) -> None:
        channel = self._channel
        if self._state is not ConnectionState.OPEN or channel is None:
            self._event(f"not sent: connection is {self._state.value.lower()}")
            return
        problem = _payload_problem(data)
        if problem is not None:
            self._event(f"not sent: {problem}")
            return
        task = asyncio.current_task()
        if task is not None:
            self._sending.add(task)
        try:
            await channel.send(data)
        except ChannelError as exc:
            self._event(f"not sent: {exc}")
            return
        finally:
            self._sending.discard(task)
        self.messages.append(Message.of(Direction.SENT, data))

    async def aclose(self, budget: float = EXIT_BUDGET) -> None:
        """Close the connection with 1001 (going away), cancel every task, release sockets.

        Cancels a pending reconnect and any send still blocked. Returns within ``budget``
        seconds (then the connection is dropped without waiting for the server's answer);
        safe to call more than once.
        """
        self._user_closed = True
        try:
            async with asyncio.timeout(budget):
                reader = self._reader
                if self._state is ConnectionState.CLOSING and reader is not None:
                    # A Disconnect is under way: let it finish within the budget.
                    await asyncio.wait([reader])
                await self._disconnect(GOING_AWAY, "")
        except TimeoutError:
            pass
        except Exception as exc:
            log.error("closing at exit failed: %s", self._redact_exception(exc))
        await self._cancel_retry()
        channel = self._channel
        if channel is not None:
            channel.abort("closed at exit")
        current = asyncio.current_task()
        pending = [
            t for t in (self._reader, self._heartbeat, *self._sending) if t not in (None, current)
        ]
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
        if channel is not None:
            self._on_closed(channel, None)
            with contextlib.suppress(Exception):
                await channel.close(GOING_AWAY, "")
        self._reader = self._heartbeat = None

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
        self._retry = asyncio.ensure_future(self._retry_after(delay))

    async def _retry_after(self, delay: float) -> None:
        await self._countdown(delay)
        outcome = await self._open()
        if outcome is _Outcome.RETRYABLE and self._may_retry():
            self._start_retry()
        elif outcome in (_Outcome.RETRYABLE, _Outcome.FINAL):
            self._set_reconnect(0, None)
            self._set_state(ConnectionState.DISCONNECTED)

    async def _countdown(self, delay: float) -> None:
        """Wait ``delay`` seconds, updating ``reconnect_in`` each second; Reconnect now ends it."""
        deadline = self._clock.now() + delay
        self._skip_wait = False
        while not self._skip_wait and (remaining := deadline - self._clock.now()) > 1e-9:
            self._set_reconnect(self._reconnect_attempt, remaining)
            sleep = asyncio.ensure_future(self._clock.sleep(min(1.0, remaining)))
            self._retry_sleep = sleep
            try:
                await sleep
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if not self._skip_wait or (task is not None and task.cancelling()):
                    raise
            finally:
                self._retry_sleep = None

    async def _cancel_retry(self) -> None:
        retry, self._retry = self._retry, None
        if retry is not None and not retry.done() and retry is not asyncio.current_task():
            retry.cancel()
            await asyncio.wait([retry])

    def _give_up(self, attempts: int) -> None:
        last = f": {self._error}" if self._error else ""
        self._set_reconnect(0, None)
        self._set_error(f"Gave up after {attempts} attempts{last}")
        self._event(f"Gave up reconnecting after {attempts} attempts")
        self._set_state(ConnectionState.DISCONNECTED)

    # -- the reader and the heartbeat ---------------------------------------------------

    def _start_heartbeat(self, channel: WebSocketChannel) -> Heartbeat | None:
        interval = self._options.ping_interval
        if interval is None or interval <= 0:
            return None
        heartbeat = Heartbeat(
            channel, interval, self._options.ping_timeout, self._clock, self._set_round_trip
        )
        channel.set_activity_listener(heartbeat.saw_activity)
        self._heartbeat = asyncio.ensure_future(heartbeat.run())
        return heartbeat

    async def _read(self, channel: WebSocketChannel, heartbeat: Heartbeat | None) -> None:
        failure: str | None = None
        try:
            # One log append and one heartbeat update per batch, not per message.
            while batch := await channel.receive_batch():
                if heartbeat is not None:
                    heartbeat.saw_activity()
                self.messages.extend(batch)
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
        self._event(_describe_close(info, failure))
        if self._schedule is not None:
            self._schedule.closed(self._clock.now())
        if self._may_retry():
            self._start_retry()
        else:
            self._set_state(ConnectionState.DISCONNECTED)

    # -- helpers ------------------------------------------------------------------------

    def _for_url(self, url: str) -> ConnectionOptions:
        """The options for connecting to ``url``.

        Secret headers and "skip verification" were set up for the options' own host:
        for another scheme, host or port they are dropped (verification back on), and an
        EVENT says so.
        """
        opts = self._options
        if _origin(url) == _origin(opts.url) or not _origin(opts.url):
            return dataclasses.replace(opts, url=url)
        marked = opts.secret_headers
        kept = tuple((n, v) for n, v in opts.headers if not is_secret_header(n, marked))
        dropped = [n for n, _ in opts.headers if is_secret_header(n, marked)]
        if not opts.verify_tls:
            dropped.append("skip verification")
        if dropped:
            self._event(
                f"Not used for {_origin(url)} (set up for {_origin(opts.url)}): "
                f"{', '.join(dropped)}"
            )
        return dataclasses.replace(opts, url=url, headers=kept, verify_tls=True)

    def _event(self, text: str) -> None:
        self.messages.append(Message.event(text))

    def _redact(self, text: str) -> str:
        return redact_for(self._options, text)

    def _redact_exception(self, exc: BaseException) -> str:
        return self._redact("".join(traceback.format_exception(exc)))

    def _log_redirects(self, channel: WebSocketChannel) -> None:
        for line in channel.redirects:
            self._event(self._redact(line))

    def _handshake_of(self, channel: WebSocketChannel) -> HandshakeInfo:
        opts = self._options
        uses_tls = opts.url.startswith("wss:") or any("to wss:" in r for r in channel.redirects)
        return HandshakeInfo(channel.protocol, channel.extensions, uses_tls and not opts.verify_tls)

    def _set_handshake(self, info: HandshakeInfo | None) -> None:
        if info != self._handshake:
            self._handshake = info
            self.handshake_changed.emit(info)

    def _set_state(self, state: ConnectionState) -> None:
        if state is self._state:
            return
        self._state = state
        self.state_changed.emit(state)
        for command in (self.connect, self.disconnect, self.reconnect_now, self.send):
            command.notify()
        self._update_status()

    def _set_close_info(self, info: CloseInfo | None) -> None:
        if info != self._close_info:
            self._close_info = info
            self.close_info_changed.emit(info)
            self._update_status()

    def _set_error(self, error: str | None) -> None:
        if error != self._error:
            self._error = error
            self.error_changed.emit(error)
            self._update_status()

    def _set_url_error(self, error: str | None) -> None:
        if error != self._url_error:
            self._url_error = error
            self.url_error_changed.emit(error)

    def _set_protocol(self, protocol: str | None) -> None:
        if protocol != self._protocol:
            self._protocol = protocol
            self.protocol_changed.emit(protocol)
            self._update_status()

    def _set_round_trip(self, seconds: float | None) -> None:
        if seconds != self._round_trip:
            self._round_trip = seconds
            self.round_trip_changed.emit(seconds)
            self._update_status()

    def _set_reconnect(self, attempt: int, seconds: float | None) -> None:
        if (attempt, seconds) != (self._reconnect_attempt, self._reconnect_in):
            self._reconnect_attempt, self._reconnect_in = attempt, seconds
            self.reconnect_changed.emit()
            self._update_status()

    def _update_status(self) -> None:
        status = self._compose_status()
        if status != self._status:
            self._status = status
            self.status_changed.emit(status)

    def _compose_status(self) -> str:
        state, url = self._state, self._options.url
        url = redact_url(url)
        if state is ConnectionState.CONNECTING:
            attempt = f" (attempt {self._reconnect_attempt})" if self._reconnect_attempt else ""
            return f"Connecting to {url}…{attempt}"
        if state is ConnectionState.OPEN:
            suffix = f" (subprotocol {self._protocol})" if self._protocol else ""
            if self._round_trip is not None:
                suffix += f" · ping {format_round_trip(self._round_trip)}"
            return f"Open: {url}{suffix}"
        if state is ConnectionState.CLOSING:
            return "Disconnecting…"
        if state is ConnectionState.RECONNECTING:
            text = f"Reconnecting: attempt {self._reconnect_attempt}"
            if self._reconnect_in is not None:
                text += f", next in {self._reconnect_in:.1f} s"
            cause = self._last_cause()
            return f"{text} · {cause}" if cause else text
        if self._close_info is not None:
            return _describe_close(self._close_info, self._error)
        if self._error:
            return f"Disconnected: {self._error}"
        return "Disconnected"

    def _last_cause(self) -> str:
        """Why the last connection ended or the last attempt failed, or ''."""
        if self._close_info is not None:
            return _describe_close(self._close_info, self._error)
        return self._error or ""


def _origin(url: str) -> str:
    """``scheme://host:port`` of ``url`` (default port filled in), '' if it has none."""
    parts = split_url(url)
    if parts is None or not parts.hostname:
        return ""
    port = parts.port or {"ws": 80, "wss": 443}.get(parts.scheme, 0)
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host}:{port}"


def _payload_problem(data: object) -> str | None:
    """Why ``data`` cannot be sent as a message, or None."""
    if isinstance(data, str):
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            # RFC 6455 section 5.6: a text message is UTF-8, which has no unpaired surrogates.
            return "the text contains an unpaired surrogate, which is not valid UTF-8"
        return None
    if isinstance(data, bytes | bytearray | memoryview):
        return None
    return f"a message is text (str) or binary (bytes), not {type(data).__name__}"


def _close_problem(code: int, reason: str) -> str | None:
    """Why a close frame with ``code`` and ``reason`` may not be sent, or None."""
    if code not in _SENDABLE_CLOSE_CODES and not 3000 <= code <= 4999:
        return f"close code {code} may not be sent (RFC 6455 section 7.4)"
    try:
        size = len(reason.encode("utf-8"))
    except UnicodeEncodeError:
        return "the close reason is not valid UTF-8"
    if size > _MAX_CLOSE_REASON:
        return f"the close reason is {size} bytes; at most {_MAX_CLOSE_REASON} fit in a close frame"
    return None


def _describe_close(info: CloseInfo, failure: str | None) -> str:
    """How a connection ended, in words: who closed, the code's name, the reason, the cause."""
    if failure and info.initiator is CloseInitiator.NONE:
        return f"Connection lost: {failure} ({info.code}, no close frame)"
    if failure and info.initiator is CloseInitiator.CLIENT and info.code not in (1000, 1001):
        # We failed the connection because of what the server sent (RFC 6455 section 7.1.7).
        return f"Connection failed: {info.code} {describe_close_code(info.code)}: {failure}"
    text = info.describe()
    return f"{text}: {failure}" if failure else text
