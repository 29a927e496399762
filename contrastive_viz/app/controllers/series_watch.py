"""Follow a training run live, and notice step files replaced under the app.

:class:`SeriesWatch` watches a folder with Qt's ``QFileSystemWatcher`` (plus a slow
poll, since some file systems send no events). A new step file is read only once it
is ready (``core.series.watch.is_ready``: its size stable between two polls and its
header complete; temp names of the write-then-rename convention never are), then
loaded in a job and appended to the timeline; the series is realigned. A bad new file
gets a message naming it and is skipped until it changes; nothing loaded is lost.

Every loaded step's file is watched too: when its identity (inode, size, mtime)
changes, the step is reloaded once the new file is ready (``replace_step``), and
background jobs never read a mapped step whose file changed (see ``series_jobs``).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFileSystemWatcher, QObject, QTimer, Signal

from ..models.series import SeriesModel
from .jobs import Job
from .series_loader import SeriesLoader, folder_metadata, match_step, read_step, series_pool

__all__ = ["POLL_MS", "SeriesWatch"]

POLL_MS = 500


def _tr(text: str) -> str:
    return QCoreApplication.translate("SeriesWatch", text)


class SeriesWatch(QObject):
    """Live following of ``model``'s folder (see the module).

    Signals
    -------
    message(str), error(str)
    following_changed(object)
        The folder followed, or None.
    """

    message = Signal(str)
    error = Signal(str)
    following_changed = Signal(object)

    def __init__(self, model: SeriesModel, loader: SeriesLoader, parent=None):
        super().__init__(parent)
        self.model, self.loader = model, loader
        self.folder: Path | None = None
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda *_: self._timer.start(50))
        self.watcher.fileChanged.connect(lambda *_: self._timer.start(50))
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.poll)
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self.poll)
        self._seen: dict[Path, object] = {}  # candidate -> identity at the last poll
        self._bad: dict[Path, object] = {}  # refused file -> its identity then
        self._pending: list = []  # loaded steps waiting for a second one
        self.job: Job | None = None
        model.steps_changed.connect(self._on_model_steps_changed)

    def follow(self, folder: Path | None) -> None:
        """Follow ``folder`` (None stops)."""
        self.folder = None if folder is None else Path(folder)
        dirs = self.watcher.directories()
        if dirs:
            self.watcher.removePaths(dirs)
        self._seen, self._bad, self._pending = {}, {}, []
        if self.folder is None:
            self._poll.stop()
        else:
            self.watcher.addPath(str(self.folder))
            self._poll.start()
            self.message.emit(_tr("Following {0}: new steps appear as they are written").format(
                self.folder.name))  # fmt: skip
            self.poll()
        self.following_changed.emit(self.folder)

    def _on_model_steps_changed(self, *_args) -> None:
        files = self.watcher.files()
        if files:
            self.watcher.removePaths(files)
        paths = [str(s.path) for s in self.model.steps]
        if paths:
            self.watcher.addPaths(paths)

    # ------------------------------------------------------------------ polling
    def poll(self) -> None:
        if self.job is not None and not self.job.is_done():
            return  # one load at a time; the next poll comes
        from ...core.series import discover_steps, identity, is_ready

        replaced = self._replaced_steps()
        if replaced:
            i, path = replaced[0]
            now = _identity(identity, path)
            if self._bad.get(path, 0) == now:
                pass  # this version failed to load; wait for the next one
            elif is_ready(path, self._seen.get(path)):
                self._load(path, replace=i)
            else:
                self._seen[path] = now
            self._timer.start(POLL_MS)  # until it is reloaded
            return
        if self.folder is None:
            return
        try:
            files, _by_name = discover_steps(self.folder)
        except (OSError, ValueError) as exc:
            self.error.emit(str(exc))
            self.follow(None)
            return
        known = {s.path for s in self.model.steps} | {s.path for s in self._pending}
        for f in files:
            if f.path in known:
                continue
            now = _identity(identity, f.path)
            if f.path in self._bad and self._bad[f.path] == now:
                continue
            if is_ready(f.path, self._seen.get(f.path)):
                self._load(f, replace=None)
                return
            self._seen[f.path] = now

    def _replaced_steps(self) -> list[tuple[int, Path]]:
        from ...core.series import identity

        watched = set(self.watcher.files())  # a file renamed over is no longer watched
        missing = [str(s.path) for s in self.model.steps if str(s.path) not in watched]
        missing = [p for p in missing if os.path.exists(p)]
        if missing:
            self.watcher.addPaths(missing)
        out = []
        for i, step in enumerate(self.model.steps):
            now = _identity(identity, step.path)
            if now is not None and now != step.identity:  # a deleted file stays as loaded
                out.append((i, step.path))
        return out

    # ------------------------------------------------------------------ loading
    def _load(self, step_file, replace: int | None) -> None:
        from ...core.series import StepFile

        m = self.model
        if replace is not None:
            old = m.steps[replace]
            step_file = StepFile(old.path, old.name, old.number)
        first = m.steps[0] if m.steps else (self._pending[0] if self._pending else None)
        metadata = folder_metadata(step_file.path.parent)
        column = m.matching if m.matching != "position" else None

        def work(progress, cancelled):
            step = read_step(step_file, metadata, progress, cancelled)
            order = None if first is None or replace == 0 else match_step(first, step, column)
            return step, order

        job = Job(work, "series-follow", self)
        job.finished.connect(lambda r: self._on_loaded(r, replace))
        job.failed.connect(lambda exc: self._on_failed(step_file, exc))
        self.job = job
        job.start(series_pool())

    def _on_loaded(self, result, replace: int | None) -> None:
        step, order = result
        m = self.model
        self._seen.pop(step.path, None)
        if replace is not None and replace < len(m.steps) and m.steps[replace].path == step.path:
            m.replace_step(replace, step)
            self.message.emit(_tr("Step {0} changed on disk and was reloaded").format(step.name))
        elif len(m.steps) >= 2:
            m.append_step(step, order)
            self.message.emit(_tr("New step {0}").format(step.name))
        else:
            self._pending.append(step)
            if len(self._pending) >= 2:
                orders = [None] + [match_step(self._pending[0], s, None) for s in self._pending[1:]]
                m.folder = self.folder
                m.set_steps(self._pending, orders)
                self._pending = []
                return
            self.message.emit(_tr("Step {0} loaded; waiting for a second one").format(step.name))

    def _on_failed(self, step_file, exc) -> None:
        from ...core.series import identity

        self._bad[step_file.path] = _identity(identity, step_file.path)
        msg = str(exc)
        self.error.emit(msg if step_file.name in msg else f"step '{step_file.name}': {msg}")


def _identity(identity, path):
    try:
        return identity(path)
    except OSError:
        return None
