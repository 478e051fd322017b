"""Parsing what a user types into a message payload."""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import sys
from typing import Any

_BASE64_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_HEX_SEPARATORS = re.compile(r"[\s,:]+")
_TOO_BIG = "JSON too big for wsdesk to read"


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


class JSONError(PayloadError):
    """Text that is not JSON (RFC 8259) or that Python cannot read as JSON.

    ``line`` and ``column`` (both from 1) locate a syntax error and are None when the
    fault has no single place (nesting too deep, a number with too many digits);
    ``reason`` is the plain-language cause.
    """

    def __init__(
        self,
        reason: str,
        line: int | None = None,
        column: int | None = None,
        *,
        summary: str = "invalid JSON",
    ) -> None:
        where = "" if line is None else f" at line {line}, column {column}"
        super().__init__(f"{summary}{where}: {reason}")
        self.reason = reason
        self.line = line
        self.column = column


def _reject_constant(name: str) -> Any:
    raise JSONError(f"{name} is not a JSON value (JSON numbers are finite)")


def _finite_float(text: str) -> float:
    # RFC 8259 section 6 lets a reader limit the range; Python would read 1e400 as inf
    # and write it back as Infinity, which is not JSON.
    value = float(text)
    if math.isinf(value):
        shown = text if len(text) <= 24 else text[:24] + "…"
        raise JSONError(f"the number {shown} is too large for a 64-bit float", summary=_TOO_BIG)
    return value


def parse_json(text: str) -> Any:
    """The value ``text`` holds as JSON (RFC 8259); every JSON parse in wsdesk goes here.

    Raises JSONError (a PayloadError) naming the line and column (both from 1) of the
    first error, and also for what Python's parser refuses as a whole: nesting deeper
    than the interpreter's recursion limit, an integer longer than
    ``sys.get_int_max_str_digits()`` digits, a number beyond a 64-bit float (1e400), and
    NaN or Infinity (not JSON).
    """
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        raise JSONError(exc.msg, exc.lineno, exc.colno) from exc
    except JSONError:
        raise
    except RecursionError:
        # Raised from deep inside the parser; the stack is unwound by now.
        raise JSONError("nested too deeply", summary=_TOO_BIG) from None
    except ValueError as exc:
        # int() refuses huge digit strings (CVE-2020-10735); nothing else raises here.
        raise JSONError(
            f"a number has more than {sys.get_int_max_str_digits()} digits", summary=_TOO_BIG
        ) from exc


def _dumps(value: Any, **options: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, **options)
    except RecursionError:
        raise JSONError("nested too deeply", summary=_TOO_BIG) from None


def pretty_json(text: str, indent: int = 2) -> str:
    """``text`` re-indented with ``indent`` spaces, keys in their order, non-ASCII kept.

    Raises JSONError as :func:`parse_json`, or when the value is nested too deeply to
    write back.
    """
    return pretty_json_value(parse_json(text), indent)


def pretty_json_value(value: Any, indent: int = 2) -> str:
    """``value`` (as :func:`parse_json` returns) written as JSON indented by ``indent``;
    raises JSONError when it is nested too deeply to write."""
    return _dumps(value, indent=indent)


def minify_json(text: str) -> str:
    """``text`` as compact JSON with no spaces; raises JSONError as :func:`pretty_json`."""
    return _dumps(parse_json(text), separators=(",", ":"))
