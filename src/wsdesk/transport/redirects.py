"""Rules for redirects answered to the upgrade request, which wsdesk follows itself."""

from __future__ import annotations

from collections.abc import Iterable

from yarl import URL

from wsdesk.core.redact import is_secret_header, redact_url
from wsdesk.transport.channel import UnrecoverableError

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# A redirect to http(s) means the same endpoint over ws(s) (RFC 6455 section 3).
_WS_TWINS = {"ws": "ws", "wss": "wss", "http": "ws", "https": "wss"}


class RedirectError(UnrecoverableError):
    """A redirect wsdesk will not follow: too many hops, or a target that is not ws(s)."""


class Redirected(Exception):
    """Raised inside the upgrade request when the server answers with a redirect."""

    def __init__(self, status: int, location: str) -> None:
        super().__init__(status, location)
        self.status = status
        self.location = location


def redirect_target(current: URL, status: int, location: str) -> URL:
    """The ws:// or wss:// URL a ``status`` redirect from ``current`` to ``location`` means.

    Relative locations resolve against ``current``; http(s) maps to ws(s). Raises
    RedirectError for any other scheme or an unusable location.
    """
    try:
        target = current.join(URL(location))
    except ValueError:
        raise RedirectError(f"redirected ({status}) to an invalid URL: {location!r}") from None
    scheme = _WS_TWINS.get(target.scheme)
    if scheme is None or not target.host:
        shown = redact_url(str(target))
        raise RedirectError(f"redirected ({status}) to {shown}, which is not a WebSocket URL")
    return target.with_scheme(scheme)


def same_origin(first: URL, second: URL) -> bool:
    """True when both URLs share scheme, host and port (RFC 6454 section 4)."""
    return (first.scheme, first.host, first.port) == (second.scheme, second.host, second.port)


def without_credentials(
    headers: Iterable[tuple[str, str]], marked: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """``headers`` without Authorization, Cookie and the ``marked`` secret headers."""
    marked = tuple(marked)
    return [(name, value) for name, value in headers if not is_secret_header(name, marked)]
