"""The opening handshake (RFC 6455 section 4.1) as wsdesk runs it on aiohttp.

:class:`OpeningHandshake` follows redirects itself (aiohttp would follow them silently and
forward credentials), chooses the proxy and the SSL context for each hop, and checks
what aiohttp does not: that the server selected a subprotocol the client offered.
"""

from __future__ import annotations

import dataclasses
import re
import ssl
from types import SimpleNamespace
from typing import Literal

import aiohttp
from multidict import CIMultiDictProxy
from yarl import URL

from wsdesk.core.headers import credentials_conflict, header_error
from wsdesk.core.printable import printable
from wsdesk.core.redact import redact_headers, redact_url
from wsdesk.models import (
    MAX_CLOSE_REASON,
    MAX_PAYLOAD_LENGTH,
    ConnectionOptions,
    HandshakeInfo,
    TlsInfo,
)
from wsdesk.transport.channel import ChannelError, UnrecoverableError
from wsdesk.transport.handshake import raise_for_refusal
from wsdesk.transport.proxy import choose_proxy
from wsdesk.transport.redirects import (
    REDIRECT_STATUSES,
    Redirected,
    RedirectError,
    redirect_target,
    same_origin,
    without_credentials,
)
from wsdesk.transport.tls import build_ssl_context

TextAsBytesWebSocket = aiohttp.ClientWebSocketResponse[Literal[False]]
"""A WebSocket whose text messages arrive as the raw UTF-8 bytes (``decode_text=False``)."""


class InvalidHeaderError(UnrecoverableError):
    """A handshake header that HTTP/1.1 cannot carry (checked before connecting)."""


class SubprotocolError(UnrecoverableError):
    """The server selected a subprotocol the client did not offer (RFC 6455 section 4.1)."""


def check_subprotocol(offered: tuple[str, ...], selected: str | None) -> str | None:
    """The negotiated subprotocol given the server's Sec-WebSocket-Protocol value.

    Returns None when the server selected none. Raises SubprotocolError when it selected
    one that was not offered, or more than one: the client must fail the connection
    (RFC 6455 section 4.1, step 6 of the client's checks).
    """
    if selected is None or not selected.strip():
        return None
    value = selected.strip()
    if "," in value:
        raise SubprotocolError(f"the server selected several subprotocols ({value})")
    if not offered:
        raise SubprotocolError(f"the server selected subprotocol '{value}' but none was offered")
    if value not in offered:
        raise SubprotocolError(
            f"the server selected subprotocol '{value}', which was not offered "
            f"(offered: {', '.join(offered)})"
        )
    return value


class ExtensionError(UnrecoverableError):
    """The server accepted an extension the client did not offer, or accepted the offered
    one twice (RFC 6455 section 9.1, RFC 7692 section 5)."""


_PERMESSAGE_DEFLATE = "permessage-deflate"
# Elements of an extension list: commas inside a quoted parameter value do not split.
_LIST_ELEMENT = re.compile(r'(?:[^,"]|"[^"]*")+')


def check_extensions(deflate_offered: bool, accepted: str | None) -> str:
    """The server's Sec-WebSocket-Extensions value, checked against the offer.

    wsdesk offers permessage-deflate (RFC 7692) or nothing. Raises ExtensionError when the
    response names any other extension, names permessage-deflate when it was not offered,
    or names it more than once: the client must fail the connection (RFC 6455 sections
    4.1 and 9.1, RFC 7692 section 5).
    """
    value = (accepted or "").strip()
    names = [element.split(";", 1)[0].strip().lower() for element in _LIST_ELEMENT.findall(value)]
    names = [name for name in names if name]
    for name in names:
        if name != _PERMESSAGE_DEFLATE or not deflate_offered:
            raise ExtensionError(f"the server accepted extension '{name}', which was not offered")
    if len(names) > 1:
        raise ExtensionError("the server accepted permessage-deflate more than once")
    return value


PROTOCOL_ERROR = 1002  # RFC 6455 section 7.4.1


def _close_reason(text: str) -> bytes:
    """``text`` as a close reason: UTF-8, cut to 123 bytes on a character boundary."""
    return text.encode("utf-8")[:MAX_CLOSE_REASON].decode("utf-8", "ignore").encode("utf-8")


def aiohttp_message_limit(max_message_size: int, compress: bool) -> int:
    """aiohttp's ``max_msg_size`` for a limit of ``max_message_size`` bytes (0 = none).

    A message of exactly the limit is allowed, while aiohttp refuses an uncompressed frame
    of exactly its own limit, hence one byte more. With permessage-deflate (RFC 7692) an
    incompressible message takes more bytes on the wire than it holds: 5 bytes per
    stored block, and a peer with a small zlib memLevel writes small blocks (one Python
    server's 64 KiB of random bytes took 163 more). Hence the slack of 1/16; the reader
    then checks the exact limit itself on the inflated message (``PushReader``'s
    ``max_size``).
    """
    if not max_message_size or max_message_size >= MAX_PAYLOAD_LENGTH:
        return 0  # a limit no frame can reach is no limit (and overflows aiohttp's reader)
    slack = max_message_size // 16 + 64 if compress else 0
    return max_message_size + 1 + slack


class OpeningHandshake:
    """Runs one connection's opening handshake on ``session``, hop by hop.

    Build the session with ``trace_configs=[handshake.trace_config]`` and
    ``raise_for_status=handshake.check_answer``. After
    :meth:`open`, ``protocol`` is the checked subprotocol, ``extensions`` the negotiated
    Sec-WebSocket-Extensions value ('' for none) and ``redirects`` one line per
    redirect followed, e.g. ``redirected (301) to ws://host/new``.
    """

    def __init__(self, options: ConnectionOptions) -> None:
        self._options = options
        self.url = URL(options.url)
        self.protocol: str | None = None
        self.extensions = ""
        self.redirects: list[str] = []
        self._credentials_dropped = False
        self._response_headers: CIMultiDictProxy[str] | None = None
        self._exchange: HandshakeInfo | None = None
        self.trace_config = aiohttp.TraceConfig()
        self.trace_config.on_request_redirect.append(self._on_redirect)
        self.trace_config.on_request_end.append(self._on_response)

    async def open(self, session: aiohttp.ClientSession) -> TextAsBytesWebSocket:
        """Connect, following at most ``max_redirects`` redirects; the open WebSocket.

        Raises InvalidHeaderError before any I/O, RedirectError, SubprotocolError,
        ExtensionError, the
        TLSError of :func:`build_ssl_context`, or aiohttp's errors for the caller to
        translate.
        """
        opts = self._options
        for name, value in opts.headers:
            problem = header_error(name, value)
            if problem is not None:
                raise InvalidHeaderError(problem)
        conflict = credentials_conflict(opts.url, opts.headers)
        if conflict is not None:
            raise InvalidHeaderError(conflict)
        headers = list(opts.headers)
        while True:
            try:
                ws = await self._connect_once(session, headers)
                break
            except Redirected as hop:
                target = redirect_target(self.url, hop.status, hop.location)
                self.redirects.append(f"redirected ({hop.status}) to {redact_url(str(target))}")
                if len(self.redirects) > opts.max_redirects:
                    raise RedirectError(
                        f"too many redirects (more than {opts.max_redirects})"
                    ) from None
                if not same_origin(self.url, target):
                    kept = without_credentials(headers, opts.secret_headers)
                    self._credentials_dropped |= len(kept) != len(headers)
                    headers = kept
                self.url = target
        headers_seen = self._response_headers
        try:
            selected = headers_seen.get("Sec-WebSocket-Protocol") if headers_seen else None
            self.protocol = check_subprotocol(opts.subprotocols, selected)
            accepted = headers_seen.get("Sec-WebSocket-Extensions") if headers_seen else None
            self.extensions = check_extensions(opts.compress, accepted)
        except (SubprotocolError, ExtensionError) as exc:
            # RFC 6455 section 4.1: fail the connection; 1002 tells the server why.
            await ws.close(code=PROTOCOL_ERROR, message=_close_reason(str(exc)))
            exc.args = (f"{exc}; wsdesk closed the connection with 1002 (protocol error)",)
            raise
        return ws

    def info(self, tls: TlsInfo | None = None) -> HandshakeInfo | None:
        """What the last hop's request and answer said, with ``tls`` and the redirects;
        None when no answer came (refused TCP, a TLS failure, a timeout)."""
        if self._exchange is None:
            return None
        return dataclasses.replace(
            self._exchange,
            protocol=self.protocol,
            extensions=self.extensions,
            tls_unverified=tls is not None and not self._options.verify_tls,
            url=redact_url(str(self.url)),
            redirects=tuple(self.redirects),
            tls=tls,
        )

    def explain(self, error: BaseException) -> BaseException:
        """A ChannelError ``error`` with the redirects that led to it added to its message."""
        if not self.redirects or not isinstance(error, ChannelError):
            return error
        if isinstance(error, RedirectError):
            return error
        note = f"after {self.redirects[-1]}"
        if self._credentials_dropped:
            note += "; credentials were not forwarded to another host"
        error.args = (f"{error} ({note})",)
        return error

    async def _connect_once(
        self, session: aiohttp.ClientSession, headers: list[tuple[str, str]]
    ) -> TextAsBytesWebSocket:
        opts = self._options
        route = choose_proxy(opts, self.url)
        context: ssl.SSLContext | bool = True
        if self.url.scheme == "wss":
            context = build_ssl_context(opts)
        else:
            # A ws:// request goes to the proxy itself (no CONNECT), so it carries the
            # proxy's credentials; aiohttp sends proxy_headers only on a CONNECT.
            headers = [*headers, *route.headers]
        self._response_headers = None
        self._exchange = None
        return await session.ws_connect(
            self.url,
            protocols=opts.subprotocols,
            headers=headers,
            origin=opts.origin or None,
            # The channel's reader answers pings and sees pongs, for the round-trip time.
            autoping=False,
            # The reader answers close frames, so data sent before them is never lost.
            autoclose=False,
            # The channel decodes text itself, so it can tell invalid UTF-8 in a text
            # message from invalid UTF-8 in a close reason (aiohttp reports both alike).
            decode_text=False,
            timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=opts.close_timeout),
            max_msg_size=aiohttp_message_limit(opts.max_message_size, opts.compress),
            compress=15 if opts.compress else 0,
            ssl=context,
            proxy=route.url,
            proxy_headers=dict(route.headers) or None,
        )

    async def _on_redirect(
        self,
        _session: aiohttp.ClientSession,
        _context: SimpleNamespace,
        params: aiohttp.TraceRequestRedirectParams,
    ) -> None:
        response = params.response
        self._record(response)
        location = response.headers.get("Location")
        if response.status in REDIRECT_STATUSES and location:
            response.close()
            # Stops aiohttp's own redirect handling: open() decides what to follow.
            raise Redirected(response.status, location)

    async def _on_response(
        self,
        _session: aiohttp.ClientSession,
        _context: SimpleNamespace,
        params: aiohttp.TraceRequestEndParams,
    ) -> None:
        self._response_headers = params.response.headers
        self._record(params.response)

    async def check_answer(self, response: aiohttp.ClientResponse) -> None:
        """The session's ``raise_for_status`` hook: records the answer (a refusal never
        reaches the end-of-request trace), then :func:`raise_for_refusal`."""
        self._record(response)
        await raise_for_refusal(response)

    def _record(self, response: aiohttp.ClientResponse) -> None:
        request = response.request_info
        target = URL(redact_url(str(request.url))).raw_path_qs or "/"
        version = response.version
        http = f"HTTP/{version.major}.{version.minor}" if version else "HTTP/1.1"
        secret = self._options.secret_headers
        # The server's words are shown and exported: one line each, valid UTF-8.
        answered = [(printable(n), printable(v)) for n, v in response.headers.items()]
        self._exchange = HandshakeInfo(
            status=response.status,
            request_line=f"{request.method} {target} HTTP/1.1",
            request_headers=tuple(redact_headers(request.headers.items(), secret)),
            status_line=printable(f"{http} {response.status} {response.reason or ''}".rstrip()),
            # A cookie the server sets is as secret as the one a client sends.
            response_headers=tuple(redact_headers(answered, (*secret, "Set-Cookie"))),
        )
