"""ConnectionViewModel: one connection's state, message log and commands, free of Qt."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging

from psygnal import Signal

from wsdesk.core.command import Command
from wsdesk.core.url import InvalidURLError, normalize_ws_url
from wsdesk.models import (
    ABNORMAL_CLOSURE,
    CloseInfo,
    CloseInitiator,
    ConnectionOptions,
    ConnectionState,
    Direction,
    Message,
)
from wsdesk.transport.channel import ChannelError, ChannelFactory, WebSocketChannel
from wsdesk.viewmodel.message_log import MessageLog

log = logging.getLogger(__name__)

GOING_AWAY = 1001  # RFC 6455 section 7.4.1: the client is going away (window closed).


class ConnectionViewModel:
    """The state of one WebSocket connection and the commands that change it.

    ``channel_factory`` builds a WebSocketChannel from ConnectionOptions for each attempt.
    State: ``options``, ``state``, ``close_info``, ``error`` (plain-language text or
    None), ``url_error`` (why the typed URL is unusable, or None), ``protocol``,
    ``status_text`` and ``messages``; each has a ``*_changed`` psygnal signal.
    Commands: ``connect`` (optional URL text), ``disconnect``, ``send`` (``str`` for a
    text message, ``bytes`` for binary). No command raises: failures become ``error``,
    ``close_info`` and EVENT entries in the log. Call :meth:`aclose` before exit.
    """

    options_changed = Signal(object)
    state_changed = Signal(object)
    close_info_changed = Signal(object)
    error_changed = Signal(object)
    url_error_changed = Signal(object)
    protocol_changed = Signal(object)
    status_changed = Signal(str)

    def __init__(
        self,
        channel_factory: ChannelFactory,
        options: ConnectionOptions | None = None,
        messages: MessageLog | None = None,
    ) -> None:
        self._factory = channel_factory
        self._options = options or ConnectionOptions()
        self.messages = messages if messages is not None else MessageLog()
        self._state = ConnectionState.DISCONNECTED
        self._close_info: CloseInfo | None = None
        self._error: str | None = None
        self._url_error: str | None = None
        self._protocol: str | None = None
        self._status = ""
        self._channel: WebSocketChannel | None = None
        self._attempt: asyncio.Task[None] | None = None
        self._abort_requested = False
        self._reader: asyncio.Task[None] | None = None
        self.connect = Command(self._connect, lambda: self._state is ConnectionState.DISCONNECTED)
        self.disconnect = Command(
            self._disconnect,
            lambda: self._state in (ConnectionState.CONNECTING, ConnectionState.OPEN),
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
    def status_text(self) -> str:
        """One line for a status bar that says what the connection is doing or how it ended."""
        return self._status

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
        self._set_url_error(None)
        self.options = dataclasses.replace(self._options, url=normalized)
        self._set_error(None)
        self._set_close_info(None)
        channel = self._factory(self._options)
        self._channel = channel
        self._abort_requested = False
        self._set_state(ConnectionState.CONNECTING)
        self._event(f"Connecting to {normalized}")
        attempt = asyncio.ensure_future(channel.connect())
        self._attempt = attempt
        try:
            await attempt
        except asyncio.CancelledError:
            if not (self._abort_requested and attempt.cancelled()):
                self._channel = None
                self._set_state(ConnectionState.DISCONNECTED)
                raise
            self._channel = None
            self._event("Connection attempt cancelled")
            self._set_state(ConnectionState.DISCONNECTED)
            return
        except Exception as exc:
            self._channel = None
            message = str(exc) if isinstance(exc, ChannelError) else f"Could not connect: {exc}"
            self._set_error(message)
            self._event(f"Connection failed: {message}")
            self._set_state(ConnectionState.DISCONNECTED)
            return
        finally:
            self._attempt = None
        self._set_protocol(channel.protocol)
        self._event(
            f"Connected (subprotocol: {channel.protocol})" if channel.protocol else "Connected"
        )
        self._reader = asyncio.ensure_future(self._read(channel))
        self._set_state(ConnectionState.OPEN)

    async def _disconnect(self, code: int = 1000, reason: str = "") -> None:
        if self._state is ConnectionState.CONNECTING and self._attempt is not None:
            self._abort_requested = True
            attempt = self._attempt
            attempt.cancel()
            await asyncio.wait([attempt])
            return
        channel, reader = self._channel, self._reader
        if self._state is not ConnectionState.OPEN or channel is None:
            return
        self._set_state(ConnectionState.CLOSING)
        try:
            await channel.close(code, reason)
        except Exception:
            log.exception("closing the channel failed")
        if reader is not None:
            await asyncio.wait([reader])

    async def _send(self, data: str | bytes) -> None:
        channel = self._channel
        if self._state is not ConnectionState.OPEN or channel is None:
            self._event(f"not sent: connection is {self._state.value.lower()}")
            return
        try:
            await channel.send(data)
        except ChannelError as exc:
            self._event(f"not sent: {exc}")
            return
        self.messages.append(Message.of(Direction.SENT, data))

    async def aclose(self) -> None:
        """Close the connection with 1001 (going away), cancel every task, release sockets.

        Returns within the close timeout; safe to call more than once.
        """
        with contextlib.suppress(Exception):
            await self._disconnect(GOING_AWAY, "")
        reader, self._reader = self._reader, None
        if reader is not None and not reader.done():
            reader.cancel()
            await asyncio.wait([reader])
        channel, self._channel = self._channel, None
        if channel is not None:
            with contextlib.suppress(Exception):
                await channel.close(GOING_AWAY, "")
        self.messages.flush()

    # -- the reader -------------------------------------------------------------------

    async def _read(self, channel: WebSocketChannel) -> None:
        failure: str | None = None
        try:
            async for message in channel:
                self.messages.append(message)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception("the channel failed while receiving")
            failure = f"connection lost: {exc}"
        self._on_closed(channel, failure)

    def _on_closed(self, channel: WebSocketChannel, failure: str | None) -> None:
        if channel is not self._channel:
            return
        self._channel = None
        self._reader = None
        info = channel.close_info or CloseInfo(ABNORMAL_CLOSURE, "", CloseInitiator.NONE, False)
        failure = failure or channel.failure
        self._set_close_info(info)
        self._set_error(failure)
        self._set_protocol(None)
        text = info.describe()
        self._event(f"{text}: {failure}" if failure else text)
        self._set_state(ConnectionState.DISCONNECTED)

    # -- helpers ------------------------------------------------------------------------

    def _event(self, text: str) -> None:
        self.messages.append(Message.event(text))

    def _set_state(self, state: ConnectionState) -> None:
        if state is self._state:
            return
        self._state = state
        self.state_changed.emit(state)
        for command in (self.connect, self.disconnect, self.send):
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

    def _update_status(self) -> None:
        status = self._compose_status()
        if status != self._status:
            self._status = status
            self.status_changed.emit(status)

    def _compose_status(self) -> str:
        state, url = self._state, self._options.url
        if state is ConnectionState.CONNECTING:
            return f"Connecting to {url}…"
        if state is ConnectionState.OPEN:
            suffix = f" (subprotocol {self._protocol})" if self._protocol else ""
            return f"Open: {url}{suffix}"
        if state is ConnectionState.CLOSING:
            return "Closing…"
        if state is ConnectionState.RECONNECTING:
            return "Reconnecting…"
        if self._close_info is not None:
            text = self._close_info.describe()
            return f"{text}: {self._error}" if self._error else text
        if self._error:
            return f"Disconnected: {self._error}"
        return "Disconnected"
