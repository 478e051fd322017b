from wsdesk.transport.channel import HandshakeError
from wsdesk.transport.handshake import preview_text, reason_phrase


def test_message_names_status_reason_auth_header_and_body():
    error = HandshakeError(
        401,
        "Unauthorized",
        (("Content-Type", "text/plain"), ("WWW-Authenticate", 'Bearer realm="api"')),
        "token expired",
    )
    assert str(error) == (
        'Handshake rejected: HTTP 401 Unauthorized (WWW-Authenticate: Bearer realm="api"): '
        "token expired"
    )
    assert error.status == 401
    assert error.body == "token expired"


def test_message_without_body_or_useful_headers():
    assert str(HandshakeError(403, "Forbidden", (("Server", "x"),))) == (
        "Handshake rejected: HTTP 403 Forbidden"
    )
    assert str(HandshakeError(599)) == "Handshake rejected: HTTP 599"


def test_retry_after_is_shown():
    error = HandshakeError(503, "Service Unavailable", (("Retry-After", "30"),))
    assert str(error) == "Handshake rejected: HTTP 503 Service Unavailable (Retry-After: 30)"


def test_preview_is_one_line_of_at_most_200_characters():
    assert preview_text(b"  <h1>Not\r\n found</h1>\n") == "<h1>Not found</h1>"
    long = preview_text(("é" * 300).encode())
    assert long == "é" * 200 + "…"


def test_preview_uses_the_declared_charset_and_survives_a_bad_one():
    assert preview_text("café".encode("latin-1"), "latin-1") == "café"
    assert preview_text(b"ok \xff", "no-such-charset") == "ok \ufffd"


def test_reason_phrase_falls_back_to_the_standard_one():
    assert reason_phrase(404) == "Not Found"
    assert reason_phrase(404, "Nope") == "Nope"
    assert reason_phrase(404, "Invalid response status") == "Not Found"
    assert reason_phrase(599) == ""
