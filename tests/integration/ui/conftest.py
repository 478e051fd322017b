"""Run this folder's coroutine tests on a qasync loop, as the app does.

Inside such a test, wait with asyncio (futures, wait_for, polling with asyncio.sleep),
never with qtbot.waitSignal or qtbot.wait: they nest a Qt event loop inside the running
task and hang the run.
"""

import asyncio
import os

os.environ["QT_API"] = "pyqt6"

import pytest
import qasync
from PyQt6.QtWidgets import QApplication


def _qasync_loop() -> asyncio.AbstractEventLoop:
    app = QApplication.instance() or QApplication([])
    # Closing a test's window must not quit the application and stop the loop under the test.
    app.setQuitOnLastWindowClosed(False)
    return qasync.QEventLoop(app)


def pytest_asyncio_loop_factories(config, item):
    return {"qasync": _qasync_loop}


async def wait_until(predicate, within=3.0, interval=0.01):
    """Poll ``predicate`` on the running loop until it is true; fail after ``within`` s."""
    deadline = asyncio.get_running_loop().time() + within
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            pytest.fail(f"condition not met within {within} s")
        await asyncio.sleep(interval)


@pytest.fixture
def wait():
    return wait_until
