"""wsdesk-cli's benchmarks: ``python benchmarks/cli.py [--flood N] [--runs R]``.

Prints one Markdown table:
- flood: ``wsdesk-cli --send go --count N`` receiving an N-message flood, against a raw
  aiohttp client on the stock loop doing the same job (connect, send the start signal,
  print each message as a line, close after N), run alternately in fresh processes.
  The server (in this process, 127.0.0.1) times each client from its start signal to its
  close frame, so process start-up is not counted. Target >= 0.8x.
- start-up: wall time of ``wsdesk-cli --send x --count 1`` against its embedded echo
  server, from exec to exit (median of at least 21, interleaved). Target <= 0.3 s. Beside
  it, in the same run: ``python -c "import aiohttp, aiohttp.web"`` (the floor any aiohttp
  client pays) and ``python -c pass``.
Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from server import flood_payload
from wsdesk.testing.raw_server import OP_CLOSE, OP_TEXT, RawConnection, RawFrameServer, encode_frame

FRAMES_PER_WRITE = 2000
SIZE = 64
CHILD_TIMEOUT = 120.0
STARTUP_RUNS = 21

RAW_CLIENT = """
import asyncio, sys
import aiohttp

async def main(url, count):
    out = sys.stdout
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(url, autoping=True, max_msg_size=4 * 1024 * 1024) as ws:
            await ws.send_str("go")
            seen = 0
            async for msg in ws:
                if msg.type is aiohttp.WSMsgType.TEXT:
                    out.write(msg.data + "\\n")
                    seen += 1
                    if seen == count:
                        break
            out.flush()
            await ws.close()

asyncio.run(main(sys.argv[1], int(sys.argv[2])))
"""


class FloodServer:
    """Sends ``count`` numbered messages after each client's start signal; times each
    client from that signal until its close frame (seconds, in ``times``)."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.times: list[float] = []

    async def script(self, conn: RawConnection) -> None:
        await conn.read_frame()
        started = time.perf_counter()
        for first in range(0, self.count, FRAMES_PER_WRITE):
            last = min(first + FRAMES_PER_WRITE, self.count)
            frames = (encode_frame(OP_TEXT, flood_payload(i, SIZE)) for i in range(first, last))
            await conn.write(b"".join(frames))
        with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
            while (await conn.read_frame()).opcode != OP_CLOSE:
                pass
            self.times.append(time.perf_counter() - started)
            await conn.send_close(1000, "flood done")


def cli_command() -> list[str]:
    """The installed ``wsdesk-cli`` script, as a user runs it (else ``python -m``)."""
    script = shutil.which("wsdesk-cli", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "wsdesk.cli"]


async def run_client(argv: list[str], count: int) -> None:
    proc = await asyncio.create_subprocess_exec(
        *argv,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), CHILD_TIMEOUT)
    lines = out.count(b"\n")
    if proc.returncode != 0 or lines != count:
        raise SystemExit(f"{argv[0]} failed ({proc.returncode}, {lines} lines): {err.decode()}")
    first, last = out[:10], out.rsplit(b"\n", 2)[-2][:10]
    if (first, last) != (b"%010d" % 0, b"%010d" % (count - 1)):
        raise SystemExit(f"{argv[0]} printed the flood out of order")


async def flood(count: int, runs: int) -> tuple[float, float]:
    """Median messages/s of wsdesk-cli and of the raw client, alternating ``runs`` times."""
    server = FloodServer(count)
    raw = RawFrameServer(server.script)
    await raw.listen()
    rates: dict[str, list[float]] = {"cli": [], "raw": []}
    try:
        for _ in range(runs):
            for name, argv in (
                ("raw", [sys.executable, "-c", RAW_CLIENT, raw.url, str(count)]),
                ("cli", [*cli_command(), "-q", "--send", "go", "--count", str(count), raw.url]),
            ):
                before = len(server.times)
                await run_client(argv, count)
                for _ in range(100):
                    if len(server.times) > before:
                        break
                    await asyncio.sleep(0.01)
                rates[name].append(count / server.times[-1])
    finally:
        await raw.stop()
    return statistics.median(rates["cli"]), statistics.median(rates["raw"])


def wall_times(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median seconds from exec to exit of each command, the commands taking turns.

    Bytecode may be written, and a first round warms it unmeasured: as a user's run after
    the install.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(runs + 1):
        for name, argv in commands.items():
            started = time.perf_counter()
            subprocess.run(
                argv, check=True, capture_output=True, stdin=subprocess.DEVNULL, env=env, timeout=60
            )
            if round_:
                times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flood", type=int, default=200_000, help="messages per flood")
    parser.add_argument("--runs", type=int, default=5, help="flood runs of each side (median)")
    args = parser.parse_args(argv)
    os.environ.pop("NO_COLOR", None)
    cli_rate, raw_rate = asyncio.run(flood(args.flood, args.runs))
    walls = wall_times(
        {
            "cli": [*cli_command(), "-q", "--send", "x", "--count", "1"],
            "aiohttp": [sys.executable, "-c", "import aiohttp, aiohttp.web"],
            "python": [sys.executable, "-c", "pass"],
        },
        STARTUP_RUNS,
    )
    ratio = cli_rate / raw_rate
    flood_ok, startup_ok = ratio >= 0.8, walls["cli"] <= 0.3
    print("| scenario | wsdesk-cli | baseline | ratio | target | result |")
    print("|---|---|---|---|---|---|")
    print(
        f"| flood, {args.flood:,} x {SIZE} B, printed to a pipe | {cli_rate:,.0f}/s | "
        f"raw aiohttp, stock loop: {raw_rate:,.0f}/s | {ratio:.2f}x | >= 0.8x | "
        f"{'pass' if flood_ok else 'FAIL'} |"
    )
    print(
        f"| start-up, --send x --count 1 on the embedded echo | {walls['cli']:.3f} s | "
        f"importing aiohttp: {walls['aiohttp']:.3f} s; python -c pass: {walls['python']:.3f} s"
        f" | - | <= 0.3 s | {'pass' if startup_ok else 'FAIL'} |"
    )
    return 0 if flood_ok and startup_ok else 1


if __name__ == "__main__":
    sys.exit(main())
