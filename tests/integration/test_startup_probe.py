"""WSDESK_STARTUP_PROBE: the hook the start-up benchmark times the app with."""

import gc
import os
import subprocess
import sys
import time

from .app_process import app_env


def test_the_probe_reports_open_then_the_app_exits_cleanly():
    env = dict(os.environ, WSDESK_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen")
    env["QT_LOGGING_RULES"] = "qt.qpa.*=false"
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "wsdesk"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    name, state, stamp = done.stdout.strip().splitlines()[-1].split()
    assert (name, state) == ("wsdesk-startup", "OPEN")
    assert started < float(stamp) < time.time()
    assert "Traceback" not in done.stderr
    assert "Unclosed" not in done.stderr
    assert "Task was destroyed" not in done.stderr


def test_start_up_objects_are_exempt_and_young_ones_collected_less_often():
    from wsdesk.app import YOUNG_GENERATION_THRESHOLD, tune_garbage_collector

    before = gc.get_threshold()
    try:
        tune_garbage_collector()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (YOUNG_GENERATION_THRESHOLD, *before[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


RARELY_NEEDED = (
    "keyring",
    "wsdesk.ui.settings_dialog",
    "wsdesk.ui.about_dialog",
    "wsdesk.ui.shortcuts_dialog",
    "wsdesk.ui.saved_messages_dialog",
    "wsdesk.ui.transcript_window",
    "wsdesk.desktop_entry",
)


def test_a_start_up_to_an_open_connection_imports_none_of_the_rarely_needed_parts():
    """... and leaves the garbage collector on (start-up turns it off for a while)."""
    env = app_env()
    env["WSDESK_STARTUP_PROBE"] = "1"
    code = (
        "import gc, sys; from wsdesk.app import main; on = gc.isenabled(); status = main([]); "
        "print('collector on after import and after main:', on, gc.isenabled()); "
        f"print('loaded:', *[m for m in {RARELY_NEEDED!r} if m in sys.modules]); "
        "sys.exit(status)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[:2] == ["wsdesk-startup", "OPEN"]
    assert lines[-2] == "collector on after import and after main: True True"
    assert lines[-1] == "loaded:"
