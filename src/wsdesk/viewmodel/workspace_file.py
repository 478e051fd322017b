"""The workspace file: one readable, versioned JSON document, written atomically.

Shape (``version`` 1)::

    {"format": "wsdesk-workspace", "version": 1,
     "tabs": [{"id": str, "title": str | null, "options": {...}, "draft": {...}}],
     "current_tab": int,
     "saved_connections": {name: {...}}, "recent_urls": [str],
     "environments": [{"name": str, "variables": [[name, value]], "secret_names": [str]}],
     "active_environment": str | null}

``options`` and saved connections are options_codec's public data: no secret is ever in
the file (secret values are blank, and listed under ``secret_keys`` for the keyring).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path
from typing import Any

FORMAT = "wsdesk-workspace"
VERSION = 1
FILE_NAME = "workspace.json"


class WorkspaceFileError(Exception):
    """The workspace file cannot be used; the message says why in plain words."""


def default_path() -> Path:
    """``workspace.json`` in the user's config directory (platformdirs)."""
    import platformdirs  # only the app and the CLI need it; tests pass their own paths

    return Path(platformdirs.user_config_dir("wsdesk", appauthor=False)) / FILE_NAME


def empty() -> dict[str, Any]:
    """A workspace with nothing in it."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "tabs": [],
        "current_tab": 0,
        "saved_connections": {},
        "recent_urls": [],
        "environments": [],
        "active_environment": None,
    }


def read(path: Path) -> dict[str, Any] | None:
    """The workspace stored at ``path``, or None when there is no file yet.

    Raises WorkspaceFileError for a file that is not a workspace (invalid JSON or UTF-8,
    a wrong shape, a newer version) or cannot be read.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WorkspaceFileError(f"it could not be read ({exc.strerror or exc})") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise WorkspaceFileError("it is not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise WorkspaceFileError(
            f"it is not valid JSON (line {exc.lineno}, column {exc.colno})"
        ) from exc
    except RecursionError as exc:
        raise WorkspaceFileError("it is nested too deeply to be a workspace") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise WorkspaceFileError("it is not a wsdesk workspace")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise WorkspaceFileError("its version is missing")
    if version > VERSION:
        raise WorkspaceFileError(f"a newer wsdesk wrote it (version {version})")
    workspace = empty()
    for key, kind in (
        ("tabs", list),
        ("current_tab", int),
        ("saved_connections", dict),
        ("recent_urls", list),
        ("environments", list),
    ):
        value = data.get(key, workspace[key])
        if not isinstance(value, kind):
            raise WorkspaceFileError(f'its "{key}" is not a {kind.__name__}')
        workspace[key] = value
    active = data.get("active_environment")
    workspace["active_environment"] = active if isinstance(active, str) else None
    return workspace


def write(path: Path, data: dict[str, Any]) -> None:
    """Store ``data`` at ``path`` atomically: a temporary file beside it, flushed to disk,
    then renamed over it, so a crash leaves the old file or the new one, never half of one.

    Raises OSError when the directory cannot be created or written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with contextlib.suppress(FileNotFoundError):  # keep the mode the user gave the file
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def keep_copy(path: Path) -> Path:
    """Copy ``path`` to ``<name>.broken-<time>`` beside it, leaving it in place; the copy.
    Raises OSError."""
    target = _aside(path)
    shutil.copy2(path, target)
    return target


def _aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.broken-{stamp}")
    number = 2
    while target.exists():
        target = path.with_name(f"{path.name}.broken-{stamp}-{number}")
        number += 1
    return target


def move_aside(path: Path) -> Path:
    """Rename an unusable workspace file to ``<name>.broken-<time>`` beside it; the new
    path. Raises OSError when it cannot be renamed."""
    target = _aside(path)
    path.rename(target)
    return target
