"""Colours and font scale shared by every view.

Views read :func:`palette` when they are built and implement
``apply_theme(palette)`` to restyle themselves; the main window calls it on
every view when the user switches theme or enters presentation mode.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from ...core.contrast import OKABE_ITO_ROLES, ensure_contrast
from ...core.scene import ROLE_COLORS


@dataclass(frozen=True)
class Palette:
    """A theme: name, colours (``#rrggbb``) and a font scale."""

    name: str
    background: str
    surface: str
    foreground: str
    muted: str
    grid: str
    accent: str
    sphere: str
    anchor: str
    positive: str
    negative: str
    gradient: str
    font_scale: float = 1.0
    #: The role colours (:data:`ROLE_SCHEMES`) and the user's text zoom in this palette
    #: (:func:`styled`); ``font_scale`` already includes the zoom.
    roles: str = "standard"
    zoom: float = 1.0


DARK = Palette(
    name="dark",
    background="#16181d",
    surface="#1f232b",
    foreground="#e8eaf0",
    muted="#9aa3b2",
    grid="#3a404c",
    accent="#4fc3f7",
    sphere="#5c6bc0",
    anchor="#ffc107",
    positive="#2ecc71",
    negative="#ef5350",
    gradient="#e040fb",
)
LIGHT = Palette(
    name="light",
    background="#fafafa",
    surface="#ffffff",
    foreground="#1b1f24",
    muted="#5f6b7a",
    grid="#c9ced6",
    accent="#0277bd",
    sphere="#7986cb",
    anchor="#e0a000",
    positive="#1e9e57",
    negative="#d32f2f",
    gradient="#9c27b0",
)
#: High contrast for projectors: black background, large fonts.
PRESENT = Palette(
    name="present",
    background="#000000",
    surface="#1c1c1c",
    foreground="#ffffff",
    muted="#d0d0d0",
    grid="#555555",
    accent="#40c4ff",
    sphere="#8c9eff",
    anchor="#ffd600",
    positive="#00e676",
    negative="#ff5252",
    gradient="#ff40ff",
    font_scale=1.8,
)
PALETTES = {p.name: p for p in (DARK, LIGHT, PRESENT)}
#: Screen height (logical pixels) per unit of the presentation font scale, and its limits.
PRESENT_HEIGHT_PER_SCALE, PRESENT_SCALES = 600.0, (1.15, 3.6)


def presenting(height: int) -> Palette:
    """:data:`PRESENT` with fonts sized for a screen ``height`` logical pixels tall:
    1.8 at 1080 px, 1.28 at 768 px, 3.6 at 2160 px."""
    lo, hi = PRESENT_SCALES
    scale = round(min(max(height / PRESENT_HEIGHT_PER_SCALE, lo), hi), 2)
    return replace(PRESENT, font_scale=scale)


_current = DARK

#: Role colour schemes: the themes' own, or Okabe–Ito's colour-blind-safe colours.
ROLE_SCHEMES = ("standard", "okabe-ito")
#: Text zoom limits and step (View › Larger Text / Smaller Text).
ZOOM_RANGE, ZOOM_STEP = (0.7, 2.5), 1.15
_choice = {"roles": "standard", "zoom": 1.0}


def role_colors(pal: Palette, scheme: str) -> dict[str, str]:
    """Anchor, positive, negative and gradient colours of ``scheme`` for ``pal``.

    ``"okabe-ito"`` takes :data:`~contrastive_viz.core.contrast.OKABE_ITO_ROLES`, each
    shade adjusted (:func:`~contrastive_viz.core.contrast.ensure_contrast`) to reach
    3:1 against the palette's background and its surface (tables, fields).
    """
    base = PALETTES.get(pal.name, pal)
    if scheme != "okabe-ito":
        return {r: getattr(base, r) for r in OKABE_ITO_ROLES}
    out = {}
    for role, color in OKABE_ITO_ROLES.items():
        out[role] = ensure_contrast(ensure_contrast(color, pal.background), pal.surface)
    return out


def set_choices(roles: str | None = None, zoom: float | None = None) -> None:
    """The user's role colours and text zoom, applied by :func:`styled` from now on."""
    if roles is not None:
        _choice["roles"] = roles if roles in ROLE_SCHEMES else "standard"
    if zoom is not None:
        lo, hi = ZOOM_RANGE
        _choice["zoom"] = round(min(max(float(zoom), lo), hi), 3)


def choices() -> dict:
    """``{"roles": scheme, "zoom": factor}`` as :func:`set_choices` left them."""
    return dict(_choice)


def styled(pal: Palette) -> Palette:
    """``pal`` with the user's role colours and text zoom (idempotent: a styled
    palette styled again is unchanged unless the choices changed)."""
    zoom, scheme = _choice["zoom"], _choice["roles"]
    scale = round(pal.font_scale / pal.zoom * zoom, 4)
    return replace(pal, **role_colors(pal, scheme), roles=scheme, zoom=zoom, font_scale=scale)


def palette() -> Palette:
    """The palette in use."""
    return _current


def role_color(role: str, pal: Palette | None = None) -> str:
    """The palette's colour for a vector role."""
    pal = pal or _current
    return {"anchor": pal.anchor, "positive": pal.positive}.get(role, pal.negative)


def vector_color(role: str, color: str, pal: Palette | None = None) -> str:
    """A vector's colour: its role's palette colour while the scene keeps the role's
    default (:data:`~contrastive_viz.core.scene.ROLE_COLORS`), else the scene's own."""
    return role_color(role, pal) if color.lower() == ROLE_COLORS.get(role) else color


def set_palette(pal: Palette) -> None:
    """Make ``pal`` current and restyle the QApplication's widgets."""
    global _current
    _current = pal
    app = QApplication.instance()
    if app is None:
        return
    qp = QPalette()
    bg, surface, fg = QColor(pal.background), QColor(pal.surface), QColor(pal.foreground)
    for role, color in (
        (QPalette.Window, bg),
        (QPalette.Base, surface),
        (QPalette.AlternateBase, bg),
        (QPalette.Button, surface),
        (QPalette.WindowText, fg),
        (QPalette.Text, fg),
        (QPalette.ButtonText, fg),
        (QPalette.ToolTipBase, surface),
        (QPalette.ToolTipText, fg),
        (QPalette.PlaceholderText, QColor(pal.muted)),
        (QPalette.Highlight, QColor(pal.accent)),
        (QPalette.HighlightedText, QColor(pal.background)),
    ):
        qp.setColor(role, color)
    qp.setColor(QPalette.Disabled, QPalette.Text, QColor(pal.muted))
    qp.setColor(QPalette.Disabled, QPalette.ButtonText, QColor(pal.muted))
    app.setPalette(qp)
    font = app.font()
    font.setPointSizeF(10.0 * pal.font_scale)
    app.setFont(font)
