"""Parsing what a user types into a message payload."""

from __future__ import annotations

import re

_HEX_NOISE = re.compile(r"0x|[\s,:]", re.IGNORECASE)


class PayloadError(ValueError):
    """The typed payload cannot be turned into bytes; ``str()`` says why."""


def parse_hex(text: str) -> bytes:
    """Bytes from hex digits; spaces, newlines, commas, colons and ``0x`` prefixes are allowed.

    Raises PayloadError for a character that is not a hex digit or an odd digit count.
    """
    digits = _HEX_NOISE.sub("", text)
    bad = next((ch for ch in digits if ch not in "0123456789abcdefABCDEF"), None)
    if bad is not None:
        raise PayloadError(f"'{bad}' is not a hex digit")
    if len(digits) % 2:
        raise PayloadError("hex needs an even number of digits (two per byte)")
    return bytes.fromhex(digits)
