import asyncio

import pytest

from wsdesk.models import ConnectionOptions, Direction, MessageKind
from wsdesk.testing import FakeChannelFactory
from wsdesk.viewmodel import ConnectionViewModel
from wsdesk.viewmodel.composer_modes import BinaryEncoding, ComposerMode
from wsdesk.viewmodel.composer_viewmodel import ComposerViewModel
from wsdesk.viewmodel.send_history import Draft, SendHistory


async def settle():
    for _ in range(5):
        await asyncio.sleep(0)


@pytest.fixture
async def connection():
    factory = FakeChannelFactory()
    vm = ConnectionViewModel(factory, ConnectionOptions(url="ws://127.0.0.1:9/"))
    await vm.connect.execute()
    vm.factory = factory
    yield vm
    await vm.aclose()


@pytest.fixture
def composer(connection):
    return ComposerViewModel(connection)


def sent(connection):
    return connection.factory.channels[-1].sent


async def test_text_mode_sends_the_text_and_empties_the_editor(composer, connection):
    composer.text = "שלום עולם 👋🏽 café"
    assert composer.submit()
    await settle()
    assert sent(connection) == ["שלום עולם 👋🏽 café"]
    assert composer.text == ""


async def test_empty_text_and_empty_binary_are_legal(composer, connection):
    """B29: an empty message is sent, not disabled."""
    assert composer.info == "empty text message"
    assert composer.submit()
    composer.mode = ComposerMode.BINARY
    assert composer.info == "0 bytes"
    assert composer.submit()
    await settle()
    assert sent(connection) == ["", b""]


async def test_invalid_json_is_an_error_with_line_and_column_and_nothing_is_sent(
    composer, connection
):
    composer.mode = ComposerMode.JSON
    composer.text = '{"op": "subscribe",\n "topic": }'
    assert not composer.submit()
    assert composer.error == "invalid JSON at line 2, column 11: Expecting value"
    assert composer.text == '{"op": "subscribe",\n "topic": }'
    await settle()
    assert sent(connection) == []
    composer.text = '{"op": "subscribe"}'
    assert composer.error is None


async def test_json_is_sent_as_text_and_can_be_pretty_printed_or_minified(composer, connection):
    composer.mode = ComposerMode.JSON
    composer.text = '{"a":[1,2'
    assert composer.info == "not valid JSON yet"
    composer.text = '{"a":[1,2]}'
    assert composer.info == "valid JSON, 11 B"
    assert composer.format_json(pretty=True)
    assert composer.text == '{\n  "a": [\n    1,\n    2\n  ]\n}'
    assert composer.format_json(pretty=False)
    assert composer.text == '{"a":[1,2]}'
    composer.text = "{oops"
    assert not composer.format_json(pretty=True)
    assert composer.text == "{oops"
    assert "line 1, column 2" in composer.error
    composer.text = '{"a": 1}'
    assert composer.submit()
    await settle()
    assert sent(connection) == ['{"a": 1}']
    assert connection.messages[-1].kind is MessageKind.TEXT


async def test_binary_hex_shows_the_byte_count_and_sends_bytes(composer, connection):
    """B16: binary typed as hex `de ad be ef`."""
    composer.mode = ComposerMode.BINARY
    composer.text = "de ad be ef"
    assert composer.info == "4 bytes"
    composer.text = "de ad b"
    assert composer.info == "not valid hex yet"
    composer.text = "de ad be ef"
    assert composer.submit()
    await settle()
    assert sent(connection) == [b"\xde\xad\xbe\xef"]
    assert connection.messages[-1].direction is Direction.SENT


async def test_binary_base64(composer, connection):
    composer.mode = ComposerMode.BINARY
    composer.encoding = BinaryEncoding.BASE64
    composer.text = "AAoN/3+A"
    assert composer.info == "6 bytes"
    assert composer.submit()
    composer.text = "*"
    assert not composer.submit()
    assert composer.error == "'*' is not a base64 character"
    await settle()
    assert sent(connection) == [bytes([0x00, 0x0A, 0x0D, 0xFF, 0x7F, 0x80])]


async def test_send_file_as_binary_or_utf8_text(composer, connection):
    assert composer.send_file(b"\x00\xff")
    assert composer.send_file("café".encode(), as_text=True)
    assert not composer.send_file(b"ok\xff", as_text=True)
    assert "offset 2" in composer.error
    await settle()
    assert sent(connection) == [b"\x00\xff", "café"]


async def test_nothing_is_sent_while_disconnected(composer, connection):
    await connection.disconnect.execute()
    composer.text = "late"
    assert not composer.submit()
    assert composer.text == "late"


async def test_up_and_down_recall_earlier_sends(composer):
    composer.text = "one"
    composer.submit()
    composer.mode = ComposerMode.JSON
    composer.text = "[2]"
    composer.submit()
    assert composer.recall_older()
    assert (composer.mode, composer.text) == (ComposerMode.JSON, "[2]")
    assert composer.recall_older()
    assert (composer.mode, composer.text) == (ComposerMode.TEXT, "one")
    assert not composer.recall_older()
    assert composer.recall_newer()
    assert composer.text == "[2]"
    assert composer.recall_newer()
    assert composer.text == ""
    assert not composer.recall_newer()


async def test_recall_does_not_overwrite_an_edited_draft(composer):
    composer.text = "one"
    composer.submit()
    composer.text = "typing"
    assert not composer.recall_older()
    assert composer.text == "typing"
    composer.text = ""
    assert composer.recall_older()
    composer.text = "one, edited"
    assert not composer.recall_older()


def test_history_keeps_the_last_100_without_repeats():
    history = SendHistory()
    for n in range(150):
        history.record(Draft(ComposerMode.TEXT, BinaryEncoding.HEX, f"m{n}"))
    history.record(Draft(ComposerMode.TEXT, BinaryEncoding.HEX, "m149"))
    assert len(history) == 100
    assert history.entries[0].text == "m50"
    assert history.older().text == "m149"
    assert history.older().text == "m148"


@pytest.mark.parametrize("text", ["1" * 5000, "[" * 3000 + "]" * 3000, "[" * 100_000])
async def test_json_python_cannot_read_is_an_inline_error_and_nothing_is_sent(
    composer, connection, text
):
    """Typing or pasting it runs on every keystroke; it used to raise out of the setter."""
    composer.mode = ComposerMode.JSON
    composer.text = text
    assert composer.info == "not valid JSON yet"
    assert not composer.submit()
    assert composer.error.startswith("JSON too big for wsdesk to read: ")
    assert not composer.format_json(pretty=True)
    assert composer.text == text
    await settle()
    assert sent(connection) == []
