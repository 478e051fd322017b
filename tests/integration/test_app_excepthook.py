"""An exception escaping a Qt slot is logged and the app keeps running (PyQt6 would abort)."""

import os
import subprocess
import sys
import textwrap

FAULTY_WINDOW = textwrap.dedent(
    """
    import sys
    from PyQt6.QtCore import QTimer
    import wsdesk.app

    class FaultyWindow(wsdesk.app.MainWindow):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            QTimer.singleShot(200, self.fail)
            QTimer.singleShot(1200, self.close)

        def fail(self):
            raise RuntimeError("a slot failed on purpose")

    wsdesk.app.MainWindow = FaultyWindow
    status = wsdesk.app.main([])
    print("excepthook restored:", sys.excepthook is sys.__excepthook__)
    sys.exit(status)
    """
)


def test_an_exception_in_a_slot_is_logged_and_the_window_stays_usable():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUNBUFFERED="1")
    done = subprocess.run(
        [sys.executable, "-c", FAULTY_WINDOW],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )
    # Without the hook PyQt6 calls qFatal: SIGABRT, exit status 134 / -6.
    assert done.returncode == 0, done.stderr
    assert "unexpected error; wsdesk keeps running" in done.stderr
    assert "RuntimeError: a slot failed on purpose" in done.stderr
    assert "excepthook restored: True" in done.stdout
