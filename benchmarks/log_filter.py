"""Filter timing: a text filter applied to a full log shown in the window's log panel.

wsdesk's figure is the app's own LogPanel (LogFilterProxyModel over the rows a LogFilter's
column search finds in the log's packed payloads, no Message made) applying a
case-insensitive text filter; the baseline is a plain QSortFilterProxyModel over a QStringListModel
holding the same lines pre-formatted, i.e. Qt's own C++ filtering. Each figure is the
median of ``runs`` applications of the filter, the view's relayout included.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from PyQt6.QtCore import QSortFilterProxyModel, QStringListModel, Qt
from PyQt6.QtWidgets import QApplication, QListView, QWidget

from wsdesk.models import Direction
from wsdesk.ui.log_panel import LogPanel
from wsdesk.viewmodel.formatting import summary
from wsdesk.viewmodel.log_filter import LogFilter
from wsdesk.viewmodel.message_log import MessageLog

FILTER_TEXT = '"SEQ": 42'


def full_log(rows: int) -> MessageLog:
    """A log holding ``rows`` JSON-like received text messages, one second apart."""
    log = MessageLog(capacity=rows)
    start = time.time() - rows
    for i in range(rows):
        log.extend_payloads(
            Direction.RECEIVED,
            (f'{{"seq": {i}, "symbol": "WSD", "price": {100 + i % 97 / 8:.3f}}}',),
            start + i,
        )
    return log


def median_time(widget: QWidget, apply: Callable[[str], None], runs: int) -> float:
    """Median seconds for ``apply(FILTER_TEXT)`` to take effect in the shown ``widget``."""
    app = QApplication.instance()
    assert app is not None
    widget.resize(800, 500)
    widget.show()
    app.processEvents()
    times = []
    for _ in range(runs):
        apply("")
        app.processEvents()
        started = time.perf_counter()
        apply(FILTER_TEXT)
        app.processEvents()
        times.append(time.perf_counter() - started)
    widget.hide()
    widget.deleteLater()
    return statistics.median(times)


def measure(rows: int, runs: int = 5) -> tuple[float, float]:
    """(wsdesk seconds, baseline seconds) to filter a ``rows``-entry log."""
    log = full_log(rows)
    panel = LogPanel(log)
    wsdesk = median_time(panel, lambda text: panel.set_filter(LogFilter(text=text)), runs)

    view = QListView()
    view.setUniformItemSizes(True)
    proxy = QSortFilterProxyModel(view)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setSourceModel(QStringListModel([summary(message) for message in log], proxy))
    view.setModel(proxy)
    baseline = median_time(view, proxy.setFilterFixedString, runs)
    return wsdesk, baseline
