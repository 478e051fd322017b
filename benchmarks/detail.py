"""Detail pane timing: a 10 MiB JSON message selected in the log's detail pane.

wsdesk's figure is the app's own DetailPane showing the message (JSON read once, the tree's
top level, the Text, JSON, Hex and Base64 tabs cut to their display limit) until Qt has
processed the resulting events; the baseline is ``json.loads`` of the same text, the
least any JSON view must pay. Each figure is the median of ``runs`` selections.
"""

from __future__ import annotations

import json
import statistics
import time

from PyQt6.QtWidgets import QApplication

from wsdesk.models import Direction, Message
from wsdesk.ui.detail_pane import DetailPane

SIZE = 10 * 1024 * 1024


def big_json(size: int = SIZE) -> str:
    """A JSON document of about ``size`` characters: an array of small objects."""
    item = {"id": 0, "name": "item", "tags": ["a", "b"], "price": 1.5, "ok": True}
    count = size // (len(json.dumps(item)) + 8)
    return json.dumps({"items": [dict(item, id=i, name=f"item {i}") for i in range(count)]})


def measure(runs: int = 3) -> tuple[float, float, int]:
    """(median s to show the message, median s of json.loads, the text's bytes)."""
    app = QApplication.instance()
    assert app is not None
    text = big_json()
    message = Message.of(Direction.RECEIVED, text)
    pane = DetailPane()
    pane.resize(800, 500)
    pane.show()
    app.processEvents()
    shown, parsed = [], []
    for _ in range(runs):
        pane.show_message(None)
        app.processEvents()
        started = time.perf_counter()
        pane.show_message(message)
        app.processEvents()
        shown.append(time.perf_counter() - started)
        started = time.perf_counter()
        json.loads(text)
        parsed.append(time.perf_counter() - started)
    pane.deleteLater()
    return statistics.median(shown), statistics.median(parsed), len(text)
