"""wsdesk-cli never loads Qt, qasync, the window or the app, even through a whole run."""

import subprocess
import sys

PROBE = """
import sys
from wsdesk.cli import main
import wsdesk.cli.goals, wsdesk.cli.options, wsdesk.cli.output, wsdesk.cli.pipe
import wsdesk.cli.repl, wsdesk.cli.scenario, wsdesk.cli.session
status = main(["--send", "x", "--count", "1", "-q"])
banned = ("PyQt6", "qasync", "wsdesk.ui", "wsdesk.app")
loaded = sorted(m for m in sys.modules if m.split(".")[0] in banned or m.startswith(banned))
print(status, loaded)
"""


def test_a_whole_run_loads_no_qt():
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "0 []"
