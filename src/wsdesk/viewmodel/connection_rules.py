"""What may be sent and where settings may follow a URL: the checks before a connection acts."""

from __future__ import annotations

import dataclasses

from wsdesk.core.redact import is_secret_header, split_url
from wsdesk.models import MAX_CLOSE_REASON, ConnectionOptions

GOING_AWAY = 1001  # RFC 6455 section 7.4.1: the client is going away (window closed).
# Codes an endpoint may send in a close frame: RFC 6455 sections 7.4.1 and 7.4.2.
_SENDABLE_CLOSE_CODES = frozenset({1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011})


def origin(url: str) -> str:
    """``scheme://host:port`` of ``url`` (default port filled in), '' if it has none."""
    parts = split_url(url)
    if parts is None or not parts.hostname:
        return ""
    port = parts.port or {"ws": 80, "wss": 443}.get(parts.scheme, 0)
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host}:{port}"


def options_for_url(opts: ConnectionOptions, url: str) -> tuple[ConnectionOptions, str | None]:
    """The options for connecting to ``url``, and a note of what was left out, or None.

    Secret headers and "skip verification" were set up for the options' own host: for
    another scheme, host or port they are dropped and verification is back on.
    """
    if origin(url) == origin(opts.url) or not origin(opts.url):
        return dataclasses.replace(opts, url=url), None
    marked = opts.secret_headers
    kept = tuple((n, v) for n, v in opts.headers if not is_secret_header(n, marked))
    dropped = [n for n, _ in opts.headers if is_secret_header(n, marked)]
    if not opts.verify_tls:
        dropped.append("skip verification")
    note = None
    if dropped:
        note = f"Not used for {origin(url)} (set up for {origin(opts.url)}): {', '.join(dropped)}"
    return dataclasses.replace(opts, url=url, headers=kept, verify_tls=True), note


def payload_problem(data: object) -> str | None:
    """Why ``data`` cannot be sent as a message, or None."""
    if isinstance(data, str):
        if data.isascii():  # O(1), and ASCII is UTF-8: no copy of a large text
            return None
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            # RFC 6455 section 5.6: a text message is UTF-8, which has no unpaired surrogates.
            return "the text contains an unpaired surrogate, which is not valid UTF-8"
        return None
    if isinstance(data, bytes | bytearray | memoryview):
        return None
    return f"a message is text (str) or binary (bytes), not {type(data).__name__}"


def close_problem(code: int, reason: str) -> str | None:
    """Why a close frame with ``code`` and ``reason`` may not be sent, or None.

    RFC 6455 section 7.4: 1000-1003 and 1007-1011 (section 7.4.1) and 3000-4999
    (section 7.4.2); the reason must be UTF-8 of at most 123 bytes (section 5.5).
    """
    if code not in _SENDABLE_CLOSE_CODES and not 3000 <= code <= 4999:
        return f"close code {code} may not be sent (RFC 6455 section 7.4)"
    try:
        size = len(reason.encode("utf-8"))
    except UnicodeEncodeError:
        return "the close reason is not valid UTF-8"
    if size > MAX_CLOSE_REASON:
        return f"the close reason is {size} bytes; at most {MAX_CLOSE_REASON} fit in a close frame"
    return None
