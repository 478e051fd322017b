"""``wsdesk --install-desktop-entry`` / ``--uninstall-desktop-entry``: the launcher entry
and icons in the user's freedesktop data directories (Linux and other XDG desktops)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from wsdesk.resources import ICON_SIZES, icon_png, resource

ENTRY_NAME = "wsdesk.desktop"
# Characters that make an Exec argument need quoting (the Desktop Entry spec's list).
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def data_home() -> Path:
    """``$XDG_DATA_HOME`` when set to an absolute path, else ``~/.local/share``."""
    configured = os.environ.get("XDG_DATA_HOME", "")
    if configured and Path(configured).is_absolute():
        return Path(configured)
    return Path.home() / ".local" / "share"


def wsdesk_command() -> list[str]:
    """The command (program and arguments) that starts this installation of wsdesk.

    The frozen app itself; else the ``wsdesk`` script beside this Python (a venv or pipx
    install), the one this process was started as, or the one on PATH; else
    ``python -m wsdesk`` with this interpreter.
    """
    if getattr(sys, "frozen", False):
        return [sys.executable]
    started_as = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    for script in (
        Path(sys.executable).parent / "wsdesk",
        started_as if started_as is not None and started_as.name == "wsdesk" else None,
        Path(found) if (found := shutil.which("wsdesk")) else None,
    ):
        if script is not None and script.is_file() and os.access(script, os.X_OK):
            return [str(script.absolute())]
    return [sys.executable, "-m", "wsdesk"]


def _string(value: str) -> str:
    # A desktop-file string escapes its backslashes (and would escape newlines).
    return value.replace("\\", "\\\\").replace("\n", "\\n")


def _exec_argument(argument: str) -> str:
    if not _RESERVED.intersection(argument):
        return argument
    return '"' + "".join(f"\\{c}" if c in '"`$\\' else c for c in argument) + '"'


def entry_text(command: list[str]) -> str:
    """The packaged ``wsdesk.desktop`` with Exec running ``command`` (program first) and
    TryExec naming its program."""
    template = resource(ENTRY_NAME).read_text("utf-8")
    values = {
        "Exec": _string(" ".join(_exec_argument(a) for a in command)),
        "TryExec": _string(command[0]),
    }
    lines = []
    for line in template.splitlines():
        key = line.partition("=")[0]
        lines.append(f"{key}={values[key]}" if key in values else line)
    return "\n".join(lines) + "\n"


def installed_paths(home: Path) -> list[Path]:
    """Every file the install writes under the data directory ``home``."""
    icons = home / "icons" / "hicolor"
    return [
        home / "applications" / ENTRY_NAME,
        icons / "scalable" / "apps" / "wsdesk.svg",
        *(icons / f"{size}x{size}" / "apps" / "wsdesk.png" for size in ICON_SIZES),
    ]


def install(home: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Write the desktop entry and the icons under ``home`` (default :func:`data_home`).

    ``command`` defaults to :func:`wsdesk_command`. Returns the paths written; raises
    OSError when one cannot be written.
    """
    home = data_home() if home is None else home
    entry, svg, *pngs = installed_paths(home)
    contents: list[tuple[Path, bytes]] = [
        (entry, entry_text(command or wsdesk_command()).encode("utf-8")),
        (svg, resource("wsdesk.svg").read_bytes()),
    ]
    for size, png in zip(ICON_SIZES, pngs, strict=True):
        contents.append((png, icon_png(size).read_bytes()))
    for path, data in contents:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return [path for path, _ in contents]


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove what :func:`install` wrote under ``home``; returns the paths removed."""
    removed = []
    for path in installed_paths(data_home() if home is None else home):
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed


def run(*, remove: bool, say: Callable[[str], object] = print) -> int:
    """The command-line action: install (or ``remove``), saying each path; exit status.

    0 when done (also when there was nothing to remove); 1 when a file could not be
    written or removed; 2 on a platform without freedesktop launchers.
    """
    if sys.platform in ("win32", "darwin"):
        say("wsdesk: desktop entries are for Linux desktops; see README, 'On the desktop'.")
        return 2
    try:
        paths = uninstall() if remove else install()
    except OSError as exc:
        say(f"wsdesk: {exc.strerror or exc}: {exc.filename}")
        return 1
    verb = "removed" if remove else "wrote"
    for path in paths:
        say(f"{verb} {path}")
    if remove and not paths:
        say(f"nothing to remove under {data_home()}")
    return 0
