"""SettingsViewModel: a draft of ConnectionOptions, edited field by field and validated."""

from __future__ import annotations

import dataclasses
import enum
import os
from collections.abc import Sequence
from typing import Any
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from psygnal import Signal

from wsdesk.core.headers import (
    basic_header,
    bearer_header,
    credentials_conflict,
    header_error,
    subprotocol_error,
)
from wsdesk.core.redact import is_secret_header, split_url
from wsdesk.core.url import InvalidURLError, normalize_ws_url
from wsdesk.models import MAX_PAYLOAD_LENGTH, ConnectionOptions


class ProxyMode(enum.Enum):
    """How a connection reaches the network."""

    NONE = "No proxy"
    SYSTEM = "System (HTTP_PROXY, HTTPS_PROXY, NO_PROXY)"
    EXPLICIT = "This proxy"


@dataclasses.dataclass(frozen=True, slots=True)
class HeaderRow:
    """One row of the headers table; ``secret`` masks the value everywhere it is shown."""

    name: str
    value: str
    secret: bool = False


class SettingsViewModel:
    """Edits a draft copy of ``options``; nothing applies until :meth:`result`.

    ``draft`` is the ConnectionOptions being edited; ``errors`` maps a field name
    (``headers``, ``url``, ``subprotocols``, ``origin``, ``proxy``, ``ca_file``, ...)
    to a plain-language problem; ``header_errors`` gives one problem or None per header
    row. ``changed`` fires after every edit. Times are seconds, sizes bytes.
    """

    changed = Signal()

    def __init__(self, options: ConnectionOptions) -> None:
        self._draft = options
        self._proxy_mode = _mode_of(options)
        self._proxy_url = options.proxy or ""

    # -- state ------------------------------------------------------------------------

    @property
    def draft(self) -> ConnectionOptions:
        return self._draft

    def load(self, options: ConnectionOptions) -> None:
        """Start editing ``options`` instead (e.g. a saved connection)."""
        self._draft = options
        self._proxy_mode = _mode_of(options)
        self._proxy_url = options.proxy or ""
        self.changed.emit()

    def update(self, **changes: Any) -> None:
        """Set plain fields of the draft (``origin``, ``compress``, ``verify_tls``, ...).

        Raises TypeError for a name ConnectionOptions does not have.
        """
        self._draft = dataclasses.replace(self._draft, **changes)
        self.changed.emit()

    # -- URL and query ----------------------------------------------------------------

    @property
    def query_params(self) -> list[tuple[str, str]]:
        """The URL's query parameters, in order; none while the URL cannot be parsed."""
        parts = _split(self._draft.url)
        return parse_qsl(parts.query, keep_blank_values=True) if parts is not None else []

    def set_query_params(self, params: Sequence[tuple[str, str]]) -> None:
        """Rewrite the URL's query from ``params``; rows with no name are left out.

        The URL stays as it is while it cannot be parsed (its error says why).
        """
        parts = _split(self._draft.url)
        if parts is None:
            return
        query = urlencode([(n, v) for n, v in params if n.strip()])
        self.update(url=urlunsplit(parts._replace(query=query)))

    # -- headers and auth -------------------------------------------------------------

    @property
    def header_rows(self) -> list[HeaderRow]:
        marked = self._draft.secret_headers
        return [HeaderRow(n, v, is_secret_header(n, marked)) for n, v in self._draft.headers]

    @property
    def header_errors(self) -> list[str | None]:
        return [header_error(row.name, row.value) for row in self.header_rows]

    def set_headers(self, rows: Sequence[HeaderRow]) -> None:
        """Replace the headers; fully empty rows are dropped, ``secret`` rows marked."""
        kept = [row for row in rows if row.name.strip() or row.value]
        marked = tuple(r.name.strip() for r in kept if r.secret and not is_secret_header(r.name))
        self.update(headers=tuple((r.name.strip(), r.value) for r in kept), secret_headers=marked)

    def use_bearer(self, token: str) -> None:
        """Set ``Authorization: Bearer <token>`` (replacing any Authorization header)."""
        self._set_authorization(bearer_header(token))

    def use_basic(self, user: str, password: str) -> None:
        """Set ``Authorization: Basic ...``. Raises ValueError for a user with ':'."""
        self._set_authorization(basic_header(user, password))

    def _set_authorization(self, header: tuple[str, str]) -> None:
        rows = [r for r in self.header_rows if r.name.strip().lower() != "authorization"]
        self.set_headers([HeaderRow(*header, secret=True), *rows])

    # -- subprotocols and proxy -------------------------------------------------------

    def set_subprotocols(self, protocols: Sequence[str]) -> None:
        """Offer ``protocols`` in this order; blank entries are dropped."""
        self.update(subprotocols=tuple(p.strip() for p in protocols if p.strip()))

    @property
    def proxy_mode(self) -> ProxyMode:
        return self._proxy_mode

    @property
    def proxy_url(self) -> str:
        """The explicit proxy URL, kept while another mode is chosen."""
        return self._proxy_url

    def set_proxy(self, mode: ProxyMode, url: str = "") -> None:
        """Use no proxy, the system one, or ``url`` (``http://[user:pass@]host:port``)."""
        self._proxy_mode, self._proxy_url = mode, url.strip()
        explicit = mode is ProxyMode.EXPLICIT
        self.update(
            proxy=(self._proxy_url or None) if explicit else None,
            use_system_proxy=mode is ProxyMode.SYSTEM,
        )

    # -- validation -------------------------------------------------------------------

    @property
    def errors(self) -> dict[str, str]:
        draft, found = self._draft, {}
        header_problems = [p for p in self.header_errors if p]
        if header_problems:
            found["headers"] = header_problems[0]
        parts = split_url(draft.url)
        if draft.url and parts is None:
            found["url"] = _url_problem(draft.url)
        elif draft.url and parts and (parts.scheme not in ("ws", "wss") or not parts.hostname):
            found["url"] = "The URL must start with ws:// or wss:// and name a host"
        conflict = credentials_conflict(draft.url, draft.headers)
        if conflict is not None:
            found.setdefault("url", conflict)
        bad = [error for p in draft.subprotocols if (error := subprotocol_error(p))]
        if bad:
            found["subprotocols"] = bad[0]
        if draft.origin and header_error("Origin", draft.origin):
            found["origin"] = "Origin must be Latin-1 text on one line"
        if self._proxy_mode is ProxyMode.EXPLICIT:
            proxy = split_url(self._proxy_url)
            if proxy is None or proxy.scheme not in ("http", "https") or not proxy.hostname:
                found["proxy"] = "Enter the proxy as http://host:port"
        for field in ("ca_file", "client_cert", "client_key"):
            path = getattr(draft, field)
            if path and not os.path.isfile(path):
                found[field] = f"No such file: {path}"
        if draft.client_key and not draft.client_cert:
            found["client_cert"] = "A client key needs its certificate"
        for field in ("connect_timeout", "close_timeout", "ping_timeout"):
            if getattr(draft, field) <= 0:
                found[field] = "Must be more than 0 seconds"
        if draft.ping_interval is not None and draft.ping_interval <= 0:
            found["ping_interval"] = "Must be more than 0 seconds, or off"
        if not 0 <= draft.max_message_size <= MAX_PAYLOAD_LENGTH:
            found["max_message_size"] = "Must be 0 (no limit) or more bytes, up to 2^63 - 1"
        return found

    def result(self) -> ConnectionOptions:
        """The edited options. Raises ValueError with the first problem if any."""
        problems = self.errors
        if problems:
            raise ValueError(next(iter(problems.values())))
        return self._draft


def _split(url: str) -> SplitResult | None:
    # urlsplit raises ValueError for unbalanced IPv6 brackets ("ws://[").
    try:
        return urlsplit(url)
    except ValueError:
        return None


def _url_problem(url: str) -> str:
    try:
        normalize_ws_url(url)
    except InvalidURLError as exc:
        return str(exc)
    return "The URL is not valid"


def _mode_of(options: ConnectionOptions) -> ProxyMode:
    if options.proxy:
        return ProxyMode.EXPLICIT
    return ProxyMode.SYSTEM if options.use_system_proxy else ProxyMode.NONE
