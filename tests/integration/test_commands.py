"""The installed commands as a user runs them: wsdesk and wsdesk-echo in subprocesses."""

import asyncio
import os
import signal
import subprocess
import sys

import aiohttp

from wsdesk import __version__

from .app_process import CLEAN_STDERR_MARKERS, app_env, interrupt_app

_env = app_env


def test_version():
    out = subprocess.run(
        [sys.executable, "-m", "wsdesk", "--version"],
        capture_output=True,
        text=True,
        check=True,
        env=_env(),
        timeout=30,
    )
    assert out.stdout.strip() == f"wsdesk {__version__}"


def test_app_exits_cleanly_on_ctrl_c_while_connected():
    env = _env()
    # A conflicting binding choice in the environment must not matter (qasync reads QT_API).
    env["QT_API"] = "pyside6"
    status, elapsed, err = interrupt_app([], env)  # the embedded echo server, connected
    assert status == 0, err
    assert elapsed < 2.0
    assert not any(marker in err for marker in CLEAN_STDERR_MARKERS), err


def test_echo_command_prints_url_echoes_and_stops_on_ctrl_c():
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from wsdesk.server.echo import main; sys.exit(main())",
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("ws://127.0.0.1:")

        async def round_trip():
            async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
                await ws.send_str("Hello!")
                await ws.send_bytes(b"\x00\xff")
                return (await ws.receive()).data, (await ws.receive()).data

        assert asyncio.run(round_trip()) == ("Hello!", b"\x00\xff")
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=5)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "Traceback" not in err


def test_without_a_display_says_so_instead_of_aborting():
    env = {k: v for k, v in _env().items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM")
    out = subprocess.run(
        [sys.executable, "-m", "wsdesk"], capture_output=True, text=True, env=env, timeout=30
    )
    assert out.returncode == 2
    assert "no display found" in out.stderr
    assert "Traceback" not in out.stderr


def test_a_display_that_is_not_there_is_said_plainly_instead_of_aborting():
    env = {k: v for k, v in _env().items() if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["DISPLAY"] = f":{free_display_number()}"
    out = subprocess.run(
        [sys.executable, "-m", "wsdesk"], capture_output=True, text=True, env=env, timeout=30
    )
    assert out.returncode == 2  # not Qt's abort (-6)
    assert out.stderr.strip().splitlines() == [
        f"wsdesk: cannot open the display '{env['DISPLAY']}' (DISPLAY): nothing answers. "
        "Run it in a desktop session, under xvfb-run, or with QT_QPA_PLATFORM=offscreen."
    ]


def free_display_number():
    """A local X display number with no server (no socket in /tmp/.X11-unix)."""
    return next(n for n in range(473, 600) if not os.path.exists(f"/tmp/.X11-unix/X{n}"))


def test_echo_version():
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from wsdesk.server.echo import main; sys.exit(main())",
            "--version",
        ],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=30,
    )
    assert out.stdout.strip() == f"wsdesk-echo {__version__}"
