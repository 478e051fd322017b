"""What the TLS handshake showed of the server: version, cipher and the peer certificate.

The certificate is read with the cryptography package, imported on first use so that
start-up and ws:// connections never pay for it. When verification fails, the
connection never opens; :func:`fetch_peer_tls` then makes a second TLS handshake with
verification off, only to read the certificate the server presents, so the user sees
what was refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import ssl
from typing import Any

from wsdesk.core.printable import printable
from wsdesk.models import TlsInfo

FETCH_TIMEOUT = 3.0
"""Seconds the second handshake of :func:`fetch_peer_tls` may take at most."""


def tls_info(ssl_object: Any, *, verified: bool, problem: str = "") -> TlsInfo:
    """The TlsInfo of an ``ssl.SSLObject`` (or SSLSocket) after its handshake.

    ``verified`` says whether the certificate was checked (and passed); ``problem`` is
    why a check failed, in plain words. Never raises: a certificate the cryptography
    package cannot read leaves the certificate fields empty.
    """
    cipher = ssl_object.cipher()
    der = ssl_object.getpeercert(binary_form=True)
    facts = certificate_facts(der) if der else TlsInfo()
    return TlsInfo(
        version=ssl_object.version() or "",
        cipher=cipher[0] if cipher else "",
        peer_subject=facts.peer_subject,
        peer_issuer=facts.peer_issuer,
        not_before=facts.not_before,
        not_after=facts.not_after,
        sha256_fingerprint=facts.sha256_fingerprint,
        alt_names=facts.alt_names,
        chain=_chain_subjects(ssl_object),
        verified=verified,
        problem=problem,
    )


def certificate_facts(der: bytes) -> TlsInfo:
    """A TlsInfo holding only the certificate fields of the DER certificate ``der``.

    The fingerprint is always there; the names and dates are empty when the certificate
    cannot be parsed (RFC 5280 section 4.1 is what can).
    """
    fingerprint = hashlib.sha256(der).hexdigest().upper()
    paired = ":".join(fingerprint[i : i + 2] for i in range(0, len(fingerprint), 2))
    from cryptography import x509  # only a wss:// connection pays for the import

    try:
        cert = x509.load_der_x509_certificate(der)
        # Names are the server's words: a CN may hold a newline or a direction override.
        subject = printable(cert.subject.rfc4514_string())
        issuer = printable(cert.issuer.rfc4514_string())
        not_before = cert.not_valid_before_utc.timestamp()
        not_after = cert.not_valid_after_utc.timestamp()
    except ValueError:
        return TlsInfo(sha256_fingerprint=paired)
    return TlsInfo(
        peer_subject=subject,
        peer_issuer=issuer,
        not_before=not_before,
        not_after=not_after,
        sha256_fingerprint=paired,
        alt_names=_alt_names(cert),
    )


def _alt_names(cert: Any) -> tuple[str, ...]:
    from cryptography import x509

    try:
        extension = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except (x509.ExtensionNotFound, ValueError):
        return ()
    names: list[str] = []
    for name in extension.value:
        if isinstance(name, x509.DNSName):
            names.append(f"DNS:{name.value}")
        elif isinstance(name, x509.IPAddress):
            names.append(f"IP:{name.value}")
        elif isinstance(name, x509.UniformResourceIdentifier):
            names.append(f"URI:{name.value}")
        elif isinstance(name, x509.RFC822Name):
            names.append(f"email:{name.value}")
    return tuple(printable(name) for name in names)


def _chain_subjects(ssl_object: Any) -> tuple[str, ...]:
    # Python 3.13 added the chain; earlier versions show the leaf only.
    reader = getattr(ssl_object, "get_unverified_chain", None)
    if reader is None:
        return ()
    with contextlib.suppress(ssl.SSLError, ValueError):
        chain = reader() or []
        return tuple(certificate_facts(c).peer_subject for c in chain if isinstance(c, bytes))
    return ()


async def fetch_peer_tls(
    host: str, port: int, server_hostname: str, problem: str, limit: float = FETCH_TIMEOUT
) -> TlsInfo | None:
    """The TlsInfo of ``host:port`` read with verification off, marked as failed with
    ``problem``; None when that second handshake fails too or takes over ``limit`` s.

    Sends nothing but the TLS handshake, then closes.
    """
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    writer = None
    try:
        async with asyncio.timeout(limit):
            _reader, writer = await asyncio.open_connection(
                host, port, ssl=context, server_hostname=server_hostname or None
            )
            ssl_object = writer.get_extra_info("ssl_object")
            if ssl_object is None:
                return None
            return tls_info(ssl_object, verified=False, problem=problem)
    except (OSError, TimeoutError, ssl.SSLError, ValueError):
        return None
    finally:
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError, ssl.SSLError, TimeoutError):
                async with asyncio.timeout(limit):
                    await writer.wait_closed()
