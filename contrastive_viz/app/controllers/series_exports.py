"""Export the series: aligned coordinates (.npz), the most-moved table (.csv), the replay.

The coordinates and the table go through the core's atomic writers
(``core.series.save_aligned_npz``, ``most_moved_csv``). The replay animation renders
view A at :data:`FRAMES_PER_STEP` positions per step, one frame per timer tick (so the
event loop keeps running, with a progress dialog and Cancel), then encodes the frames
in a background job: a GIF through Pillow, or an MP4 when the suffix is ``.mp4`` and
imageio-ffmpeg is installed. The file appears only when complete (write, then rename).
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QImage

from ...core.atomic import atomic_write
from ..models.series import SeriesModel
from .jobs import Job
from .series_loader import series_pool

__all__ = ["FRAMES_PER_STEP", "SeriesExports", "encode_animation", "mp4_available"]

FRAMES_PER_STEP = 8
FPS = 16
MAX_WIDTH = 960


def _tr(text: str) -> str:
    return QCoreApplication.translate("SeriesExports", text)


def mp4_available() -> bool:
    return importlib.util.find_spec("imageio_ffmpeg") is not None


def qimage_rgb(image: QImage) -> np.ndarray:
    """An (h, w, 3) uint8 copy of ``image`` (scaled down to at most MAX_WIDTH)."""
    if image.width() > MAX_WIDTH:
        image = image.scaledToWidth(MAX_WIDTH)
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    h, w, stride = image.height(), image.width(), image.bytesPerLine()
    buf = np.frombuffer(image.constBits(), np.uint8, count=h * stride).reshape(h, stride)
    return buf[:, : w * 3].reshape(h, w, 3).copy()


def encode_animation(path: Path, frames: list[np.ndarray], fps: int = FPS) -> Path:
    """Write ``frames`` (h, w, 3 uint8, same size) as a looping GIF or an MP4 (by suffix)."""
    path = Path(path)
    if path.suffix.lower() == ".mp4":
        import imageio_ffmpeg

        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".mp4", dir=path.parent)
        os.close(fd)
        try:
            h, w = frames[0].shape[:2]
            h2, w2 = h - h % 2, w - w % 2  # yuv420p needs even sizes
            writer = imageio_ffmpeg.write_frames(tmp, (w2, h2), fps=fps, macro_block_size=1)
            writer.send(None)
            for f in frames:
                writer.send(np.ascontiguousarray(f[:h2, :w2]))
            writer.close()
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path
    from PIL import Image

    images = [
        Image.fromarray(f).quantize(colors=255, method=Image.Quantize.MEDIANCUT) for f in frames
    ]

    def write(fh) -> None:
        images[0].save(fh, format="GIF", save_all=True, append_images=images[1:],
                       duration=round(1000 / fps), loop=0, optimize=False)  # fmt: skip

    return atomic_write(path, write)


class SeriesExports(QObject):
    """Exports of ``model``; ``grab()`` returns view A's current image.

    Signals
    -------
    message(str), error(str)
    animation_progress(float)
        Fraction of the frames rendered (then the encoding job runs).
    """

    message = Signal(str)
    error = Signal(str)
    animation_progress = Signal(float)
    animation_done = Signal(object)

    def __init__(self, model: SeriesModel, grab, parent: QObject | None = None):
        super().__init__(parent)
        self.model, self.grab = model, grab
        self.job: Job | None = None
        self._timer = QTimer(self, interval=0)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._frames: list[np.ndarray] = []
        self._positions: list[float] = []
        self._target: Path | None = None
        self._restore = 0.0

    def save_coords(self, path: Path) -> bool:
        from ...core.series import save_aligned_npz

        m = self.model
        if m.coords is None:
            self.error.emit(_tr("The series is not aligned yet."))
            return False
        try:
            save_aligned_npz(Path(path), m.coords, m.names)
        except OSError as exc:
            self.error.emit(_tr("Could not save {0}: {1}").format(Path(path).name, exc))
            return False
        self.message.emit(_tr("Saved the aligned coordinates of {0} steps to {1}").format(
            len(m.names), Path(path).name))  # fmt: skip
        return True

    def save_table(self, path: Path) -> bool:
        from ...core.series import most_moved, most_moved_csv

        m, change = self.model, self.model.change
        if change is None:
            self.error.emit(_tr("No change computed yet: open a series first."))
            return False
        moved, overlap = change["movement"], change["overlap"]
        order = most_moved(moved)
        columns = [moved[order]] + ([] if overlap is None else [overlap[order]])
        header = ["point", "movement"] + ([] if overlap is None else [f"knn_overlap_k{m.k}"])
        try:
            most_moved_csv(Path(path), order, np.column_stack(columns), header)
        except OSError as exc:
            self.error.emit(_tr("Could not save {0}: {1}").format(Path(path).name, exc))
            return False
        self.message.emit(_tr("Saved the most-moved table to {0}").format(Path(path).name))
        return True

    # -------------------------------------------------------------- animation
    def save_animation(self, path: Path) -> bool:
        m = self.model
        path = Path(path)
        if m.coords is None or len(m.steps) < 2:
            self.error.emit(_tr("The series is not aligned yet."))
            return False
        if path.suffix.lower() == ".mp4" and not mp4_available():
            self.error.emit(
                _tr("MP4 needs imageio-ffmpeg (pip install imageio-ffmpeg); GIF works.")
            )
            return False
        m.set_playing(False)
        last = len(m.steps) - 1
        self._positions = list(np.linspace(0, last, last * FRAMES_PER_STEP + 1))
        self._positions += [float(last)] * FPS  # rest a second on the last step
        self._frames, self._target, self._restore = [], path, m.position
        self._timer.start()
        return True

    def cancel(self) -> None:
        self._timer.stop()
        self._frames = []
        if self.job is not None:
            self.job.cancel()
        if self._target is not None:
            self.model.set_position(self._restore)
            self._target = None

    def _on_timer_timeout(self) -> None:
        i = len(self._frames)
        if i < len(self._positions):
            self.model.set_position(self._positions[i])
            self._frames.append(qimage_rgb(self.grab()))
            self.animation_progress.emit(len(self._frames) / len(self._positions))
            return
        self._timer.stop()
        frames, path = self._frames, self._target
        self._frames, self._target = [], None
        self.model.set_position(self._restore)
        self.job = Job(lambda _p, _c: encode_animation(path, frames), "series-animation", self)
        self.job.finished.connect(self._on_job_finished)
        self.job.failed.connect(lambda exc: self.error.emit(str(exc)))
        self.job.start(series_pool())

    def _on_job_finished(self, path) -> None:
        self.message.emit(_tr("Saved the replay to {0}").format(Path(path).name))
        self.animation_done.emit(path)
