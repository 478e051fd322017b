"""Closing against hostile peers: nothing received is lost, nothing hangs, nothing leaks."""

import asyncio
import gc
import socket
import threading
import time

import pytest

from wsdesk.models import CloseInitiator, ConnectionOptions, ConnectionState, Direction
from wsdesk.testing.raw_server import (
    OP_BINARY,
    OP_CLOSE,
    OP_PING,
    OP_TEXT,
    RawFrameServer,
    accept_key,
    close_payload,
    encode_frame,
)
from wsdesk.testing.servers import ignore_close
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.viewmodel import ConnectionViewModel


def make_vm(url, **options):
    options.setdefault("ping_interval", None)
    return ConnectionViewModel(AiohttpChannel, ConnectionOptions(url=url, **options))


def logged(vm, direction):
    return [m.data for m in vm.messages if m.direction is direction]


async def answer_close_after_late_data(conn):
    """On our close frame, send two more messages, then the close answer."""
    while (await conn.read_frame()).opcode != OP_CLOSE:
        pass
    await conn.send_frame(OP_TEXT, b"late1")
    await conn.send_frame(OP_BINARY, b"late2")
    await conn.send_frame(OP_CLOSE, close_payload(1000))


async def test_messages_sent_before_the_close_answer_are_kept():
    server = await RawFrameServer.start(answer_close_after_late_data)
    vm = make_vm(server.url)
    try:
        await vm.connect.execute()
        await vm.disconnect.execute()
        assert logged(vm, Direction.RECEIVED) == ["late1", b"late2"]
        info = vm.close_info
        assert (info.code, info.initiator, info.clean) == (1000, CloseInitiator.CLIENT, True)
    finally:
        await vm.aclose()
        await server.stop()


async def test_channel_close_without_a_reader_keeps_late_messages_for_receive():
    server = await RawFrameServer.start(answer_close_after_late_data)
    channel = AiohttpChannel(ConnectionOptions(url=server.url, ping_interval=None))
    try:
        await channel.connect()
        await channel.close()
        assert [m.data async for m in channel] == ["late1", b"late2"]
        assert channel.close_info.clean
    finally:
        await server.stop()


async def test_every_echo_before_disconnect_is_logged(echo_server):
    vm = make_vm(echo_server.url)
    try:
        for i in range(10):
            await vm.connect.execute()
            await vm.send.execute(f"m{i}")
            await vm.disconnect.execute()
        assert logged(vm, Direction.RECEIVED) == [f"m{i}" for i in range(10)]
    finally:
        await vm.aclose()


@pytest.fixture
def ping_flooder():
    """A peer that floods pings and never reads, on a thread with blocking sockets."""
    stop = threading.Event()
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)

    def serve():
        conns = []
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            conns.append(conn)
            request = b""
            while b"\r\n\r\n" not in request:
                request += conn.recv(4096)
            key = next(
                line.split(b":", 1)[1].strip().decode()
                for line in request.split(b"\r\n")
                if line.lower().startswith(b"sec-websocket-key")
            )
            conn.sendall(
                b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                b"Connection: Upgrade\r\nSec-WebSocket-Accept: "
                + accept_key(key).encode()
                + b"\r\n\r\n"
            )
            conn.settimeout(0.1)
            burst = encode_frame(OP_PING, b"p" * 125) * 500
            while not stop.is_set():
                try:
                    conn.sendall(burst)
                except TimeoutError:
                    time.sleep(0.02)
                except OSError:
                    break
        for conn in conns:
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"ws://127.0.0.1:{listener.getsockname()[1]}/"
    stop.set()
    thread.join(5)
    listener.close()


async def test_disconnect_is_bounded_when_the_peer_floods_pings_and_never_reads(ping_flooder):
    vm = make_vm(ping_flooder, close_timeout=1.0)
    try:
        await vm.connect.execute()
        await asyncio.sleep(1.0)  # long enough for our pongs to fill the socket buffers
        started = time.monotonic()
        await asyncio.wait_for(vm.disconnect.execute(), 5)
        assert time.monotonic() - started < 1.0 + 1.5
        assert vm.state is ConnectionState.DISCONNECTED
        assert vm.connect.can_execute
    finally:
        await vm.aclose()


async def test_aclose_during_a_hung_close_ends_disconnected_within_its_budget():
    server = await RawFrameServer.start(ignore_close())
    vm = make_vm(server.url, close_timeout=5.0)
    try:
        await vm.connect.execute()
        disconnecting = vm.disconnect.start()
        await asyncio.sleep(0.1)
        started = time.monotonic()
        await vm.aclose(budget=0.5)
        assert time.monotonic() - started < 1.5
        assert vm.state is ConnectionState.DISCONNECTED
        assert vm.close_info is not None
        await asyncio.sleep(0)
        assert disconnecting.done()
    finally:
        await server.stop()


async def test_aclose_cancels_a_send_blocked_by_a_peer_that_stopped_reading():
    async def never_read(conn):
        await asyncio.sleep(30)

    server = await RawFrameServer.start(never_read)
    vm = make_vm(server.url, close_timeout=0.5)
    try:
        await vm.connect.execute()
        sending = vm.send.start(b"x" * 50_000_000)
        await asyncio.sleep(0.3)
        await vm.aclose(budget=0.5)
        await asyncio.sleep(0)
        assert sending.done()
        assert b"x" * 10 not in [m.data[:10] for m in vm.messages if m.direction is Direction.SENT]
    finally:
        await server.stop()


async def test_no_unclosed_response_after_closes(echo_server, faulty_server, caplog):
    vm = make_vm(echo_server.url)
    await vm.connect.execute()
    await vm.disconnect.execute()
    await vm.connect.execute(faulty_server.url("/close?code=1011&reason=bye"))
    for _ in range(100):
        if vm.state is ConnectionState.DISCONNECTED:
            break
        await asyncio.sleep(0.02)
    await vm.aclose()
    del vm
    gc.collect()
    await asyncio.sleep(0)
    assert "Unclosed" not in caplog.text


async def test_a_close_after_the_peer_already_cut_the_connection_reads_as_lost(echo_server):
    # The drop has reached the transport but not yet the reader (a pipe's input ended at
    # that moment): our close frame cannot be written, and that is a lost connection.
    channel = AiohttpChannel(ConnectionOptions(url=echo_server.url))
    await channel.connect()
    channel._ws._response.connection.transport.abort()
    await channel.close()
    assert channel.close_info.code == 1006
    assert channel.close_info.initiator is CloseInitiator.NONE
    assert channel.failure is None
