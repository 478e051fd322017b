"""Rules for handshake headers, checked before any I/O, and the auth helpers that fill them."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable

from wsdesk.core.redact import split_url

# RFC 9110 section 5.6.2: a field name is a token.
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def header_error(name: str, value: str) -> str | None:
    """Why ``name: value`` cannot be sent in the opening handshake, or None if it can.

    Names must be RFC 9110 tokens; values must be ASCII with no line breaks. HTTP/1.1
    allows Latin-1 bytes too (RFC 9110 section 5.5), but the transport writes headers as
    UTF-8, so a non-ASCII character would not reach the server as the user typed it.
    """
    if not name.strip():
        return "a header needs a name"
    if not _TOKEN.match(name.strip()):
        return f"header name {name!r} may only use letters, digits and !#$%&'*+.^_`|~-"
    if "\r" in value or "\n" in value:
        return f"{name}: header values cannot contain line breaks"
    for char in value:
        if ord(char) > 0x7F:
            return f"{name}: header values must be ASCII; {char!r} is not"
    return None


def subprotocol_error(name: str) -> str | None:
    """Why ``name`` cannot be offered as a subprotocol, or None if it can: each must be
    a token (RFC 6455 section 4.1, RFC 9110 section 5.6.2)."""
    if not _TOKEN.match(name):
        return f"'{name}' is not a valid subprotocol name (RFC 6455 4.1)"
    return None


def credentials_conflict(url: str, headers: Iterable[tuple[str, str]]) -> str | None:
    """Why ``url`` and ``headers`` cannot go together, or None.

    A user name or password in the URL is sent as an Authorization header (RFC 7617),
    so it cannot be combined with an Authorization header of the user's own.
    """
    parts = split_url(url)
    has_userinfo = parts is not None and "@" in parts.netloc
    if has_userinfo and any(n.strip().lower() == "authorization" for n, _ in headers):
        return (
            "The URL has a user name and password and there is an Authorization header: "
            "remove one of them"
        )
    return None


def bearer_header(token: str) -> tuple[str, str]:
    """The ``Authorization: Bearer <token>`` header (RFC 6750 section 2.1)."""
    return ("Authorization", f"Bearer {token.strip()}")


def basic_header(user: str, password: str) -> tuple[str, str]:
    """The ``Authorization: Basic <base64(user:password)>`` header (RFC 7617).

    Raises ValueError when ``user`` contains a colon (RFC 7617 section 2 forbids it).
    """
    if ":" in user:
        raise ValueError("a Basic auth user name cannot contain ':'")
    raw = f"{user}:{password}".encode()
    return ("Authorization", "Basic " + base64.b64encode(raw).decode("ascii"))
