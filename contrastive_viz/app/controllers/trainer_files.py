"""Save a run as a folder (a series), reopen it, and save the encoder's weights as ``.npz``.

Writing and reading run in jobs; every file is written atomically by the core
(:mod:`contrastive_viz.core.training.run_files`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal

from ...core.training import Run
from ...core.training.run_files import (
    load_run_folder,
    save_run_json,
    save_snapshot,
    save_weights,
)
from .jobs import Job
from .trainer import TrainerController

__all__ = ["TrainerFiles"]


class TrainerFiles(QObject):
    """File operations of the Train tab.

    Signals
    -------
    message(str)
        What was written or read, or why not.
    """

    message = Signal(str)

    def __init__(self, trainer: TrainerController, parent: QObject | None = None):
        super().__init__(parent)
        self.trainer = trainer
        self._job: Job | None = None

    def save_run(self, folder: str | Path) -> Job | None:
        """Write the kept snapshots, ``labels.txt`` and ``run.json`` into ``folder``."""
        t, m = self.trainer, self.trainer.model
        t.stop(wait=True)  # the run as it is now (a running run lives in the worker)
        if t.run is None or not m.snapshots:
            self.message.emit(
                QCoreApplication.translate(
                    "TrainerFiles", "Nothing to save yet: start a run first."
                )
            )
            return None
        folder = Path(folder)
        snaps = dict(m.snapshots)
        record = t.run.to_json()
        record["step"] = max(snaps)  # the run as saved: replay reaches its last snapshot
        record["changes"] = [c for c in record["changes"] if c["step"] <= record["step"]]
        labels, names = m.label_codes, m.label_names

        def write(progress, cancelled):
            folder.mkdir(parents=True, exist_ok=True)
            for i, (step, emb) in enumerate(sorted(snaps.items())):
                if cancelled():
                    return None
                save_snapshot(folder, step, emb)
                progress((i + 1) / (len(snaps) + 1))
            save_run_json(folder, record, snaps, names, labels)
            return len(snaps)

        return self._start(
            write, QCoreApplication.translate("TrainerFiles", "Saved {0} steps to {1}"), folder
        )

    def open_run(self, folder: str | Path) -> Job | None:
        """Read a run folder; on the same data, replay it to its last step (bit for bit)."""
        data = self.trainer.data
        folder = Path(folder)

        def read(progress, cancelled):
            record, steps = load_run_folder(folder)
            if data is None or record.get("data") != data.name:
                return record, steps, None
            run = Run.replay(data, record, None, progress, cancelled)
            return record, steps, run

        return self._start(read, None, folder, self._on_opened)

    def save_weights(self, path: str | Path) -> None:
        """Write the encoder's weights (``W0, b0, ...``) to ``path`` with ``np.savez``."""
        self.trainer.stop(wait=True)
        run = self.trainer.run
        if run is None:
            self.message.emit(
                QCoreApplication.translate("TrainerFiles", "No encoder yet: start a run first.")
            )
            return
        try:
            save_weights(path, run.encoder.copy())
        except OSError as exc:
            self.message.emit(
                QCoreApplication.translate("TrainerFiles", "Cannot save {0}: {1}").format(path, exc)
            )
            return
        self.message.emit(
            QCoreApplication.translate(
                "TrainerFiles", "Saved the weights at step {0} to {1}"
            ).format(run.step_count, path)
        )

    # ------------------------------------------------------------------
    def _start(self, fn, done_text, folder, on_done=None) -> Job:
        if self._job is not None:
            self._job.cancel()
        job = Job(fn, "Trainer files", self)
        job.finished.connect(on_done or (lambda n: self._on_saved(done_text, n, folder)))
        job.failed.connect(
            lambda exc: self.message.emit(
                QCoreApplication.translate("TrainerFiles", "{0}: {1}").format(folder, exc)
            )
        )
        self._job = job
        return job.start()

    def _on_saved(self, text, n, folder) -> None:
        self._job = None
        if n is not None:
            self.message.emit(text.format(n, folder))

    def _on_opened(self, result) -> None:
        self._job = None
        record, steps, run = result
        t, m = self.trainer, self.trainer.model
        if run is None:
            self.message.emit(
                QCoreApplication.translate(
                    "TrainerFiles",
                    "Read {0} steps of a run on “{1}”; load that data to continue it.",
                ).format(len(steps), record.get("data"))
            )
            return
        t.stop(wait=True)
        m.settings = run.settings
        m.settings_changed.emit(run.settings)
        t.reset()
        t.run = run
        m.clear_run()
        last = max(steps) if steps else None
        same = last is not None and last == run.step_count and (steps[last] == run.embed()).all()
        m.append(list(run.history), run.embed(), steps)
        m.set_state("paused" if run.step_count else "ready")
        tail = QCoreApplication.translate("TrainerFiles", " (replayed bit for bit)") if same else ""
        self.message.emit(
            QCoreApplication.translate("TrainerFiles", "Opened a run at step {0}{1}").format(
                run.step_count, tail
            )
        )
