"""WorkspaceViewModel: tabs, environments, the workspace file, secrets, migration."""

import asyncio
import json

import pytest

from wsdesk.core.headers import bearer_header
from wsdesk.models import ConnectionOptions, ConnectionState, Environment
from wsdesk.testing import FakeChannelFactory
from wsdesk.testing.stores import MemoryConnectionStore, MemorySecretStore
from wsdesk.viewmodel.composer_modes import ComposerMode
from wsdesk.viewmodel.workspace_viewmodel import WorkspaceViewModel

TOKEN = "tok-very-secret-1"
PASSWORD = "env-secret-pw-22"
STAGING = Environment(
    "staging",
    (("host", "127.0.0.1:9"), ("password", PASSWORD)),
    frozenset({"password"}),
)


@pytest.fixture
def factory():
    return FakeChannelFactory()


@pytest.fixture
def keyring():
    return MemorySecretStore()


@pytest.fixture
def path(tmp_path):
    return tmp_path / "config" / "workspace.json"


@pytest.fixture
async def workspace(factory, path, keyring):
    ws = WorkspaceViewModel(factory, path, keyring)
    yield ws
    await ws.aclose()


def file_of(path):
    return json.loads(path.read_text("utf-8"))


async def test_tabs_open_move_and_close_in_order(workspace):
    events = []
    workspace.tabs_changed.connect(lambda: events.append("tabs"))
    workspace.current_changed.connect(lambda tab: events.append(tab.title))
    a = workspace.new_tab(ConnectionOptions(url="ws://127.0.0.1:9/a"))
    b = workspace.new_tab(ConnectionOptions(url="ws://127.0.0.1:9/b"), title="B")
    c = workspace.new_tab()
    assert workspace.tabs == (a, b, c)
    assert workspace.current is c
    assert [t.title for t in workspace.tabs] == ["127.0.0.1:9/a", "B", "New connection"]
    workspace.move_tab(c, 0)
    assert workspace.tabs == (c, a, b)
    workspace.move_tab(c, 99)  # clipped to the end
    assert workspace.tabs == (a, b, c)
    await workspace.close_tab(c)  # the current one: its left neighbour comes forward
    assert (workspace.tabs, workspace.current) == ((a, b), b)
    workspace.current = a
    await workspace.close_tab(a)  # now the right neighbour does
    assert (workspace.tabs, workspace.current) == ((b,), b)
    assert events.count("tabs") == 7  # three opened, two moves, two closed


async def test_closing_a_connected_tab_closes_it_cleanly_and_leaves_the_other_open(
    workspace, factory
):
    first = workspace.new_tab(ConnectionOptions(url="ws://127.0.0.1:9/one"))
    second = workspace.new_tab(ConnectionOptions(url="ws://127.0.0.1:9/two"))
    await first.connect.execute()
    await second.connect.execute()
    first_channel, second_channel = factory.channels
    second_channel.push("only for two")
    await workspace.close_tab(first)
    assert first.state is ConnectionState.DISCONNECTED
    assert first_channel.closed_with == (1000, "")
    assert second.state is ConnectionState.OPEN
    assert "only for two" in [m.data for m in second.messages]
    assert "only for two" not in [m.data for m in first.messages]


async def test_an_environment_fills_every_tab_and_switching_it_refills_them(workspace, factory):
    tab = workspace.new_tab(ConnectionOptions(url="ws://{{host}}/feed"))
    await tab.connect.execute()
    assert tab.url_error is not None  # no environment: {{host}} is not a URL
    workspace.set_environment(STAGING)
    workspace.active_environment = "staging"
    await tab.connect.execute()
    assert factory.last.options.url == "ws://127.0.0.1:9/feed"
    await tab.disconnect.execute()
    workspace.set_environment(Environment("prod", (("host", "127.0.0.1:10"),)))
    workspace.active_environment = "prod"
    await tab.connect.execute()
    assert factory.last.options.url == "ws://127.0.0.1:10/feed"
    workspace.remove_environment("prod")
    assert workspace.active_environment is None
    assert tab.variables is None
    with pytest.raises(KeyError):
        workspace.active_environment = "nowhere"


def test_environment_names_and_variable_names_are_checked(workspace):
    with pytest.raises(ValueError, match="name"):
        workspace.set_environment(Environment("  "))
    with pytest.raises(ValueError, match="cannot be a variable name"):
        workspace.set_environment(Environment("x", (("has space", "1"),)))
    workspace.set_environment(Environment("a"))
    workspace.set_environment(Environment("b"))
    with pytest.raises(ValueError, match="already"):
        workspace.set_environment(Environment("b"), previous_name="a")
    workspace.active_environment = "a"
    workspace.set_environment(Environment("renamed"), previous_name="a")
    assert [e.name for e in workspace.environments] == ["renamed", "b"]
    assert workspace.active_environment == "renamed"


async def test_the_workspace_survives_a_restart_with_secrets_only_in_the_keyring(
    factory, path, keyring
):
    first = WorkspaceViewModel(factory, path, keyring)
    tab = first.new_tab(
        ConnectionOptions(url="ws://{{host}}/feed", headers=(bearer_header(TOKEN),)),
        title="Feed",
    )
    first.composer(tab).mode = ComposerMode.JSON
    first.composer(tab).text = '{"draft": 1}'
    other = first.new_tab(ConnectionOptions(url="ws://127.0.0.1:9/other"))
    first.set_environment(STAGING)
    first.active_environment = "staging"
    first.current = tab
    first.save_tab(other, "Other")
    await first.aclose()

    raw = path.read_bytes()
    assert TOKEN.encode() not in raw
    assert PASSWORD.encode() not in raw
    assert file_of(path)["version"] == 1

    second = WorkspaceViewModel(factory, path, keyring)
    assert [t.title for t in second.tabs] == ["Feed", "127.0.0.1:9/other"]
    restored = second.tabs[0]
    assert second.current is restored
    assert restored.state is ConnectionState.DISCONNECTED  # restored, not connected
    assert restored.options.url == "ws://{{host}}/feed"
    assert restored.options.headers == (bearer_header(TOKEN),)
    assert second.composer(restored).text == '{"draft": 1}'
    assert second.composer(restored).mode is ComposerMode.JSON
    assert second.active_environment == "staging"
    assert second.environment("staging") == STAGING
    assert second.saved.names == ["Other"]
    assert second.notice is None
    await restored.connect.execute()
    assert factory.last.options.url == "ws://127.0.0.1:9/feed"
    await second.aclose()


async def test_without_a_keyring_secrets_are_not_written_and_the_notice_says_so(factory, path):
    ws = WorkspaceViewModel(factory, path, MemorySecretStore(available=False))
    ws.set_environment(STAGING)
    assert "session only" in (ws.notice or "")
    await ws.aclose()
    assert PASSWORD.encode() not in path.read_bytes()
    again = WorkspaceViewModel(factory, path, MemorySecretStore(available=False))
    assert again.environment("staging").values()["password"] == ""
    assert "Enter again" in (again.notice or "")
    await again.aclose()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"format": "wsdesk-workspace", "version": 1, "tabs": [', "not valid JSON"),
        (b"\xff\xfe not text", "not UTF-8"),
        (b'{"some": "other file"}', "not a wsdesk workspace"),
        (b'{"format": "wsdesk-workspace", "version": 9}', "a newer wsdesk wrote it"),
        (b'{"format": "wsdesk-workspace", "version": 1, "tabs": {}}', '"tabs" is not a list'),
    ],
)
async def test_a_corrupt_file_is_moved_aside_with_a_notice_never_overwritten(
    factory, path, keyring, content, reason
):
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    ws = WorkspaceViewModel(factory, path, keyring)
    assert reason in (ws.notice or "")
    kept = [p for p in path.parent.iterdir() if p.name.startswith("workspace.json.broken-")]
    assert len(kept) == 1
    assert kept[0].read_bytes() == content
    assert str(kept[0]) in (ws.notice or "")
    ws.new_tab()
    await ws.aclose()
    assert len(file_of(path)["tabs"]) == 1


async def test_a_crash_while_writing_leaves_the_previous_file_whole(
    factory, path, keyring, monkeypatch
):
    ws = WorkspaceViewModel(factory, path, keyring)
    ws.new_tab(title="kept")
    before = path.read_bytes()

    def crash(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("wsdesk.viewmodel.workspace_file.os.replace", crash)
    ws.new_tab(title="lost")
    assert path.read_bytes() == before
    assert "No space left on device" in (ws.notice or "")
    assert [p.name for p in path.parent.iterdir()] == ["workspace.json"]  # no temporary left
    monkeypatch.undo()
    ws.save()
    assert ws.notice is None
    assert [t["title"] for t in file_of(path)["tabs"]] == ["kept", "lost"]
    await ws.aclose()


async def test_saved_connections_and_recent_urls_move_from_the_legacy_store_once(
    factory, path, keyring
):
    legacy = MemoryConnectionStore()
    legacy.save("prod", {"url": "ws://127.0.0.1:9/prod", "schema": 1, "secret_keys": []})
    legacy.set_recent_urls(["ws://127.0.0.1:9/a", "ws://127.0.0.1:9/b"])
    ws = WorkspaceViewModel(factory, path, keyring, legacy=legacy)
    assert ws.saved.names == ["prod"]
    assert ws.saved.recent_urls == ["ws://127.0.0.1:9/a", "ws://127.0.0.1:9/b"]
    tab = ws.open_saved("prod")
    assert (tab.title, tab.options.url) == ("prod", "ws://127.0.0.1:9/prod")
    ws.saved.delete("prod")
    await ws.aclose()
    assert legacy.names() == ["prod"]  # the old store is left as it was
    again = WorkspaceViewModel(factory, path, keyring, legacy=legacy)
    assert again.saved.names == []  # moved once: a deletion since then holds
    await again.aclose()


async def test_a_workspace_without_a_path_keeps_everything_in_memory(factory, tmp_path):
    ws = WorkspaceViewModel(factory)
    ws.new_tab(ConnectionOptions(url="ws://127.0.0.1:9/"))
    ws.set_environment(STAGING)
    assert ws.path is None
    assert list(tmp_path.iterdir()) == []
    await ws.aclose()


@pytest.mark.parametrize(
    "bad_tab",
    [
        {"id": "b", "options": {"url": 5}},
        {"id": "b", "options": {"secret_keys": 5}},
        {"id": "b", "options": {"ping_interval": "x"}},
        {"id": "b", "options": "ws://x/"},
        {"id": "b", "title": 7, "options": {}},
        {"options": {}},
    ],
)
async def test_a_damaged_tab_is_left_out_with_a_notice_and_the_file_kept_whole(
    factory, path, keyring, bad_tab
):
    good = {"id": "a", "title": "good", "options": {"url": "ws://127.0.0.1:9/"}}
    document = {"format": "wsdesk-workspace", "version": 1, "tabs": [good, bad_tab]}
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(document))
    original = path.read_bytes()
    ws = WorkspaceViewModel(factory, path, keyring)
    assert [t.title for t in ws.tabs] == ["good"]
    assert "tab 2" in (ws.notice or "")
    copies = [p for p in path.parent.iterdir() if ".broken-" in p.name]
    assert [c.read_bytes() for c in copies] == [original]
    await ws.aclose()


@pytest.mark.parametrize(
    "bad_environment",
    [{"name": "e", "variables": 5}, {"name": "e", "secret_names": 5}, {"variables": []}],
)
async def test_a_damaged_environment_is_left_out_with_a_notice(
    factory, path, keyring, bad_environment
):
    document = {"format": "wsdesk-workspace", "version": 1, "environments": [bad_environment]}
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(document))
    ws = WorkspaceViewModel(factory, path, keyring)
    assert ws.environments == ()
    assert "environment 1" in (ws.notice or "")
    await ws.aclose()


async def test_deep_nesting_and_a_boolean_version_are_not_workspaces(factory, path, keyring):
    path.parent.mkdir(parents=True)
    path.write_text('{"format": "wsdesk-workspace", "version": 1, "tabs": ' + "[" * 100000)
    ws = WorkspaceViewModel(factory, path, keyring)
    assert "nested too deeply" in (ws.notice or "") or "not valid JSON" in (ws.notice or "")
    await ws.aclose()
    path.write_text('{"format": "wsdesk-workspace", "version": true}')
    again = WorkspaceViewModel(factory, path, keyring)
    assert "version" in (again.notice or "")
    await again.aclose()


async def test_a_directory_given_as_the_workspace_is_never_moved(factory, tmp_path, keyring):
    directory = tmp_path / "project"
    directory.mkdir()
    (directory / "notes.txt").write_text("mine")
    ws = WorkspaceViewModel(factory, directory, keyring)
    assert "is a directory" in (ws.notice or "")
    ws.new_tab()
    await ws.aclose()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]
    assert (directory / "notes.txt").read_text() == "mine"


async def test_secret_variables_in_the_url_stay_masked_also_after_a_switch(factory, keyring):
    ws = WorkspaceViewModel(factory, None, keyring)
    ws.set_environment(
        Environment("a", (("host", "127.0.0.1:9"), ("tok", "supersecret123")), frozenset({"tok"}))
    )
    ws.set_environment(Environment("b", (("host", "127.0.0.1:9"), ("tok", "other"))))
    ws.active_environment = "a"
    tab = ws.new_tab(ConnectionOptions(url="ws://{{host}}/p/{{tok}}"))
    await tab.connect.execute()
    assert factory.last.options.url == "ws://127.0.0.1:9/p/supersecret123"
    ws.active_environment = "b"
    factory.last.push_close(4000, "bye supersecret123")
    for _ in range(5):
        await asyncio.sleep(0)
    shown = [m.data for m in tab.messages] + [tab.status_text]
    assert not any("supersecret123" in text for text in shown), shown
    assert any("/p/***" in text for text in shown)
    await ws.aclose()


def test_renaming_a_saved_connection_onto_another_is_refused(factory, keyring):
    ws = WorkspaceViewModel(factory, None, keyring)
    ws.saved.save("dev", ConnectionOptions(url="ws://127.0.0.1:9/dev"))
    ws.saved.save("prod", ConnectionOptions(url="ws://127.0.0.1:9/prod"))
    with pytest.raises(ValueError, match="already a saved connection called prod"):
        ws.saved.rename("dev", "prod")
    assert ws.saved.open("prod").url == "ws://127.0.0.1:9/prod"


async def test_showing_control_frames_is_saved_with_the_tab(factory, path, keyring):
    ws = WorkspaceViewModel(factory, path, keyring)
    tab = ws.new_tab(ConnectionOptions(url="ws://127.0.0.1:9/a"))
    tab.options = ConnectionOptions(url="ws://127.0.0.1:9/a", show_control_frames=True)
    await ws.aclose()
    again = WorkspaceViewModel(factory, path, keyring)
    try:
        assert again.tabs[-1].options.show_control_frames
    finally:
        await again.aclose()
