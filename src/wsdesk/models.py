"""wsdesk's value types: frozen dataclasses and enums, standard library only."""

from __future__ import annotations

import enum
import time
from dataclasses import dataclass, field


class ConnectionState(enum.Enum):
    """Where a connection is in its life."""

    DISCONNECTED = "Disconnected"
    CONNECTING = "Connecting"
    OPEN = "Open"
    CLOSING = "Closing"
    RECONNECTING = "Reconnecting"


class Direction(enum.Enum):
    """Who produced a log entry: us, the server, or the client itself (an event)."""

    SENT = "sent"
    RECEIVED = "received"
    EVENT = "event"


class MessageKind(enum.Enum):
    """A text message, a binary message (RFC 6455 section 5.6), a client event, or a
    control frame (section 5.5): ping, pong or close, logged only with
    ``ConnectionOptions.show_control_frames``. Control frames carry their payload as
    ``bytes``, as on the wire (a close frame's: the 2-byte code, then the UTF-8 reason).
    """

    TEXT = "text"
    BINARY = "binary"
    EVENT = "event"
    PING = "ping"
    PONG = "pong"
    CLOSE = "close"

    @property
    def is_control(self) -> bool:
        """True for PING, PONG and CLOSE."""
        return self in _CONTROL_KINDS

    @property
    def carries_bytes(self) -> bool:
        """True when a Message of this kind holds ``bytes`` (binary and control frames)."""
        return self in _BYTES_KINDS


_CONTROL_KINDS = frozenset({MessageKind.PING, MessageKind.PONG, MessageKind.CLOSE})
_BYTES_KINDS = _CONTROL_KINDS | {MessageKind.BINARY}


@dataclass(frozen=True, slots=True)
class Message:
    """One entry of the message log.

    ``data`` is ``str`` for TEXT and EVENT entries and ``bytes`` for BINARY ones;
    ``timestamp`` is seconds since the epoch; ``size`` is the payload size in bytes
    (UTF-8 for text).
    """

    direction: Direction
    kind: MessageKind
    data: str | bytes
    timestamp: float
    size: int

    @classmethod
    def of(cls, direction: Direction, data: str | bytes, timestamp: float | None = None) -> Message:
        """A TEXT (``str``) or BINARY (``bytes``) message stamped now unless given."""
        when = time.time() if timestamp is None else timestamp
        if isinstance(data, str):
            # isascii() is O(1); only non-ASCII text is encoded to count its UTF-8 bytes.
            size = len(data) if data.isascii() else len(data.encode("utf-8", "replace"))
            return cls(direction, MessageKind.TEXT, data, when, size)
        return cls(direction, MessageKind.BINARY, bytes(data), when, len(data))

    @classmethod
    def event(cls, text: str, timestamp: float | None = None) -> Message:
        """An EVENT entry: something the client reports (connected, closed, not sent)."""
        when = time.time() if timestamp is None else timestamp
        return cls(Direction.EVENT, MessageKind.EVENT, text, when, 0)

    @classmethod
    def control(
        cls, direction: Direction, kind: MessageKind, payload: bytes, timestamp: float | None = None
    ) -> Message:
        """A PING, PONG or CLOSE entry with the frame's payload as on the wire.

        Raises ValueError for a kind that is not a control frame's.
        """
        if not kind.is_control:
            raise ValueError(f"{kind.value} is not a control frame")
        when = time.time() if timestamp is None else timestamp
        return cls(direction, kind, bytes(payload), when, len(payload))


class CloseInitiator(enum.Enum):
    """Who started the closing handshake; NONE for an abnormal close (no close frame)."""

    CLIENT = "you"
    SERVER = "server"
    NONE = "nobody"


# Close codes: RFC 6455 section 7.4.1 plus the IANA "WebSocket Close Code Number Registry".
CLOSE_CODE_NAMES: dict[int, str] = {
    1000: "normal closure",
    1001: "going away",
    1002: "protocol error",
    1003: "unsupported data",
    1005: "no status code",
    1006: "connection lost (no close frame)",
    1007: "invalid payload data",
    1008: "policy violation",
    1009: "message too big",
    1010: "mandatory extension missing",
    1011: "internal error",
    1012: "service restart",
    1013: "try again later",
    1014: "bad gateway",
    1015: "TLS handshake failed",
}

_KIB = 1024
_MIB = 1024 * 1024


def format_size(size: int) -> str:
    """``size`` bytes as a short figure: ``512 B``, ``4.0 KiB``, ``2.0 MiB``."""
    if size < _KIB:
        return f"{size} B"
    if size < _MIB:
        return f"{size / _KIB:.1f} KiB"
    return f"{size / _MIB:.1f} MiB"


NO_STATUS_CODE = 1005
ABNORMAL_CLOSURE = 1006
MAX_CLOSE_REASON = 123
MAX_PAYLOAD_LENGTH = 2**63 - 1
"""The most bytes one frame may carry: a 64-bit length whose top bit is 0 (RFC 6455
section 5.2), so also the largest message size limit that means anything."""
"""Bytes of UTF-8 a close reason may take: a control frame carries at most 125 bytes, two of
them the code (RFC 6455 section 5.5)."""


def close_payload(code: int | None, reason: str = "") -> bytes:
    """A close frame's body (RFC 6455 section 5.5.1): the 2-byte status code, then the
    UTF-8 reason; empty for no code (what a 1005 close received had)."""
    if not code:
        return b""
    return code.to_bytes(2, "big") + reason.encode("utf-8")


def is_valid_close_code(code: int) -> bool:
    """Whether ``code`` may appear in a close frame: 1000-1003 and 1007-1014 (RFC 6455
    section 7.4.1 and the IANA registry) or 3000-4999 (section 7.4.2). 1004-1006 and
    1015 never may, 1016-2999 are reserved, and nothing below 1000 or above 4999 is
    defined."""
    return 1000 <= code <= 1003 or 1007 <= code <= 1014 or 3000 <= code <= 4999


def describe_close_code(code: int | None) -> str:
    """The plain-language name of a close code.

    Uses RFC 6455 section 7.4.1 and the IANA registry; 3000-3999 are registered for
    libraries and frameworks, 4000-4999 are for applications (section 7.4.2).
    """
    if code is None:
        return "no close code"
    if code in CLOSE_CODE_NAMES:
        return CLOSE_CODE_NAMES[code]
    if 3000 <= code <= 3999:
        return f"registered code {code}"
    if 4000 <= code <= 4999:
        return f"application-defined code {code}"
    return f"unknown code {code}"


@dataclass(frozen=True, slots=True)
class CloseInfo:
    """How a connection ended.

    ``code`` is the close code, a plain ``int`` (None when none is known), ``reason`` the
    close reason verbatim, ``initiator`` who started the close, ``clean`` whether the
    closing handshake completed (RFC 6455 section 7.1.4). 1005 (no status) is a normal
    close, not an error.
    """

    code: int | None
    reason: str = ""
    initiator: CloseInitiator = CloseInitiator.NONE
    clean: bool = False

    def __post_init__(self) -> None:
        # A library's IntEnum member (e.g. aiohttp's WSCloseCode) is an int that prints,
        # compares in JSON and pickles as its enum: keep the plain number.
        if self.code is not None and type(self.code) is not int:
            object.__setattr__(self, "code", int(self.code))

    @property
    def is_error(self) -> bool:
        """True unless the close was clean with 1000, 1001 or 1005."""
        return not (self.clean and self.code in (1000, 1001, NO_STATUS_CODE))

    def describe(self) -> str:
        """One line for the status bar, e.g. ``Closed by server: 1011 internal error, 'db'``."""
        if self.initiator is CloseInitiator.NONE:
            head = "Connection lost"
        elif self.initiator is CloseInitiator.CLIENT:
            head = "Closed by you"
        else:
            head = "Closed by server"
        code = "" if self.code is None else f"{self.code} "
        text = f"{head}: {code}{describe_close_code(self.code)}"
        if self.reason:
            text += f", {self.reason!r}"
        return text


@dataclass(frozen=True, slots=True)
class ReconnectPolicy:
    """Exponential backoff with jitter for automatic reconnects.

    Delays are in seconds: the n-th retry waits ``initial_delay * multiplier**(n-1)``,
    capped at ``max_delay``, then varied by +/- ``jitter`` (a fraction). ``max_attempts``
    None means no limit. A connection that stays up ``reset_after`` seconds resets the
    attempt count.
    """

    initial_delay: float = 0.5
    multiplier: float = 2.0
    max_delay: float = 30.0
    jitter: float = 0.2
    max_attempts: int | None = None
    reset_after: float = 10.0


@dataclass(frozen=True, slots=True)
class ConnectionOptions:
    """Everything that shapes one connection; every field has a safe default.

    Times are in seconds, sizes in bytes. ``headers`` are (name, value) pairs sent with
    the handshake; ``secret_headers`` names more headers whose values are secrets (besides
    Authorization, Cookie, Proxy-Authorization); ``subprotocols`` are offered in order in
    Sec-WebSocket-Protocol (RFC 6455 section 4.1); ``origin`` is sent as Origin when set.
    ``max_message_size`` 0 means no limit. ``ping_interval`` None turns the heartbeat off.
    ``verify_tls`` False skips certificate checks for this connection only; ``ca_file``,
    ``client_cert``, ``client_key`` and ``client_key_password`` are PEM file paths and the
    key's passphrase. ``proxy`` is an explicit ``http://[user:password@]host:port`` proxy;
    when it is None, ``use_system_proxy`` takes the proxy from HTTP_PROXY, HTTPS_PROXY and
    NO_PROXY. ``max_redirects`` bounds the redirects followed on the upgrade.
    ``reconnect`` None turns reconnecting off. ``show_control_frames`` logs pings,
    pongs and close frames, sent and received, as PING, PONG and CLOSE entries.
    """

    url: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    subprotocols: tuple[str, ...] = ()
    connect_timeout: float = 10.0
    close_timeout: float = 2.0
    ping_interval: float | None = 20.0
    ping_timeout: float = 10.0
    max_message_size: int = 4 * 1024 * 1024
    verify_tls: bool = True
    ca_file: str | None = None
    client_cert: str | None = None
    proxy: str | None = None
    compress: bool = True
    reconnect: ReconnectPolicy | None = field(default=None)
    origin: str | None = None
    secret_headers: tuple[str, ...] = ()
    client_key: str | None = None
    client_key_password: str | None = None
    use_system_proxy: bool = False
    max_redirects: int = 5
    show_control_frames: bool = False


@dataclass(frozen=True, slots=True)
class TlsInfo:
    """What the TLS handshake showed of the server (RFC 8446 / RFC 5280 terms).

    ``version`` e.g. ``TLSv1.3`` and ``cipher`` the cipher suite ('' when the handshake
    did not finish); ``peer_subject`` and ``peer_issuer`` the certificate's names in
    RFC 4514 form; ``not_before`` and ``not_after`` its validity, seconds since the
    epoch; ``sha256_fingerprint`` the SHA-256 of its DER bytes as colon-separated hex;
    ``alt_names`` the subject alternative names (``DNS:host``, ``IP:127.0.0.1``);
    ``chain`` the subjects of the chain the server sent, leaf first, when the Python
    version can read it (3.13+), else empty; ``verified`` False when verification was
    off or failed; ``problem`` why verification failed, in plain words, or ''.
    """

    version: str = ""
    cipher: str = ""
    peer_subject: str = ""
    peer_issuer: str = ""
    not_before: float | None = None
    not_after: float | None = None
    sha256_fingerprint: str = ""
    alt_names: tuple[str, ...] = ()
    chain: tuple[str, ...] = ()
    verified: bool = True
    problem: str = ""


@dataclass(frozen=True, slots=True)
class HandshakeInfo:
    """What a connection's opening handshake said and settled (RFC 6455 section 4.1).

    ``protocol`` is the negotiated subprotocol or None, ``extensions`` the negotiated
    Sec-WebSocket-Extensions value ('' for none), ``tls_unverified`` True when the
    connection uses TLS with certificate verification skipped, ``url`` the URL connected
    to after any redirects ('' when unknown). ``request_line`` (``GET /path HTTP/1.1``)
    and ``request_headers`` are what went out on the last hop; ``status`` (the HTTP
    status, None when no answer came), ``status_line`` (``HTTP/1.1 101 Switching
    Protocols``) and ``response_headers`` what came back; headers are (name, value)
    pairs in wire order with secret values as ``***``. ``redirects`` has one line per
    redirect followed; ``tls`` is None for ws://.
    """

    protocol: str | None = None
    extensions: str = ""
    tls_unverified: bool = False
    url: str = ""
    status: int | None = None
    request_line: str = ""
    request_headers: tuple[tuple[str, str], ...] = ()
    status_line: str = ""
    response_headers: tuple[tuple[str, str], ...] = ()
    redirects: tuple[str, ...] = ()
    tls: TlsInfo | None = None

    def describe(self) -> str:
        """One line, e.g. ``subprotocol: chat.v1 · extensions: permessage-deflate``."""
        extensions = self.extensions.split(";")[0].strip() or "none"
        return f"subprotocol: {self.protocol or 'none'} · extensions: {extensions}"


@dataclass(frozen=True, slots=True)
class Environment:
    """A named set of variables that fill ``{{name}}`` in URLs, headers, origins and sent
    text. ``variables`` are (name, value) pairs in the order the user keeps them;
    ``secret_names`` are the names whose values are secrets: kept in the keyring, never
    in the workspace file, and masked wherever text is shown."""

    name: str
    variables: tuple[tuple[str, str], ...] = ()
    secret_names: frozenset[str] = frozenset()

    def values(self) -> dict[str, str]:
        """The variables as a mapping (a later pair of the same name wins)."""
        return dict(self.variables)

    def secret_values(self) -> frozenset[str]:
        """The values of the secret variables."""
        return frozenset(v for n, v in self.variables if n in self.secret_names and v)
