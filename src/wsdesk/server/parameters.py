"""Checked parameters of the playground's routes: a bad or too-big value is a 400 that says
what is allowed, before the upgrade, so a typo cannot exhaust the machine."""

from __future__ import annotations

import math
import re

from aiohttp import web

from wsdesk.models import MAX_CLOSE_REASON, is_valid_close_code

# RFC 7230 section 3.2.6: a subprotocol name is a token (RFC 6455 section 4.1).
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")


def bad_request(text: str) -> web.HTTPBadRequest:
    """A 400 whose plain-text body is ``text``."""
    return web.HTTPBadRequest(text=text + "\n")


def whole_number(text: str | None, name: str, default: int, low: int, high: int) -> int:
    """``text`` as an int from ``low`` to ``high``; ``default`` when absent.

    Raises HTTPBadRequest naming the parameter and the allowed range.
    """
    if text is None:
        return default
    # Plain ASCII digits only: int() would also take "1_000", " 5" and other scripts' digits.
    # Leading zeros aside, more digits than ``high`` has is out of range without int(),
    # which refuses over 4300 digits with a ValueError.
    digits = text.lstrip("0") or "0"
    plain = text.isascii() and text.isdigit() and len(digits) <= len(str(high))
    value = int(digits) if plain else low - 1
    if not low <= value <= high:
        raise bad_request(f"{name} must be a whole number from {low} to {high}, not {text!r}")
    return value


def seconds(text: str | None, name: str, default: float, high: float) -> float:
    """``text`` as a number of seconds from 0 to ``high``; ``default`` when absent.

    Raises HTTPBadRequest naming the parameter and the allowed range.
    """
    if text is None:
        return default
    try:
        value = float(text) if _DECIMAL.fullmatch(text) else math.nan
    except ValueError:
        value = math.nan
    if not 0 <= value <= high:  # also refuses nan
        raise bad_request(f"{name} must be a number of seconds from 0 to {high:g}, not {text!r}")
    return value


def close_code(text: str) -> int:
    """A close code a server may send: 1000-1003, 1007-1014 or 3000-4999 (RFC 6455
    section 7.4; 1004-1006 and 1015 are never sent, 1016-2999 are reserved).

    Raises HTTPBadRequest otherwise.
    """
    code = whole_number(text, "the close code", 1000, 1000, 4999)
    if not is_valid_close_code(code):
        raise bad_request(
            f"{code} cannot be sent in a close frame: use 1000-1003, 1007-1014 or 3000-4999"
        )
    return code


def close_reason(text: str | None) -> str:
    """A close reason of at most 123 UTF-8 bytes; '' when absent.

    Raises HTTPBadRequest when it is longer.
    """
    reason = text or ""
    if len(reason.encode("utf-8")) > MAX_CLOSE_REASON:
        raise bad_request(f"the reason must be at most {MAX_CLOSE_REASON} bytes of UTF-8")
    return reason


def http_status(text: str) -> int:
    """An HTTP status to refuse an upgrade with: 200-599 except 101.

    Raises HTTPBadRequest otherwise.
    """
    return whole_number(text, "the status", 400, 200, 599)


def subprotocol(text: str) -> str:
    """A subprotocol name: an HTTP token (RFC 6455 section 4.1). Raises HTTPBadRequest."""
    if not _TOKEN.fullmatch(text):
        raise bad_request(
            f"{text!r} is not a subprotocol name (letters, digits and !#$%&'*+-.^_`|~)"
        )
    return text
