"""Edit › Preferences…: single window, the role colours and the text size."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QWidget,
)


class PreferencesDialog(QDialog):
    """Shows ``values`` and returns the edited ones from :meth:`values` (no side effects).

    Parameters
    ----------
    values : dict
        ``single_window`` (bool), ``roles`` (``"standard"`` or ``"okabe-ito"``) and
        ``zoom`` (text size factor).
    zoom_range : (float, float)
    parent : QWidget, optional
    """

    def __init__(self, values: dict, zoom_range=(0.7, 2.5), parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        form = QFormLayout(self)
        self.single = QCheckBox(self.tr("Open files from later launches in this window"))
        self.single.setToolTip(
            self.tr(
                "When on, starting contrastive-viz again (e.g. 'Open with' in a file manager) "
                "hands the file to the running window instead of opening another."
            )
        )
        self.single.setChecked(bool(values.get("single_window", False)))
        form.addRow(self.tr("Single window:"), self.single)
        self.roles = QComboBox()
        self.roles.addItem(self.tr("Standard"), "standard")
        self.roles.addItem(self.tr("Colour-blind safe (Okabe–Ito)"), "okabe-ito")
        self.roles.setCurrentIndex(max(0, self.roles.findData(values.get("roles", "standard"))))
        self.roles.setToolTip(self.tr("Colours of the anchor, positives, negatives and forces"))
        form.addRow(self.tr("Vector colours:"), self.roles)
        self.zoom = QSpinBox()
        lo, hi = zoom_range
        self.zoom.setRange(round(lo * 100), round(hi * 100))
        self.zoom.setSingleStep(10)
        self.zoom.setSuffix(" %")
        self.zoom.setValue(round(float(values.get("zoom", 1.0)) * 100))
        self.zoom.setToolTip(self.tr("Text size of every panel (Ctrl++, Ctrl+−, Ctrl+0)"))
        form.addRow(self.tr("Text size:"), self.zoom)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict:
        """The values as edited."""
        return {
            "single_window": self.single.isChecked(),
            "roles": self.roles.currentData(),
            "zoom": self.zoom.value() / 100.0,
        }

    def apply_theme(self, _palette) -> None:
        """Styled by the application's palette."""
