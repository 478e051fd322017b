import base64

import pytest

from wsdesk.models import Direction, Message
from wsdesk.viewmodel.formatting import preview
from wsdesk.viewmodel.message_detail import (
    DISPLAY_LIMIT,
    detail_forms,
    hex_dump,
    payload_bytes,
)

SIX = bytes([0x00, 0x0A, 0x0D, 0xFF, 0x7F, 0x80])


def forms(message):
    return {form.title: form for form in detail_forms(message)}


def test_hex_dump_has_offset_hex_and_ascii():
    data = b"Hello, binary!\x00\xff" + bytes(range(0x41, 0x45))
    assert hex_dump(data).splitlines() == [
        "00000000  48 65 6c 6c 6f 2c 20 62  69 6e 61 72 79 21 00 ff  |Hello, binary!..|",
        "00000010  41 42 43 44                                       |ABCD|",
    ]


def test_binary_is_never_shown_as_text():
    """B16: the 6-byte message shows its hex and copies back exactly."""
    message = Message.of(Direction.RECEIVED, SIX)
    views = forms(message)
    assert views["Text"].shows == "(binary message, 6 B: see Hex or Base64)"
    assert views["Hex"].shows.startswith("00000000  00 0a 0d ff 7f 80")
    assert base64.b64decode(views["Base64"].full()) == SIX
    assert payload_bytes(message) == SIX
    assert preview(message) == "00 0a 0d ff 7f 80"


def test_text_is_never_shown_as_hex_in_the_log():
    message = Message.of(Direction.RECEIVED, "de ad")
    assert preview(message) == "de ad"
    assert forms(message)["Text"].shows == "de ad"


def test_json_view_pretty_or_says_why_not():
    assert forms(Message.of(Direction.RECEIVED, '{"a":[1]}'))["JSON"].shows == (
        '{\n  "a": [\n    1\n  ]\n}'
    )
    assert forms(Message.of(Direction.RECEIVED, "{x"))["JSON"].shows == (
        "(not JSON: line 1, column 2: Expecting property name enclosed in double quotes)"
    )


def test_unicode_is_exact():
    """B28: RTL text, emoji with a skin-tone modifier, precomposed and combining marks."""
    text = "שלום עולם 👋🏽 café e\u0301\u0302"
    message = Message.of(Direction.RECEIVED, text)
    assert forms(message)["Text"].shows == text
    assert payload_bytes(message) == text.encode("utf-8")


def test_big_messages_are_cut_for_display_but_copied_whole():
    """B17: 2 MiB of text is previewed at 4 KiB and shown cut, but copied whole."""
    text = "a" * 2_097_152 + "#END"
    message = Message.of(Direction.RECEIVED, text)
    line = preview(message)
    assert line.endswith("…(2.0 MiB, truncated)")
    assert len(line) < 4200
    views = forms(message)
    assert len(views["Text"].shows) < DISPLAY_LIMIT + 100
    assert views["Text"].full() == text
    assert views["Hex"].shows.endswith("… first 64.0 KiB of 2.0 MiB shown")
    blob = bytes(70_000)
    assert len(hex_dump(blob).splitlines()) == 4375


def test_long_words_wrap_anywhere_and_prose_at_words():
    big = {f.title: f for f in detail_forms(Message.of(Direction.RECEIVED, "a" * 5000))}
    assert big["Text"].hard_wrap
    prose = {f.title: f for f in detail_forms(Message.of(Direction.RECEIVED, "word " * 5000))}
    assert not prose["Text"].hard_wrap


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1" * 5000, "(JSON too big for wsdesk to read: a number has more than 4300 digits)"),
        ("[" * 3000 + "]" * 3000, "(JSON too big for wsdesk to read: nested too deeply)"),
        ("[" * 100_000, "(JSON too big for wsdesk to read: nested too deeply)"),
        ("NaN", "(invalid JSON: NaN is not a JSON value (JSON numbers are finite))"),
    ],
)
def test_json_view_of_text_python_cannot_read_says_why_and_never_raises(text, shown):
    """A server sent it as a text message; clicking its row used to abort the app."""
    message = Message.of(Direction.RECEIVED, text)
    assert forms(message)["JSON"].shows == shown
    assert forms(message)["JSON"].full() == shown
    assert forms(message)["Text"].shows == text[:DISPLAY_LIMIT]
