"""wsdesk-cli shows what the inspector shows: --show-handshake, --show-control-frames,
and the handshake in --jsonl's metadata line."""

import json

from wsdesk.testing.raw_server import OP_CLOSE, OP_PING, RawFrameServer

from .conftest import HOLD, run_cli


async def test_show_handshake_prints_request_and_answer_to_stderr(echo_server):
    run = await run_cli(
        echo_server.url, "--show-handshake", "--bearer", "tok-secret-1", stdin=b"hi\n"
    )
    assert run.status == 0, run.err
    assert run.lines == ["hi"]
    assert "Request sent:" in run.err
    assert "HTTP/1.1 101 Switching Protocols" in run.err
    assert "Authorization: ***" in run.err
    assert "tok-secret-1" not in run.err + run.out


async def test_show_handshake_prints_a_refusal_too(echo_server):
    url = echo_server.url.rstrip("/") + "/reject/403"
    run = await run_cli(url, "--show-handshake", stdin=b"")
    assert run.status == 3, run.err
    assert "Answer received:" in run.err
    assert "HTTP/1.1 403 Forbidden" in run.err


async def test_show_control_frames_prints_pings_and_closes_to_stderr():
    async def script(conn):
        await conn.send_frame(OP_PING, b"\x01\x02")
        await conn.send_text("data")
        await conn.send_close(1000, "ok")
        while (await conn.read_frame()).opcode != OP_CLOSE:
            pass

    server = await RawFrameServer.start(script)
    try:
        run = await run_cli(server.url, "--show-control-frames", stdin=HOLD)
    finally:
        await server.stop()
    assert run.status == 0, run.err
    assert run.lines == ["data"]
    assert "< PING 01 02" in run.err
    assert "> PONG 01 02" in run.err
    assert '< CLOSE 1000 "ok"' in run.err
    assert "> CLOSE 1000" in run.err
    assert run.err.index("< CLOSE") < run.err.index("> CLOSE")


async def test_jsonl_metadata_carries_the_handshake(echo_server):
    run = await run_cli(echo_server.url, "--jsonl", stdin=b"x\n")
    assert run.status == 0, run.err
    metadata = json.loads(run.out.splitlines()[0])
    handshake = metadata["handshake"]
    assert handshake["status"] == 101
    assert handshake["request_line"].startswith("GET / HTTP/1.1")
    assert ["Upgrade", "websocket"] in handshake["request_headers"]
    assert handshake["tls"] is None
