"""Parsing what a user types into a message payload."""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

_BASE64_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_HEX_SEPARATORS = re.compile(r"[\s,:]+")


class PayloadError(ValueError):
    """The typed payload cannot be turned into bytes; ``str()`` says why."""


def parse_hex(text: str) -> bytes:
    """Bytes from hex digits; spaces, newlines, commas, colons and ``0x`` prefixes are allowed.

    Raises PayloadError for a character that is not a hex digit or an odd digit count.
    """
    tokens = _HEX_SEPARATORS.split(text)
    # "0x" is a prefix of a token ("0xde 0xad"), never something to drop mid-token.
    digits = "".join(t[2:] if t[:2].lower() == "0x" else t for t in tokens)
    bad = next((ch for ch in digits if ch not in "0123456789abcdefABCDEF"), None)
    if bad is not None:
        raise PayloadError(f"'{bad}' is not a hex digit")
    if len(digits) % 2:
        raise PayloadError("hex needs an even number of digits (two per byte)")
    return bytes.fromhex(digits)


def parse_base64(text: str) -> bytes:
    """Bytes from standard or URL-safe base64 (RFC 4648); whitespace is ignored.

    Missing ``=`` padding is added. Raises PayloadError for any other character or a
    length that no base64 text can have.
    """
    compact = re.sub(r"\s+", "", text).replace("-", "+").replace("_", "/")
    bad = next((ch for ch in compact.rstrip("=") if ch not in _BASE64_ALPHABET), None)
    if bad is not None:
        raise PayloadError(f"'{bad}' is not a base64 character")
    if len(compact.rstrip("=")) % 4 == 1:
        raise PayloadError("base64 text has an impossible length (one character too many)")
    padded = compact.rstrip("=") + "=" * (-len(compact.rstrip("=")) % 4)
    try:
        return base64.b64decode(padded, validate=True)
    except binascii.Error as exc:
        raise PayloadError(f"not valid base64: {exc}") from exc


def parse_json(text: str) -> Any:
    """The value ``text`` holds as JSON (RFC 8259).

    Raises PayloadError naming the line and column (both from 1) of the first error.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise PayloadError(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc


def pretty_json(text: str, indent: int = 2) -> str:
    """``text`` re-indented with ``indent`` spaces, keys in their order, non-ASCII kept.

    Raises PayloadError as :func:`parse_json`.
    """
    return json.dumps(parse_json(text), indent=indent, ensure_ascii=False)


def minify_json(text: str) -> str:
    """``text`` as compact JSON with no spaces; raises PayloadError as :func:`parse_json`."""
    return json.dumps(parse_json(text), separators=(",", ":"), ensure_ascii=False)
