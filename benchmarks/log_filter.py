"""Filter timing: a text filter applied to a full log shown in a QListView.

wsdesk's figure is a case-insensitive QSortFilterProxyModel over MessageListModel (the
log's own model, whose DisplayRole formats each entry on demand); the baseline is the
same proxy over a QStringListModel holding the same lines pre-formatted, i.e. Qt's
filtering alone. Each figure is the median of ``runs`` applications of the filter,
including the view's relayout.
"""

from __future__ import annotations

import statistics
import time

from PyQt6.QtCore import QAbstractItemModel, QSortFilterProxyModel, QStringListModel, Qt
from PyQt6.QtWidgets import QApplication, QListView

from wsdesk.models import Direction, Message
from wsdesk.ui.message_list_model import MessageListModel
from wsdesk.viewmodel.formatting import summary
from wsdesk.viewmodel.message_log import MessageLog

FILTER_TEXT = '"SEQ": 42'


def full_log(rows: int) -> MessageLog:
    """A log holding ``rows`` JSON-like received text messages, one second apart."""
    log = MessageLog(capacity=rows)
    start = time.time() - rows
    log.extend(
        Message.of(
            Direction.RECEIVED,
            f'{{"seq": {i}, "symbol": "WSD", "price": {100 + i % 97 / 8:.3f}}}',
            start + i,
        )
        for i in range(rows)
    )
    log.flush()
    return log


def time_filter(source: QAbstractItemModel, runs: int) -> float:
    """Median seconds to apply FILTER_TEXT to ``source`` behind a shown QListView."""
    app = QApplication.instance()
    assert app is not None
    view = QListView()
    proxy = QSortFilterProxyModel(view)  # owned by the view: both go together
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setSourceModel(source)
    view.setUniformItemSizes(True)
    view.setModel(proxy)
    view.resize(800, 500)
    view.show()
    app.processEvents()
    times = []
    for _ in range(runs):
        proxy.setFilterFixedString("")
        app.processEvents()
        started = time.perf_counter()
        proxy.setFilterFixedString(FILTER_TEXT)
        app.processEvents()
        times.append(time.perf_counter() - started)
    view.hide()
    view.deleteLater()
    return statistics.median(times)


def measure(rows: int, runs: int = 5) -> tuple[float, float]:
    """(wsdesk seconds, baseline seconds) to filter a ``rows``-entry log."""
    log = full_log(rows)
    model = MessageListModel(log)
    wsdesk = time_filter(model, runs)
    lines = QStringListModel([summary(message) for message in log])
    baseline = time_filter(lines, runs)
    return wsdesk, baseline
