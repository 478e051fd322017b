"""wsdesk's performance benchmarks: ``python benchmarks/run.py [--scenarios ...]``.

Every scenario runs wsdesk's pipeline and a raw baseline in the same run and prints one
table (Markdown): scenario, wsdesk figure, baseline figure, ratio (wsdesk / baseline),
target, pass/fail. The servers run in a separate process (benchmarks/server.py) on
127.0.0.1; memory figures come from fresh processes (benchmarks/memory.py), start-up from
``python -m wsdesk`` with WSDESK_STARTUP_PROBE set. Everything is bounded and stops by
itself; Qt runs offscreen unless QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QT_API"] = "pyqt6"

import qasync
from PyQt6.QtWidgets import QApplication

import clients
import detail
import log_filter
from wsdesk.app import tune_garbage_collector

HERE = Path(__file__).resolve().parent
SCENARIOS = ("rtt", "flood", "record", "charts", "memory", "startup", "filter", "detail")
ROUND_TRIP_CHUNKS = 10
T = TypeVar("T")
CHILD_TIMEOUT = 300.0


@dataclass
class Row:
    """One line of the table; ``ratio`` is wsdesk / baseline when both are numbers."""

    scenario: str
    wsdesk: str
    baseline: str
    ratio: float | None
    target: str
    passed: bool | None  # None: information only


@dataclass
class Options:
    scenarios: tuple[str, ...]
    round_trips: int
    flood: int
    flood_runs: int
    memory: tuple[int, int]
    capacity: int
    startup_runs: int
    filter_rows: int
    held: int
    startup_baseline: str | None = None


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        prog="benchmarks/run.py", description="wsdesk's benchmarks against raw aiohttp."
    )
    parser.add_argument(
        "--scenarios",
        default=",".join(SCENARIOS),
        help=f"comma-separated subset of {','.join(SCENARIOS)} (default: all)",
    )
    parser.add_argument("--round-trips", type=int, default=20_000, help="echo round trips")
    parser.add_argument("--flood", type=int, default=200_000, help="messages in the flood")
    parser.add_argument("--flood-runs", type=int, default=3, help="floods per median")
    parser.add_argument(
        "--memory",
        default="200000,400000",
        help="the two flood sizes whose RSS is compared (default: 200000,400000)",
    )
    parser.add_argument("--capacity", type=int, default=10_000, help="the log's capacity")
    parser.add_argument("--startup-runs", type=int, default=5, help="start-ups per median")
    parser.add_argument(
        "--startup-baseline",
        metavar="SRC",
        help="the src/ folder of another wsdesk (e.g. from git archive of an older commit): "
        "its start-ups alternate with this one's, printed beside them",
    )
    parser.add_argument("--filter-rows", type=int, default=1_000_000, help="entries to filter")
    parser.add_argument(
        "--held",
        type=int,
        default=1_000_000,
        help="messages held in the log for the bytes-per-message figure (default: 1000000)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="a tenth of every size: a smoke run, not figures"
    )
    args = parser.parse_args(argv)
    chosen = tuple(name.strip() for name in args.scenarios.split(",") if name.strip())
    unknown = set(chosen) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    small, large = (int(n) for n in args.memory.split(","))
    scale = 10 if args.quick else 1
    return Options(
        chosen,
        args.round_trips // scale,
        args.flood // scale,
        args.flood_runs,
        (small // scale, large // scale),
        args.capacity,
        args.startup_runs,
        args.filter_rows,
        args.held // scale,
        args.startup_baseline,
    )


# -- the server process -----------------------------------------------------------------


class ServerProcess:
    """benchmarks/server.py in a child process; it exits when this one closes its stdin."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, str(HERE / "server.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        urls = json.loads(self._process.stdout.readline())
        self.echo_url: str = urls["echo"]
        self.flood_url: str = urls["flood"]

    def stop(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


# -- scenarios ----------------------------------------------------------------------------


def ratio_row(
    scenario: str,
    wsdesk: float,
    baseline: float,
    unit: str,
    target: str,
    check: Callable[[float, float], bool] | None,
    digits: int = 0,
) -> Row:
    ratio = wsdesk / baseline if baseline else None
    passed = check(wsdesk, ratio or 0.0) if check else None
    return Row(
        scenario,
        f"{wsdesk:,.{digits}f} {unit}",
        f"{baseline:,.{digits}f} {unit}",
        ratio,
        target,
        passed,
    )


async def round_trips(opts: Options, echo_url: str, floor: float) -> list[Row]:
    n = opts.round_trips
    chunk = max(1, n // ROUND_TRIP_CHUNKS)
    raw = wsdesk = 0.0
    async with (
        clients.raw_echo(echo_url) as raw_trips,
        clients.wsdesk_echo(echo_url, opts.capacity) as wsdesk_trips,
    ):
        # Alternated in chunks on two open connections, so a busy moment of the shared
        # machine hits both sides alike.
        for first in range(0, n, chunk):
            count = min(chunk, n - first)
            raw += await raw_trips(first, count)
            wsdesk += await wsdesk_trips(first, count)
    title = f"round trips, {n} x {clients.ECHO_SIZE} B"
    return [
        ratio_row(
            f"{title}, vs raw aiohttp on qasync",
            n / wsdesk,
            n / raw,
            "/s",
            ">= 0.9x",
            lambda _w, r: r >= 0.9,
        ),
        ratio_row(
            f"{title}, vs raw aiohttp on stock asyncio (floor)",
            n / wsdesk,
            n / floor,
            "/s",
            "-",
            None,
        ),
        ratio_row(
            "raw aiohttp: qasync vs stock asyncio (the loop's cost)",
            n / raw,
            n / floor,
            "/s",
            "-",
            None,
        ),
    ]


def flood_url_for(opts: Options, flood_url: str) -> str:
    return f"{flood_url}?n={opts.flood}&size=64"


async def flood(opts: Options, flood_url: str, floor: clients.FloodResult) -> list[Row]:
    n = opts.flood
    url = flood_url_for(opts, flood_url)
    raws, wsdesks, channels, view_models = [], [], [], []
    for _ in range(opts.flood_runs):  # alternated, so a busy moment hits both sides
        raws.append(await clients.raw_flood(url, n))
        wsdesks.append(await clients.wsdesk_flood(url, n, opts.capacity))
        # Where the time goes: the same flood through the first layers alone.
        channels.append(await clients.channel_flood(url, n, opts.capacity))
        view_models.append(
            await clients.wsdesk_flood(url, n, opts.capacity, probe=False, with_window=False)
        )
    raw, wsdesk = clients.combine(raws), clients.combine(wsdesks)
    channel, view_model = clients.combine(channels), clients.combine(view_models)
    assert raw.worst_lateness is not None
    assert wsdesk.worst_lateness is not None
    title = f"flood, {n} x 64 B (median of {opts.flood_runs})"

    def counted(result: clients.FloodResult) -> str:
        return f"{result.counted}/{n}{' in order' if result.in_order else ' OUT OF ORDER'}"

    def rate(result: clients.FloodResult) -> float:
        return result.counted / result.seconds

    return [
        ratio_row(
            f"{title}: messages/s until all counted",
            rate(wsdesk),
            rate(raw),
            "/s",
            ">= 0.85x",
            lambda _w, r: r >= 0.85,
        ),
        *(
            ratio_row(f"{title}: {label}", rate(result), rate(baseline), "/s", "-", None)
            for label, result, baseline in (
                ("vs raw aiohttp on stock asyncio (floor)", wsdesk, floor),
                ("AiohttpChannel alone (1st layer)", channel, raw),
                ("channel + ConnectionViewModel, no window", view_model, raw),
            )
        ),
        Row(
            f"{title}: counted",
            counted(wsdesk),
            counted(raw),
            None,
            "all, in order",
            wsdesk.counted == n and wsdesk.in_order,
        ),
        ratio_row(
            f"{title}: worst lateness of a 10 ms QTimer",
            wsdesk.worst_lateness * 1000,
            raw.worst_lateness * 1000,
            "ms",
            "<= 16 ms",
            lambda w, _r: w <= 16,
        ),
    ]


async def recording(opts: Options, flood_url: str) -> list[Row]:
    n = opts.flood
    url = flood_url_for(opts, flood_url)
    offs, ons = [], []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "flood.jsonl"
        for _ in range(opts.flood_runs):  # alternated, so a busy moment hits both sides
            offs.append(await clients.wsdesk_flood(url, n, opts.capacity))
            ons.append(await clients.wsdesk_flood(url, n, opts.capacity, record_to=path))
    off, on = clients.combine(offs), clients.combine(ons)
    assert on.catch_up is not None
    title = f"flood, {n} x 64 B (median of {opts.flood_runs}), recording to disk"
    return [
        ratio_row(
            f"{title}: messages/s, recording on / off",
            on.counted / on.seconds,
            off.counted / off.seconds,
            "/s",
            ">= 0.8x",
            lambda _w, r: r >= 0.8,
        ),
        Row(
            f"{title}: received entries in the file",
            f"{on.recorded}/{n}",
            "-",
            None,
            "all",
            on.recorded == n,
        ),
        Row(
            f"{title}: file closed after the flood's end",
            f"{on.catch_up:.2f} s",
            "-",
            None,
            "-",
            None,
        ),
    ]


async def charts(opts: Options, flood_url: str) -> list[Row]:
    # Five times the flood, so that the charts' once-a-second samples and redraws happen
    # during it.
    n = opts.flood * 5
    url = f"{flood_url}?n={n}&size=64"
    hidden, shown = [], []
    for _ in range(opts.flood_runs):  # alternated, so a busy moment hits both sides
        hidden.append(await clients.wsdesk_flood(url, n, opts.capacity))
        shown.append(await clients.wsdesk_flood(url, n, opts.capacity, with_charts=True))
    off, on = clients.combine(hidden), clients.combine(shown)
    return [
        ratio_row(
            f"flood, {n} x 64 B (median of {opts.flood_runs}): charts shown / hidden",
            on.counted / on.seconds,
            off.counted / off.seconds,
            "/s",
            ">= 0.95x",
            lambda _w, r: r >= 0.95,
        )
    ]


def memory_child(pipeline: str, count: int, capacity: int, flood_url: str) -> dict[str, Any]:
    done = subprocess.run(
        [
            sys.executable,
            str(HERE / "memory.py"),
            f"--pipeline={pipeline}",
            f"--count={count}",
            f"--capacity={capacity}",
            f"--url={flood_url}",
        ],
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"memory.py failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if result["counted"] != count or not result["in_order"]:
        raise RuntimeError(f"memory.py lost messages: {result}")
    return result


def memory(opts: Options, flood_url: str) -> list[Row]:
    rows = []
    finals: dict[str, list[float]] = {"wsdesk": [], "raw": []}
    for count in opts.memory:
        wsdesk = memory_child("wsdesk", count, opts.capacity, flood_url)
        raw = memory_child("raw", count, opts.capacity, flood_url)
        finals["wsdesk"].append(wsdesk["final_mb"])
        finals["raw"].append(raw["final_mb"])
        title = f"memory after {count} (capacity {opts.capacity})"
        rows.append(
            ratio_row(f"{title}: peak RSS", wsdesk["peak_mb"], raw["peak_mb"], "MiB", "-", None, 1)
        )
        rows.append(
            ratio_row(
                f"{title}: final RSS",
                wsdesk["final_mb"],
                raw["final_mb"],
                "MiB",
                "< 150 MiB",
                lambda w, _r: w < 150,
                1,
            )
        )

    def growth(pair: list[float]) -> float:
        return (pair[1] / pair[0] - 1) * 100

    small, large = opts.memory
    rows.append(
        Row(
            f"memory: final RSS growth {small} -> {large}",
            f"{growth(finals['wsdesk']):+.1f} %",
            f"{growth(finals['raw']):+.1f} %",
            None,
            "<= 10 %",
            abs(growth(finals["wsdesk"])) <= 10,
        )
    )
    rows.append(bytes_held(opts, flood_url))
    return rows


def bytes_held(opts: Options, flood_url: str) -> Row:
    """What one 64-byte message costs in a log holding ``opts.held`` of them: the final
    RSS of a flood of that many with the capacity at that many, less the same flood with
    the capacity at ``opts.capacity``, divided by the extra messages held."""
    n = opts.held
    full = memory_child("wsdesk", n, n, flood_url)["final_mb"]
    small = memory_child("wsdesk", n, opts.capacity, flood_url)["final_mb"]
    per_message = (full - small) * 1024 * 1024 / (n - opts.capacity)
    return Row(
        f"memory: bytes held per 64-B message with {n} in the log (RSS delta / messages)",
        f"{per_message:.0f} B",
        "-",
        None,
        "<= 96 B",
        per_message <= 96,
    )


def startup_once(source: str | None = None) -> float:
    """Seconds from spawning ``python -m wsdesk`` to its window shown and OPEN; the wsdesk
    in the folder ``source`` when given (ahead of the installed one on the path)."""
    env = dict(os.environ, WSDESK_STARTUP_PROBE="1")
    if source is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [source, env.get("PYTHONPATH")]))
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "wsdesk"],
        env=env,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        check=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith("wsdesk-startup "):
            _, state, stamp = line.split()
            if state != "OPEN":
                raise RuntimeError(f"wsdesk did not connect: {done.stderr}")
            return float(stamp) - started
    raise RuntimeError(f"wsdesk printed no start-up time:\n{done.stderr}")


def import_qt_once() -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "import PyQt6.QtWidgets"], check=True, timeout=CHILD_TIMEOUT
    )
    return time.perf_counter() - started


def startup(opts: Options) -> list[Row]:
    runs = opts.startup_runs
    source = opts.startup_baseline
    now: list[float] = []
    before: list[float] = []
    for _ in range(runs):  # alternated: a busy moment of the machine hits both
        now.append(startup_once())
        if source is not None:
            before.append(startup_once(source))
    wsdesk = statistics.median(now)
    baseline = statistics.median(import_qt_once() for _ in range(runs))
    rows = [
        ratio_row(
            f"start-up to window shown and OPEN (median of {runs}) vs import PyQt6.QtWidgets",
            wsdesk,
            baseline,
            "s",
            "<= 0.4 s",
            lambda w, _r: w <= 0.4,
            3,
        )
    ]
    if source is not None:
        rows.append(
            ratio_row(
                f"start-up (median of {runs}), this wsdesk vs the one in {source}",
                wsdesk,
                statistics.median(before),
                "s",
                "-",
                None,
                3,
            )
        )
    return rows


def filtering(opts: Options) -> list[Row]:
    wsdesk, baseline = log_filter.measure(opts.filter_rows)
    return [
        ratio_row(
            f"filter {opts.filter_rows} entries (log panel) vs a Qt proxy over pre-formatted lines",
            wsdesk,
            baseline,
            "s",
            "<= 0.5 s",
            lambda w, _r: w <= 0.5,
            3,
        )
    ]


def detail_pane(_opts: Options) -> list[Row]:
    shown, parsed, size = detail.measure()
    return [
        ratio_row(
            f"a {size / 2**20:.1f} MiB JSON message opened in the detail pane vs json.loads",
            shown,
            parsed,
            "s",
            "< 1 s",
            lambda w, _r: w < 1.0,
            3,
        )
    ]


# -- the run ------------------------------------------------------------------------------


def run_on_qasync(coroutine: Coroutine[Any, Any, T]) -> T:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    loop = qasync.QEventLoop(app)
    try:
        result: T = loop.run_until_complete(coroutine)
        return result
    finally:
        loop.close()
        asyncio.set_event_loop(None)


def format_table(rows: list[Row]) -> str:
    lines = [
        "| scenario | wsdesk | baseline | ratio | target | result |",
        "|---|---:|---:|---:|---|---|",
    ]
    for row in rows:
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "-"
        result = {True: "pass", False: "FAIL", None: "info"}[row.passed]
        lines.append(
            f"| {row.scenario} | {row.wsdesk} | {row.baseline} | {ratio} | {row.target} "
            f"| {result} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    clients.quiet_offscreen_noise()
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    # The app's garbage-collector settings apply to the whole process: the raw baselines
    # run under them too, so a ratio compares the pipelines, not the collector settings.
    tune_garbage_collector()
    rows: list[Row] = []
    started = time.perf_counter()
    server = ServerProcess()

    def done(name: str, new_rows: list[Row]) -> None:
        rows.extend(new_rows)
        print(f"{name}: done at {time.perf_counter() - started:.0f} s", file=sys.stderr)

    try:
        if "rtt" in opts.scenarios:
            floor = asyncio.run(clients.raw_round_trips(server.echo_url, opts.round_trips))
            done("rtt", run_on_qasync(round_trips(opts, server.echo_url, floor)))
        if "flood" in opts.scenarios:
            url = flood_url_for(opts, server.flood_url)
            floor_flood = clients.combine(
                [
                    asyncio.run(clients.raw_flood(url, opts.flood, probe=False))
                    for _ in range(opts.flood_runs)
                ]
            )
            done("flood", run_on_qasync(flood(opts, server.flood_url, floor_flood)))
        if "record" in opts.scenarios:
            done("record", run_on_qasync(recording(opts, server.flood_url)))
        if "charts" in opts.scenarios:
            done("charts", run_on_qasync(charts(opts, server.flood_url)))
        if "memory" in opts.scenarios:
            done("memory", memory(opts, server.flood_url))
    finally:
        server.stop()
    if "startup" in opts.scenarios:
        done("startup", startup(opts))
    if "filter" in opts.scenarios:
        done("filter", filtering(opts))
    if "detail" in opts.scenarios:
        done("detail", detail_pane(opts))
    print(format_table(rows))
    elapsed = time.perf_counter() - started
    print(f"\n{len(rows)} rows in {elapsed:.0f} s; Python {sys.version.split()[0]}")
    return 0 if all(row.passed is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
