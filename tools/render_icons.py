#!/usr/bin/env python3
"""Render the app's icon PNGs from its SVGs with Qt's SVG renderer (QtSvg).

    python tools/render_icons.py        # writes contrastive_viz/assets/icons/<n>.png
    python tools/render_icons.py --preview assets/screenshots/icon.png
                                        # 16, 48 and 256 px on dark and light, 16 px also ×8

16 and 24 px come from ``contrastive-viz-small.svg`` (simplified to stay legible),
the larger sizes from ``contrastive-viz.svg``. The PNGs are committed; run this
again after editing an SVG.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "contrastive_viz" / "assets" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SMALL = (16, 24)


def render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
    )
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def preview(out: Path) -> None:
    """The committed PNGs at 16, 48 and 256 px, 1:1 on a dark and a light panel,
    and the 16 px one magnified 8× (nearest pixel) to judge its pixels."""
    shown = [QImage(str(ICONS / f"contrastive-viz-{n}.png")) for n in (16, 48, 256)]
    zoom = shown[0].scaled(128, 128, mode=Qt.TransformationMode.FastTransformation)
    pad, width = 24, 24 + sum(i.width() + 24 for i in [*shown, zoom])
    sheet = QImage(width, 2 * (256 + 2 * pad), QImage.Format.Format_RGB32)
    painter = QPainter(sheet)
    for row, bg in enumerate(("#16181d", "#fafafa")):
        top = row * (256 + 2 * pad)
        painter.fillRect(0, top, width, 256 + 2 * pad, QColor(bg))
        x = pad
        for image in [*shown, zoom]:
            painter.drawImage(x, top + pad + (256 - image.height()) // 2, image)
            x += image.width() + pad
    painter.end()
    if not sheet.save(str(out)):
        raise SystemExit(f"cannot write {out}")
    print(f"wrote {out}")


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1] + ["-platform", "offscreen"])
    if sys.argv[1:2] == ["--preview"]:
        preview(Path(sys.argv[2]))
        return 0
    for size in SIZES:
        svg = ICONS / ("contrastive-viz-small.svg" if size in SMALL else "contrastive-viz.svg")
        out = ICONS / f"contrastive-viz-{size}.png"
        if not render(svg, size).save(str(out)):
            raise SystemExit(f"cannot write {out}")
        print(f"wrote {out.relative_to(ICONS.parents[2])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
