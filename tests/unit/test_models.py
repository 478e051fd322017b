import pytest

from wsdesk.models import (
    CloseInfo,
    CloseInitiator,
    Direction,
    Message,
    MessageKind,
    describe_close_code,
    format_size,
)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (1000, "normal closure"),
        (1005, "no status code"),
        (1006, "connection lost (no close frame)"),
        (1011, "internal error"),
        (1015, "TLS handshake failed"),
        (3001, "registered code 3001"),
        (4400, "application-defined code 4400"),
        (2999, "unknown code 2999"),
        (None, "no close code"),
    ],
)
def test_close_code_names(code, text):
    assert describe_close_code(code) == text


def test_server_close_is_described_with_code_meaning_and_reason():
    info = CloseInfo(1011, "db unavailable", CloseInitiator.SERVER, clean=True)
    assert info.describe() == "Closed by server: 1011 internal error, 'db unavailable'"
    assert info.is_error


def test_no_status_is_not_an_error():
    info = CloseInfo(1005, "", CloseInitiator.SERVER, clean=True)
    assert not info.is_error


def test_abnormal_close_reads_as_lost():
    info = CloseInfo(1006, "", CloseInitiator.NONE, clean=False)
    assert info.describe().startswith("Connection lost: 1006")
    assert info.is_error


def test_message_of_text_counts_utf8_bytes():
    message = Message.of(Direction.SENT, "café")
    assert message.kind is MessageKind.TEXT
    assert message.size == 5


@pytest.mark.parametrize(
    ("text", "size"), [("Hello!", 6), ("café", 5), ("€€€", 9), ("\ud800", 1), ("", 0)]
)
def test_message_of_text_size_is_its_utf8_bytes(text, size):
    assert Message.of(Direction.RECEIVED, text).size == size


def test_message_of_bytes_is_binary():
    message = Message.of(Direction.RECEIVED, b"\x00\x0a")
    assert message.kind is MessageKind.BINARY
    assert message.size == 2


@pytest.mark.parametrize(
    ("size", "text"), [(0, "0 B"), (1023, "1023 B"), (4096, "4.0 KiB"), (2 * 1024**2, "2.0 MiB")]
)
def test_format_size(size, text):
    assert format_size(size) == text
