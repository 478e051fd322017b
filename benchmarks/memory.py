"""One memory measurement in a fresh process: a flood, then peak and final RSS.

``python benchmarks/memory.py --pipeline wsdesk --count 200000 --url ws://...`` prints
one JSON line ``{"peak_mb", "final_mb", "counted", "in_order"}``. Peak is the process's
high-water mark (VmHWM); final is VmRSS after the connection closed and a full garbage
collection, with wsdesk's window still showing its log. Linux only (reads /proc).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QT_API"] = "pyqt6"

import qasync
from PyQt6.QtWidgets import QApplication

from clients import quiet_offscreen_noise, raw_flood, wsdesk_flood

_MIB = 1024 * 1024


def rss() -> tuple[float, float]:
    """(current, peak) resident set size of this process in MiB."""
    values: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(rest.split()[0]) * 1024 / _MIB
    return values["VmRSS"], values["VmHWM"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pipeline", choices=("wsdesk", "raw"), required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--capacity", type=int, default=10_000)
    parser.add_argument("--url", required=True, help="the flood server's URL")
    args = parser.parse_args()
    quiet_offscreen_noise()
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    figures: dict[str, float] = {}

    def measure() -> None:
        gc.collect()
        figures["final_mb"], figures["peak_mb"] = rss()

    url = f"{args.url}?n={args.count}&size=64"
    if args.pipeline == "wsdesk":
        flood = wsdesk_flood(url, args.count, args.capacity, probe=False, after=measure)
    else:
        flood = raw_flood(url, args.count, probe=False, after=measure)
    try:
        result = loop.run_until_complete(flood)
    finally:
        loop.close()
    print(json.dumps({**figures, "counted": result.counted, "in_order": result.in_order}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
