"""A connection's observable half: the properties a view binds to and their signals."""

from __future__ import annotations

from collections.abc import Mapping

from psygnal import Signal

from wsdesk.core.redact import redact_text, split_url
from wsdesk.core.secrets import redact_for
from wsdesk.models import (
    CloseInfo,
    ConnectionOptions,
    ConnectionState,
    HandshakeInfo,
    Message,
)
from wsdesk.viewmodel.message_log import MessageLog
from wsdesk.viewmodel.status_text import StatusFacts, status_is_error, status_line


class ObservableConnection:
    """One connection's state as observable properties, each with a ``*_changed`` signal.

    The base of ConnectionViewModel: it holds the values and announces changes; the
    subclass decides when they change. ``status_text`` follows from the rest through
    :mod:`wsdesk.viewmodel.status_text`. Secrets of ``options`` never reach the log or
    the status: they read ``***``, and so do the values of secret variables.

    ``title`` is what a tab shows: set by the user, or else derived from the URL
    (``host:port/path``, "New connection" without one). ``variables`` (a mapping, or None:
    no environment, ``{{...}}`` is sent as typed) fill ``{{name}}`` at connect and send;
    :meth:`set_variables` also names the secret ones.
    """

    options_changed = Signal(object)
    title_changed = Signal(str)
    variables_changed = Signal()
    state_changed = Signal(object)
    close_info_changed = Signal(object)
    error_changed = Signal(object)
    url_error_changed = Signal(object)
    protocol_changed = Signal(object)
    round_trip_changed = Signal(object)
    reconnect_changed = Signal()
    handshake_changed = Signal(object)
    last_handshake_changed = Signal(object)
    status_changed = Signal(str)

    def __init__(self, options: ConnectionOptions | None, messages: MessageLog | None) -> None:
        self._options = options or ConnectionOptions()
        # The options of the current or last attempt: ``options`` with variables filled.
        self._live = self._options
        self._title: str | None = None
        self._variables: Mapping[str, str] | None = None
        self._secret_variables: frozenset[str] = frozenset()
        self._variable_secrets: set[str] = set()
        self.messages = messages if messages is not None else MessageLog()
        self._state = ConnectionState.DISCONNECTED
        self._close_info: CloseInfo | None = None
        self._error: str | None = None
        self._url_error: str | None = None
        self._protocol: str | None = None
        self._round_trip: float | None = None
        self._handshake: HandshakeInfo | None = None
        self._last_handshake: HandshakeInfo | None = None
        self._reconnect_attempt = 0
        self._reconnect_in: float | None = None
        self._status = ""

    @property
    def options(self) -> ConnectionOptions:
        """The settings the next connection uses."""
        return self._options

    @options.setter
    def options(self, value: ConnectionOptions) -> None:
        if value != self._options:
            title = self.title
            self._options = self._live = value
            self.options_changed.emit(value)
            if self.title != title:
                self.title_changed.emit(self.title)

    @property
    def live_options(self) -> ConnectionOptions:
        """The options of the current or last connection attempt: ``options`` with the
        variables filled in and the URL normalized (``options`` until the first connect)."""
        return self._live

    @property
    def title(self) -> str:
        """The tab's title: the user's, or one derived from the URL."""
        if self._title is not None:
            return self._title
        # A URL of {{variables}} reads as the host it last connected to, once it has.
        url = self._options.url
        return default_title(self._live.url if "{{" in url and self._live.url else url)

    @title.setter
    def title(self, value: str | None) -> None:
        """Set the title; None or blank goes back to the derived one."""
        title = self.title
        self._title = (value.strip() or None) if value is not None else None
        if self.title != title:
            self.title_changed.emit(self.title)

    @property
    def has_own_title(self) -> bool:
        """True when the user named this connection (the title is not derived)."""
        return self._title is not None

    @property
    def variables(self) -> Mapping[str, str] | None:
        """The values of ``{{name}}`` variables, or None when no environment is active."""
        return self._variables

    @variables.setter
    def variables(self, value: Mapping[str, str] | None) -> None:
        self.set_variables(value)

    @property
    def secret_variables(self) -> frozenset[str]:
        """The names of the variables whose values are secrets."""
        return self._secret_variables

    def set_variables(
        self, values: Mapping[str, str] | None, secret_names: frozenset[str] = frozenset()
    ) -> None:
        """Use ``values`` for ``{{name}}`` from the next connect or send on; the values of
        ``secret_names`` are masked in the log and the status."""
        values = dict(values) if values is not None else None
        if values == self._variables and secret_names == self._secret_variables:
            return
        self._variables, self._secret_variables = values, frozenset(secret_names)
        # Every secret value ever filled in stays masked: a connection made with the old
        # environment still shows its URL and close reasons after a switch.
        self._variable_secrets |= {
            values[name] for name in self._secret_variables if values and values.get(name)
        }
        self.variables_changed.emit()

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
    def last_handshake(self) -> HandshakeInfo | None:
        """What the latest attempt's handshake said, kept after it closed or failed: the
        request and answer headers, a refusal's status, the TLS peer of a failed
        certificate check; None before any answer (or when the channel cannot tell)."""
        return self._last_handshake

    @property
    def status_text(self) -> str:
        """One line for a status bar that says what the connection is doing or how it ended."""
        return self._status

    @property
    def status_is_error(self) -> bool:
        """True when ``status_text`` reports a failure: an error, or a close that was not clean.

        A clean 1000, 1001 or 1005 close is not an error (RFC 6455 section 7.4.1).
        """
        return status_is_error(self.status_facts())

    def _shown_url(self) -> str:
        # Open: where the handshake ended up (after redirects), not only what was typed.
        handshake = self._handshake
        return handshake.url if handshake is not None and handshake.url else self._live.url

    def status_facts(self) -> StatusFacts:
        """The facts ``status_text`` is made of, for a view that words them itself."""
        return StatusFacts(
            state=self._state,
            url=self._redact(self._shown_url()),
            protocol=self._protocol,
            round_trip=self._round_trip,
            reconnect_attempt=self._reconnect_attempt,
            reconnect_in=self._reconnect_in,
            close_info=self._close_info,
            error=self._error,
        )

    # -- changing the state (for the subclass) ----------------------------------------

    def _on_state_set(self) -> None:
        """Called after ``state`` changed, before the status is recomposed."""

    def _set_state(self, state: ConnectionState) -> None:
        if state is self._state:
            return
        self._state = state
        self.state_changed.emit(state)
        self._on_state_set()
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

    def _set_handshake(self, info: HandshakeInfo | None) -> None:
        if info != self._handshake:
            self._handshake = info
            self.handshake_changed.emit(info)

    def _set_last_handshake(self, info: HandshakeInfo | None) -> None:
        if info != self._last_handshake:
            self._last_handshake = info
            self.last_handshake_changed.emit(info)

    def _update_status(self) -> None:
        status = status_line(self.status_facts())
        if status != self._status:
            self._status = status
            self.status_changed.emit(status)

    def _event(self, text: str) -> None:
        self.messages.append(Message.event(text))

    def _redact(self, text: str) -> str:
        text = redact_for(self._live, text)
        return redact_text(text, self._variable_secrets) if self._variable_secrets else text


def default_title(url: str) -> str:
    """A tab title for ``url``: ``host:port/path`` without the scheme, the user's
    name and password, or the query; "New connection" for an empty URL."""
    text = url.strip()
    if not text:
        return "New connection"
    parts = split_url(text)
    if parts is None or not parts.hostname:
        return text
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    port = f":{parts.port}" if parts.port else ""
    path = parts.path if parts.path not in ("", "/") else ""
    return f"{host}{port}{path}"
