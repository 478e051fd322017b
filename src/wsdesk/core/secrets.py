"""The secret values inside one ConnectionOptions, so that any text can be masked with them."""

from __future__ import annotations

import base64
import binascii
import contextlib
from urllib.parse import parse_qsl, unquote

from wsdesk.core.redact import (
    MASK,
    is_secret_header,
    is_secret_param,
    redact_text,
    redact_url,
    split_url,
)
from wsdesk.models import ConnectionOptions


def secret_values(options: ConnectionOptions) -> frozenset[str]:
    """Every secret in ``options``, as it could appear in a message.

    That is: values of secret headers (and the token or ``user:password`` inside a
    Bearer or Basic value), the URL's password and secret query values (raw and
    percent-decoded), the proxy's password and the client key's passphrase.
    """
    found: set[str] = set()
    for name, value in options.headers:
        if is_secret_header(name, options.secret_headers) and value:
            found.add(value)
            found.update(_auth_parts(value))
    for url in (options.url, options.proxy or ""):
        found.update(_url_secrets(url))
    if options.client_key_password:
        found.add(options.client_key_password)
    return frozenset(s for s in found if s and s != MASK)


def redact_for(options: ConnectionOptions, text: str) -> str:
    """``text`` with every secret of ``options`` and every URL secret replaced by ``***``."""
    return redact_text(text.replace(options.url, redact_url(options.url)), secret_values(options))


def _auth_parts(value: str) -> list[str]:
    scheme, _, credentials = value.strip().partition(" ")
    credentials = credentials.strip()
    if not credentials:
        return []
    parts = [credentials]
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(credentials, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return parts
        parts.append(decoded)
        parts.append(decoded.partition(":")[2])
    return parts


def _url_secrets(url: str) -> list[str]:
    if not url:
        return []
    parts = split_url(url)
    if parts is None:
        return []
    password = parts.password
    found = [password, unquote(password)] if password else []
    if password:
        # aiohttp sends the user info as a Basic Authorization header: a server may echo it.
        pair = f"{unquote(parts.username or '')}:{unquote(password)}"
        for encoding in ("utf-8", "latin-1"):
            with contextlib.suppress(UnicodeEncodeError):
                found.append(base64.b64encode(pair.encode(encoding)).decode("ascii"))
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if is_secret_param(name) and value:
            found.append(value)
    raw = [p.partition("=")[2] for p in parts.query.split("&") if is_secret_param(p.split("=")[0])]
    return found + [v for v in raw if v]
