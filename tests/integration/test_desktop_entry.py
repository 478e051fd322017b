"""wsdesk --install-desktop-entry / --uninstall-desktop-entry, into a temporary XDG dir."""

import configparser
import shutil
import subprocess
import sys

import pytest

from wsdesk import desktop_entry
from wsdesk.app import main
from wsdesk.resources import ICON_SIZES

pytestmark = pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="freedesktop launchers are for Linux desktops"
)


def parse(path):
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_install_writes_a_valid_entry_and_every_icon_and_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert main(["--install-desktop-entry"]) == 0
    entry_path = tmp_path / "applications" / "wsdesk.desktop"
    icons = tmp_path / "icons" / "hicolor"
    written = [entry_path, icons / "scalable" / "apps" / "wsdesk.svg"]
    written += [icons / f"{n}x{n}" / "apps" / "wsdesk.png" for n in ICON_SIZES]
    assert capsys.readouterr().out.splitlines() == [f"wrote {p}" for p in written]
    assert all(p.stat().st_size > 0 for p in written)
    assert (icons / "48x48" / "apps" / "wsdesk.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    entry = parse(entry_path)
    for key in ("Type", "Name", "Exec", "Icon"):
        assert entry[key], key
    assert entry["Type"] == "Application"
    assert entry["Icon"] == "wsdesk"  # the theme name: found among the installed icons
    # The entry runs this installation's wsdesk, wherever the launcher's PATH points.
    program = entry["Exec"].split()[0]
    assert program == entry["TryExec"]
    assert program.startswith("/")
    if shutil.which("desktop-file-validate"):
        checked = subprocess.run(
            ["desktop-file-validate", str(entry_path)], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert checked.stdout == ""  # not even a hint


def test_uninstall_removes_what_install_wrote_and_nothing_else(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    other = tmp_path / "applications" / "other.desktop"
    other.parent.mkdir(parents=True)
    other.write_text("[Desktop Entry]\n")
    written = desktop_entry.install()
    assert main(["--uninstall-desktop-entry"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"removed {p}" for p in written]
    assert not any(p.exists() for p in written)
    assert other.exists()
    assert main(["--uninstall-desktop-entry"]) == 0
    assert "nothing to remove" in capsys.readouterr().out


def test_the_data_home_defaults_to_local_share(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME")
    assert desktop_entry.data_home() == tmp_path / ".local" / "share"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")  # the spec: absolute paths only
    assert desktop_entry.data_home() == tmp_path / ".local" / "share"


def test_exec_quotes_a_path_with_spaces_and_escapes_as_the_spec_says():
    text = desktop_entry.entry_text(["/opt/my apps/wsdesk", "-m", 'a"$b'])
    entry = {k: v for k, _, v in (line.partition("=") for line in text.splitlines())}
    # In the file each backslash is doubled (a string value), then Exec's own quoting.
    assert entry["Exec"] == '"/opt/my apps/wsdesk" -m "a\\\\"\\\\$b"'
    assert entry["TryExec"] == "/opt/my apps/wsdesk"


def test_a_frozen_app_runs_itself(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert desktop_entry.wsdesk_command() == [sys.executable]


def test_without_a_wsdesk_script_it_runs_the_module_with_this_python(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python3"))
    monkeypatch.setattr(sys, "argv", ["pytest"])
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    assert desktop_entry.wsdesk_command() == [str(tmp_path / "python3"), "-m", "wsdesk"]
