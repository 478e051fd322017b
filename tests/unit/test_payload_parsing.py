import json

import pytest

from wsdesk.core.payload import (
    PayloadError,
    minify_json,
    parse_base64,
    parse_hex,
    parse_json,
    pretty_json,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("de ad be ef", b"\xde\xad\xbe\xef"),
        ("0xde 0xAD\n0xbe,ef", b"\xde\xad\xbe\xef"),
        ("00 0a 0d ff 7f 80", bytes([0x00, 0x0A, 0x0D, 0xFF, 0x7F, 0x80])),
        ("", b""),
    ],
)
def test_hex(text, expected):
    assert parse_hex(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("zz", "'z' is not a hex digit"), ("abc", "even number of digits")],
)
def test_bad_hex(text, message):
    with pytest.raises(PayloadError, match=message):
        parse_hex(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3q2+7w==", b"\xde\xad\xbe\xef"),
        ("3q2+7w", b"\xde\xad\xbe\xef"),
        ("3q2-7w", b"\xde\xad\xbe\xef"),
        ("AAoN\n/3+A", bytes([0x00, 0x0A, 0x0D, 0xFF, 0x7F, 0x80])),
        ("", b""),
    ],
)
def test_base64(text, expected):
    assert parse_base64(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("3q2*", "'\\*' is not a base64 character"), ("3q2+7", "impossible length")],
)
def test_bad_base64(text, message):
    with pytest.raises(PayloadError, match=message):
        parse_base64(text)


def test_json_error_names_line_and_column():
    with pytest.raises(PayloadError) as caught:
        parse_json('{\n  "a": 1,\n  "b": }')
    assert "line 3, column 8" in str(caught.value)


def test_pretty_and_minify_keep_unicode_and_order():
    text = '{"z": "café 👋🏽", "a": [1, 2]}'
    pretty = pretty_json(text)
    assert pretty == '{\n  "z": "café 👋🏽",\n  "a": [\n    1,\n    2\n  ]\n}'
    assert minify_json(pretty) == '{"z":"café 👋🏽","a":[1,2]}'
    assert json.loads(minify_json(pretty)) == json.loads(text)


@pytest.mark.parametrize("text", ["10x0", "a0xb", "0x0x"])
def test_hex_prefix_is_only_allowed_at_the_start_of_a_group(text):
    with pytest.raises(PayloadError, match="'x' is not a hex digit"):
        parse_hex(text)
