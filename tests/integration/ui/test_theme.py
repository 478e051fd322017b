"""Light and dark: switching changes the palette, is kept, and every coloured text keeps
WCAG AA contrast (4.5:1) on the palette it is drawn on."""

import asyncio

import pytest
from PyQt6.QtCore import QSettings, Qt
from PyQt6.QtGui import QColor, QPalette
from PyQt6.QtWidgets import QApplication

from wsdesk.models import ConnectionOptions, Direction, Message
from wsdesk.testing import FakeChannelFactory
from wsdesk.ui.main_window import MainWindow
from wsdesk.ui.theme import (
    Theme,
    apply_theme,
    colours_for,
    contrast_ratio,
    current_colours,
    palette_for,
)
from wsdesk.ui.theme_menu import THEME_KEY
from wsdesk.viewmodel.saved_messages import MemorySavedMessageStore, SavedMessages
from wsdesk.viewmodel.workspace_viewmodel import WorkspaceViewModel

AA = 4.5
R = QPalette.ColorRole


@pytest.fixture(autouse=True)
def back_to_the_system_theme(qapp):
    yield
    apply_theme(Theme.SYSTEM)


def test_contrast_ratio_is_wcag_s():
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(QColor("#123456"), QColor("#123456")) == 1.0


@pytest.mark.parametrize("theme", [Theme.LIGHT, Theme.DARK])
def test_every_coloured_text_reads_on_its_palette(theme):
    palette = palette_for(theme)
    colours = colours_for(palette)
    base, window = palette.color(R.Base), palette.color(R.Window)
    # The log is drawn on Base; labels (errors, notices, the status) on Window.
    for name in ("sent", "received", "event", "error", "notice"):
        colour = QColor(getattr(colours, name))
        for background in (base, window):
            assert contrast_ratio(colour, background) >= AA, (theme, name, background.name())
    badge = contrast_ratio(QColor(colours.badge_text), QColor(colours.badge_background))
    assert badge >= AA
    for role in (R.Text, R.PlaceholderText):
        assert contrast_ratio(palette.color(role), base) >= AA, role
    assert contrast_ratio(palette.color(R.WindowText), window) >= AA
    assert contrast_ratio(palette.color(R.ButtonText), palette.color(R.Button)) >= AA
    assert contrast_ratio(palette.color(R.HighlightedText), palette.color(R.Highlight)) >= AA


async def test_view_theme_switches_the_palette_and_the_colours_and_is_kept(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "wsdesk.ini"), QSettings.Format.IniFormat)
    workspace = WorkspaceViewModel(FakeChannelFactory(), tmp_path / "workspace.json")
    window = MainWindow(workspace, SavedMessages(MemorySavedMessageStore()), state=settings)
    window.show()
    system_window = QApplication.palette().color(R.Window)
    tab = window.view_model
    tab.messages.extend([Message.of(Direction.SENT, "hi")])
    window.message_model.flush()
    window.view_model.options = ConnectionOptions(url="nonsense://")
    await window.view_model.connect.execute()  # a URL error: a red label
    error = window.page.url_error_label
    assert error.isVisibleTo(window)

    window.theme_menu.actions[Theme.DARK].trigger()
    app_palette = QApplication.palette()
    assert app_palette.color(R.Base).lightness() < 60
    assert current_colours() == colours_for(palette_for(Theme.DARK))
    index = window.message_model.index(0, 0)
    sent = window.message_model.data(index, Qt.ItemDataRole.ForegroundRole).color()
    assert sent.name() == current_colours().sent
    assert current_colours().error in error.styleSheet()
    assert settings.value(THEME_KEY) == "dark"
    assert window.theme_menu.actions[Theme.DARK].isChecked()

    window.theme_menu.actions[Theme.SYSTEM].trigger()
    assert QApplication.palette().color(R.Window) == system_window
    window.theme_menu.choose(Theme.LIGHT)
    assert settings.value(THEME_KEY) == "light"
    window.close()
    await asyncio.wait_for(window._shutdown, 5)

    settings.setValue(THEME_KEY, "dark")
    again = MainWindow(
        WorkspaceViewModel(FakeChannelFactory(), tmp_path / "workspace.json"),
        SavedMessages(MemorySavedMessageStore()),
        state=settings,
    )
    assert again.theme_menu.theme is Theme.DARK  # restored at start
    assert QApplication.palette().color(R.Base) == palette_for(Theme.DARK).color(R.Base)
    again.close()
    await asyncio.wait_for(again._shutdown, 5)
