"""Running the app as a user does, in a subprocess, for the command-line tests."""

import os
import signal
import subprocess
import sys
import tempfile
import time

CLEAN_STDERR_MARKERS = ("Traceback", "Task was destroyed", "Unclosed client session", "Error")


def app_env():
    """The environment for a subprocess app: offscreen, and never the user's real settings."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUNBUFFERED="1")
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="wsdesk-test-config-")
    env.pop("QT_API", None)
    return env


def interrupt_app(args, env, settle=2.5):
    """Start ``python -X dev -m wsdesk ARGS``, press Ctrl+C after ``settle`` seconds.

    Returns (exit status, seconds from Ctrl+C to exit, stderr).
    """
    proc = subprocess.Popen(
        [sys.executable, "-X", "dev", "-m", "wsdesk", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        time.sleep(settle)
        assert proc.poll() is None, proc.stderr.read()
        started = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=10)
        return proc.returncode, time.monotonic() - started, err
    finally:
        if proc.poll() is None:
            proc.kill()
