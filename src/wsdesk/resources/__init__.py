"""Files wsdesk ships for the desktop: the icon (SVG and PNGs) and the desktop entry."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
"""The square sizes, in pixels, of the shipped ``wsdesk-<size>.png`` icons."""


def resource(name: str) -> Traversable:
    """The shipped file ``name`` (e.g. ``wsdesk.svg``); read it with ``read_bytes()``."""
    return resources.files(__name__).joinpath(name)


def icon_png(size: int) -> Traversable:
    """The PNG icon of ``size`` pixels, one of ICON_SIZES."""
    return resource(f"wsdesk-{size}.png")
