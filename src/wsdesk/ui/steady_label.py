"""SteadyLabel: a one-line label for counts that change several times a second."""

from __future__ import annotations

from PyQt6.QtCore import QSize, Qt
from PyQt6.QtGui import QPainter, QPaintEvent
from PyQt6.QtWidgets import QLabel, QSizePolicy

from wsdesk.ui.widgets import named


class SteadyLabel(QLabel):
    """A QLabel whose :meth:`setText` repaints the label and relayouts nothing.

    QLabel.setText asks for a new layout on every change, and the request climbs to the
    main window, which then repaints whole (about 2 ms with a full log, five times a
    second during traffic). This label draws its one line of plain text itself, elided
    to its width, with a size hint fixed by ``widest`` (a sample of the longest text it
    expects). ``text()`` and the accessible name follow what it shows.
    """

    def __init__(self, name: str, widest: str = "") -> None:
        super().__init__()
        named(self, name)
        self._shown = ""
        self._widest = widest
        self.setTextFormat(Qt.TextFormat.PlainText)  # it draws its text verbatim anyway
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._shown

    def setText(self, text: str | None) -> None:
        text = text or ""
        if text == self._shown:
            return
        self._shown = text
        self.setAccessibleName(text)
        self.update()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        margin = 2 * self.margin() + 2 * self.contentsMargins().left()
        return QSize(metrics.horizontalAdvance(self._widest) + margin, metrics.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.fontMetrics().height())

    def paintEvent(self, _event: QPaintEvent | None) -> None:
        painter = QPainter(self)
        area = self.contentsRect()
        line = self.fontMetrics().elidedText(self._shown, Qt.TextElideMode.ElideRight, area.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(
            area, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), line
        )
