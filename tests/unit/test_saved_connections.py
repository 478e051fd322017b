"""Saved connections: round trip, rename, duplicate, delete, recent URLs, secrets apart."""

import json

import pytest

from wsdesk.core.headers import bearer_header
from wsdesk.models import ConnectionOptions, ReconnectPolicy
from wsdesk.testing.stores import MemoryConnectionStore, MemorySecretStore
from wsdesk.viewmodel.saved_connections import SavedConnections

SECRETS = ("tok-1", "proxy-pw", "kp-9", "q-key")
OPTIONS = ConnectionOptions(
    url="wss://127.0.0.1:9/feed?api_key=q-key&room=1",
    headers=(bearer_header("tok-1"), ("X-Note", "café")),
    subprotocols=("chat.v1", "chat.v2"),
    origin="https://app.example",
    verify_tls=False,
    ca_file="/tmp/ca.pem",
    client_cert="/tmp/c.pem",
    client_key="/tmp/k.pem",
    client_key_password="kp-9",
    proxy="http://ann:proxy-pw@127.0.0.1:3128",
    compress=False,
    max_message_size=1024,
    ping_interval=None,
    reconnect=ReconnectPolicy(max_attempts=3),
)


@pytest.fixture
def store():
    return MemoryConnectionStore()


def test_round_trip_with_a_keyring(store):
    keyring = MemorySecretStore()
    saved = SavedConnections(store, keyring)
    saved.save(" prod ", OPTIONS)
    assert saved.names == ["prod"]
    written = json.dumps(store.data)
    assert not any(secret in written for secret in SECRETS)
    assert saved.notice is None
    assert saved.open("prod") == OPTIONS


def test_without_a_keyring_secrets_are_dropped_and_the_user_is_told(store):
    saved = SavedConnections(store, MemorySecretStore(available=False))
    notices = []
    saved.notice_changed.connect(notices.append)
    saved.save("prod", OPTIONS)
    assert "No system keyring" in saved.notice
    assert "Authorization header" in saved.notice
    assert not any(secret in json.dumps(store.data) for secret in SECRETS)
    reopened = saved.open("prod")
    assert reopened.headers == (("Authorization", ""), ("X-Note", "café"))
    assert reopened.client_key_password is None
    assert "api_key=***" in reopened.url
    assert saved.notice.startswith("Enter again: Authorization header")
    assert len(notices) == 2


def test_rename_duplicate_delete_move_the_secrets(store):
    keyring = MemorySecretStore()
    saved = SavedConnections(store, keyring)
    saved.save("a", OPTIONS)
    saved.rename("a", "b")
    assert saved.names == ["b"]
    assert not any(key.startswith("a/") for key in keyring.secrets)
    assert saved.duplicate("b") == "b (copy)"
    assert saved.duplicate("b") == "b (copy 2)"
    assert saved.open("b (copy)") == OPTIONS
    saved.delete("b")
    assert saved.names == ["b (copy 2)", "b (copy)"]
    assert not any(key.startswith("b/") for key in keyring.secrets)
    with pytest.raises(KeyError):
        saved.open("b")
    with pytest.raises(ValueError, match="name"):
        saved.save("  ", OPTIONS)


def test_recent_urls_newest_first_masked_and_bounded(store):
    saved = SavedConnections(store, MemorySecretStore())
    for port in range(1, 13):
        saved.remember_url(f"ws://127.0.0.1:{port}/")
    saved.remember_url("ws://127.0.0.1:5/")
    saved.remember_url("ws://h/?token=abc")
    urls = saved.recent_urls
    assert urls[:2] == ["ws://h/?token=***", "ws://127.0.0.1:5/"]
    assert len(urls) == 10
    assert "abc" not in json.dumps(store.urls)


async def test_follow_remembers_opened_urls(store):
    from wsdesk.testing import FakeChannelFactory
    from wsdesk.viewmodel import ConnectionViewModel

    saved = SavedConnections(store, MemorySecretStore())
    vm = ConnectionViewModel(FakeChannelFactory(), ConnectionOptions(url="ws://127.0.0.1:9/"))
    saved.follow(vm)
    await vm.connect.execute()
    assert saved.recent_urls == ["ws://127.0.0.1:9/"]
    await vm.aclose()


SECRET_FIELDS = ConnectionOptions(
    url="ws://127.0.0.1:9/?token=QS",
    headers=(bearer_header("B"),),
    proxy="http://pu:PPW@127.0.0.1:3128",
)
NOT_KEPT = "Enter again: Authorization header, URL secrets, proxy password (not saved)."


def test_rename_and_duplicate_keep_the_not_saved_notice_without_a_keyring(store):
    saved = SavedConnections(store, MemorySecretStore(available=False))
    saved.save("a", SECRET_FIELDS)
    saved.rename("a", "b")
    copy = saved.duplicate("b")
    assert saved.names == ["b", "b (copy)"]
    for name in ("b", copy):
        saved.open(name)
        assert saved.notice == NOT_KEPT


def test_rename_and_duplicate_carry_the_keyring_entries(store):
    keyring = MemorySecretStore()
    saved = SavedConnections(store, keyring)
    saved.save("a", SECRET_FIELDS)
    saved.rename("a", "b")
    copy = saved.duplicate("b")
    assert saved.open("b") == SECRET_FIELDS
    assert saved.open(copy) == SECRET_FIELDS
    assert saved.notice is None
    assert not any(key.startswith("a/") for key in keyring.secrets)


def test_transient_urls_never_become_recent(store):
    embedded = "ws://127.0.0.1:40123/"
    saved = SavedConnections(store, MemorySecretStore(), transient_urls=[embedded])
    saved.remember_url(embedded)
    saved.remember_url("ws://127.0.0.1:9/")
    assert saved.recent_urls == ["ws://127.0.0.1:9/"]


def test_urls_under_a_transient_one_never_become_recent(store):
    saved = SavedConnections(store, MemorySecretStore(), transient_urls=["ws://127.0.0.1:40123/"])
    saved.keep_out_of_recent("ws://127.0.0.1:40999/")
    saved.remember_url("ws://127.0.0.1:40123/close/1011?reason=x")
    saved.remember_url("ws://127.0.0.1:40999/flood")
    saved.remember_url("ws://127.0.0.1:40124/")
    assert saved.recent_urls == ["ws://127.0.0.1:40124/"]
