"""Start the frozen wsdesk as a user would, without Python's environment, and check it.

It must print its version, open its window (offscreen) connected to its embedded echo
server, and carry the icon, the desktop entry and a certificate store. Exit 0 when all
hold; prints what was checked.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

folder = Path(sys.argv[1])
program = folder / "wsdesk"
env = {
    "PATH": "/usr/bin:/bin",
    "HOME": tempfile.mkdtemp(prefix="wsdesk-bundle-home-"),
    "QT_QPA_PLATFORM": "offscreen",
    "WSDESK_STARTUP_PROBE": "1",
}
env["XDG_CONFIG_HOME"] = os.path.join(env["HOME"], ".config")
version = subprocess.run([program, "--version"], env=env, capture_output=True, text=True)
print("version:", version.stdout.strip())
started = subprocess.run([program], env=env, capture_output=True, text=True, timeout=60)
probe = [line for line in started.stdout.splitlines() if line.startswith("wsdesk-startup")]
print("start-up:", probe, "exit", started.returncode)
internal = folder / "_internal"
shipped = [internal / "wsdesk" / "resources" / name for name in ("wsdesk.svg", "wsdesk.desktop")]
certificates = internal / "certifi" / "cacert.pem"
for path in [*shipped, certificates]:
    print("present:" if path.exists() else "MISSING:", path)
ok = (
    version.stdout.startswith("wsdesk ")
    and probe
    and probe[0].split()[1] == "OPEN"
    and started.returncode == 0
    and all(p.exists() for p in [*shipped, certificates])
)
if not ok:
    print(started.stderr)
print("bundle OK" if ok else "bundle FAILED")
sys.exit(0 if ok else 1)
