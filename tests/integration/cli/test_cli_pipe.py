"""wsdesk-cli in pipe mode and with exit conditions, against local servers."""

import asyncio
import io
import json
import os
import shlex
import signal
import sys

import pytest

from wsdesk.testing.raw_server import OP_CLOSE, OP_TEXT, RawFrameServer, close_payload, encode_frame
from wsdesk.viewmodel.session_io import read_transcript

from .conftest import HOLD, cli_env, closes, run_cli, start_cli


async def test_each_input_line_is_one_message_and_comes_back(echo_server):
    run = await run_cli(echo_server.url, stdin=b'Hello!\n\n{"a": 1}\r\nlast')
    assert run.status == 0, run.err
    assert run.lines == ["Hello!", "", '{"a": 1}', "last"]
    assert "* Connected" in run.err
    assert "* Closed by you: 1000 normal closure" in run.err
    run.assert_clean()


async def test_without_a_url_it_uses_the_embedded_echo_server():
    run = await run_cli(stdin=b"hi\n")
    assert run.status == 0, run.err
    assert run.lines == ["hi"]
    assert "Connecting to ws://127.0.0.1:" in run.err


async def test_nothing_that_arrives_before_the_server_close_frame_is_lost():
    # The server answers our close only after three more data frames.
    async def script(conn):
        await conn.read_frame()  # "go"
        while (await conn.read_frame()).opcode != OP_CLOSE:
            pass
        for i in range(3):
            await conn.send_frame(OP_TEXT, f"late {i}".encode())
        await asyncio.sleep(0.1)
        await conn.send_close(1000)

    server = await RawFrameServer.start(script)
    try:
        run = await run_cli(server.url, stdin=b"go\n")
    finally:
        await server.stop()
    assert run.status == 0, run.err
    assert run.lines == ["late 0", "late 1", "late 2"]


async def test_binary_is_printed_as_hex_and_events_stay_off_stdout(echo_server):
    run = await run_cli(echo_server.url, "--send-binary", "00ff10", "--send", "t", stdin=None)
    assert run.status == 0, run.err
    assert run.lines == ["00ff10", "t"]
    assert "Connect" not in run.out


async def test_count_prints_exactly_n_and_exits_0(peer):
    run = await run_cli(peer.url("/ticker?n=50&every=0.01"), "--count", "3")
    assert run.status == 0, run.err
    assert run.lines == ["tick 1", "tick 2", "tick 3"]


async def test_until_stops_after_the_matching_message(peer):
    run = await run_cli(peer.url("/ticker?n=50&every=0.01"), "--until", r"tick 4$")
    assert run.status == 0, run.err
    assert run.lines == ["tick 1", "tick 2", "tick 3", "tick 4"]


async def test_expectations_are_met_in_order(peer):
    url = peer.url("/ticker?n=6&every=0.02")
    met = await run_cli(url, "--expect", "tick 2", "--expect", "tick 5")
    assert met.status == 0, met.err
    # tick 2 comes before tick 5, never after it: the second expectation cannot be met.
    unmet = await run_cli(
        url, "--expect", "tick 5", "--expect", "tick 2", "--expect-timeout", "0.5"
    )
    assert unmet.status == 1
    assert "expectation not met: --expect 'tick 2': nothing matched within 0.5 s" in unmet.err


async def test_timeout_with_a_pending_condition_is_1(peer):
    run = await run_cli(peer.url("/ticker?n=2"), "--count", "5", "--timeout", "0.5")
    assert run.status == 1
    assert "--timeout 0.5 s passed" in run.err


async def test_end_of_input_does_not_close_while_a_condition_is_pending(peer):
    run = await run_cli(peer.url("/ticker?n=8&every=0.05"), "--count", "8", stdin=b"")
    assert run.status == 0, run.err
    assert len(run.lines) == 8


async def test_server_closes_map_to_exit_statuses(faulty_server):
    normal = await run_cli(faulty_server.url("/close?code=1000&reason=bye"), "-q", stdin=HOLD)
    assert normal.status == 0, normal.err
    going_away = await run_cli(faulty_server.url("/close?code=1001"), "-q", stdin=HOLD)
    assert going_away.status == 0
    error = await run_cli(faulty_server.url("/close?code=1011&reason=db%20down"), stdin=HOLD)
    assert error.status == 4
    assert "Closed by server: 1011 internal error, 'db down'" in error.err
    lost = await run_cli(faulty_server.url("/abort?text=partial"), stdin=HOLD)
    assert lost.status == 4
    assert lost.lines == ["partial"]
    quiet = await run_cli(faulty_server.url("/close?code=4400&reason=bad"), "-q", stdin=HOLD)
    assert quiet.status == 4
    assert quiet.err == "wsdesk-cli: Closed by server: 4400 application-defined code 4400, 'bad'\n"


async def test_could_not_connect_is_3(faulty_server, closed_port):
    refused = await run_cli(f"ws://127.0.0.1:{closed_port}/")
    assert refused.status == 3
    assert f"Connection refused (127.0.0.1:{closed_port})" in refused.err
    rejected = await run_cli(faulty_server.url("/refuse?status=403&body=nope"), "-q")
    assert rejected.status == 3
    assert "Handshake rejected: HTTP 403 Forbidden: nope" in rejected.err
    rejected.assert_clean()


async def test_usage_errors_are_2_without_a_traceback(tmp_path):
    bad_url = await run_cli("ws://exa mple/")
    assert bad_url.status == 2
    assert "wsdesk-cli: error: bad URL: The URL contains spaces" in bad_url.err
    scenario = tmp_path / "s.toml"
    scenario.write_text("[[step]]\nsned = 'x'\n")
    bad_scenario = await run_cli("--scenario", str(scenario))
    assert bad_scenario.status == 2
    assert f"{scenario}: step 1: unknown key 'sned'" in bad_scenario.err
    unknown = await run_cli("--frobnicate")
    assert unknown.status == 2
    for run in (bad_url, bad_scenario, unknown):
        run.assert_clean()


async def test_jsonl_reads_back_with_read_transcript(echo_server):
    run = await run_cli(
        echo_server.url,
        "--jsonl",
        "--send",
        "one",
        "--send-binary",
        "0102",
        "-H",
        "Authorization: Bearer s3cr3t",
    )
    assert run.status == 0, run.err
    transcript = read_transcript(io.StringIO(run.out))
    assert transcript.metadata["url"] == echo_server.url
    assert transcript.metadata["headers"] == [["Authorization", "***"]]
    data = [(m.direction.value, m.data) for m in transcript.messages if m.kind.value != "event"]
    assert data == [
        ("sent", "one"),
        ("sent", b"\x01\x02"),
        ("received", "one"),
        ("received", b"\x01\x02"),
    ]
    events = [m.data for m in transcript.messages if m.kind.value == "event"]
    assert events[0].startswith("Connecting to")
    assert events[-1] == "Closed by you: 1000 normal closure"
    assert "s3cr3t" not in run.out + run.err


async def test_secrets_from_the_environment_are_never_printed(faulty_server):
    url = faulty_server.url("/refuse?status=401&header=WWW-Authenticate:Bearer")
    run = await run_cli(url, env=cli_env(WSDESK_BEARER="s3cr3t-token"))
    assert run.status == 3
    assert "s3cr3t-token" not in run.out + run.err
    assert "401" in run.err


async def test_sigint_sends_1001_and_exits_130(peer):
    proc = await start_cli(peer.url("/echo"))
    line = b""
    while b"Connected" not in line:
        line = await asyncio.wait_for(proc.stderr.readline(), 10)
    proc.send_signal(signal.SIGINT)
    _out, err = await asyncio.wait_for(proc.communicate(), 10)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err
    for _ in range(50):
        if closes(peer):
            break
        await asyncio.sleep(0.02)
    assert closes(peer) == [(1001, "/echo")]


async def test_scenario_steps_replies_and_close(tmp_path, peer):
    scenario = tmp_path / "flow.toml"
    scenario.write_text(
        f'url = "{peer.url("/echo")}"\n'
        '[[step]]\nsend = "hello"\n'
        '[[step]]\nexpect = "^hello$"\n'
        '[[step]]\nsend_json = { op = "sub", data = { topic = "prices" } }\n'
        '[[step]]\nexpect_json = { op = "sub", data.topic = "prices" }\n'
        '[[step]]\nsend = "ask"\n'
        '[[step]]\nexpect = "^answer$"\ntimeout = 2\n'
        '[[step]]\nclose = 4000\nreason = "scenario done"\n'
        '[[reply]]\nwhen = "^ask$"\nsend = "answer"\n'
    )
    run = await run_cli("--scenario", str(scenario), stdin=None)
    assert run.status == 0, run.err
    assert run.lines[0] == "hello"
    assert json.loads(run.lines[1]) == {"op": "sub", "data": {"topic": "prices"}}
    assert run.lines[2:] == ["ask", "answer"]
    assert closes(peer) == [(4000, "/echo")]


async def test_a_scenario_expectation_that_times_out_names_the_step(tmp_path, echo_server):
    scenario = tmp_path / "wait.toml"
    scenario.write_text('[[step]]\nsend = "a"\n[[step]]\nexpect = "^b$"\ntimeout = 0.3\n')
    run = await run_cli(echo_server.url, "--scenario", str(scenario))
    assert run.status == 1
    assert f"{scenario}: step 2 (expect '^b$'): nothing matched within 0.3 s" in run.err


async def _last_message_then_the_end(count, end):
    """A server that sends m0..m{count-1} and its ending in one write, before the goals ran."""

    async def script(conn):
        frames = [encode_frame(OP_TEXT, f"m{i}".encode()) for i in range(count)]
        if end == "close without a code":
            frames.append(encode_frame(OP_CLOSE, close_payload(None)))
        await conn.write(b"".join(frames))
        if end == "drop":
            conn.abort()
        else:
            await conn.read_frame()

    return await RawFrameServer.start(script)


async def test_a_condition_met_by_the_last_message_before_the_end_is_0():
    for end in ("drop", "close without a code"):
        server = await _last_message_then_the_end(5, end)
        try:
            for condition in (("--count", "5"), ("--until", "m4"), ("--expect", "m4")):
                run = await run_cli(server.url, *condition, stdin=HOLD)
                assert (end, condition, run.status) == (end, condition, 0), run.err
                assert run.lines == [f"m{i}" for i in range(5)]
                assert "closed before the exit condition" not in run.err
            unmet = await run_cli(server.url, "--count", "6", stdin=HOLD)
            assert unmet.status == (4 if end == "drop" else 1), unmet.err
            assert unmet.lines == [f"m{i}" for i in range(5)]
        finally:
            await server.stop()


async def test_record_writes_the_session_to_a_file_as_the_pipe_runs(echo_server, tmp_path):
    path = tmp_path / "run.jsonl"
    lines = [f"line {n}" for n in range(500)]
    run = await run_cli(
        "--record",
        str(path),
        "--capacity",
        "10",
        echo_server.url,
        stdin=("\n".join(lines) + "\n").encode(),
    )
    assert run.status == 0, run.err
    assert run.lines == lines  # stdout is unchanged
    transcript = read_transcript(path.read_bytes().splitlines())
    received = [m.data for m in transcript.messages if m.direction.value == "received"]
    assert received == lines  # all of them, though the log kept 10
    # The first line is written at the open; how it closed is the last entry.
    assert "1000" in transcript.messages[-1].data


async def test_record_into_a_missing_folder_is_a_usage_error(echo_server, tmp_path):
    run = await run_cli("--record", str(tmp_path / "no" / "x.jsonl"), echo_server.url, stdin=b"")
    assert run.status == 2
    assert "could not write" in run.err


async def test_sigint_while_recording_still_closes_the_file_whole(peer, tmp_path):
    path = tmp_path / "interrupted.jsonl"
    proc = await start_cli("--record", str(path), peer.url("/echo"))
    line = b""
    while b"Connected" not in line:
        line = await asyncio.wait_for(proc.stderr.readline(), 10)
    proc.send_signal(signal.SIGINT)
    await asyncio.wait_for(proc.communicate(), 10)
    assert proc.returncode == 130
    transcript = read_transcript(path.read_bytes().splitlines())
    assert "1001" in transcript.messages[-1].data


async def test_sigterm_to_the_whole_group_still_records_everything(echo_server, tmp_path):
    # `timeout` and a closed terminal signal the process group, the writer included.
    path = tmp_path / "group.jsonl"
    proc = await start_cli("--record", str(path), echo_server.url, start_new_session=True)
    line = b""
    while b"Connected" not in line:
        line = await asyncio.wait_for(proc.stderr.readline(), 10)
    proc.stdin.write(b"one\ntwo\n")
    await proc.stdin.drain()
    await asyncio.sleep(0.3)
    os.killpg(proc.pid, signal.SIGTERM)
    await asyncio.wait_for(proc.communicate(), 10)
    transcript = read_transcript(path.read_bytes().splitlines())
    assert [m.data for m in transcript.messages if m.direction.value == "sent"] == ["one", "two"]
    assert "1001" in transcript.messages[-1].data


async def test_a_recording_that_fails_midway_is_exit_1_with_the_reason(echo_server):
    run = await run_cli("--record", "/dev/full", "--send", "hi", "--count", "1", echo_server.url)
    assert run.status == 1
    assert "No space left on device" in run.err


async def test_a_saved_connection_and_environment_from_the_window_s_workspace(
    echo_server, tmp_path
):
    from wsdesk.models import ConnectionOptions, Environment
    from wsdesk.testing import FakeChannelFactory
    from wsdesk.viewmodel.workspace_viewmodel import WorkspaceViewModel

    path = tmp_path / "workspace.json"
    host = echo_server.url.split("//")[1].rstrip("/")
    ws = WorkspaceViewModel(FakeChannelFactory(), path)
    ws.saved.save("echo", ConnectionOptions(url="ws://{{host}}/"))
    ws.set_environment(Environment("local", (("host", host), ("who", "env"))))
    await ws.aclose()
    run = await run_cli(
        "--workspace",
        str(path),
        "--connection",
        "echo",
        "--environment",
        "local",
        "--var",
        "who=cli",
        "--count",
        "1",
        "--send",
        "hello {{who}}",
    )
    run.assert_clean()
    assert run.status == 0, run.err
    assert run.lines == ["hello cli"]
    assert host in run.err  # the events name the URL connected to


@pytest.mark.parametrize(
    ("redirect", "why"),
    [(">/dev/full", "No space left on device"), (">&-", "stdout is closed")],
)
@pytest.mark.parametrize("mode", [[], ["--jsonl", "-q"]])
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
async def test_a_stdout_that_cannot_be_written_is_exit_1_with_one_plain_line(
    echo_server, redirect, why, mode
):
    command = " ".join(
        [shlex.quote(sys.executable), "-m", "wsdesk.cli", *mode, "--send", "go", "--count", "1"]
    )
    process = await asyncio.create_subprocess_shell(
        f"{command} {shlex.quote(echo_server.url)} {redirect}",
        stdin=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        env=cli_env(),
    )
    _out, err = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode == 1, err
    assert f"wsdesk-cli: cannot write stdout: {why}" in err.decode()
    assert b"Traceback" not in err
