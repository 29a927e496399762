"""Sprite sheets for the explorer: Qt's PNG decoder for the models, the sheet read ahead.

A TensorFlow Projector sprite sheet (:mod:`contrastive_viz.core.sprite_sheet`) is
decoded a band at a time; reaching a band far down the sheet means inflating what lies
above it once. :class:`SpriteReading` does that pass in a background
:class:`~.jobs.Job` as soon as a dataset with a sheet is installed, so that hovering a
point never waits for it on the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from ..models.explorer import ExplorerModel
from ..views.thumbnails import decode_png_rgba
from .jobs import Job

__all__ = ["SpriteReading"]


class SpriteReading(QObject):
    """Gives ``model.data`` Qt's PNG decoder and reads each new sprite sheet ahead.

    Attributes
    ----------
    job : Job or None
        The pass over the current sheet while it runs.
    """

    def __init__(self, model: ExplorerModel, parent: QObject | None = None):
        super().__init__(parent)
        self._data = model.data
        self._data.decode_png = decode_png_rgba
        self.job: Job | None = None
        self._data.dataset_changed.connect(self._on_data_dataset_changed)

    def cancel(self) -> None:
        """Stop the pass over the sheet (its bands read so far stay usable)."""
        if self.job is not None:
            self.job.cancel()
            self.job = None

    def _on_data_dataset_changed(self, _ds) -> None:
        self.cancel()
        images = self._data.images
        sheet = None if images is None else images.sprite
        if sheet is None or sheet.error:
            return
        self.job = Job(sheet.read_all, "Read the sprite sheet")
        self.job.finished.connect(self._on_job_done)
        self.job.failed.connect(self._on_job_done)
        self.job.start()

    def _on_job_done(self, *_args) -> None:
        if self.sender() is self.job:
            self.job = None
