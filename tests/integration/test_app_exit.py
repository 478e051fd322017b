"""Ctrl+C while the app is stuck connecting: a clean exit within 2 s (issue 3, B23)."""

import socket

from .app_process import CLEAN_STDERR_MARKERS, app_env, interrupt_app


def test_ctrl_c_while_the_handshake_hangs_exits_cleanly_within_2_s():
    with socket.socket() as listener:
        # The kernel completes TCP; nobody ever reads the request or answers it.
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        port = listener.getsockname()[1]
        status, elapsed, err = interrupt_app([f"ws://127.0.0.1:{port}/"], app_env())
    assert status == 0, err
    assert elapsed < 2.0
    assert not any(marker in err for marker in CLEAN_STDERR_MARKERS), err
