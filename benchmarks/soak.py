"""Soak: many connect/send/close cycles, looking for what a long session would leak.

``python benchmarks/soak.py [--cycles 10000] [--every 1000]`` starts the benchmark server
in a child process, then runs each cycle as a tab does: a fresh ConnectionViewModel on the
real transport connects to the echo server, sends a message, waits for its echo,
disconnects with 1000 and releases everything (``aclose``). Every ``--every`` cycles it
prints the asyncio tasks still alive, the open file descriptors and the RSS, and at the
end the growth since the first report against the targets: 0 tasks, 0 descriptors,
RSS under 5 MiB. Linux only (reads /proc). Exit status 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import sys
import time

from memory import rss
from run import ServerProcess
from wsdesk.models import ConnectionOptions, ConnectionState, Direction
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.viewmodel.connection_viewmodel import ConnectionViewModel

TARGET_RSS_GROWTH_MIB = 5.0
ECHO_WAIT = 5.0  # seconds one echo may take before the cycle counts as failed


def open_descriptors() -> int:
    """How many file descriptors this process has open."""
    return len(os.listdir("/proc/self/fd"))


def other_tasks() -> int:
    """asyncio tasks alive besides the one asking."""
    return len([t for t in asyncio.all_tasks() if t is not asyncio.current_task()])


async def one_cycle(url: str, number: int) -> None:
    """Connect, send, wait for the echo, disconnect, release. Raises RuntimeError."""
    vm = ConnectionViewModel(AiohttpChannel, ConnectionOptions(url=url, ping_interval=None))
    try:
        await vm.connect.execute()
        if vm.state is not ConnectionState.OPEN:
            raise RuntimeError(f"cycle {number}: {vm.error}")
        text = f"cycle {number}"
        await vm.send.execute(text)
        deadline = asyncio.get_running_loop().time() + ECHO_WAIT
        while not any(m.direction is Direction.RECEIVED and m.data == text for m in vm.messages):
            if asyncio.get_running_loop().time() > deadline:
                raise RuntimeError(f"cycle {number}: no echo within {ECHO_WAIT:g} s")
            await asyncio.sleep(0.001)
        await vm.disconnect.execute()
        if vm.close_info is None or vm.close_info.code != 1000 or not vm.close_info.clean:
            raise RuntimeError(f"cycle {number}: closed as {vm.close_info}")
    finally:
        await vm.aclose()


def report(cycle: int, started: float) -> tuple[int, int, float]:
    gc.collect()
    tasks, fds, (resident, _peak) = other_tasks(), open_descriptors(), rss()
    print(
        f"{cycle:>7} cycles  {time.monotonic() - started:7.1f} s  tasks {tasks:>3}  "
        f"descriptors {fds:>4}  RSS {resident:7.1f} MiB",
        flush=True,
    )
    return tasks, fds, resident


async def soak(url: str, cycles: int, every: int) -> int:
    started = time.monotonic()
    # The first cycles warm caches (imports, aiohttp's, SSL's): growth counts from here.
    for number in range(1, every + 1):
        await one_cycle(url, number)
    first = report(every, started)
    last = first
    for number in range(every + 1, cycles + 1):
        await one_cycle(url, number)
        if number % every == 0:
            last = report(number, started)
    tasks, fds, resident = (now - then for now, then in zip(last, first, strict=True))
    growth_ok = resident < TARGET_RSS_GROWTH_MIB
    print(
        f"\ngrowth from cycle {every} to {cycles}: tasks {tasks:+d} (target 0), descriptors "
        f"{fds:+d} (target 0), RSS {resident:+.1f} MiB (target < {TARGET_RSS_GROWTH_MIB:g})"
    )
    passed = last[0] == 0 and fds <= 0 and growth_ok
    print("pass" if passed else "FAIL")
    return 0 if passed else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=10_000)
    parser.add_argument("--every", type=int, default=1_000, help="cycles between reports")
    args = parser.parse_args()
    if args.every < 1 or args.cycles < 2 * args.every:
        parser.error("--cycles must be at least twice --every")
    server = ServerProcess()
    try:
        return asyncio.run(soak(server.echo_url, args.cycles, args.every))
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
