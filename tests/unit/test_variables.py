"""{{name}} variables: substitution, unknown names, secrets in headers, and the view-model."""

import asyncio
import re

import pytest

from wsdesk.models import ConnectionOptions, ConnectionState, Direction, Environment
from wsdesk.testing import FakeChannelFactory
from wsdesk.viewmodel import ConnectionViewModel
from wsdesk.viewmodel.variables import UnknownVariableError, resolve_options, substitute

VALUES = {"host": "127.0.0.1:9", "token": "s3cr3t-token-value", "room": "lobby"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ws://{{host}}/chat", "ws://127.0.0.1:9/chat"),
        ("{{ room }} and {{room}}", "lobby and lobby"),
        ("{{{room}}}", "{lobby}"),  # the inner pair is the variable, the outer braces stay
        ("{{a{{room}}}}", "{{alobby}}"),  # one pass: what a value leaves is not expanded
        ("{room} {{ }} {{9x}}", "{room} {{ }} {{9x}}"),  # not names: kept as typed
        ("no braces", "no braces"),
    ],
)
def test_substitute(text, expected):
    assert substitute(text, VALUES) == expected


def test_a_value_holding_braces_is_not_expanded_again():
    assert substitute("{{a}}", {"a": "{{b}}", "b": "x"}) == "{{b}}"


def test_unknown_names_are_all_named_once_in_order():
    with pytest.raises(UnknownVariableError) as caught:
        substitute("{{b}} {{room}} {{a}} {{b}}", VALUES, "URL")
    assert caught.value.names == ("b", "a")
    expected = "Unknown variables in the URL: {{b}}, {{a}} (not in the environment)"
    assert str(caught.value) == expected


def test_a_header_that_uses_a_secret_variable_becomes_a_secret_header():
    options = ConnectionOptions(
        url="ws://{{host}}/",
        headers=(("Authorization", "Bearer {{token}}"), ("X-Room", "{{room}}")),
        origin="http://{{host}}",
    )
    resolved = resolve_options(options, VALUES, {"token"})
    assert resolved.url == "ws://127.0.0.1:9/"
    assert resolved.headers == (
        ("Authorization", "Bearer s3cr3t-token-value"),
        ("X-Room", "lobby"),
    )
    assert resolved.origin == "http://127.0.0.1:9"
    assert "Authorization" in resolved.secret_headers
    assert "X-Room" not in resolved.secret_headers
    assert options.url == "ws://{{host}}/"  # the template is left as it was


def test_an_unknown_name_in_a_header_names_the_header():
    options = ConnectionOptions(url="ws://x/", headers=(("X-Key", "{{missing}}"),))
    with pytest.raises(UnknownVariableError, match=re.escape("X-Key header: {{missing}}")):
        resolve_options(options, VALUES)


def test_environment_values_and_secrets():
    pairs = (("host", "a"), ("token", "t"), ("host", "b"))
    env = Environment("staging", pairs, frozenset({"token"}))
    assert env.values() == {"host": "b", "token": "t"}
    assert env.secret_values() == frozenset({"t"})


# -- the view-model ---------------------------------------------------------------------


async def settle():
    for _ in range(5):
        await asyncio.sleep(0)


@pytest.fixture
def factory():
    return FakeChannelFactory()


@pytest.fixture
async def vm(factory):
    view_model = ConnectionViewModel(
        factory,
        ConnectionOptions(
            url="ws://{{host}}/feed",
            headers=(("Authorization", "Bearer {{token}}"),),
        ),
    )
    view_model.set_variables(VALUES, frozenset({"token"}))
    yield view_model
    await view_model.aclose()


async def test_connect_fills_the_url_and_headers_and_keeps_the_template(vm, factory):
    await vm.connect.execute()
    assert vm.state is ConnectionState.OPEN
    channel_options = factory.last.options
    assert channel_options.url == "ws://127.0.0.1:9/feed"
    assert channel_options.headers == (("Authorization", "Bearer s3cr3t-token-value"),)
    assert vm.options.url == "ws://{{host}}/feed"  # saved and shown as typed
    assert vm.live_options.url == "ws://127.0.0.1:9/feed"
    assert vm.status_text == "Open: ws://127.0.0.1:9/feed"


async def test_an_unknown_name_connects_nothing_and_says_which(vm, factory):
    await vm.connect.execute("ws://{{hots}}/feed")
    assert vm.state is ConnectionState.DISCONNECTED
    assert factory.channels == []
    assert vm.url_error == "Unknown variable in the URL: {{hots}} (not in the environment)"


async def test_a_header_with_an_unknown_name_connects_nothing(factory):
    vm = ConnectionViewModel(
        factory, ConnectionOptions(url="ws://127.0.0.1:9/", headers=(("X-Key", "{{nope}}"),))
    )
    vm.variables = {}
    await vm.connect.execute()
    assert vm.state is ConnectionState.DISCONNECTED
    assert "X-Key header: {{nope}}" in (vm.url_error or "")
    await vm.aclose()


async def test_sent_text_is_filled_and_an_unknown_name_sends_nothing(vm, factory):
    await vm.connect.execute()
    await vm.send.execute('{"room": "{{room}}"}')
    await vm.send.execute("to {{nobody}}")
    await vm.send.execute(b"{{room}}")  # binary is sent as it is
    await settle()
    assert factory.last.sent == ['{"room": "lobby"}', b"{{room}}"]
    assert vm.unknown_variables("to {{nobody}}") is not None
    assert vm.unknown_variables("{{room}}") is None
    events = [m.data for m in vm.messages if m.direction is Direction.EVENT]
    refused = "not sent: Unknown variable in the message: {{nobody}} (not in the environment)"
    assert refused in events


async def test_without_an_environment_braces_are_sent_as_typed(factory):
    vm = ConnectionViewModel(factory, ConnectionOptions(url="ws://127.0.0.1:9/"))
    await vm.connect.execute()
    await vm.send.execute("{{mustache}}")
    await settle()
    assert factory.last.sent == ["{{mustache}}"]
    await vm.aclose()


async def test_secret_variable_values_never_reach_the_log(vm, factory):
    await vm.connect.execute()
    await vm.send.execute("token is {{token}}")
    factory.last.drop("lost: s3cr3t-token-value refused")
    await settle()
    shown = [m.data for m in vm.messages if m.direction is Direction.EVENT]
    shown += [vm.status_text, vm.error or ""]
    assert any("***" in text for text in shown)
    assert not any("s3cr3t-token-value" in text for text in shown)


def test_the_title_is_derived_from_the_url_until_the_user_names_it(factory):
    vm = ConnectionViewModel(factory, ConnectionOptions(url="wss://ann:pw@feed.test:8443/v1?k=1"))
    titles = []
    vm.title_changed.connect(titles.append)
    assert vm.title == "feed.test:8443/v1"
    vm.title = "  Prices  "
    assert (vm.title, vm.has_own_title) == ("Prices", True)
    vm.options = ConnectionOptions(url="ws://other.test/")
    assert vm.title == "Prices"
    vm.title = ""
    assert (vm.title, vm.has_own_title) == ("other.test", False)
    vm.options = ConnectionOptions()
    assert vm.title == "New connection"
    assert titles == ["Prices", "other.test", "New connection"]


async def test_the_composer_shows_an_unknown_name_before_sending(vm, factory):
    from wsdesk.viewmodel.composer_modes import ComposerMode
    from wsdesk.viewmodel.composer_viewmodel import ComposerViewModel

    await vm.connect.execute()
    composer = ComposerViewModel(vm)
    composer.text = "hi {{nobody}}"
    assert not composer.submit()
    assert composer.error == "Unknown variable in the message: {{nobody}} (not in the environment)"
    assert composer.text == "hi {{nobody}}"  # kept, to be fixed
    composer.mode = ComposerMode.JSON
    composer.text = '{"room": "{{room}}", "n": {{count}}}'
    vm.set_variables({**VALUES, "count": "3"}, frozenset({"token"}))
    assert composer.info.startswith("valid JSON")  # JSON once filled
    assert composer.submit()
    await settle()
    assert factory.last.sent == ['{"room": "lobby", "n": 3}']


async def test_a_url_of_variables_is_titled_by_the_host_it_connected_to(vm):
    titles = []
    vm.title_changed.connect(titles.append)
    assert vm.title == "{{host}}/feed"
    await vm.connect.execute()
    assert vm.title == "127.0.0.1:9/feed"
    assert titles == ["127.0.0.1:9/feed"]
