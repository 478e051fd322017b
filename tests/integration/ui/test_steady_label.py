"""SteadyLabel: a count that changes repaints its label and relayouts nothing above it."""

from PyQt6.QtCore import QEvent, QObject
from PyQt6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from wsdesk.ui.steady_label import SteadyLabel


class LayoutRequests(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched, event):
        if event.type() is QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def layout_requests_while_counting(qtbot, label):
    outer = QWidget()
    qtbot.addWidget(outer)
    inner = QWidget(outer)
    QVBoxLayout(outer).addWidget(inner)
    QVBoxLayout(inner).addWidget(label)
    outer.show()
    QApplication.processEvents()
    requests = LayoutRequests()
    outer.installEventFilter(requests)
    for count in (9, 10, 1000, 123456):
        label.setText(f"{count} older messages dropped")
        QApplication.processEvents()
    return requests.count


def test_changing_text_asks_no_layout_of_the_window(qtbot):
    # A plain QLabel asks one per change (so the measure can tell); SteadyLabel none.
    assert layout_requests_while_counting(qtbot, QLabel()) > 0
    assert layout_requests_while_counting(qtbot, SteadyLabel("countLabel")) == 0


def test_text_and_accessible_name_follow_what_it_shows(qtbot):
    label = SteadyLabel("countLabel", "999 entries")
    qtbot.addWidget(label)
    label.setText("<b>3</b> entries")
    assert label.text() == "<b>3</b> entries"
    assert label.accessibleName() == "<b>3</b> entries"
    assert label.objectName() == "countLabel"
    assert label.sizeHint().width() >= label.fontMetrics().horizontalAdvance("999 entries")
    label.setText(None)
    assert label.text() == ""


def test_it_draws_its_text(qtbot):
    label = SteadyLabel("countLabel", "0" * 20)
    qtbot.addWidget(label)
    label.resize(label.sizeHint())
    label.show()
    blank = label.grab().toImage()
    label.setText("12345 entries")
    drawn = label.grab().toImage()
    assert drawn != blank
