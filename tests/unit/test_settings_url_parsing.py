"""Typed URLs that urlsplit cannot parse become inline errors, never exceptions;
URL credentials cannot be combined with an Authorization header."""

import pytest

from wsdesk.core.headers import bearer_header
from wsdesk.models import ConnectionOptions
from wsdesk.viewmodel.settings_viewmodel import ProxyMode, SettingsViewModel


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("ws://[", "The URL is not valid (Invalid IPv6 URL)"),
        ("ws://[::1/", "The URL is not valid (Invalid IPv6 URL)"),
        ("ws://127.0.0.1:99999/", "The port must be a number from 1 to 65535"),
        ("ws://127.0.0.1:x/", "The port must be a number from 1 to 65535"),
    ],
)
def test_unparsable_url_is_an_inline_error(url, error):
    vm = SettingsViewModel(ConnectionOptions(url=url))
    assert vm.errors["url"] == error
    assert vm.query_params == []
    vm.set_query_params([])
    assert vm.errors["url"] == error
    with pytest.raises(ValueError, match=error.split(" (")[0]):
        vm.result()


def test_query_edits_leave_an_unbalanced_ipv6_url_alone():
    vm = SettingsViewModel(ConnectionOptions(url="ws://[::1/"))
    vm.set_query_params([("room", "1")])
    assert vm.draft.url == "ws://[::1/"


def test_ipv6_url_with_brackets_closed_is_fine():
    vm = SettingsViewModel(ConnectionOptions(url="ws://[::1]:9/?room=1"))
    assert vm.errors == {}
    assert vm.query_params == [("room", "1")]


@pytest.mark.parametrize(
    "proxy", ["http://[::1", "http://127.0.0.1:99999", "pu:PROXYPW@127.0.0.1:3128"]
)
def test_unparsable_or_schemeless_proxy_is_an_inline_error(proxy):
    vm = SettingsViewModel(ConnectionOptions(url="ws://127.0.0.1:9/"))
    vm.set_proxy(ProxyMode.EXPLICIT, proxy)
    assert vm.errors == {"proxy": "Enter the proxy as http://host:port"}


def test_ipv6_proxy_is_accepted():
    vm = SettingsViewModel(ConnectionOptions(url="ws://127.0.0.1:9/"))
    vm.set_proxy(ProxyMode.EXPLICIT, "http://[::1]:3128")
    assert vm.errors == {}


def test_url_credentials_and_authorization_header_are_refused_inline():
    vm = SettingsViewModel(
        ConnectionOptions(url="ws://u:p@127.0.0.1:9/x", headers=(bearer_header("T"),))
    )
    assert vm.errors["url"] == (
        "The URL has a user name and password and there is an Authorization header: "
        "remove one of them"
    )
    vm.set_headers([])
    assert vm.errors == {}


def test_query_edits_keep_a_url_typed_without_scheme():
    vm = SettingsViewModel(ConnectionOptions(url="127.0.0.1:9/x"))
    vm.set_query_params([("room", "1")])
    assert vm.draft.url == "127.0.0.1:9/x?room=1"
    assert vm.errors["url"] == "The URL must start with ws:// or wss:// and name a host"
