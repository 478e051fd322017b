"""Many tabs at once: RSS and the worst UI timer lateness with 1, 10 and 20 tabs connected.

``python benchmarks/tabs.py`` starts the benchmark server, then for each tab count runs a
fresh process: a window on a workspace of that many tabs, each connected to a live feed
of ``--rate`` 64-byte messages/s for ``--seconds`` s. It prints a table: RSS once every
tab has received the whole feed, the worst lateness of a 10 ms UI timer during it, and
the RSS each tab added beyond the first. Linux only (reads /proc).
``python benchmarks/tabs.py --child N --url URL`` is one such process; it prints JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QT_API"] = "pyqt6"

import qasync
from PyQt6.QtWidgets import QApplication

from clients import TimerProbe, quiet_offscreen_noise
from memory import rss
from wsdesk.app import tune_garbage_collector
from wsdesk.models import ConnectionOptions, ConnectionState
from wsdesk.transport.aiohttp_channel import AiohttpChannel
from wsdesk.ui.main_window import MainWindow
from wsdesk.viewmodel.workspace_viewmodel import WorkspaceViewModel

HERE = Path(__file__).resolve().parent
TAB_COUNTS = (1, 10, 20)
TARGET_MIB_PER_TAB = 8.0
TARGET_LATENESS_S = 0.050


async def run_tabs(tabs: int, url: str, rate: int, seconds: float) -> dict[str, Any]:
    workspace = WorkspaceViewModel(AiohttpChannel)  # in memory: no file is written
    count = int(rate * seconds)
    feed = f"{url}?n={count}&size=64&rate={rate}"
    for _ in range(tabs):
        workspace.new_tab(ConnectionOptions(url=feed, ping_interval=None))
    window = MainWindow(workspace)
    window.show()
    tune_garbage_collector()
    try:
        await asyncio.gather(*(tab.connect.execute() for tab in workspace.tabs))
        if any(tab.state is not ConnectionState.OPEN for tab in workspace.tabs):
            raise RuntimeError("a tab did not connect")
        probe = TimerProbe()
        probe.start()
        for tab in workspace.tabs:
            await tab.send.execute("go")  # the feed's start signal
        deadline = asyncio.get_running_loop().time() + seconds + 10
        while any(window.tabs.page(t).counters.received_messages < count for t in workspace.tabs):
            if asyncio.get_running_loop().time() > deadline:
                raise RuntimeError("the feeds did not arrive in time")
            await asyncio.sleep(0.05)
        lateness = probe.stop()
        gc.collect()
        current, _peak = rss()
        return {"tabs": tabs, "rss_mb": current, "lateness_s": lateness, "received": count}
    finally:
        window.hide()
        await workspace.aclose()
        window.deleteLater()


def child(args: argparse.Namespace) -> int:
    quiet_offscreen_noise()
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    try:
        result = loop.run_until_complete(run_tabs(args.child, args.url, args.rate, args.seconds))
    finally:
        loop.close()
    print(json.dumps(result))
    return 0


def measure(tabs: int, url: str, rate: int, seconds: float) -> dict[str, Any]:
    done = subprocess.run(
        [
            sys.executable,
            __file__,
            f"--child={tabs}",
            f"--url={url}",
            f"--rate={rate}",
            f"--seconds={seconds}",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"tabs.py --child {tabs} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--rate", type=int, default=500, help="messages/s per tab (500)")
    parser.add_argument("--seconds", type=float, default=8.0, help="feed length (8 s)")
    args = parser.parse_args()
    if args.child is not None:
        return child(args)
    sys.path.insert(0, str(HERE))
    from run import ServerProcess

    server = ServerProcess()
    try:
        results = [measure(n, server.flood_url, args.rate, args.seconds) for n in TAB_COUNTS]
    finally:
        server.stop()
    one = results[0]
    print(f"tabs, each receiving {args.rate} x 64 B messages/s for {args.seconds:g} s")
    print("| tabs | RSS | per tab beyond the first | worst UI timer lateness | targets | result |")
    print("|---:|---:|---:|---:|---|---|")
    for result in results:
        extra = result["tabs"] - 1
        per_tab = (result["rss_mb"] - one["rss_mb"]) / extra if extra else 0.0
        lateness = result["lateness_s"]
        passed = per_tab <= TARGET_MIB_PER_TAB and (
            result["tabs"] < 20 or lateness <= TARGET_LATENESS_S
        )
        print(
            f"| {result['tabs']} | {result['rss_mb']:.1f} MiB | "
            f"{per_tab:.2f} MiB | {lateness * 1000:.0f} ms | <= 8 MiB/tab; <= 50 ms at 20 "
            f"| {'pass' if passed else 'FAIL'} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
