"""A stop signal at any moment ends each command quietly: the installed console scripts
(the way users start them) get SIGINT, SIGTERM or SIGHUP at several moments of their life,
including while they are still importing, and twice in a row."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .app_process import app_env

BIN = Path(sys.executable).parent
QUIET_STDERR = ("Traceback", "KeyboardInterrupt", "Task was destroyed", "Unclosed")


def stop_after(argv, delay, signals):
    """Start ``argv``, wait ``delay`` seconds, send ``signals`` 20 ms apart; (status, stderr)."""
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=app_env(),
    )
    try:
        time.sleep(delay)
        for sig in signals:
            if proc.poll() is None:
                proc.send_signal(sig)
            time.sleep(0.02)
        _out, err = proc.communicate(timeout=15)
        return proc.returncode, err
    finally:
        if proc.poll() is None:
            proc.kill()


def wait_for_line(proc):
    line = proc.stdout.readline()
    assert line.startswith("ws://"), line
    return line


@pytest.mark.parametrize("delay", [0.05, 0.3])
@pytest.mark.parametrize("signals", [[signal.SIGINT], [signal.SIGINT, signal.SIGINT]])
def test_wsdesk_echo_stops_quietly_while_starting(delay, signals):
    status, err = stop_after([str(BIN / "wsdesk-echo"), "--port", "0"], delay, signals)
    assert status == 0, err
    assert not any(marker in err for marker in QUIET_STDERR), err


@pytest.mark.parametrize("signals", [[signal.SIGINT], [signal.SIGINT, signal.SIGINT],
                                     [signal.SIGTERM], [signal.SIGHUP]])  # fmt: skip
def test_wsdesk_echo_stops_quietly_right_after_printing_its_url(signals):
    proc = subprocess.Popen(
        [str(BIN / "wsdesk-echo"), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=app_env(),
    )
    try:
        wait_for_line(proc)
        for sig in signals:
            proc.send_signal(sig)
            time.sleep(0.01)
        _out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert not any(marker in err for marker in QUIET_STDERR), err


@pytest.mark.parametrize("delay", [0.05, 0.25, 0.6])
def test_wsdesk_stops_quietly_with_status_0_in_its_first_moments(delay):
    status, err = stop_after([str(BIN / "wsdesk")], delay, [signal.SIGINT])
    assert status == 0, err
    assert not any(marker in err for marker in QUIET_STDERR), err


def test_wsdesk_closes_its_window_on_sigterm():
    status, err = stop_after([str(BIN / "wsdesk")], 2.0, [signal.SIGTERM])
    assert status == 0, err
    assert not any(marker in err for marker in QUIET_STDERR), err


@pytest.mark.parametrize("delay", [0.05, 0.3])
def test_wsdesk_cli_ends_with_130_while_starting(delay):
    status, err = stop_after([str(BIN / "wsdesk-cli"), "--count", "1000"], delay, [signal.SIGINT])
    assert status == 130, err
    assert not any(marker in err for marker in QUIET_STDERR), err
