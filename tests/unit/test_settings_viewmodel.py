"""SettingsViewModel: edits, URL/query sync, auth helpers, proxy modes and validation."""

import pytest

from wsdesk.models import ConnectionOptions
from wsdesk.viewmodel.settings_viewmodel import HeaderRow, ProxyMode, SettingsViewModel


def test_query_params_follow_the_url_and_back():
    vm = SettingsViewModel(ConnectionOptions(url="ws://h:1/feed?room=1&token=abc"))
    assert vm.query_params == [("room", "1"), ("token", "abc")]
    vm.set_query_params([("room", "2 b"), ("", "dropped"), ("lang", "é")])
    assert vm.draft.url == "ws://h:1/feed?room=2+b&lang=%C3%A9"
    vm.update(url="ws://h:1/?x=1")
    assert vm.query_params == [("x", "1")]


def test_headers_table_with_inline_errors_and_secret_marks():
    vm = SettingsViewModel(ConnectionOptions())
    changes = []
    vm.changed.connect(lambda: changes.append(1))
    vm.set_headers(
        [HeaderRow("X-Note", "café…"), HeaderRow("X-Sig", "s", secret=True), HeaderRow("", "")]
    )
    assert vm.draft.headers == (("X-Note", "café…"), ("X-Sig", "s"))
    assert vm.draft.secret_headers == ("X-Sig",)
    assert vm.header_errors == ["X-Note: header values must be ASCII; 'é' is not", None]
    assert vm.errors["headers"].startswith("X-Note")
    with pytest.raises(ValueError, match="ASCII"):
        vm.result()
    assert changes


def test_auth_helpers_replace_the_authorization_row():
    vm = SettingsViewModel(ConnectionOptions(headers=(("X-A", "1"),)))
    vm.use_bearer("t1")
    vm.use_basic("ann", "pw")
    assert vm.draft.headers == (("Authorization", "Basic YW5uOnB3"), ("X-A", "1"))
    assert vm.header_rows[0].secret
    with pytest.raises(ValueError, match=":"):
        vm.use_basic("a:b", "c")


def test_proxy_modes():
    vm = SettingsViewModel(ConnectionOptions())
    assert vm.proxy_mode is ProxyMode.NONE
    vm.set_proxy(ProxyMode.EXPLICIT, " http://u:p@127.0.0.1:3128 ")
    assert vm.draft.proxy == "http://u:p@127.0.0.1:3128"
    vm.set_proxy(ProxyMode.SYSTEM, vm.proxy_url)
    assert (vm.draft.proxy, vm.draft.use_system_proxy) == (None, True)
    assert vm.proxy_url == "http://u:p@127.0.0.1:3128"
    vm.set_proxy(ProxyMode.EXPLICIT, "socks5://x")
    assert "proxy" in vm.errors
    assert SettingsViewModel(ConnectionOptions(use_system_proxy=True)).proxy_mode is (
        ProxyMode.SYSTEM
    )


def test_validation_of_numbers_files_and_names(tmp_path):
    vm = SettingsViewModel(ConnectionOptions(url="ws://h/"))
    vm.set_subprotocols(["chat.v1", " ", "bad name"])
    vm.update(
        connect_timeout=0,
        ping_interval=-1,
        max_message_size=-5,
        ca_file=str(tmp_path / "none.pem"),
        client_key=str(tmp_path),
        origin="https://é…",
    )
    assert vm.draft.subprotocols == ("chat.v1", "bad name")
    errors = vm.errors
    assert set(errors) >= {
        "subprotocols",
        "connect_timeout",
        "ping_interval",
        "max_message_size",
        "ca_file",
        "client_key",
        "client_cert",
        "origin",
    }
    assert "none.pem" in errors["ca_file"]


def test_valid_draft_is_the_result_and_load_replaces_it():
    vm = SettingsViewModel(ConnectionOptions(url="ws://a/"))
    vm.update(compress=False, verify_tls=False, ping_interval=None)
    assert vm.result() == ConnectionOptions(
        url="ws://a/", compress=False, verify_tls=False, ping_interval=None
    )
    vm.load(ConnectionOptions(url="ws://b/", proxy="http://p:1"))
    assert vm.draft.url == "ws://b/"
    assert vm.proxy_mode is ProxyMode.EXPLICIT
    vm.update(url="ftp://x/")
    assert "url" in vm.errors
