import pytest

from wsdesk.core.redact import is_secret_param, redact_headers, redact_text, redact_url


def test_secret_headers_are_masked_and_others_kept():
    headers = [("Authorization", "Bearer abc"), ("X-Note", "café"), ("cookie", "sid=1")]
    assert redact_headers(headers) == [
        ("Authorization", "***"),
        ("X-Note", "café"),
        ("cookie", "***"),
    ]


def test_marked_headers_are_masked():
    assert redact_headers([("X-Api", "k")], marked=["x-api"]) == [("X-Api", "***")]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("ws://h/feed?token=abc&room=1", "ws://h/feed?token=***&room=1"),
        ("wss://h/?api_key=1&API_SECRET=2", "wss://h/?api_key=***&API_SECRET=***"),
        ("ws://user:pw@h:1/", "ws://user:***@h:1/"),
        ("ws://h/plain?room=1", "ws://h/plain?room=1"),
    ],
)
def test_redact_url(url, expected):
    assert redact_url(url) == expected


@pytest.mark.parametrize(
    ("name", "secret"), [("password", True), ("accessToken", True), ("room", False)]
)
def test_secret_param_names(name, secret):
    assert is_secret_param(name) is secret


def test_redact_text_replaces_every_secret():
    assert redact_text("auth Bearer abc failed for abc", ["Bearer abc", "abc", ""]) == (
        "auth *** failed for ***"
    )
