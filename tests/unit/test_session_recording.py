"""Recording to a session file: the frames' lines, and a recording against the fake channel."""

from __future__ import annotations

import asyncio
import io
import json

import pytest

from wsdesk.models import ConnectionOptions, ConnectionState, Direction, Message
from wsdesk.testing import FakeChannelFactory
from wsdesk.viewmodel import ConnectionViewModel
from wsdesk.viewmodel.log_chunk import LogChunk
from wsdesk.viewmodel.message_log import MessageLog
from wsdesk.viewmodel.recording_frames import (
    metadata_frame,
    read_frames,
    read_metadata,
    session_lines,
    span_frame,
)
from wsdesk.viewmodel.session_io import entry_record, json_line, load_transcript
from wsdesk.viewmodel.session_recorder import SessionRecorder
from wsdesk.viewmodel.session_recording import RecordingError, SessionRecording, _write_all

URL = "ws://127.0.0.1:9/?token=s3cret"


def frames_of(log):
    """The E frames a recording hands over for every row of ``log``."""
    return b"".join(part for span in log.spans() for part in span_frame(*span))


ENTRIES = [
    Message.event("Connected with token s3cret", 1_700_000_000.25),
    Message.of(Direction.SENT, 'say "hi"\n\ttab \\ é 👋', 1_700_000_000.5),
    Message.of(Direction.RECEIVED, "", 1_700_000_001.0),
    Message.of(Direction.RECEIVED, bytes(range(256)), 1_700_000_001.0),
    Message.of(Direction.RECEIVED, "\x00\x1f\u2028 控制", 1_700_000_001.0),
]


def test_the_frames_make_the_lines_an_export_writes():
    log = MessageLog()
    log.extend(ENTRIES)
    frame = frames_of(log)
    ((kind, body),) = list(read_frames(io.BytesIO(frame)))
    assert kind == b"E"
    secrets = ["s3cret"]
    assert session_lines(body, secrets) == "".join(
        json_line(entry_record(m, secrets)) for m in ENTRIES
    )
    ((_, metadata),) = read_frames(io.BytesIO(metadata_frame("{}\n", secrets)))
    line, got = read_metadata(metadata)
    assert (line, got) == ("{}\n", secrets)


def test_a_frame_cut_short_ends_the_frames():
    frame = b"".join(span_frame(LogChunk(), 0, 0))  # no rows
    whole = frame + frame
    assert len(list(read_frames(io.BytesIO(whole)))) == 2
    assert len(list(read_frames(io.BytesIO(whole[:-1])))) == 1


@pytest.fixture
def factory():
    return FakeChannelFactory()


@pytest.fixture
async def vm(factory):
    view_model = ConnectionViewModel(factory, ConnectionOptions(url=URL), MessageLog(capacity=5))
    yield view_model
    await view_model.aclose()


async def wait_for(condition, within=10.0):
    """Poll ``condition`` (the writer is another process: nothing to await on)."""
    deadline = asyncio.get_running_loop().time() + within
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


async def test_a_recording_keeps_every_entry_the_log_trims_and_closes_with_the_connection(
    vm, factory, tmp_path
):
    path = tmp_path / "session.jsonl"
    recording = SessionRecording(vm, path, SessionRecorder(vm).metadata)
    finished = []
    recording.finished.connect(lambda: finished.append(True))
    await vm.connect.execute()
    for n in range(300):  # through a log of 5
        factory.last.push(f"tick {n}")
    factory.last.push(b"\x00\xff")
    await wait_for(lambda: len(vm.messages) and vm.messages[-1].data == b"\x00\xff")
    factory.last.drop("connection lost")
    await wait_for(lambda: vm.state is ConnectionState.DISCONNECTED)
    await wait_for(lambda: finished)
    assert not recording.active
    assert recording.error is None
    transcript = load_transcript(path)
    assert "s3cret" not in path.read_text()
    assert transcript.metadata["url"].startswith("ws://127.0.0.1:9/")
    received = [m.data for m in transcript.messages if m.direction is Direction.RECEIVED]
    assert received == [f"tick {n}" for n in range(300)] + [b"\x00\xff"]
    assert transcript.messages[-1].direction is Direction.EVENT  # how it ended
    assert recording.size == path.stat().st_size > 0


async def test_recording_before_connecting_waits_for_the_connection(vm, factory, tmp_path):
    path = tmp_path / "later.jsonl"
    recording = SessionRecording(vm, path, SessionRecorder(vm).metadata)
    await asyncio.sleep(0.1)
    assert recording.active  # not ended by the state it began in
    await vm.connect.execute()
    await vm.send.execute("hello")
    await recording.aclose()
    await recording.aclose()  # again: the same close
    transcript = load_transcript(path)
    assert transcript.metadata["connected_at"] is not None
    assert [m.data for m in transcript.messages if m.direction is Direction.SENT] == ["hello"]


async def test_a_file_that_cannot_be_written_is_a_clear_error(vm, tmp_path):
    with pytest.raises(RecordingError, match="could not write"):
        SessionRecording(vm, tmp_path / "missing" / "x.jsonl", SessionRecorder(vm).metadata)


def test_an_event_with_an_undecodable_file_name_byte_still_makes_a_line():
    # A file name's byte 0xff reaches event text as the lone surrogate U+DCFF.
    log = MessageLog()
    log.append(Message.event("could not read /tmp/\udcff.pem"))
    ((_, body),) = read_frames(io.BytesIO(frames_of(log)))
    line = session_lines(body, [])
    assert json.loads(line)["text"] == "could not read /tmp/\udcff.pem"


def test_frames_of_packed_and_open_chunks_make_the_lines_an_export_writes():
    # Small chunks: the older ones are packed into one buffer (shared by the frame, not
    # copied), their timestamps kept as runs of one socket read; the newest stay open.
    log = MessageLog(capacity=1000, chunk_rows=4)
    stamp = 1_700_000_000.0
    for read in range(6):
        payloads = [f"r{read}.{n}" for n in range(read + 1)]
        log.extend_payloads(Direction.RECEIVED, payloads, stamp + read)
        log.extend_payloads(Direction.SENT, ["é 👋", b"\x00\xff"], stamp + read + 0.5)
    log.append(Message.event("Closed", stamp + 9))
    expected = "".join(json_line(entry_record(m, [])) for m in log)
    spans = log.spans(1)  # from the second row: a span may start inside a run
    assert any(chunk.encoded(0, 1)[1].__class__ is memoryview for chunk, _, _ in spans)
    frames = b"".join(part for span in spans for part in span_frame(*span))
    bodies = [body for _, body in read_frames(io.BytesIO(frames))]
    assert len(bodies) == len(spans)
    assert "".join(session_lines(body, []) for body in bodies) == expected.split("\n", 1)[1]


async def test_a_recording_of_a_log_that_packs_and_frees_chunks_loses_nothing(factory, tmp_path):
    vm = ConnectionViewModel(
        factory, ConnectionOptions(url=URL), MessageLog(capacity=3, chunk_rows=4)
    )
    path = tmp_path / "session.jsonl"
    recording = SessionRecording(vm, path, SessionRecorder(vm).metadata)
    await vm.connect.execute()
    sent = [f"tick {n} ✓" if n % 7 == 0 else f"tick {n}" for n in range(200)]
    for burst in range(0, 200, 25):
        for text in sent[burst : burst + 25]:
            factory.last.push(text)  # queued together: one batch for the reader
        await asyncio.sleep(0)
    await wait_for(lambda: vm.messages.received_messages == 200)
    await vm.disconnect.execute()
    await recording.aclose()
    transcript = load_transcript(path)
    received = [m.data for m in transcript.messages if m.direction is Direction.RECEIVED]
    assert received == sent
    await vm.aclose()


def test_a_pipe_that_takes_part_of_a_write_gets_the_rest():
    class Trickle(io.RawIOBase):
        def __init__(self):
            self.got = bytearray()

        def writable(self):
            return True

        def write(self, data):
            taken = bytes(data[:3])  # as a write cut short by a signal
            self.got += taken
            return len(taken)

    pipe = Trickle()
    _write_all(pipe, memoryview(b"0123456789")[2:])
    assert bytes(pipe.got) == b"23456789"


async def test_a_handler_that_raises_costs_the_recording_no_batch(vm, factory, tmp_path):
    # psygnal stops a batch's handlers at the first that raises; the recording runs first.
    def broken(_count):
        raise RuntimeError("a faulty extension")

    vm.messages.appended.connect(broken)
    path = tmp_path / "session.jsonl"
    recording = SessionRecording(vm, path, SessionRecorder(vm).metadata)
    await vm.connect.execute()
    for n in range(20):
        factory.last.push(f"tick {n}")
    await wait_for(lambda: vm.messages.received_messages == 20)
    await vm.disconnect.execute()
    await recording.aclose()
    received = [m.data for m in load_transcript(path).messages if m.direction is Direction.RECEIVED]
    assert received == [f"tick {n}" for n in range(20)]
