"""wsdesk-cli --connection, --environment and --var: read from the window's workspace file."""

import re

import pytest

from wsdesk.cli import workspace as cli_workspace
from wsdesk.cli.options import UsageError, parse_args
from wsdesk.core.headers import bearer_header
from wsdesk.models import ConnectionOptions, Environment
from wsdesk.testing import FakeChannelFactory
from wsdesk.testing.stores import MemorySecretStore
from wsdesk.viewmodel.workspace_viewmodel import WorkspaceViewModel

TOKEN = "tok-cli-secret-99"


@pytest.fixture
def keyring(monkeypatch):
    store = MemorySecretStore()
    real = cli_workspace.choose
    monkeypatch.setattr(
        "wsdesk.cli.options.choose_from_workspace", lambda args: real(args, secrets=store)
    )
    return store


@pytest.fixture
async def path(tmp_path, keyring):
    path = tmp_path / "workspace.json"
    ws = WorkspaceViewModel(FakeChannelFactory(), path, keyring)
    ws.saved.save(
        "feed", ConnectionOptions(url="ws://{{host}}/feed", headers=(bearer_header(TOKEN),))
    )
    ws.set_environment(
        Environment("local", (("host", "127.0.0.1:9"), ("key", "k-1")), frozenset({"key"}))
    )
    await ws.aclose()
    return path


def parse(*argv):
    return parse_args(list(argv), env={})


async def test_a_saved_connection_and_an_environment_fill_the_options(path):
    before = path.read_bytes()
    config = parse("--workspace", str(path), "--connection", "feed", "--environment", "local")
    assert config.options.url == "ws://{{host}}/feed"
    assert config.options.headers == (bearer_header(TOKEN),)  # from the keyring
    assert config.variables == {"host": "127.0.0.1:9", "key": "k-1"}
    assert config.secret_variables == frozenset({"key"})
    assert path.read_bytes() == before  # only read


async def test_var_wins_over_the_environment_and_a_url_over_the_saved_one(path):
    config = parse(
        "--workspace",
        str(path),
        "--connection",
        "feed",
        "--environment",
        "local",
        "--var",
        "host=127.0.0.1:10",
        "--var",
        "key=visible",
        "ws://{{host}}/other",
    )
    assert config.options.url == "ws://{{host}}/other"
    assert config.variables["host"] == "127.0.0.1:10"
    assert "key" not in config.secret_variables


async def test_unknown_names_are_usage_errors_that_list_what_there_is(path):
    with pytest.raises(UsageError, match=r"no saved connection 'nope' \(saved: feed\)"):
        parse("--workspace", str(path), "--connection", "nope")
    with pytest.raises(UsageError, match=r"no environment 'prod' \(environments: local\)"):
        parse("--workspace", str(path), "--environment", "prod")
    with pytest.raises(UsageError, match=re.escape("'{{host}}' is not a valid host name")):
        parse("--workspace", str(path), "--connection", "feed")  # no environment: as typed
    with pytest.raises(UsageError, match=r"Unknown variable in the URL: \{\{host\}\}"):
        parse("--workspace", str(path), "--connection", "feed", "--var", "other=1")
    with pytest.raises(UsageError, match="NAME=VALUE"):
        parse("--var", "no-equals-sign")


def test_var_alone_needs_no_workspace():
    config = parse("--var", "room=lobby", "ws://127.0.0.1:9/{{room}}")
    assert config.variables == {"room": "lobby"}
    assert config.options.url == "ws://127.0.0.1:9/{{room}}"


def test_a_missing_or_corrupt_workspace_file_is_a_usage_error(tmp_path, keyring):
    missing = tmp_path / "none.json"
    with pytest.raises(UsageError, match="no workspace file"):
        parse("--workspace", str(missing), "--connection", "x")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(UsageError, match="cannot be used: it is not valid JSON"):
        parse("--workspace", str(broken), "--environment", "x")
    assert broken.read_text() == "{not json"  # never moved or rewritten by the CLI
