"""The series' dialogs: file choosers (remembering the last folder), progress with Cancel,
and a test probe of the series' state (``CONTRASTIVE_VIZ_PROBE`` + ``.series.json``)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog, QWidget

from ...core.atomic import atomic_write_text
from ...core.embeddings import SUPPORTED_SUFFIXES
from ..models.series import SeriesModel

__all__ = ["SeriesProbe", "ask_folder", "ask_open", "ask_save", "show_progress"]

KEY = "series/last_folder"


def _tr(text: str) -> str:
    return QCoreApplication.translate("SeriesDialogs", text)


def _start() -> str:
    return str(QSettings().value(KEY, str(Path.home())))


def _remember(path: Path) -> None:
    QSettings().setValue(KEY, str(path if path.is_dir() else path.parent))


def _filter() -> str:
    stars = " ".join(f"*{s}" for s in SUPPORTED_SUFFIXES)
    return _tr("Embeddings ({0});;All files (*)").format(stars)


def ask_folder(parent: QWidget, title: str) -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, title, _start())
    if not folder:
        return None
    _remember(Path(folder))
    return Path(folder)


def ask_open(parent: QWidget, title: str, many: bool = True) -> list[Path]:
    if many:
        paths, _ = QFileDialog.getOpenFileNames(parent, title, _start(), _filter())
    else:
        path, _ = QFileDialog.getOpenFileName(parent, title, _start(), _filter())
        paths = [path] if path else []
    if paths:
        _remember(Path(paths[0]))
    return [Path(p) for p in paths]


def ask_save(parent: QWidget, title: str, name: str, kinds: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(_start()) / name), kinds)
    if not path:
        return None
    _remember(Path(path))
    return Path(path)


def show_progress(parent: QWidget, job, title: str) -> QProgressDialog:
    """A window-modal progress dialog for ``job`` (appears after 0.5 s; Cancel cancels)."""
    dialog = QProgressDialog(title, _tr("Cancel"), 0, 1000, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModal)
    dialog.setMinimumDuration(500)
    dialog.setAutoClose(True)
    dialog.setValue(0)
    job.progress.connect(lambda f: dialog.setValue(int(f * 1000)))
    job.message.connect(dialog.setLabelText)
    dialog.canceled.connect(job.cancel)
    for signal in (job.finished, job.failed, job.cancelled):
        signal.connect(lambda *_: (dialog.reset(), dialog.deleteLater()))
    return dialog


def _global_rect(widget: QWidget) -> list[int] | None:
    if not widget.isVisible():
        return None
    p = widget.mapToGlobal(widget.rect().topLeft())
    return [p.x(), p.y(), widget.width(), widget.height()]


class SeriesProbe(QObject):
    """Writes the series' state to ``<CONTRASTIVE_VIZ_PROBE>.series.json`` (real-window tests)."""

    def __init__(self, window, model: SeriesModel, page):
        super().__init__(window)
        self._window, self._model, self._page = window, model, page
        self._path = os.environ["CONTRASTIVE_VIZ_PROBE"] + ".series.json"
        self._last = ""
        self._timer = QTimer(self, interval=100)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()

    def state(self) -> dict:
        m, page = self._model, self._page
        tabs = self._window.tabs
        button = page.demo_button
        centre = button.mapToGlobal(button.rect().center())
        return {
            "tab": tabs.currentIndex(),
            "series_tab": tabs.indexOf(page),
            "names": m.names,
            "position": m.position,
            "playing": m.playing,
            "aligned": m.coords is not None,
            "shape": None if m.coords is None else list(m.coords.shape),
            "selected": m.selected,
            "slider": page.timeline.slider.value(),
            "slider_rect": _global_rect(page.timeline.slider),
            "step_label": page.timeline.step_label.text(),
            "demo_button": [centre.x(), centre.y()] if button.isVisible() else None,
            "focus": type(QApplication.focusWidget()).__name__,
        }

    def _on_timer_timeout(self) -> None:
        text = json.dumps(self.state())
        if text != self._last:
            self._last = text
            atomic_write_text(self._path, text)
