"""File > Record to file: a flood recorded whole through a trimming log and a dropped connection."""

import asyncio

import pytest
from aiohttp import web
from PyQt6.QtWidgets import QLabel

from wsdesk.models import ConnectionOptions, ConnectionState, Direction
from wsdesk.testing.servers import start_server
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.ui.main_window import MainWindow
from wsdesk.viewmodel import ConnectionViewModel
from wsdesk.viewmodel.message_log import MessageLog
from wsdesk.viewmodel.saved_messages import MemorySavedMessageStore, SavedMessages
from wsdesk.viewmodel.session_io import load_transcript

BURST = 20_000


async def _burst_then_drop(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    await ws.receive()  # "go"
    for n in range(BURST):
        await ws.send_str(f"{n:06d} burst")
    await asyncio.sleep(0.2)
    request.transport.abort()  # no close frame: a lost connection
    return ws


@pytest.fixture
async def server():
    app = web.Application()
    app.router.add_get("/burst", _burst_then_drop)
    running = await start_server(app)
    yield running
    await running.stop()


async def test_a_recording_keeps_a_flood_the_log_trims_and_closes_when_the_connection_drops(
    server, tmp_path, wait
):
    vm = ConnectionViewModel(
        AiohttpChannel, ConnectionOptions(url=server.url("/burst")), MessageLog(capacity=100)
    )
    window = MainWindow(vm, SavedMessages(MemorySavedMessageStore()))
    window.show()
    path = tmp_path / "recording.jsonl"
    control = window.recording
    assert control.start(str(path)) is not None
    label = window.findChild(QLabel, "recordingLabel")
    assert label.isVisibleTo(window)
    assert label.text().startswith("● Recording ")
    assert label.toolTip() == f"Recording to {path}"
    assert control.action.isChecked()
    await vm.connect.execute()
    await vm.send.execute("go")
    await wait(lambda: vm.state is ConnectionState.DISCONNECTED, within=20)
    await wait(lambda: control.recording is None, within=20)  # closed by itself
    assert not label.isVisibleTo(window)
    assert not control.action.isChecked()
    note = window.findChild(QLabel, "noteLabel")
    assert "Recorded to" in note.text()
    assert note.isVisibleTo(window)
    # The note has its own place: the tab's state and counters stay in view beside it.
    assert window.page.counters_label.isVisibleTo(window)
    assert window.page.status_label.isVisibleTo(window)

    transcript = load_transcript(path)
    received = [m.data for m in transcript.messages if m.direction is Direction.RECEIVED]
    assert received == [f"{n:06d} burst" for n in range(BURST)]  # the log kept only 100
    assert [m.data for m in transcript.messages if m.direction is Direction.SENT] == ["go"]
    assert transcript.metadata["connected_at"] is not None
    assert transcript.messages[-1].direction is Direction.EVENT  # the drop, recorded
    window.close()
    await asyncio.wait_for(window._shutdown, 5)
    window.deleteLater()


async def test_quitting_while_recording_closes_the_file_whole(server, tmp_path, wait):
    vm = ConnectionViewModel(AiohttpChannel, ConnectionOptions(url=server.url("/burst")))
    window = MainWindow(vm, SavedMessages(MemorySavedMessageStore()))
    window.show()
    await vm.connect.execute()
    path = tmp_path / "quit.jsonl"
    window.recording.start(str(path))
    await vm.send.execute("go")
    await wait(lambda: len(vm.messages) > 100, within=20)
    window.close()
    await asyncio.wait_for(window._shutdown, 10)
    transcript = load_transcript(path)  # every line whole, the metadata first
    received = [m.data for m in transcript.messages if m.direction is Direction.RECEIVED]
    assert received == [f"{n:06d} burst" for n in range(len(received))]
    assert len(received) >= 100
    window.deleteLater()


async def test_a_file_that_cannot_be_created_is_refused_with_the_reason(server, tmp_path):
    vm = ConnectionViewModel(AiohttpChannel, ConnectionOptions(url=server.url("/burst")))
    window = MainWindow(vm, SavedMessages(MemorySavedMessageStore()))
    assert window.recording.start(str(tmp_path / "no" / "such" / "dir.jsonl")) is None
    assert not window.recording.action.isChecked()
    window.close()
    await asyncio.wait_for(window._shutdown, 5)
    window.deleteLater()
