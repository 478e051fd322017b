"""Rules for handshake headers, checked before any I/O, and the auth helpers that fill them."""

from __future__ import annotations

import base64
import re

# RFC 9110 section 5.6.2: a field name is a token.
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def header_error(name: str, value: str) -> str | None:
    """Why ``name: value`` cannot be sent in the opening handshake, or None if it can.

    Names must be RFC 9110 tokens; values must be Latin-1 (ISO-8859-1, the HTTP/1.1
    header encoding) with no line breaks.
    """
    if not name.strip():
        return "a header needs a name"
    if not _TOKEN.match(name.strip()):
        return f"header name {name!r} may only use letters, digits and !#$%&'*+.^_`|~-"
    if "\r" in value or "\n" in value:
        return f"{name}: header values cannot contain line breaks"
    for char in value:
        if ord(char) > 0xFF:
            return f"{name}: header values must be Latin-1; {char!r} is not"
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
