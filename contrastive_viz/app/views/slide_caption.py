"""The presentation's caption: where the show is ("2 / 4 · One hard negative")."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from . import theme


class SlideCaption(QLabel):
    """One line naming the slide and its place in the playlist (shown while presenting).

    Parameters
    ----------
    parent : QWidget, optional
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setToolTip("→ next slide · ← previous · Space plays gradient descent · Esc leaves")
        self.apply_theme(theme.palette())

    def apply_theme(self, palette: theme.Palette) -> None:
        """Muted text at the panel's title size."""
        self.setStyleSheet(f"color: {palette.muted}; font-size: {11 * palette.font_scale:.0f}pt;")
