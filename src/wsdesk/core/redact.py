"""Keeping secrets out of logs, status text, exports and settings files.

A secret is the value of an Authorization, Cookie or Proxy-Authorization header (or any
header the user marks secret), the password in a URL's user info, and any query
parameter whose name contains token, key, secret or password (case-insensitive).
Every such value is replaced by ``***``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

MASK = "***"
# Shorter secrets would match inside unrelated words and numbers (see redact_text).
MIN_FREE_TEXT_SECRET = 4
SECRET_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})
_SECRET_PARAM = re.compile(r"token|key|secret|passw", re.IGNORECASE)


def is_secret_header(name: str, marked: Iterable[str] = ()) -> bool:
    """True for Authorization, Cookie, Proxy-Authorization and the ``marked`` names."""
    lowered = name.strip().lower()
    return lowered in SECRET_HEADERS or lowered in {m.strip().lower() for m in marked}


def is_secret_param(name: str) -> bool:
    """True for query parameter names like token, api_key, client_secret, password."""
    return bool(_SECRET_PARAM.search(name))


def redact_headers(
    headers: Iterable[tuple[str, str]], marked: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """``headers`` with every secret value replaced by ``***`` (names kept, order kept)."""
    marked = tuple(marked)
    return [(name, MASK if is_secret_header(name, marked) else value) for name, value in headers]


def split_url(url: str) -> SplitResult | None:
    """``url`` split by urlsplit, or None when it cannot be parsed (``ws://[::1``).

    Text with no ``scheme://`` (a proxy typed as ``user:pass@host:port``) is split as a
    network location, so its user info is found; the result's scheme is then ''.
    """
    try:
        parts = urlsplit(url if "://" in url else "//" + url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return None
    return parts


def redact_url(url: str) -> str:
    """``url`` with the user-info password and secret query values replaced by ``***``.

    Also for text with no scheme (``user:pass@host:port``); unparsable text is returned
    unchanged.
    """
    parts = split_url(url)
    if parts is None:
        return url
    netloc = parts.netloc
    if parts.password is not None:
        userinfo, _, hostport = netloc.rpartition("@")
        user = userinfo.partition(":")[0]
        netloc = f"{user}:{MASK}@{hostport}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(is_secret_param(name) for name, _ in pairs):
            masked = [(n, MASK if is_secret_param(n) else v) for n, v in pairs]
            query = urlencode(masked, safe="*")
    joined = urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    return joined if "://" in url else joined.removeprefix("//")


def masked_secrets(url: str) -> list[str]:
    """The parts of ``url`` that hold ``***`` where a secret was: a URL read back from a
    place secrets are kept out of (recent URLs, an export). Names like ``password``, ``token``.
    """
    parts = split_url(url)
    if parts is None:
        return []
    found = ["password"] if parts.password == MASK else []
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    found += [name for name, value in pairs if value == MASK and is_secret_param(name)]
    return found


def redact_text(text: str, secrets: Iterable[str]) -> str:
    """``text`` with each non-empty secret value replaced by ``***``.

    A secret of ``MIN_FREE_TEXT_SECRET`` characters or more is masked wherever it occurs.
    A shorter one (``?key=0``, password ``p``) is masked only where it stands alone, not
    inside a word, number or address, so "127.0.0.1" and "AUTHORIZATION" stay readable.
    """
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        if len(secret) >= MIN_FREE_TEXT_SECRET:
            text = text.replace(secret, MASK)
        else:
            text = re.sub(rf"(?<![\w.:/@-]){re.escape(secret)}(?![\w.:/@-])", MASK, text)
    return text
