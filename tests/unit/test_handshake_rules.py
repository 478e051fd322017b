"""Pure rules behind the handshake settings: headers, auth, secrets, subprotocols, redirects,
proxy choice."""

import pytest
from yarl import URL

from wsdesk.core.headers import basic_header, bearer_header, header_error
from wsdesk.core.secrets import redact_for, secret_values
from wsdesk.models import ConnectionOptions
from wsdesk.transport.channel import ChannelError
from wsdesk.transport.proxy import ProxyError, choose_proxy
from wsdesk.transport.redirects import RedirectError, redirect_target, without_credentials
from wsdesk.transport.upgrade import SubprotocolError, check_subprotocol


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("X-Note", "cafe ~!", None),
        ("X-Note", "café", "X-Note: header values must be ASCII; 'é' is not"),
        ("X-Note", "café…", "X-Note: header values must be ASCII; 'é' is not"),
        ("X-Note", "a\r\nEvil: 1", "X-Note: header values cannot contain line breaks"),
        ("", "v", "a header needs a name"),
        ("Bad Name", "v", "header name 'Bad Name' may only use"),
    ],
)
def test_header_rules(name, value, problem):
    found = header_error(name, value)
    assert found == problem if problem is None else found.startswith(problem)


def test_auth_helpers():
    assert bearer_header(" abc ") == ("Authorization", "Bearer abc")
    assert basic_header("Aladdin", "open sesame") == (
        "Authorization",
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",  # RFC 7617 section 2's example
    )
    with pytest.raises(ValueError, match="cannot contain ':'"):
        basic_header("a:b", "c")


def test_secret_values_cover_headers_urls_proxy_and_key():
    options = ConnectionOptions(
        url="ws://u:pa%24s@h/?api_key=K1&x=plain",
        headers=(basic_header("ann", "pw1"), ("Cookie", "sid=9"), ("X-Sig", "s1")),
        secret_headers=("X-Sig",),
        proxy="http://p:proxy-pw@127.0.0.1:3128",
        client_key_password="kp",
    )
    found = secret_values(options)
    assert {"pw1", "ann:pw1", "sid=9", "s1", "pa$s", "pa%24s", "K1", "proxy-pw", "kp"} <= found
    assert "plain" not in found
    text = redact_for(options, f"failed {options.url} with pw1")
    assert "pw1" not in text
    assert "K1" not in text
    assert "x=plain" in text


def test_subprotocol_check():
    assert check_subprotocol(("a", "b"), "b") == "b"
    assert check_subprotocol(("a",), None) is None
    with pytest.raises(SubprotocolError, match="which was not offered"):
        check_subprotocol(("a",), "z")
    with pytest.raises(SubprotocolError, match="but none was offered"):
        check_subprotocol((), "z")
    with pytest.raises(SubprotocolError, match="several"):
        check_subprotocol(("a", "b"), "a, b")


def test_redirect_targets():
    here = URL("ws://127.0.0.1:9/old")
    assert str(redirect_target(here, 301, "/new")) == "ws://127.0.0.1:9/new"
    assert str(redirect_target(here, 302, "https://h/x")) == "wss://h/x"
    with pytest.raises(RedirectError, match=r"redirected \(302\) to ftp://h/x, which is not"):
        redirect_target(here, 302, "ftp://h/x")


def test_credentials_are_dropped_for_another_host():
    headers = [("Authorization", "Bearer t"), ("Cookie", "c"), ("X-Key", "k"), ("X-Plain", "p")]
    assert without_credentials(headers, ("x-key",)) == [("X-Plain", "p")]


def test_proxy_choice(monkeypatch):
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    target = URL("wss://example.test/")
    assert choose_proxy(ConnectionOptions(), target).url is None
    monkeypatch.setenv("https_proxy", "http://corp:3128")
    assert choose_proxy(ConnectionOptions(), target).url is None  # system proxy is opt-in
    system = choose_proxy(ConnectionOptions(use_system_proxy=True), target)
    assert str(system.url) == "http://corp:3128"
    monkeypatch.setenv("no_proxy", ".test")
    assert choose_proxy(ConnectionOptions(use_system_proxy=True), target).url is None
    explicit = choose_proxy(ConnectionOptions(proxy="http://u:p@127.0.0.1:8080"), target)
    assert str(explicit.url) == "http://127.0.0.1:8080"
    assert explicit.headers == (("Proxy-Authorization", "Basic dTpw"),)
    with pytest.raises(ChannelError, match="must be an http:// URL"):
        choose_proxy(ConnectionOptions(proxy="socks5://127.0.0.1:1080"), target)


def test_proxy_error_wording():
    assert str(ProxyError(407)) == "proxy authentication required (407)"
    assert str(ProxyError(403)) == "the proxy refused the connection: HTTP 403 Forbidden"
