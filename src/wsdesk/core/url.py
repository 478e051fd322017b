"""The rules that turn what a user typed into a WebSocket URL, checked before any I/O."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

_HAS_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# RFC 6455 section 3 defines ws and wss; http(s) are accepted as their WebSocket twins.
_SCHEMES = {"ws": "ws", "wss": "wss", "http": "ws", "https": "wss"}


class InvalidURLError(ValueError):
    """The text is not a usable ws:// or wss:// URL; ``str()`` says why in plain words."""


def normalize_ws_url(text: str) -> str:
    """Return ``text`` as a ws:// or wss:// URL.

    Surrounding spaces are trimmed; text without a scheme (``host:port/path``) gets
    ``ws://``; ``http://`` and ``https://`` become ``ws://`` and ``wss://``.
    Raises InvalidURLError for empty text, another scheme, a missing host, spaces inside,
    or a port outside 1-65535.
    """
    url = text.strip()
    if not url:
        raise InvalidURLError("Enter a URL, for example ws://127.0.0.1:8765/")
    if any(ch.isspace() for ch in url):
        raise InvalidURLError("The URL contains spaces")
    if not _HAS_SCHEME.match(url):
        url = "ws://" + url
    parts = urlsplit(url)
    scheme = _SCHEMES.get(parts.scheme.lower())
    if scheme is None:
        raise InvalidURLError(f"Unsupported scheme '{parts.scheme}': use ws:// or wss://")
    if not parts.hostname:
        raise InvalidURLError("The URL has no host")
    try:
        port = parts.port
    except ValueError:
        raise InvalidURLError("The port must be a number from 1 to 65535") from None
    if port == 0:
        raise InvalidURLError("The port must be a number from 1 to 65535")
    path = parts.path or "/"
    return urlunsplit((scheme, parts.netloc, path, parts.query, ""))
