"""WSDESK_STARTUP_PROBE: the hook the start-up benchmark times the app with."""

import gc
import os
import subprocess
import sys
import time


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
