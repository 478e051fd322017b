"""Bad and big frames through the real transport and the view-model (B17, B27, 1007)."""

import asyncio
import contextlib

import pytest

from wsdesk.models import ConnectionOptions, ConnectionState, Direction, MessageKind
from wsdesk.testing.raw_server import OP_CLOSE, OP_TEXT, RawFrameServer, encode_frame
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.viewmodel import ConnectionViewModel

from .helpers import wait_for

MIB = 1024 * 1024


def frames_then_echo_close(*frames):
    """A raw-server script: write ``frames``, then answer the client's close frame."""

    async def script(conn):
        for frame in frames:
            await conn.write(frame)
        with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
            while (frame := await conn.read_frame()).opcode != OP_CLOSE:
                pass
            await conn.write(encode_frame(OP_CLOSE, frame.payload))

    return script


def received(vm):
    return [m for m in vm.messages if m.direction is Direction.RECEIVED]


async def run_against(script, **options):
    server = await RawFrameServer.start(script)
    vm = ConnectionViewModel(AiohttpChannel, ConnectionOptions(url=server.url, **options))
    return server, vm


async def test_invalid_utf8_fails_with_1007_and_names_the_bytes():
    bad = b"caf\xc3\x28 ok"
    script = frames_then_echo_close(encode_frame(OP_TEXT, b"before"), encode_frame(OP_TEXT, bad))
    server, vm = await run_against(script)
    try:
        await vm.connect.execute()
        await wait_for(lambda: vm.state is ConnectionState.DISCONNECTED)
        assert vm.close_info.code == 1007
        assert vm.error.startswith("server sent invalid UTF-8 in a text frame (1007)")
        assert "c3 28" in vm.error
        assert "offset 3" in vm.error
        assert [m.data for m in received(vm)] == ["before"]
        assert "c3 28" in vm.messages[-1].data
    finally:
        await vm.aclose()
        await server.stop()


async def test_invalid_utf8_in_a_close_reason_is_not_blamed_on_a_text_frame():
    # Close code 1000 (03 e8), then a reason that is not UTF-8.
    close = encode_frame(OP_CLOSE, b"\x03\xe8bye \xc3\x28")
    server, vm = await run_against(frames_then_echo_close(encode_frame(OP_TEXT, b"before"), close))
    try:
        await vm.connect.execute()
        await wait_for(lambda: vm.state is ConnectionState.DISCONNECTED)
        assert vm.close_info.code == 1007
        assert vm.error.startswith("server sent invalid UTF-8 in a close reason (1007)")
        assert "bytes c3 28 at offset 4 of 6" in vm.error
        assert [m.data for m in received(vm)] == ["before"]
    finally:
        await vm.aclose()
        await server.stop()


async def test_a_one_byte_close_payload_fails_with_1002_in_plain_words():
    script = frames_then_echo_close(encode_frame(OP_CLOSE, b"\x03"))
    server, vm = await run_against(script)
    try:
        await vm.connect.execute()
        await wait_for(lambda: vm.state is ConnectionState.DISCONNECTED)
        assert vm.close_info.code == 1002
        assert "a close frame of 1 byte, too short for its code (5.5.1)" in vm.error
        assert "b'" not in vm.error
    finally:
        await vm.aclose()
        await server.stop()


@pytest.mark.parametrize(
    ("frame", "plain"),
    [
        (encode_frame(0x3, b"x"), "a frame with the reserved opcode 3 (5.2)"),
        (encode_frame(OP_TEXT, b"x", rsv=2), "reserved bits set that no extension defines"),
        (encode_frame(0x9, b"p", fin=False), "a fragmented control frame (5.5)"),
        (encode_frame(0x9, b"p" * 126), "a control frame over 125 bytes (5.5)"),
        (encode_frame(0x0, b"x"), "a continuation frame with no message to continue"),
        (
            encode_frame(OP_TEXT, b"a", fin=False) + encode_frame(OP_TEXT, b"b"),
            "a new message began before the fragmented one ended",
        ),
    ],
)
async def test_each_broken_frame_rule_is_named_in_plain_words(frame, plain):
    server, vm = await run_against(frames_then_echo_close(frame))
    try:
        await vm.connect.execute()
        await wait_for(lambda: vm.state is ConnectionState.DISCONNECTED)
        assert vm.close_info.code == 1002
        assert plain in vm.error
        assert "=" not in vm.error
    finally:
        await vm.aclose()
        await server.stop()


async def test_a_text_message_split_inside_a_character_is_decoded_whole():
    """B15's split: the two bytes of ö arrive in different fragments."""
    frames = (
        encode_frame(OP_TEXT, b"w\xc3", fin=False),
        encode_frame(0x0, b"\xb6rld"),
        encode_frame(OP_TEXT, "שלום 👋🏽".encode()),
    )
    server, vm = await run_against(frames_then_echo_close(*frames))
    try:
        await vm.connect.execute()
        await wait_for(lambda: len(received(vm)) == 2)
        assert [m.data for m in received(vm)] == ["wörld", "שלום 👋🏽"]
        assert [m.kind for m in received(vm)] == [MessageKind.TEXT, MessageKind.TEXT]
        assert vm.state is ConnectionState.OPEN
    finally:
        await vm.aclose()
        await server.stop()


async def test_message_over_the_limit_closes_with_1009_naming_the_limit():
    """B17: the 5 MiB message ends the connection; the 2 MiB before it arrives whole."""
    two = b"a" * (2 * MIB) + b"#END"
    five = b"b" * (5 * MIB)
    server, vm = await run_against(
        frames_then_echo_close(encode_frame(OP_TEXT, two), encode_frame(OP_TEXT, five))
    )
    try:
        await vm.connect.execute()
        await wait_for(lambda: vm.state is ConnectionState.DISCONNECTED)
        assert vm.close_info.code == 1009
        assert vm.error == "message exceeded limit (4 MiB)"
        assert "TypeError" not in "".join(str(m.data)[:200] for m in vm.messages)
        (whole,) = received(vm)
        assert len(whole.data) == 2_097_156
        assert whole.data.endswith("#END")
    finally:
        await vm.aclose()
        await server.stop()


async def test_the_limit_is_the_configured_one():
    server, vm = await run_against(
        frames_then_echo_close(encode_frame(OP_TEXT, b"x" * 70_000)), max_message_size=64 * 1024
    )
    try:
        await vm.connect.execute()
        await wait_for(lambda: vm.state is ConnectionState.DISCONNECTED)
        assert vm.close_info.code == 1009
        assert vm.error == "message exceeded limit (64 KiB)"
    finally:
        await vm.aclose()
        await server.stop()


async def test_no_limit_accepts_a_big_message():
    server, vm = await run_against(
        frames_then_echo_close(encode_frame(OP_TEXT, b"z" * (5 * MIB))), max_message_size=0
    )
    try:
        await vm.connect.execute()
        await wait_for(lambda: received(vm))
        assert received(vm)[0].size == 5 * MIB
        await vm.disconnect.execute()
        assert vm.close_info.code == 1000
    finally:
        await vm.aclose()
        await server.stop()


async def test_frame_glued_to_the_101_is_the_first_entry_after_connected():
    """B27: the 101 response and a text frame `welcome` arrive in a single write."""
    server = await RawFrameServer.start(
        frames_then_echo_close(), after_101=encode_frame(OP_TEXT, b"welcome")
    )
    vm = ConnectionViewModel(AiohttpChannel, ConnectionOptions(url=server.url))
    try:
        await vm.connect.execute()
        await wait_for(lambda: received(vm))
        kinds = [(m.kind, m.data) for m in vm.messages]
        connected = kinds.index((MessageKind.EVENT, "Connected"))
        assert kinds[connected + 1] == (MessageKind.TEXT, "welcome")
        await vm.disconnect.execute()
    finally:
        await vm.aclose()
        await server.stop()
