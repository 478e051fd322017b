"""ConnectionViewModel: one connection's commands (connect, disconnect, send) and shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses

from wsdesk.core.command import Command
from wsdesk.core.redact import masked_secrets
from wsdesk.core.url import InvalidURLError, normalize_ws_url
from wsdesk.models import ConnectionOptions, ConnectionState, Direction
from wsdesk.transport.channel import ChannelError, ChannelFactory
from wsdesk.viewmodel.connection_lifecycle import (
    READER_TASK_NAME,
    ConnectionLifecycle,
    Outcome,
    log,
)
from wsdesk.viewmodel.connection_rules import (
    GOING_AWAY,
    close_problem,
    options_for_url,
    payload_problem,
)
from wsdesk.viewmodel.message_log import MessageLog
from wsdesk.viewmodel.reconnect import Clock, ReconnectSchedule
from wsdesk.viewmodel.status_text import format_round_trip
from wsdesk.viewmodel.variables import UnknownVariableError, resolve_options, substitute

__all__ = ["EXIT_BUDGET", "GOING_AWAY", "READER_TASK_NAME", "ConnectionViewModel"]

EXIT_BUDGET = 1.5  # seconds aclose() may spend, so the app exits within 2 s.


class ConnectionViewModel(ConnectionLifecycle):
    """The state of one WebSocket connection and the commands that change it.

    ``channel_factory`` builds a WebSocketChannel from ConnectionOptions for each attempt;
    ``clock`` (a Clock; the real one unless a test passes its own) times reconnects and
    the heartbeat. State (see ObservableConnection): ``options``, ``state``,
    ``close_info``, ``error`` (plain-language text or None), ``url_error`` (why the typed
    URL is unusable, or None), ``protocol``, ``round_trip`` (the last pong's round trip in
    seconds, or None), ``reconnect_attempt`` and ``reconnect_in`` (seconds), ``handshake``
    (a HandshakeInfo while open), ``status_text`` and ``messages``; each has a
    ``*_changed`` psygnal signal. Secrets of ``options`` never reach the log, the status
    or the errors: they read ``***``.
    Commands: ``connect`` (optional URL text), ``disconnect`` (optional close code and
    reason; also cancels a pending reconnect), ``reconnect_now`` (only while
    RECONNECTING), ``send`` (``str`` for a text message, ``bytes`` for binary), ``ping``
    (one ping; its pong's round trip becomes ``round_trip`` and an EVENT). No command
    raises: failures become ``error``, ``close_info`` and EVENT entries in the log.
    Call :meth:`aclose` before exit.
    """

    def __init__(
        self,
        channel_factory: ChannelFactory,
        options: ConnectionOptions | None = None,
        messages: MessageLog | None = None,
        *,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(channel_factory, options, messages, clock)
        # Tasks blocked in the channel (sends, a Disconnect's close) that aclose() must end.
        self._sending: set[asyncio.Task[object]] = set()
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
        self.ping = Command(
            self._ping, lambda: self._state is ConnectionState.OPEN, concurrent=True
        )
        self._update_status()

    @property
    def channel_factory(self) -> ChannelFactory:
        """What builds this connection's channels (a workspace's new tabs use it too)."""
        return self._factory

    def _on_state_set(self) -> None:
        for command in (self.connect, self.disconnect, self.reconnect_now, self.send, self.ping):
            command.notify()

    # -- commands -----------------------------------------------------------------------

    def check_url(self, text: str) -> None:
        """Set ``url_error`` to what connecting to ``text`` would say of it (None when
        nothing would), without connecting: an error shown under the field then describes
        what the field holds, also after a completion replaced it."""
        parsed = self._parse_url(text)
        self._set_url_error(parsed if isinstance(parsed, str) else None)

    def _parse_url(self, text: str) -> tuple[str, str] | str:
        """``text`` with its variables filled, and normalized; or why it cannot be used."""
        try:
            filled = self._fill(text, "URL")
            normalized = normalize_ws_url(filled)
        except (UnknownVariableError, InvalidURLError) as exc:
            return str(exc)
        masked = masked_secrets(normalized)
        if masked:
            # A recent URL keeps *** where its secret was: sending that would only fail later.
            return f"Enter the secret again: {', '.join(masked)} reads ***"
        return filled, normalized

    async def _connect(self, url: str | None = None) -> None:
        if self._state is not ConnectionState.DISCONNECTED:
            return
        text = self._options.url if url is None else url
        parsed = self._parse_url(text)
        if isinstance(parsed, str):
            self._set_url_error(parsed)
            return
        filled, normalized = parsed
        # A URL made of variables is kept as typed, so it follows the environment.
        options, note = options_for_url(
            self._options, normalized if filled == text else text.strip()
        )
        try:
            live = self._resolved(options)
        except UnknownVariableError as exc:
            self._set_url_error(str(exc))
            return
        self._set_url_error(None)
        if note is not None:
            self._event(note)
        self.options = options
        title = self.title
        self._live = dataclasses.replace(live, url=normalized)
        if self.title != title:
            self.title_changed.emit(self.title)
        self._user_closed = False
        policy = self._options.reconnect
        self._schedule = ReconnectSchedule(policy) if policy is not None else None
        self._set_reconnect(0, None)
        outcome = await self._open()
        if outcome is Outcome.RETRYABLE and self._may_retry():
            self._start_retry()
        elif outcome in (Outcome.RETRYABLE, Outcome.FINAL):
            self._set_state(ConnectionState.DISCONNECTED)

    async def _disconnect(self, code: int = 1000, reason: str = "") -> None:
        problem = close_problem(code, reason)
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
            retry = self._retry.task
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

    async def _reconnect_now(self) -> None:
        if self._state is ConnectionState.RECONNECTING:
            self._retry.skip()

    async def _send(self, data: str | bytes) -> None:
        channel = self._channel
        if self._state is not ConnectionState.OPEN or channel is None:
            self._event(f"not sent: connection is {self._state.value.lower()}")
            return
        # ASCII text needs no check: the round trip's case, kept to the fewest calls.
        if type(data) is not str or not data.isascii():
            problem = payload_problem(data)
            if problem is not None:
                self._event(f"not sent: {problem}")
                return
        if self._variables is not None and isinstance(data, str):
            try:
                data = self._fill(data, "message")
            except UnknownVariableError as exc:
                self._event(f"not sent: {exc}")
                return
        # The reader runs on this loop: naming it spares current_task() the lookup of the
        # running loop, which on Python 3.11 is a getpid() system call per message.
        reader = self._reader
        task = asyncio.current_task(reader.get_loop() if reader is not None else None)
        if task is not None:
            self._sending.add(task)
        try:
            await channel.send(data)
        except ChannelError as exc:
            self._event(f"not sent: {exc}")
            return
        finally:
            self._sending.discard(task)
        self.messages.extend_payloads(Direction.SENT, (data,))

    def unknown_variables(self, text: str) -> UnknownVariableError | None:
        """Why ``text`` cannot be sent as it stands (a ``{{name}}`` the variables lack),
        or None: :meth:`fill_variables` as a check."""
        try:
            self.fill_variables(text)
        except UnknownVariableError as exc:
            return exc
        return None

    def fill_variables(self, text: str) -> str:
        """``text`` as it would be sent: ``{{name}}`` filled from ``variables`` (as typed
        when they are None). Raises UnknownVariableError."""
        return self._fill(text, "message")

    def _fill(self, text: str, where: str) -> str:
        variables = self._variables
        return text if variables is None else substitute(text, variables, where)

    def _resolved(self, options: ConnectionOptions) -> ConnectionOptions:
        variables = self._variables
        if variables is None:
            return options
        return resolve_options(options, variables, self._secret_variables)

    async def _ping(self) -> None:
        channel = self._channel
        if self._state is not ConnectionState.OPEN or channel is None:
            self._event(f"not pinged: connection is {self._state.value.lower()}")
            return
        timeout = self._options.ping_timeout
        task = asyncio.current_task()
        if task is not None:
            self._sending.add(task)
        try:
            async with asyncio.timeout(timeout):
                seconds = await channel.ping()
        except TimeoutError:
            self._event(f"No pong within {timeout:g} s")
            return
        except ChannelError as exc:
            self._event(f"not pinged: {exc}")
            return
        finally:
            self._sending.discard(task)
        self._set_round_trip(seconds)
        self._event(f"Pong after {format_round_trip(seconds)}")

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
