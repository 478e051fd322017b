"""Fuzzing the real channel with server frames: generated streams with one rule broken at
their end, and valid streams with random bytes changed.

Every run must end in a terminal state within a bound, leave no task behind, send nothing
to the loop's exception handler or the error log, and close with the code RFC 6455
prescribes (1002 protocol error, 1007 invalid payload, 1009 too big). The suite runs a
few dozen examples of each; for a longer run:

    WSDESK_FUZZ_EXAMPLES=2000 tox -e py3 -- tests/integration/test_fuzz_frames.py
"""

import asyncio
import contextlib
import logging
import os
import struct

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wsdesk.models import CloseInitiator, ConnectionOptions, is_valid_close_code
from wsdesk.testing.raw_server import OP_CLOSE, RawFrameServer, encode_frame
from wsdesk.transport.aiohttp_channel import AiohttpChannel

LIMIT = 1024  # the client's max_message_size in bytes
RUN_BOUND = 6.0  # seconds one run may take at most, connect to release
FUZZ = settings(
    max_examples=int(os.environ.get("WSDESK_FUZZ_EXAMPLES", "30")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

TEXT, BINARY, CONTINUATION, CLOSE, PING, PONG = 0x1, 0x2, 0x0, 0x8, 0x9, 0xA

text_frame = st.text(max_size=40).map(lambda t: encode_frame(TEXT, t.encode("utf-8")))
binary_frame = st.binary(max_size=300).map(lambda b: encode_frame(BINARY, b))
ping_frame = st.binary(max_size=125).map(lambda b: encode_frame(PING, b))
pong_frame = st.binary(max_size=125).map(lambda b: encode_frame(PONG, b))
fragmented_text = st.lists(st.text(max_size=10), min_size=2, max_size=4).map(
    lambda parts: b"".join(
        encode_frame(TEXT if i == 0 else CONTINUATION, p.encode("utf-8"), fin=(i == len(parts) - 1))
        for i, p in enumerate(parts)
    )
)
valid_frame = st.one_of(text_frame, binary_frame, ping_frame, pong_frame, fragmented_text)


def close_frame(code, reason=b""):
    return encode_frame(CLOSE, struct.pack("!H", code) + reason)


# (the frame that breaks a rule, the close code the client must answer with)
broken_frame = st.one_of(
    st.sampled_from([3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF]).map(
        lambda op: (encode_frame(op, b"x"), 1002)  # reserved opcode (section 5.2)
    ),
    st.sampled_from([1, 2, 4]).map(
        lambda rsv: (encode_frame(TEXT, b"x", rsv=rsv), 1002)  # RSV bits, no extension
    ),
    st.just((encode_frame(PING, b"p", fin=False), 1002)),  # fragmented control frame
    st.just((encode_frame(PING, b"p" * 126), 1002)),  # control payload over 125 bytes
    st.just((encode_frame(CONTINUATION, b"x"), 1002)),  # continuation with nothing to continue
    st.just((encode_frame(TEXT, b"a", fin=False) + encode_frame(TEXT, b"b"), 1002)),
    st.just((encode_frame(CLOSE, b"\x03"), 1002)),  # a close payload of one byte
    st.sampled_from([0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535]).map(
        lambda code: (close_frame(code), 1002)  # a code no close frame may carry
    ),
    st.binary(min_size=1, max_size=8)
    .filter(lambda b: not _is_utf8(b))
    .map(lambda bad: (encode_frame(TEXT, b"ok " + bad), 1007)),  # text that is not UTF-8
    st.just((close_frame(1000, b"\xc3\x28"), 1007)),  # a close reason that is not UTF-8
    st.integers(LIMIT + 1, LIMIT + 64).map(lambda n: (encode_frame(BINARY, b"z" * n), 1009)),
)


def _is_utf8(data):
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def chunked(data, sizes):
    """``data`` cut into writes of the given sizes (the rest in one), as TCP may deliver it."""
    pieces, start = [], 0
    for size in sizes:
        if start >= len(data):
            break
        pieces.append(data[start : start + size])
        start += size
    if start < len(data):
        pieces.append(data[start:])
    return pieces


async def run_against(pieces):
    """Serve ``pieces`` to a real AiohttpChannel; (close_info, client's close code or None,
    problems seen: exception-handler calls, error logs, leftover tasks, overrun)."""
    loop = asyncio.get_running_loop()
    problems = []
    loop.set_exception_handler(lambda _loop, context: problems.append(context.get("message")))
    errors = _ErrorLog()
    client_codes = []

    served = asyncio.Event()

    async def script(conn):
        try:
            for piece in pieces:
                await conn.write(piece)
            with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError, TimeoutError):
                async with asyncio.timeout(0.5):
                    while (frame := await conn.read_frame()).opcode != OP_CLOSE:
                        pass
                    client_codes.append(int.from_bytes(frame.payload[:2], "big") or None)
                    await conn.write(encode_frame(OP_CLOSE, frame.payload[:2]))
        finally:
            served.set()

    server = await RawFrameServer.start(script)
    channel = AiohttpChannel(
        ConnectionOptions(url=server.url, max_message_size=LIMIT, close_timeout=1.0)
    )
    try:
        async with asyncio.timeout(RUN_BOUND):
            await channel.connect()
            while await channel.receive_batch():
                pass
    except TimeoutError:
        problems.append(f"no terminal state within {RUN_BOUND} s")
        await channel.close()
    finally:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(served.wait(), 2)
        await server.stop()
        errors.detach()
    await asyncio.sleep(0)
    left = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    problems += [f"task left: {t!r}" for t in left] + errors.records
    return channel.close_info, (client_codes[0] if client_codes else None), problems


class _ErrorLog(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []
        self._loggers = [logging.getLogger(name) for name in ("wsdesk", "aiohttp", "asyncio")]
        for logger in self._loggers:
            logger.addHandler(self)

    def emit(self, record):
        self.records.append(f"logged: {record.getMessage()}")

    def detach(self):
        for logger in self._loggers:
            logger.removeHandler(self)


@FUZZ
@given(
    before=st.lists(valid_frame, max_size=6),
    broken=broken_frame,
    after=st.lists(valid_frame, max_size=2),
    sizes=st.lists(st.integers(1, 64), max_size=12),
)
def test_a_broken_rule_fails_the_connection_with_the_rfc_code(before, broken, after, sizes):
    frame, code = broken
    stream = b"".join(before) + frame + b"".join(after)
    info, sent, problems = asyncio.run(run_against(chunked(stream, sizes)))
    assert problems == []
    assert info is not None
    assert (info.code, info.initiator, info.clean) == (code, CloseInitiator.CLIENT, False)
    assert sent == code, "the server must read the failure code"


@FUZZ
@given(
    frames=st.lists(valid_frame, min_size=1, max_size=6),
    code=st.sampled_from([1000, 1001, 1011, 3000, 4999]),
    sizes=st.lists(st.integers(1, 64), max_size=12),
)
def test_a_valid_stream_ends_with_the_servers_close(frames, code, sizes):
    stream = b"".join(frames) + close_frame(code, b"bye")
    info, sent, problems = asyncio.run(run_against(chunked(stream, sizes)))
    assert problems == []
    assert (info.code, info.reason, info.initiator, info.clean) == (
        code,
        "bye",
        CloseInitiator.SERVER,
        True,
    )
    assert sent == code, "the client echoes the server's close code (RFC 6455 5.5.1)"


@FUZZ
@given(
    frames=st.lists(valid_frame, min_size=1, max_size=6),
    flips=st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 255)), min_size=1, max_size=4),
    sizes=st.lists(st.integers(1, 64), max_size=12),
)
def test_changed_bytes_end_in_a_terminal_state(frames, flips, sizes):
    stream = bytearray(b"".join(frames) + close_frame(1000))
    for position, mask in flips:
        stream[position % len(stream)] ^= mask
    info, sent, problems = asyncio.run(run_against(chunked(bytes(stream), sizes)))
    assert problems == []
    assert info is not None
    if info.initiator is CloseInitiator.CLIENT:
        assert info.code in (1002, 1007, 1009)
        assert sent == info.code
    elif info.initiator is CloseInitiator.SERVER:
        assert info.code == 1005 or is_valid_close_code(info.code)
    else:
        assert info.code == 1006
