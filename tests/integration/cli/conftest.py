"""wsdesk-cli as a user runs it: a subprocess, against servers this test process runs."""

import asyncio
import os
import sys
import tempfile
from dataclasses import dataclass

import pytest
from aiohttp import WSMsgType, web

from wsdesk.testing.servers import start_server

NOISE = ("Traceback", "Task was destroyed", "Unclosed client session", "Exception in callback")


@dataclass
class Run:
    status: int
    out: str
    err: str

    @property
    def lines(self):
        return self.out.splitlines()

    def assert_clean(self):
        assert not any(marker in self.err for marker in NOISE), self.err


def cli_env(**extra):
    """The subprocess's environment: no colours, no user history, unbuffered."""
    env = dict(os.environ, PYTHONUNBUFFERED="1", NO_COLOR="1")
    env["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="wsdesk-cli-data-")
    for name in ("WSDESK_BEARER", "WSDESK_BASIC"):
        env.pop(name, None)
    env.update(extra)
    return env


async def start_cli(*args, env=None, stdin=asyncio.subprocess.PIPE, start_new_session=False):
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-X",
        "dev",
        "-m",
        "wsdesk.cli",
        *args,
        stdin=stdin,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env or cli_env(),
        start_new_session=start_new_session,
    )


HOLD = object()  # stdin stays open: only the server or an exit condition ends the run


async def run_cli(*args, stdin=b"", env=None, limit=20.0):
    """Run ``wsdesk-cli ARGS`` with ``stdin``: bytes, None for /dev/null, or HOLD."""
    mode = asyncio.subprocess.DEVNULL if stdin is None else asyncio.subprocess.PIPE
    proc = await start_cli(*args, env=env, stdin=mode)
    async with asyncio.timeout(limit):
        if stdin is HOLD:
            out, err, _ = await asyncio.gather(proc.stdout.read(), proc.stderr.read(), proc.wait())
            proc.stdin.close()
        else:
            out, err = await proc.communicate(stdin)
    return Run(proc.returncode, out.decode(), err.decode())


CLOSES = web.AppKey("closes", list)


async def _ticker(request):
    """Sends ``tick 1`` .. ``tick N`` every S seconds after a first wait of D seconds
    (``?n=&every=&delay=``), and echoes meanwhile."""
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    count = int(request.query.get("n", "5"))
    every = float(request.query.get("every", "0.05"))

    async def tick():
        await asyncio.sleep(float(request.query.get("delay", "0")))
        for i in range(1, count + 1):
            await ws.send_str(f"tick {i}")
            await asyncio.sleep(every)

    task = asyncio.ensure_future(tick())
    try:
        async for msg in ws:
            if msg.type is WSMsgType.TEXT:
                await ws.send_str(msg.data)
    finally:
        task.cancel()
    request.app[CLOSES].append((ws.close_code, request.path))
    return ws


async def _echo_recording(request):
    """Echoes, and records the client's close code."""
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    async for msg in ws:
        if msg.type is WSMsgType.TEXT:
            await ws.send_str(msg.data)
        elif msg.type is WSMsgType.BINARY:
            await ws.send_bytes(msg.data)
    request.app[CLOSES].append((ws.close_code, request.path))
    return ws


@pytest.fixture
async def peer():
    """A server with ``/ticker`` and ``/echo``; ``closes(peer)`` lists the client closes."""
    app = web.Application()
    app[CLOSES] = []
    app.router.add_get("/ticker", _ticker)
    app.router.add_get("/echo", _echo_recording)
    server = await start_server(app)
    yield server
    await server.stop()


def closes(server):
    """(close code, path) of each connection the peer saw end, oldest first."""
    return server.runner.app[CLOSES]
