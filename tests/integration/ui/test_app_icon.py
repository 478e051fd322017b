"""The icon shipped in wsdesk/resources is the application's window icon."""

from PyQt6.QtCore import QSize

from wsdesk.resources import ICON_SIZES, resource
from wsdesk.ui.app_icon import app_icon


def test_the_icon_has_every_shipped_size(qapp):
    icon = app_icon()
    assert not icon.isNull()
    assert {QSize(n, n) for n in ICON_SIZES} <= set(icon.availableSizes())
    assert not icon.pixmap(QSize(32, 32)).isNull()


def test_the_svg_is_shipped_beside_the_pngs():
    assert resource("wsdesk.svg").read_text("utf-8").lstrip().startswith("<?xml")
