"""Which environments get a plain "no display" sentence before Qt is asked."""

import sys

import pytest

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
