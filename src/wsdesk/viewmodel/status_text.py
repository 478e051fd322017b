"""The wording every view shows for a connection: status lines and close descriptions.

The window's status bar and ``wsdesk-cli``'s stderr both read this module, so the two
views say the same thing in the same words. Qt-free and side-effect free.
"""

from __future__ import annotations

from dataclasses import dataclass

from wsdesk.core.redact import redact_url
from wsdesk.models import CloseInfo, CloseInitiator, ConnectionState, describe_close_code


@dataclass(frozen=True, slots=True)
class StatusFacts:
    """What a status line is made of.

    ``url`` is shown redacted; ``round_trip`` and ``reconnect_in`` are seconds or None;
    ``reconnect_attempt`` is 0 when not reconnecting; ``error`` is plain-language text.
    """

    state: ConnectionState
    url: str = ""
    protocol: str | None = None
    round_trip: float | None = None
    reconnect_attempt: int = 0
    reconnect_in: float | None = None
    close_info: CloseInfo | None = None
    error: str | None = None


def format_round_trip(seconds: float) -> str:
    """A round-trip time (seconds) as a short figure: ``0.4 ms``, ``12 ms``."""
    millis = seconds * 1000
    return f"{millis:.1f} ms" if millis < 10 else f"{millis:.0f} ms"


def describe_close(info: CloseInfo, failure: str | None) -> str:
    """How a connection ended, in words: who closed, the code's name, the reason, the cause.

    ``failure`` is why the connection failed or was lost, or None for an orderly close.
    """
    if failure and info.initiator is CloseInitiator.NONE:
        return f"Connection lost: {failure} ({info.code}, no close frame)"
    if failure and info.initiator is CloseInitiator.CLIENT and info.code not in (1000, 1001):
        # We failed the connection because of what the server sent (RFC 6455 section 7.1.7).
        return f"Connection failed: {info.code} {describe_close_code(info.code)}: {failure}"
    text = info.describe()
    return f"{text}: {failure}" if failure else text


def connecting_text(url: str, attempt: int) -> str:
    """The event logged when an attempt starts, e.g. ``Connecting to ws://h/ (attempt 2)``."""
    suffix = f" (attempt {attempt})" if attempt else ""
    return f"Connecting to {redact_url(url)}{suffix}"


def status_line(facts: StatusFacts) -> str:
    """One line that says what the connection is doing or how it ended."""
    state, url = facts.state, redact_url(facts.url)
    if state is ConnectionState.CONNECTING:
        attempt = f" (attempt {facts.reconnect_attempt})" if facts.reconnect_attempt else ""
        return f"Connecting to {url}…{attempt}"
    if state is ConnectionState.OPEN:
        suffix = f" (subprotocol {facts.protocol})" if facts.protocol else ""
        if facts.round_trip is not None:
            suffix += f" · ping {format_round_trip(facts.round_trip)}"
        return f"Open: {url}{suffix}"
    if state is ConnectionState.CLOSING:
        return "Disconnecting…"
    if state is ConnectionState.RECONNECTING:
        text = f"Reconnecting: attempt {facts.reconnect_attempt}"
        if facts.reconnect_in is not None:
            text += f", next in {facts.reconnect_in:.1f} s"
        cause = last_cause(facts)
        return f"{text} · {cause}" if cause else text
    if facts.close_info is not None:
        return describe_close(facts.close_info, facts.error)
    if facts.error:
        return f"Disconnected: {facts.error}"
    return "Disconnected"


def last_cause(facts: StatusFacts) -> str:
    """Why the last connection ended or the last attempt failed, or ''."""
    if facts.close_info is not None:
        return describe_close(facts.close_info, facts.error)
    return facts.error or ""


def status_is_error(facts: StatusFacts) -> bool:
    """True when the status reports a failure: an error, or a close that was not clean.

    Only a DISCONNECTED connection reports one; a clean 1000, 1001 or 1005 close is not
    an error (RFC 6455 section 7.4.1).
    """
    if facts.state is not ConnectionState.DISCONNECTED:
        return False
    return facts.error is not None or (facts.close_info is not None and facts.close_info.is_error)
