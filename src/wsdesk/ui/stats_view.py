"""StatsView: charts of one connection's round trips and traffic (Qt Charts)."""

from __future__ import annotations

from PyQt6.QtCharts import QChart, QChartView, QLineSeries, QValueAxis
from PyQt6.QtCore import QMargins, QPointF, Qt, QTimer
from PyQt6.QtGui import QPainter
from PyQt6.QtWidgets import QVBoxLayout, QWidget

from wsdesk.ui.shortcuts import describe
from wsdesk.viewmodel.connection_stats import WINDOW, ConnectionStats


def _chart(title: str, unit: str, names: tuple[str, ...]) -> tuple[QChartView, list[QLineSeries]]:
    chart = QChart()
    chart.setTitle(f"{title} ({unit})")
    legend = chart.legend()
    if legend is not None:
        legend.setAlignment(Qt.AlignmentFlag.AlignRight)
        legend.setVisible(len(names) > 1)
    chart.setMargins(QMargins(2, 2, 2, 2))
    x_axis, y_axis = QValueAxis(), QValueAxis()
    x_axis.setRange(-WINDOW, 0)
    x_axis.setTickCount(6)  # a minute apart
    x_axis.setLabelFormat("%d s")
    y_axis.setLabelFormat("%.4g")
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    series = []
    for name in names:
        line = QLineSeries()
        line.setName(name)
        chart.addSeries(line)
        line.attachAxis(x_axis)
        line.attachAxis(y_axis)
        series.append(line)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    return view, series


class StatsView(QWidget):
    """Round-trip time per ping (ms), messages/s and bytes/s in each direction over the
    last WINDOW seconds of a ConnectionStats, redrawn after each sample while shown: a
    hidden view costs nothing."""

    def __init__(self, stats: ConnectionStats | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("statsView")
        describe(self, "Connection charts", tip="Round trips and traffic of the last minutes")
        self.rtt_view, (self.rtt_series,) = _chart("Round trip per ping", "ms", ("round trip",))
        self.rate_view, self.rate_series = _chart("Messages", "per second", ("sent", "received"))
        self.bytes_view, self.bytes_series = _chart("Bytes", "per second", ("sent", "received"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for view in (self.rtt_view, self.rate_view, self.bytes_view):
            layout.addWidget(view, 1)
        self._stats: ConnectionStats | None = None
        # Redrawn at most 4 times a second, however fast the pings come.
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.setInterval(250)
        self._redraw_timer.timeout.connect(self.redraw)
        self.follow(stats)

    def follow(self, stats: ConnectionStats | None) -> None:
        """Chart ``stats`` from now on (None: nothing)."""
        if self._stats is not None:
            self._stats.changed.disconnect(self._schedule)
        self._stats = stats
        if stats is not None:
            stats.changed.connect(self._schedule)
        self.redraw()

    def _schedule(self) -> None:
        if self.isVisible() and not self._redraw_timer.isActive():
            self._redraw_timer.start()

    def showEvent(self, event: object) -> None:
        self.redraw()
        super().showEvent(event)  # type: ignore[arg-type]

    def redraw(self) -> None:
        """Put the stats' points on the charts (only while the view is visible)."""
        stats = self._stats
        if not self.isVisible():
            return
        if stats is None:
            for line in (self.rtt_series, *self.rate_series, *self.bytes_series):
                line.clear()
            return
        now = stats.now()
        trips = [QPointF(t - now, seconds * 1000) for t, seconds in stats.round_trips]
        self.rtt_series.replace(trips)
        rates = stats.rates
        self.rate_series[0].replace([QPointF(r.time - now, r.sent_messages) for r in rates])
        self.rate_series[1].replace([QPointF(r.time - now, r.received_messages) for r in rates])
        self.bytes_series[0].replace([QPointF(r.time - now, r.sent_bytes) for r in rates])
        self.bytes_series[1].replace([QPointF(r.time - now, r.received_bytes) for r in rates])
        _fit(self.rtt_series, [p.y() for p in trips])
        _fit(self.rate_series[0], [max(r.sent_messages, r.received_messages) for r in rates])
        _fit(self.bytes_series[0], [max(r.sent_bytes, r.received_bytes) for r in rates])


def _fit(series: QLineSeries, values: list[float]) -> None:
    """Scale the chart's value axis to the largest value shown (with a little room)."""
    axes = series.attachedAxes()
    y_axis = next((a for a in axes if a.orientation() == Qt.Orientation.Vertical), None)
    if isinstance(y_axis, QValueAxis):
        y_axis.setRange(0, max(values, default=0) * 1.1 or 1)
        y_axis.applyNiceNumbers()  # ticks at 0, 0.5, 1, ... rather than 0.917, 1.83
