"""The handshake inspector's text, shared by the window and wsdesk-cli: what went out,
what came back, the TLS peer, and a wsdesk-cli command that makes the same connection."""

from __future__ import annotations

import os
import shlex
import time
from dataclasses import dataclass

from wsdesk.core.redact import MASK, is_secret_header, redact_url
from wsdesk.models import ConnectionOptions, HandshakeInfo, TlsInfo

_DEFAULTS = ConnectionOptions()


def tls_warning(tls: TlsInfo | None) -> str:
    """One line when the TLS peer was not verified: off, or failed and why; else ''."""
    if tls is None or tls.verified:
        return ""
    if tls.problem:
        return f"Certificate verification FAILED: {tls.problem}. The connection was refused."
    return "Certificate verification is OFF: anyone on the path could pose as this server."


def describe_handshake(info: HandshakeInfo, *, with_tls: bool = True) -> str:
    """``info`` as readable lines: the redirects, the request, the answer, the negotiated
    subprotocol and extensions, and (``with_tls``) the TLS peer; secret values are
    already ``***``."""
    lines: list[str] = []
    if info.url:
        lines.append(f"URL: {info.url}")
    for hop in info.redirects:
        lines.append(f"  {hop}")
    if info.request_line:
        lines += ["", "Request sent:", f"  {info.request_line}"]
        lines += [f"  {name}: {value}" for name, value in info.request_headers]
    if info.status_line:
        lines += ["", "Answer received:", f"  {info.status_line}"]
        lines += [f"  {name}: {value}" for name, value in info.response_headers]
    elif info.tls is not None and info.tls.problem:
        lines += ["", "No request was sent: the TLS handshake failed (see TLS)."]
    elif info.tls is None:
        lines += ["", "No answer came back."]
    if info.status == 101:
        lines += [
            "",
            f"Subprotocol: {info.protocol or 'none'}",
            f"Extensions: {info.extensions or 'none'}",
        ]
    if info.tls is not None and with_tls:
        lines += ["", *describe_tls(info.tls)]
    return "\n".join(lines).strip("\n")


def describe_tls(tls: TlsInfo) -> list[str]:
    """The TLS section of :func:`describe_handshake`, one fact per line."""
    lines = ["TLS:"]
    warning = tls_warning(tls)
    if warning:
        lines.append(f"  !! {warning}")
    else:
        lines.append("  Verified: yes (the chain is trusted and names this host)")
    if tls.version:
        lines.append(f"  Protocol: {tls.version}, cipher {tls.cipher or 'unknown'}")
    lines += [
        f"  Subject: {tls.peer_subject or 'unknown'}",
        f"  Issuer: {tls.peer_issuer or 'unknown'}",
        f"  Valid from: {_date(tls.not_before)}",
        f"  Valid until: {_date(tls.not_after)}{_expiry_note(tls.not_after)}",
        f"  SHA-256: {tls.sha256_fingerprint or 'unknown'}",
        f"  Alternative names: {', '.join(tls.alt_names) or 'none'}",
    ]
    if tls.chain:
        lines.append("  Chain sent by the server (leaf first):")
        lines += [f"    {subject}" for subject in tls.chain]
    return lines


def _date(seconds: float | None) -> str:
    if seconds is None:
        return "unknown"
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(seconds))


def _expiry_note(seconds: float | None) -> str:
    return " (expired)" if seconds is not None and seconds < time.time() else ""


@dataclass(frozen=True, slots=True)
class CliCommand:
    """A wsdesk-cli command line (``text``, quoted for a POSIX shell), ``left_out``: the
    names of the secrets it does not carry (headers, URL parts, the proxy's user info), and
    ``trust_from_environment``: whether this process trusts certificates through
    SSL_CERT_FILE or SSL_CERT_DIR, which the command does not carry."""

    text: str
    left_out: tuple[str, ...]
    trust_from_environment: bool = False

    @property
    def note(self) -> str:
        """What the user must add, in plain words, or '' when nothing was left out."""
        notes = []
        if self.left_out:
            notes.append(
                f"Secrets are left out ({', '.join(self.left_out)}): add them yourself, e.g. "
                "with --bearer, WSDESK_BEARER or -H."
            )
        if self.trust_from_environment:
            notes.append(
                "Certificates are trusted through SSL_CERT_FILE here: set it where the "
                "command runs, or add --ca-file."
            )
        return " ".join(notes)


def cli_command(options: ConnectionOptions) -> CliCommand:
    """The wsdesk-cli command that makes the connection ``options`` describe.

    Secret header values, the URL's password and secret query values, and the proxy's
    credentials are not copied (RFC 6750 bearer tokens and the like would otherwise land
    in shell history); ``left_out`` names them.
    """
    left_out: list[str] = []
    url = redact_url(options.url)
    if url != options.url:
        left_out.append("URL secrets")
    args = ["wsdesk-cli", url]
    for name, value in options.headers:
        if is_secret_header(name, options.secret_headers):
            left_out.append(name)
        else:
            args += ["-H", f"{name}: {value}"]
    for name in options.secret_headers:
        args += ["--secret-header", name]
    for protocol in options.subprotocols:
        args += ["-s", protocol]
    if options.origin:
        args += ["--origin", options.origin]
    if not options.verify_tls:
        args.append("--insecure")
    for flag, path in (
        # With verification off a CA file changes nothing.
        ("--ca-file", options.ca_file if options.verify_tls else None),
        ("--client-cert", options.client_cert),
        ("--client-key", options.client_key),
    ):
        if path:
            args += [flag, path]
    if options.proxy:
        proxy = redact_url(options.proxy)
        if MASK in proxy:
            left_out.append("proxy password")
        args += ["--proxy", proxy]
    elif options.use_system_proxy:
        args.append("--system-proxy")
    if not options.compress:
        args.append("--no-compress")
    args += _changed_numbers(options)
    if options.reconnect is not None:
        args.append("--reconnect")
    from_environment = (
        options.verify_tls
        and not options.ca_file
        and options.url.startswith("wss:")
        and bool(os.environ.get("SSL_CERT_FILE") or os.environ.get("SSL_CERT_DIR"))
    )
    return CliCommand(shlex.join(args), tuple(left_out), from_environment)


def _changed_numbers(options: ConnectionOptions) -> list[str]:
    args: list[str] = []
    for flag, value, default in (
        ("--connect-timeout", options.connect_timeout, _DEFAULTS.connect_timeout),
        ("--close-timeout", options.close_timeout, _DEFAULTS.close_timeout),
        ("--ping-interval", options.ping_interval or 0, _DEFAULTS.ping_interval),
        ("--ping-timeout", options.ping_timeout, _DEFAULTS.ping_timeout),
        ("--max-message-size", options.max_message_size, _DEFAULTS.max_message_size),
        ("--max-redirects", options.max_redirects, _DEFAULTS.max_redirects),
    ):
        if value != default:
            args += [flag, f"{value:g}" if isinstance(value, float) else str(value)]
    return args
