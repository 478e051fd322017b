"""TLS for one connection: the SSL context its options ask for, and what a failure means."""

from __future__ import annotations

import ssl

from wsdesk.models import ConnectionOptions
from wsdesk.transport.channel import TLSError


def build_ssl_context(options: ConnectionOptions) -> ssl.SSLContext:
    """The SSL context for a ``wss://`` connection made with ``options``.

    Verification is on unless ``verify_tls`` is False, and then only for this context:
    nothing global changes. ``ca_file`` adds trusted certificates (PEM); ``client_cert``
    and ``client_key`` (PEM, ``client_key_password`` if encrypted) are presented to the
    server. Raises TLSError naming the file when one cannot be read.
    """
    try:
        context = ssl.create_default_context(cafile=options.ca_file or None)
    except (OSError, ssl.SSLError) as exc:
        raise TLSError(f"TLS: cannot read the CA file {options.ca_file}: {_reason(exc)}") from exc
    if not options.verify_tls:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if options.client_cert:
        _load_client_certificate(context, options)
    return context


class _NoPassphraseError(Exception):
    """The client key is encrypted and no passphrase was given."""


def _load_client_certificate(context: ssl.SSLContext, options: ConnectionOptions) -> None:
    passphrase = options.client_key_password
    asked: list[bool] = []

    # Called by OpenSSL only for an encrypted key. Without a callback OpenSSL would
    # prompt on the terminal and block the event loop until someone typed.
    def password() -> bytes:
        asked.append(True)
        if not passphrase:
            raise _NoPassphraseError
        return passphrase.encode("utf-8")

    try:
        context.load_cert_chain(options.client_cert or "", options.client_key or None, password)
    except _NoPassphraseError:
        raise TLSError("TLS: the client key is encrypted: enter its passphrase") from None
    except (OSError, ssl.SSLError) as exc:
        # OpenSSL reports a failed decryption as a bare "PEM lib" or as BAD_DECRYPT.
        if asked and isinstance(exc, ssl.SSLError) and exc.reason in (None, "BAD_DECRYPT"):
            raise TLSError("TLS: wrong passphrase for the client key") from exc
        raise TLSError(
            f"TLS: cannot load the client certificate {options.client_cert}: {_reason(exc)}"
        ) from exc


def describe_tls_error(error: BaseException) -> str:
    """What failed in a TLS handshake: trust, host name, expiry, or the raw reason."""
    if isinstance(error, ssl.SSLCertVerificationError):
        detail = (error.verify_message or str(error)).lower()
        if "self-signed" in detail or "self signed" in detail:
            return "TLS: certificate not trusted (self-signed)"
        if "hostname" in detail or "ip address mismatch" in detail:
            return "TLS: hostname mismatch"
        if "expired" in detail:
            return "TLS: certificate expired"
        if "unable to get local issuer" in detail:
            return "TLS: certificate not trusted (unknown issuer)"
        return f"TLS: certificate verification failed ({error.verify_message})"
    reason = _reason(error)
    if reason in _NOT_TLS_REASONS:
        # OpenSSL's words for an answer that is not TLS at all, e.g. a plain HTTP server's.
        return f"TLS handshake failed: {reason}: is it a plain ws:// server?"
    return f"TLS handshake failed: {reason}"


_NOT_TLS_REASONS = frozenset({"wrong version number", "packet length too long", "http request"})


def _reason(error: BaseException) -> str:
    if isinstance(error, ssl.SSLError) and error.reason:
        return error.reason.replace("_", " ").lower()
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__
