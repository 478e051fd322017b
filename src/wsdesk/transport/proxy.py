"""Which HTTP proxy a connection goes through, and what a proxy's refusal means."""

from __future__ import annotations

import base64
import urllib.request
from dataclasses import dataclass
from http import HTTPStatus
from urllib.request import proxy_bypass_environment  # type: ignore[attr-defined]

from yarl import URL

from wsdesk.models import ConnectionOptions
from wsdesk.transport.channel import HandshakeError, UnrecoverableError

PROXY_AUTHENTICATION_REQUIRED = 407


class ProxyError(HandshakeError):
    """The proxy refused to carry the connection; ``status`` is its HTTP status."""

    def __init__(self, status: int) -> None:
        super().__init__(status, _phrase(status))
        if status == PROXY_AUTHENTICATION_REQUIRED:
            text = f"proxy authentication required ({status})"
        else:
            text = f"the proxy refused the connection: HTTP {status} {_phrase(status)}".rstrip()
        self.args = (text,)


@dataclass(frozen=True, slots=True)
class ProxyRoute:
    """The proxy URL without credentials (None = direct) and the headers sent to it."""

    url: URL | None = None
    headers: tuple[tuple[str, str], ...] = ()


def choose_proxy(options: ConnectionOptions, target: URL) -> ProxyRoute:
    """The proxy for ``target``: ``options.proxy``, else the system one, else none.

    The system proxy comes from the environment: HTTP_PROXY for ws://, HTTPS_PROXY for
    wss://, ALL_PROXY for either, unless NO_PROXY names the host. Credentials in the
    proxy URL become a Proxy-Authorization header (RFC 9110 section 11.7.2). Raises
    UnrecoverableError for a proxy URL that is not http(s).
    """
    if options.proxy:
        return _route(options.proxy)
    if not options.use_system_proxy:
        return ProxyRoute()
    proxies = urllib.request.getproxies_environment()
    scheme = "https" if target.scheme == "wss" else "http"
    chosen = proxies.get(scheme) or proxies.get("all")
    if not chosen or proxy_bypass_environment(target.host or "", proxies):
        return ProxyRoute()
    return _route(chosen)


def _route(text: str) -> ProxyRoute:
    url = URL(text if "://" in text else f"http://{text}")
    if url.scheme not in ("http", "https") or not url.host:
        shown = url.with_password(None)
        raise UnrecoverableError(f"The proxy must be an http:// URL with a host: {shown}")
    headers: tuple[tuple[str, str], ...] = ()
    if url.user is not None:
        raw = f"{url.user}:{url.password or ''}".encode()
        headers = (("Proxy-Authorization", "Basic " + base64.b64encode(raw).decode("ascii")),)
    return ProxyRoute(url.with_user(None), headers)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
