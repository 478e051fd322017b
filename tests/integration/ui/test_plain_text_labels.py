"""Text from a server is shown verbatim: a close reason is never rendered as HTML."""

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QLabel

from wsdesk.models import ConnectionOptions
from wsdesk.testing import FakeChannelFactory
from wsdesk.ui.main_window import MainWindow
from wsdesk.viewmodel import ConnectionViewModel

HOSTILE = '<h1 style="color:red">PWNED</h1><img src="/tmp/x.png" width=300>'


async def test_close_reason_with_html_is_shown_as_plain_text(qtbot, wait):
    factory = FakeChannelFactory()
    vm = ConnectionViewModel(factory, ConnectionOptions(url="ws://127.0.0.1:9/"))
    window = MainWindow(vm)
    qtbot.addWidget(window)
    window.show()
    await vm.connect.execute()
    factory.last.push_close(4000, HOSTILE)
    status = window.findChild(QLabel, "statusLabel")
    await wait(lambda: HOSTILE in status.text())
    for label in window.findChildren(QLabel):
        if label.text():
            assert label.textFormat() is Qt.TextFormat.PlainText, label.objectName()
    assert "&lt;h1" in status.toolTip()
    window.close()
    await wait(lambda: window._shutdown is not None and window._shutdown.done())
