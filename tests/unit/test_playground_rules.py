"""The playground's pure rules: checked parameters, fragment frames, flood messages."""

import struct

import pytest
from aiohttp import web

from wsdesk.server import parameters
from wsdesk.server.playground import flood_message, fragments


@pytest.mark.parametrize("text", ["1000", "1003", "1007", "1014", "3000", "4999"])
def test_close_codes_a_server_may_send_are_accepted(text):
    assert parameters.close_code(text) == int(text)


@pytest.mark.parametrize("text", ["999", "1004", "1005", "1006", "1015", "2999", "5000", "x", ""])
def test_close_codes_that_cannot_be_sent_are_refused(text):
    with pytest.raises(web.HTTPBadRequest):
        parameters.close_code(text)


def test_a_reason_of_exactly_123_bytes_is_accepted_and_124_refused():
    assert parameters.close_reason("é" * 61 + "x") == "é" * 61 + "x"  # 123 bytes
    with pytest.raises(web.HTTPBadRequest) as refused:
        parameters.close_reason("é" * 62)
    assert "at most 123 bytes" in refused.value.text


@pytest.mark.parametrize("text", ["-1", "nan", "inf", "61", "soon"])
def test_delays_outside_the_cap_are_refused(text):
    with pytest.raises(web.HTTPBadRequest) as refused:
        parameters.seconds(text, "delay", 1.0, 60.0)
    assert "delay must be a number of seconds from 0 to 60" in refused.value.text


def test_limits_are_inclusive():
    assert parameters.whole_number("1", "count", 5, 1, 10) == 1
    assert parameters.whole_number("10", "count", 5, 1, 10) == 10
    assert parameters.whole_number(None, "count", 5, 1, 10) == 5
    assert parameters.seconds("60", "delay", 1.0, 60.0) == 60.0


@pytest.mark.parametrize("name", ["chat", "v1.json", "x-y_z~!"])
def test_token_subprotocols_are_accepted(name):
    assert parameters.subprotocol(name) == name


@pytest.mark.parametrize("name", ["a b", "a,b", "é", "", "a/b"])
def test_names_that_are_not_tokens_are_refused(name):
    with pytest.raises(web.HTTPBadRequest):
        parameters.subprotocol(name)


def parse_frames(data):
    frames = []
    while data:
        first, second = data[0], data[1]
        length, offset = second & 0x7F, 2
        if length == 126:
            (length,), offset = struct.unpack("!H", data[2:4]), 4
        elif length == 127:
            (length,), offset = struct.unpack("!Q", data[2:10]), 10
        frames.append((bool(first & 0x80), first & 0x0F, data[offset : offset + length]))
        data = data[offset + length :]
    return frames


def test_fragments_split_a_message_into_continuation_frames_with_fin_on_the_last():
    frames = parse_frames(b"".join(fragments(0x1, "wörld".encode(), 2)))
    assert frames == [(False, 0x1, b"w\xc3"), (False, 0x0, b"\xb6r"), (True, 0x0, b"ld")]


def test_an_empty_message_is_one_final_frame_and_big_fragments_use_long_lengths():
    assert parse_frames(b"".join(fragments(0x2, b"", 4))) == [(True, 0x2, b"")]
    payload = bytes(70_000)
    frames = parse_frames(b"".join(fragments(0x2, payload, 65536)))
    assert [(fin, op, len(p)) for fin, op, p in frames] == [(False, 2, 65536), (True, 0, 4464)]


def test_flood_messages_are_numbered_and_padded_to_their_size():
    assert flood_message(7, 1000, 0) == "0007"
    assert flood_message(7, 1000, 8) == "0007...."
    assert flood_message(1000, 1000, 2) == "1000"


def test_fragments_come_in_bounded_batches_that_join_into_the_message():
    payload = bytes(range(256)) * 100
    batches = list(fragments(0x1, payload, 1))
    assert len(batches) > 1
    assert max(len(batch) for batch in batches) <= 3 * 4096
    wire = b"".join(batches)
    assert len(wire) == 3 * len(payload)
    assert wire[0] == 0x1  # the first frame's opcode
    assert wire[-3] == 0x80  # FIN on the last
    assert wire[3::3][:5] == bytes([0x00] * 5)  # continuation frames
