"""Ctrl+C while the app is stuck connecting: a clean exit within 2 s (issue 3, B23)."""

import os
import signal
import socket
import subprocess
import sys
import time

CLEAN_STDERR_MARKERS = ("Traceback", "Task was destroyed", "Unclosed client session", "Error")


def test_ctrl_c_while_the_handshake_hangs_exits_cleanly_within_2_s():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUNBUFFERED="1")
    with socket.socket() as listener:
        # The kernel completes TCP; nobody ever reads the request or answers it.
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        port = listener.getsockname()[1]
        proc = subprocess.Popen(
            [sys.executable, "-X", "dev", "-m", "wsdesk", f"ws://127.0.0.1:{port}/"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        try:
            time.sleep(2.5)  # start and get stuck in the handshake
            assert proc.poll() is None, proc.stderr.read()
            started = time.monotonic()
            proc.send_signal(signal.SIGINT)
            _out, err = proc.communicate(timeout=10)
            elapsed = time.monotonic() - started
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0, err
    assert elapsed < 2.0
    assert not any(marker in err for marker in CLEAN_STDERR_MARKERS), err
