import io
import json
import random

import pytest

from wsdesk.models import CloseInfo, CloseInitiator, Direction, Message, MessageKind
from wsdesk.viewmodel.session_io import (
    SessionFormatError,
    SessionMetadata,
    export_lines,
    load_transcript,
    read_transcript,
    write_session,
)

T0 = 1_795_000_000.123456
URL = "ws://user:hunter2@127.0.0.1:8765/feed?token=abc123&room=7&api_key=k-9"
HEADERS = (("Authorization", "Bearer s3cr3t"), ("Cookie", "sid=42"), ("X-Note", "café…"))
BLOB = random.Random(16).randbytes(64 * 1024)


def entries():
    return [
        Message.event(f"Connecting to {URL}", T0),
        Message.event("Connected", T0 + 0.5),
        Message.of(Direction.SENT, "שלום עולם 👋🏽 café", T0 + 1),
        Message.of(Direction.RECEIVED, bytes([0x00, 0x0A, 0x0D, 0xFF, 0x7F, 0x80]), T0 + 2),
        Message.of(Direction.RECEIVED, BLOB, T0 + 3),
        Message.of(Direction.RECEIVED, "", T0 + 4),
        Message.of(Direction.RECEIVED, b"", T0 + 5),
        Message.of(Direction.RECEIVED, "line one\nline two\r\n", T0 + 6),
        Message.of(Direction.SENT, "token=abc123 is payload, kept as sent", T0 + 7),
    ]


def metadata():
    return SessionMetadata(
        url=URL,
        headers=HEADERS,
        subprotocol="v2.json",
        connected_at=T0 + 0.5,
        closed_at=T0 + 8,
        close=CloseInfo(1011, "db unavailable", CloseInitiator.SERVER, True),
        exported_at=T0 + 9,
    )


def exported():
    return "".join(export_lines(metadata(), entries()))


def test_round_trip_is_exact_for_text_and_binary():
    transcript = read_transcript(io.StringIO(exported()))
    originals = entries()
    assert len(transcript.messages) == len(originals)
    for got, want in zip(transcript.messages, originals, strict=True):
        assert (got.direction, got.kind, got.size) == (want.direction, want.kind, want.size)
        assert got.timestamp == pytest.approx(want.timestamp, abs=1e-6)
        if want.kind is not MessageKind.EVENT:
            assert type(got.data) is type(want.data)
            assert got.data == want.data


def test_metadata_line_is_redacted():
    first, *rest = exported().splitlines()
    meta = json.loads(first)
    assert meta["format"] == "wsdesk-session"
    assert meta["url"] == "ws://user:***@127.0.0.1:8765/feed?token=***&room=7&api_key=***"
    assert meta["headers"] == [["Authorization", "***"], ["Cookie", "***"], ["X-Note", "café…"]]
    assert meta["subprotocol"] == "v2.json"
    assert meta["close"] == {
        "code": 1011,
        "reason": "db unavailable",
        "initiator": "server",
        "clean": True,
    }
    assert meta["connected_at"].startswith("2026-")
    assert meta["connected_at"].endswith("+00:00")
    text = exported()
    for secret in ("hunter2", "s3cr3t", "sid=42", "k-9"):
        assert secret not in text
    assert json.loads(rest[0])["text"].startswith("Connecting to ws://user:***@")
    assert json.loads(rest[-1])["text"] == "token=abc123 is payload, kept as sent"


def test_entry_lines_carry_iso_time_and_base64_for_binary():
    lines = [json.loads(line) for line in exported().splitlines()[1:]]
    binary = lines[3]
    assert binary == {
        "time": binary["time"],
        "direction": "received",
        "kind": "binary",
        "size": 6,
        "base64": "AAoN/3+A",
    }
    assert "T" in binary["time"]
    assert lines[5]["text"] == ""
    assert lines[6]["base64"] == ""


def test_write_and_load_a_file(tmp_path):
    path = tmp_path / "session.jsonl"
    write_session(path, metadata(), entries())
    assert load_transcript(path).messages[4].data == BLOB
    assert [p.name for p in tmp_path.iterdir()] == ["session.jsonl"]


def test_an_event_with_an_undecodable_file_name_byte_exports_as_a_recording_writes_it(tmp_path):
    # A file name's byte 0xff reaches event text as the lone surrogate U+DCFF: Export
    # used to fail on it ("surrogates not allowed") where a recording wrote its escape.
    path = tmp_path / "session.jsonl"
    event = Message.event("could not read /tmp/\udcff.pem", T0)
    write_session(path, metadata(), [event])
    assert load_transcript(path).messages[0].data == "could not read /tmp/\udcff.pem"


def corrupt(number, replacement):
    lines = exported().splitlines(keepends=True)
    lines[number - 1] = replacement
    return lines


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([], "line 1: the file is empty"),
        (['{"hello": 1}\n'], "line 1: not a wsdesk session"),
        (corrupt(4, "{not json\n"), "line 4: not JSON (column 2"),
        (corrupt(4, "[1, 2]\n"), "line 4: expected a JSON object"),
        (corrupt(3, "\n"), "line 3: empty line"),
        (corrupt(5, b"\xff\n"), "line 5: not UTF-8"),
        (
            corrupt(
                5,
                '{"time": "2026-11-29T10:00:00+00:00", "direction": "up", '
                '"kind": "text", "size": 0, "text": ""}\n',
            ),
            'line 5: "direction" must be one of sent, received, event',
        ),
        (
            corrupt(
                5,
                '{"time": "yesterday", "direction": "sent", '
                '"kind": "text", "size": 0, "text": ""}\n',
            ),
            'line 5: "time" is not an ISO 8601 time',
        ),
        (
            corrupt(
                5,
                '{"time": "2026-11-29T10:00:00Z", "direction": "sent", '
                '"kind": "binary", "size": 1, "base64": "**"}\n',
            ),
            'line 5: "base64" is not valid base64',
        ),
        (
            corrupt(
                5,
                '{"time": "2026-11-29T10:00:00Z", "direction": "sent", '
                '"kind": "text", "size": 9, "text": "four"}\n',
            ),
            'line 5: "size" is 9 but the data is 4 bytes',
        ),
    ],
)
def test_malformed_lines_name_their_number_and_load_nothing(lines, message):
    with pytest.raises(SessionFormatError) as caught:
        read_transcript(lines)
    assert str(caught.value).startswith(message)


FIRST = '{"format": "wsdesk-session", "version": 1}\n'
ENTRY = (
    '{"time": "2026-11-29T10:00:00+00:00", "direction": "sent", "kind": "text", '
    '"size": 2, "text": "hi"}\n'
)


@pytest.mark.parametrize(
    ("second", "message"),
    [
        ("[" * 100_000 + "\n", "line 2: not JSON (nested too deeply)"),
        ("[" * 3000 + "]" * 3000 + "\n", "line 2: not JSON (nested too deeply)"),
        ("1" * 5000 + "\n", "line 2: not JSON (a number has more than 4300 digits)"),
        ('{"size": ' + "1" * 5000 + "}\n", "line 2: not JSON (a number has more than"),
        ('{"x": NaN}\n', "line 2: not JSON (NaN is not a JSON value"),
        (
            ENTRY.replace('"size": 2', '"size": ' + "[" * 500 + "]" * 500),
            'line 2: "size" is an array but the data is 2 bytes',
        ),
        (
            ENTRY.replace('"sent"', '{"a": ' * 500 + "1" + "}" * 500),
            'line 2: "direction" must be one of sent, received, event, not an object',
        ),
    ],
)
def test_lines_python_cannot_read_are_format_errors(second, message):
    """They used to raise RecursionError or ValueError out of the import."""
    with pytest.raises(SessionFormatError) as caught:
        read_transcript([FIRST, second])
    assert str(caught.value).startswith(message)


def test_a_byte_order_mark_before_the_first_line_is_accepted(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + exported().encode("utf-8"))
    assert len(load_transcript(path).messages) == len(entries())
    assert len(read_transcript(io.StringIO("\ufeff" + exported())).messages) == len(entries())


def test_a_byte_order_mark_elsewhere_is_not_json():
    with pytest.raises(SessionFormatError, match="line 2: not JSON"):
        read_transcript([FIRST, "\ufeff" + ENTRY])


@pytest.mark.parametrize("tail", ["\n", "\n\n", "  \r\n\n", "\n\t"])
def test_blank_lines_at_the_end_are_accepted(tail):
    assert read_transcript(io.StringIO(FIRST + ENTRY + tail)).messages[0].data == "hi"


def test_a_blank_line_before_an_entry_is_named():
    with pytest.raises(SessionFormatError, match=r"^line 2: empty line"):
        read_transcript(io.StringIO(FIRST + "\n\n" + ENTRY))


@pytest.mark.parametrize(
    ("version", "shown"), [("true", "true"), ("1.0", "1.0"), ('"1"', '"1"'), ("2", "2")]
)
def test_the_version_must_be_the_integer_1(version, shown):
    with pytest.raises(SessionFormatError, match=f"^line 1: unsupported version {shown}$"):
        read_transcript([FIRST.replace("1}", f"{version}}}"), ENTRY])
