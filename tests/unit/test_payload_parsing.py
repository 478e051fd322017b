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


# Text any server or paste can produce that Python's json refuses with ValueError or
# RecursionError rather than JSONDecodeError.
UNREADABLE_JSON = [
    ("1" * 5000, "JSON too big for wsdesk to read: a number has more than 4300 digits"),
    ("[" * 3000 + "]" * 3000, "JSON too big for wsdesk to read: nested too deeply"),
    ("[" * 100_000, "JSON too big for wsdesk to read: nested too deeply"),
    ('{"a": ' * 3000 + "1" + "}" * 3000, "JSON too big for wsdesk to read: nested too deeply"),
    # Python reads these as inf and would write them back as Infinity, which is not JSON.
    (
        "[1e400]",
        "JSON too big for wsdesk to read: the number 1e400 is too large for a 64-bit float",
    ),
    (
        "-1E+999",
        "JSON too big for wsdesk to read: the number -1E+999 is too large for a 64-bit float",
    ),
]


@pytest.mark.parametrize(("text", "message"), UNREADABLE_JSON)
def test_json_python_cannot_read_is_a_plain_error(text, message):
    for parse in (parse_json, pretty_json, minify_json):
        with pytest.raises(PayloadError) as caught:
            parse(text)
        assert str(caught.value) == message
        assert caught.value.line is None


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(constant):
    """RFC 8259 section 6: numbers are finite; Python's json would accept these."""
    with pytest.raises(PayloadError, match=f"invalid JSON: {constant} is not a JSON value"):
        parse_json(f'{{"x": [1, {constant}]}}')


def test_a_value_too_deep_to_write_back_is_a_plain_error(monkeypatch):
    def too_deep(*_args, **_kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("wsdesk.core.payload.json.dumps", too_deep)
    with pytest.raises(PayloadError, match="too big for wsdesk to read: nested too deeply"):
        pretty_json("[1]")
