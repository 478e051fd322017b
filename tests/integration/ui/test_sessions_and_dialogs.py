"""Sessions through the window, non-blocking dialogs under traffic, and a 2 MiB message."""

import asyncio
import base64
import itertools
import json
import logging
import random

import pytest
from aiohttp import web
from PyQt6.QtCore import QTimer
from PyQt6.QtGui import QShortcut
from PyQt6.QtWidgets import QDialog, QFileDialog, QLabel, QMessageBox, QPlainTextEdit, QPushButton

from wsdesk.models import ConnectionOptions, ConnectionState, Direction, MessageKind
from wsdesk.testing.servers import start_server
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.ui.main_window import MainWindow
from wsdesk.viewmodel import ConnectionViewModel
from wsdesk.viewmodel.composer_modes import ComposerMode
from wsdesk.viewmodel.saved_messages import MemorySavedMessageStore, SavedMessages

TWO_MIB_TEXT = "a" * 2_097_152 + "#END"


async def _ticks(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    n = 0
    while not ws.closed:
        await ws.send_str(f"tick {n}")
        n += 1
        await asyncio.sleep(0.05)
    return ws


async def _big(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    await ws.send_str(TWO_MIB_TEXT)
    await ws.send_str("after")
    async for _msg in ws:
        pass
    return ws


async def _echo(request):
    ws = web.WebSocketResponse(protocols=("v2.json",))
    await ws.prepare(request)
    async for msg in ws:
        await (ws.send_str(msg.data) if isinstance(msg.data, str) else ws.send_bytes(msg.data))
    return ws


@pytest.fixture
async def server():
    app = web.Application()
    app.router.add_get("/ticks", _ticks)
    app.router.add_get("/big", _big)
    app.router.add_get("/echo", _echo)
    running = await start_server(app)
    yield running
    await running.stop()


async def open_window(options):
    vm = ConnectionViewModel(AiohttpChannel, options)
    window = MainWindow(vm, SavedMessages(MemorySavedMessageStore()))
    window.show()
    await vm.connect.execute()
    assert vm.state is ConnectionState.OPEN
    return window


async def close_window(window):
    window.close()
    await asyncio.wait_for(window._shutdown, 3)
    window.deleteLater()


def ticks(window):
    return [m.data for m in window.view_model.messages if m.direction is Direction.RECEIVED]


async def test_export_then_import_as_a_read_only_transcript(server, tmp_path, wait):
    url = server.url("/echo?room=7&token=abc123")
    options = ConnectionOptions(
        url=url, headers=(("Authorization", "Bearer s3cr3t"),), subprotocols=("v2.json",)
    )
    window = await open_window(options)
    vm = window.view_model
    await vm.send.execute("שלום עולם 👋🏽 café")
    await vm.send.execute(bytes.fromhex("000a0dff7f80"))
    await wait(lambda: len(ticks(window)) == 2)
    await vm.disconnect.execute()
    path = tmp_path / "session.jsonl"
    assert window.export_session(str(path))
    text = path.read_text(encoding="utf-8")
    assert "abc123" not in text
    assert "s3cr3t" not in text
    meta = json.loads(text.splitlines()[0])
    assert meta["url"].endswith("/echo?room=7&token=***")
    assert meta["headers"] == [["Authorization", "***"]]
    assert meta["subprotocol"] == "v2.json"
    assert meta["close"]["code"] == 1000
    assert meta["connected_at"] < meta["closed_at"]
    assert len(text.splitlines()) == 1 + len(vm.messages)

    transcript = window.import_transcript(str(path))
    assert transcript is not None
    assert transcript.isVisible()
    assert "(read-only)" in transcript.windowTitle()
    assert transcript.findChild(QPlainTextEdit, "composerEdit") is None
    assert not transcript.findChild(QPushButton, "clearLogButton").isVisibleTo(transcript)
    assert [
        (m.direction, m.kind, m.data) for m in transcript.log if m.kind is not MessageKind.EVENT
    ] == [(m.direction, m.kind, m.data) for m in vm.messages if m.kind is not MessageKind.EVENT]
    panel = transcript.panel
    panel.filter_bar.text_edit.setText("0d ff")
    assert panel.proxy.rowCount() == 2
    panel.list_view.setCurrentIndex(panel.proxy.index(0, 0))
    assert panel.detail.views["Hex"].toPlainText().startswith("00000000  00 0a 0d ff 7f 80")
    assert "subprotocol v2.json" in transcript.metadata_label.text()
    shortcuts = {sc.key().toString(): sc for sc in transcript.findChildren(QShortcut)}
    assert {"Esc", "Ctrl+W"} <= set(shortcuts)
    shortcuts["Esc"].activated.emit()
    assert not transcript.isVisible()  # Escape and Ctrl+W close a transcript
    await close_window(window)


async def test_a_malformed_file_imports_nothing_and_names_the_line(server, tmp_path):
    window = await open_window(ConnectionOptions(url=server.url("/echo")))
    before = list(window.view_model.messages)
    path = tmp_path / "broken.jsonl"
    lines = [
        '{"format": "wsdesk-session", "version": 1}',
        '{"time": "2026-11-29T10:00:00+00:00", "direction": "sent", "kind": "text", '
        '"size": 2, "text": "hi"}',
        '{"time": "2026-11-29T10:00:01+00:00", "direction": "sent", "kind": "text", "size": 2',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert window.import_transcript(str(path)) is None
    box = window.findChild(QMessageBox, "problemBox")
    assert box.isVisible()
    assert "broken.jsonl was not imported: line 3: not JSON" in box.text()
    assert window.transcripts == []
    assert list(window.view_model.messages) == before
    box.accept()
    await close_window(window)


async def test_dialogs_never_block_the_loop(server, tmp_path, wait, caplog):
    """B24: ticks every 50 ms keep arriving, in order, while every dialog is open."""
    caplog.set_level(logging.WARNING)
    window = await open_window(ConnectionOptions(url=server.url("/ticks")))
    await wait(lambda: len(ticks(window)) >= 2)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("nonsense\n", encoding="utf-8")
    window.import_transcript(str(bad))
    window.ask_export()
    window.show_saved_messages()
    window.ask_send_file(as_text=False)
    dialogs = window.findChildren(QFileDialog)
    assert len(dialogs) == 2
    assert all(d.isVisible() for d in dialogs)
    seen = len(ticks(window))
    await asyncio.sleep(2)
    assert len(ticks(window)) >= seen + 10
    export = window.findChild(QFileDialog, "saveFileDialog")
    export.selectFile(str(tmp_path / "during.jsonl"))
    export.accept()
    window.findChild(QFileDialog, "openFileDialog").reject()
    window.findChild(QMessageBox, "problemBox").accept()
    window.findChild(QDialog, "savedMessagesDialog").accept()
    await asyncio.sleep(0.2)
    assert (tmp_path / "during.jsonl").exists()
    numbers = [int(t.split()[1]) for t in ticks(window)]
    assert numbers == list(range(len(numbers)))
    await close_window(window)
    assert not [r for r in caplog.records if "another task" in r.getMessage()]


async def test_two_mib_message_arrives_whole_and_the_window_stays_responsive(server, wait):
    """B17: the view shows the first 4 KiB; the detail pane shows it cut; a probe keeps ticking."""
    beats = []
    probe = QTimer()
    probe.timeout.connect(lambda: beats.append(asyncio.get_running_loop().time()))
    probe.start(20)
    window = await open_window(ConnectionOptions(url=server.url("/big")))
    await wait(lambda: len(ticks(window)) == 2, within=10)
    big = ticks(window)[0]
    assert len(big) == 2_097_156
    assert big == TWO_MIB_TEXT
    rows = log_rows(window)
    model = window.message_log.model()
    line = next(r for r in rows if "aaaa" in r)
    assert line.endswith("…(2.0 MiB, truncated)")
    assert len(line) < 4096 + 100
    row = rows.index(line)
    window.message_log.setCurrentIndex(model.index(row, 0))
    detail = window.log_panel.detail
    assert detail.views["Text"].toPlainText().endswith("… first 256.0 KiB of 2.0 MiB shown")
    await asyncio.sleep(0.3)
    probe.stop()
    gaps = [b - a for a, b in itertools.pairwise(beats)]
    assert max(gaps) < 2.0
    await close_window(window)


async def _b16(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    await ws.send_bytes(SIX)
    await ws.send_bytes(BLOB)
    async for msg in ws:
        await ws.send_bytes(msg.data)
    return ws


async def _b29(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    await ws.send_str("")
    await ws.send_bytes(b"")
    await ws.send_str("after")
    async for msg in ws:
        await ws.send_str(msg.data)
    return ws


SIX = bytes.fromhex("000a0dff7f80")
DEADBEEF = b"\xde\xad\xbe\xef"
BLOB = random.Random(16).randbytes(64 * 1024)


@pytest.fixture
async def fault_server():
    app = web.Application()
    app.router.add_get("/b16", _b16)
    app.router.add_get("/b29", _b29)
    running = await start_server(app)
    yield running
    await running.stop()


def log_rows(window):
    window.message_model.flush()  # the view takes the log's changes in timed batches
    model = window.message_log.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


async def test_binary_frames_are_tagged_hex_and_exported_exactly(fault_server, tmp_path, wait):
    """B16: 6 bytes and 64 KiB of binary arrive, show as hex, and export byte-exact."""
    window = await open_window(ConnectionOptions(url=fault_server.url("/b16")))
    window.composer.mode = ComposerMode.BINARY
    window.composer_edit.setPlainText("de ad be ef")
    window.composer_widget.submit()
    await wait(lambda: len(ticks(window)) == 3)
    assert ticks(window) == [SIX, BLOB, b"\xde\xad\xbe\xef"]
    rows = [r for r in log_rows(window) if "↓" in r]
    assert rows[0].endswith("binary       6 B  00 0a 0d ff 7f 80")
    assert " 64.0 KiB  " in rows[1]
    assert rows[1].endswith(" …")
    assert len(rows[1]) < 300
    assert rows[2].endswith("de ad be ef")
    path = tmp_path / "b16.jsonl"
    assert window.export_session(str(path))
    binary = [json.loads(line) for line in path.read_text().splitlines()[1:]]
    exported = [
        (e["direction"], base64.b64decode(e["base64"])) for e in binary if e["kind"] == "binary"
    ]
    assert [data for way, data in exported if way == "received"] == [SIX, BLOB, DEADBEEF]
    assert [data for way, data in exported if way == "sent"] == [DEADBEEF]
    await close_window(window)


async def test_empty_messages_show_before_after_and_counters_count_them(fault_server, wait):
    """B29: "" and b"" are visible entries; an empty send is echoed."""
    window = await open_window(ConnectionOptions(url=fault_server.url("/b29")))
    await wait(lambda: len(ticks(window)) == 3)
    window.composer_widget.submit()
    await wait(lambda: len(ticks(window)) == 4)
    rows = [r for r in log_rows(window) if "↓" in r]
    assert rows[0].endswith("(empty text)")
    assert rows[1].endswith("(empty binary, 0 B)")
    assert rows[2].endswith("after")
    assert rows[3].endswith("(empty text)")
    counters = window.findChild(QLabel, "countersLabel")
    await wait(lambda: counters.text() == "↑ 1 msg 0 B   ↓ 4 msgs 5 B")
    await close_window(window)


async def test_an_export_that_cannot_be_written_says_why_and_leaves_no_file(server, tmp_path):
    window = await open_window(ConnectionOptions(url=server.url("/echo")))
    target = tmp_path / "missing-folder" / "session.jsonl"
    assert not window.export_session(str(target))
    box = window.findChild(QMessageBox, "problemBox")
    assert box.isVisible()
    assert box.text().startswith(f"Could not write {target}: ")
    assert not target.parent.exists()
    box.accept()
    await close_window(window)
