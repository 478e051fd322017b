"""Re-makes src/wsdesk/resources/wsdesk-<size>.png from wsdesk.svg with Qt's SVG renderer.

Run: QT_QPA_PLATFORM=offscreen python docs/make_icons.py
"""

from pathlib import Path

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QGuiApplication, QImage, QPainter
from PyQt6.QtSvg import QSvgRenderer

from wsdesk.resources import ICON_SIZES

folder = Path(__file__).resolve().parent.parent / "src" / "wsdesk" / "resources"
app = QGuiApplication([])
renderer = QSvgRenderer(str(folder / "wsdesk.svg"))
for size in ICON_SIZES:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    image.save(str(folder / f"wsdesk-{size}.png"))
    print(folder / f"wsdesk-{size}.png")
