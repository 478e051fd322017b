"""The rules that turn what a user typed into a WebSocket URL, checked before any I/O."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit, urlunsplit

_HAS_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# "name:" followed by something other than a port number: a scheme without "//".
_BARE_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):(?!\d+(?:[/?#]|$))")
# RFC 6455 section 3 defines ws and wss; http(s) are accepted as their WebSocket twins.
_SCHEMES = {"ws": "ws", "wss": "wss", "http": "ws", "https": "wss"}
_DOTTED_NUMBERS = re.compile(r"^[\d.]+$")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$")


class InvalidURLError(ValueError):
    """The text is not a usable ws:// or wss:// URL; ``str()`` says why in plain words."""


def normalize_ws_url(text: str) -> str:
    """Return ``text`` as a ws:// or wss:// URL.

    Surrounding spaces are trimmed; text without a scheme (``host:port/path``) gets
    ``ws://``; ``http://`` and ``https://`` become ``ws://`` and ``wss://``; a fragment is
    dropped (RFC 6455 section 3 forbids one). Raises InvalidURLError for empty text, spaces,
    control or invisible characters, backslashes, another scheme, a missing or malformed
    host, or a port outside 1-65535.
    """
    url = text.strip()
    if not url:
        raise InvalidURLError("Enter a URL, for example ws://127.0.0.1:8765/")
    if any(ch.isspace() for ch in url):
        raise InvalidURLError("The URL contains spaces")
    if not url.isprintable():
        raise InvalidURLError("The URL contains invisible or control characters")
    if "\\" in url:
        raise InvalidURLError("The URL contains a backslash (use / in paths)")
    if not _HAS_SCHEME.match(url):
        bare = _BARE_SCHEME.match(url)
        if bare:
            scheme = bare.group(1)
            if scheme.lower() in _SCHEMES:
                raise InvalidURLError(f"Write the scheme with two slashes: {scheme}://…")
            raise InvalidURLError(f"Unsupported scheme '{scheme}': use ws:// or wss://")
        url = "ws://" + url
    try:
        parts = urlsplit(url)
        scheme = _SCHEMES.get(parts.scheme.lower())
        if scheme is None:
            raise InvalidURLError(f"Unsupported scheme '{parts.scheme}': use ws:// or wss://")
        host = parts.hostname
        port = parts.port
    except InvalidURLError:
        raise
    except ValueError as exc:
        message = str(exc)
        if "port" in message.lower():
            raise InvalidURLError("The port must be a number from 1 to 65535") from None
        raise InvalidURLError(f"The URL is not valid ({message})") from None
    if not host:
        raise InvalidURLError("The URL has no host")
    _check_host(host)
    if port == 0:
        raise InvalidURLError("The port must be a number from 1 to 65535")
    path = parts.path or "/"
    return urlunsplit((scheme, parts.netloc, path, parts.query, ""))


def _shown(host: str) -> str:
    return host if len(host) <= 60 else host[:57] + "…"


def _check_host(host: str) -> None:
    if ":" in host:  # an IPv6 literal; urlsplit has already removed the brackets
        try:
            ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            raise InvalidURLError(f"'{_shown(host)}' is not a valid IPv6 address") from None
        return
    if _DOTTED_NUMBERS.match(host):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            raise InvalidURLError(f"'{_shown(host)}' is not a valid IPv4 address") from None
        return
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise InvalidURLError(f"'{_shown(host)}' is not a valid host name") from None
    labels = ascii_host.rstrip(".").split(".")
    if len(ascii_host) > 253 or not all(_LABEL.match(label) for label in labels):
        raise InvalidURLError(f"'{_shown(host)}' is not a valid host name")
