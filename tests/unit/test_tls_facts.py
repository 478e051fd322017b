"""The TLS peer's facts from a certificate made in the test: names, dates, SHA-256
fingerprint and alternative names, read without a connection."""

import datetime
import hashlib
import ipaddress

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from wsdesk.transport.tls_peer import certificate_facts, tls_info

START = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def make_der(issuer_cn="Test CA"):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "feed.example.test"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "wsdesk tests"),
        ]
    )
    issuer = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer_cn)])
    alt = x509.SubjectAlternativeName(
        [x509.DNSName("feed.example.test"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(7)
        .not_valid_before(START)
        .not_valid_after(START + datetime.timedelta(days=30))
        .add_extension(alt, critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.DER)


def test_certificate_facts():
    der = make_der()
    facts = certificate_facts(der)
    assert facts.peer_subject == "O=wsdesk tests,CN=feed.example.test"
    assert facts.peer_issuer == "CN=Test CA"
    assert facts.not_before == START.timestamp()
    assert facts.not_after == (START + datetime.timedelta(days=30)).timestamp()
    assert facts.alt_names == ("DNS:feed.example.test", "IP:127.0.0.1")
    digest = hashlib.sha256(der).hexdigest().upper()
    assert facts.sha256_fingerprint.replace(":", "") == digest


def test_unreadable_certificate_keeps_its_fingerprint():
    facts = certificate_facts(b"not a certificate")
    assert facts.peer_subject == ""
    assert facts.sha256_fingerprint.count(":") == 31


class FakeSSLObject:
    def __init__(self, der):
        self._der = der

    def cipher(self):
        return ("TLS_AES_128_GCM_SHA256", "TLSv1.3", 128)

    def version(self):
        return "TLSv1.3"

    def getpeercert(self, binary_form=False):
        return self._der


def test_tls_info_reads_version_cipher_and_the_peer():
    info = tls_info(FakeSSLObject(make_der()), verified=False, problem="hostname mismatch")
    assert (info.version, info.cipher) == ("TLSv1.3", "TLS_AES_128_GCM_SHA256")
    assert info.peer_issuer == "CN=Test CA"
    assert not info.verified
    assert info.problem == "hostname mismatch"
    assert info.chain == ()  # this object cannot give a chain


def test_names_with_control_characters_show_on_one_line():
    key = ec.generate_private_key(ec.SECP256R1())
    forged = "host\nIssuer: CN=Trusted Root\u202e"
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, forged)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(START)
        .not_valid_after(START + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("a\x1b[31mb")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    facts = certificate_facts(cert.public_bytes(serialization.Encoding.DER))
    assert "\n" not in facts.peer_subject
    assert "\u202e" not in facts.peer_subject
    assert facts.peer_subject == "CN=host\\nIssuer: CN=Trusted Root\\u202e"
    assert facts.alt_names == ("DNS:a\\x1b[31mb",)
