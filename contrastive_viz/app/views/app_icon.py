"""The app's own icon (``contrastive_viz/assets/icons``), for the application and its windows.

A sphere with the anchor, a positive and a negative, drawn for this project;
``tools/render_icons.py`` renders the PNGs from the SVGs (16 and 24 px from a
simplified drawing that stays legible).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtGui import QIcon

#: The PNG sizes that ship (pixels).
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


@cache
def app_icon() -> QIcon:
    """The icon with every shipped size (Qt picks the nearest for each use)."""
    folder = resources.files("contrastive_viz") / "assets" / "icons"
    icon = QIcon()
    for n in ICON_SIZES:
        icon.addFile(str(folder / f"contrastive-viz-{n}.png"))
    return icon
