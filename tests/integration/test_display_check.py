"""Which environments get a plain "no display" sentence before Qt is asked."""

import sys

import pytest

from wsdesk import display_check
from wsdesk.display_check import display_problem

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's displays")


@pytest.fixture
def env(monkeypatch):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_nothing_set_is_no_display(env):
    assert "no display found" in display_problem()


def test_another_platform_or_wayland_is_left_to_qt(env):
    env.setenv("QT_QPA_PLATFORM", "offscreen")
    assert display_problem() is None
    env.delenv("QT_QPA_PLATFORM")
    env.setenv("WAYLAND_DISPLAY", "wayland-0")
    env.setenv("DISPLAY", ":473")
    assert display_problem() is None


def test_an_x_display_without_a_server_is_named(env):
    env.setenv("DISPLAY", ":473")
    env.setenv("QT_QPA_PLATFORM", "xcb")
    assert "cannot open the display ':473'" in display_problem()


def test_a_library_the_x11_plugin_needs_is_named_before_qt_aborts(env, tmp_path):
    # Qt's own check names only libxcb-cursor0; a missing libxcb-icccm4 (say) made it
    # abort with that wrong advice. Loading the plugin first names what is really missing.
    env.setenv("DISPLAY", ":473")
    env.setenv("QT_QPA_PLATFORM", "xcb")
    broken = tmp_path / "libqxcb.so"
    broken.write_text("not a shared library")
    env.setattr(display_check, "_xcb_plugin", lambda: broken)
    problem = display_problem()
    assert problem.startswith("wsdesk: Qt cannot use X11 here:")
    assert "libqxcb.so" in problem


def test_pyqt6s_x11_plugin_is_found():
    plugin = display_check._xcb_plugin()
    assert plugin is not None
    assert plugin.name == "libqxcb.so"
