import pytest

from wsdesk.core.url import InvalidURLError, normalize_ws_url


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ws://127.0.0.1:8765/ws", "ws://127.0.0.1:8765/ws"),
        ("  ws://127.0.0.1:8765/ws  ", "ws://127.0.0.1:8765/ws"),
        ("localhost:8765/ws", "ws://localhost:8765/ws"),
        ("127.0.0.1:8765/ws", "ws://127.0.0.1:8765/ws"),
        ("http://127.0.0.1:8765/ws", "ws://127.0.0.1:8765/ws"),
        ("https://example.test/feed?x=1", "wss://example.test/feed?x=1"),
        ("WSS://Example.test", "wss://Example.test/"),
        ("ws://[::1]:8765", "ws://[::1]:8765/"),
        ("s", "ws://s/"),
        ("localhost", "ws://localhost/"),
        ("ws://h/feed#frag", "ws://h/feed"),
        ("ws://münchen.test/", "ws://münchen.test/"),
    ],
)
def test_normalizes(typed, expected):
    assert normalize_ws_url(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a URL"),
        ("   ", "Enter a URL"),
        ("ws://", "no host"),
        ("ws://127.0.0.1:99999/", "1 to 65535"),
        ("ws://127.0.0.1:0/", "1 to 65535"),
        ("ftp://127.0.0.1/", "Unsupported scheme 'ftp'"),
        ("ws://exa mple.test/", "spaces"),
        ("ws://[::1/", "not valid"),
        ("ws://[zz]/", "not valid"),
        ("ws://℀/", "not valid"),
        ("ws://999.1.1.1:1/", "'999.1.1.1' is not a valid IPv4 address"),
        ("ws://a..b/", "not a valid host name"),
        ("ws://xn--/", "not a valid host name"),
        ("ws://-x-/", "not a valid host name"),
        ("ws://" + "a" * 300 + "/", "not a valid host name"),
        ("ws://127.0.0.1\\evil/", "backslash"),
        ("ws:/127.0.0.1/", "two slashes"),
        ("ws:127.0.0.1", "two slashes"),
        ("mailto:x", "Unsupported scheme 'mailto'"),
        ("\ufeffws://x/", "invisible or control"),
        ("ws://ex\x00ample.test/", "invisible or control"),
    ],
)
def test_rejects(typed, message):
    with pytest.raises(InvalidURLError, match=message):
        normalize_ws_url(typed)
