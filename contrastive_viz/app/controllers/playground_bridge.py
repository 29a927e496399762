"""Send real vectors to the playground: the plan, the (background) choice, the scene.

Also handles the neighbours panel's intents that edit the selection model (pin the
anchor, mark rows, select a neighbour) and the send plan.
"""

from __future__ import annotations

import copy

import numpy as np
from PySide6.QtCore import QObject, Signal

from ...core.bridge import choose_vectors
from ..models.explorer import ExplorerModel
from .jobs import Job

__all__ = ["ASYNC_ABOVE", "PlaygroundBridge"]

#: Above this many points, the vectors are chosen in a background job.
ASYNC_ABOVE = 200_000


class PlaygroundBridge(QObject):
    """Chooses anchor, positives and negatives and builds a playground scene.

    Parameters
    ----------
    model : ExplorerModel
    parent : QObject, optional

    Signals
    -------
    scene_requested(object)
        A core ``Scene`` built from real vectors, for the playground.
    status_changed(str)
        What happened last ("Sent #42 with…", why nothing could be sent…).
    sending_changed(bool)
        A background choice started/ended.
    error(str, str)
        The scene could not be built (title, message).
    """

    scene_requested = Signal(object)
    status_changed = Signal(str)
    sending_changed = Signal(bool)
    error = Signal(str, str)

    def __init__(self, model: ExplorerModel, parent: QObject | None = None):
        super().__init__(parent)
        self._model = model
        self._job: Job | None = None
        self._rng = np.random.default_rng(0)
        model.data.dataset_changed.connect(self._on_data_dataset_changed)
        model.selection.anchor_changed.connect(self._on_selection_anchor_changed)

    @property
    def sending(self) -> bool:
        """True while the vectors are chosen in a background job."""
        return self._job is not None

    # ---------------------------------------------------------- intents
    def mark_rows(self, indices: list[int], role: str | None) -> None:
        """Mark points; marking switches the plan's matching mode to "marked"."""
        self._model.selection.mark(indices, role)
        if role == "positive" and indices:
            self._model.plan.set_positive_mode("marked")
        elif role == "negative" and indices:
            self._model.plan.set_negative_mode("marked")

    def pin_anchor(self) -> None:
        """Pin the selected point as the anchor."""
        self._model.selection.pin_anchor()

    # ------------------------------------------------------------- plan
    def _plan(self) -> dict:
        """What to send, read from the models (cheap; ValueError with no anchor)."""
        ds, sel, plan = self._model.data.dataset, self._model.selection, self._model.plan
        a = sel.effective_anchor
        if ds is None or a is None:
            raise ValueError("Select a point first.")
        labels = self._model.data.labels  # the colour-by column's
        positives = sel.marked("positive") if plan.positive_mode == "marked" else None
        nb = sel.neighbors
        if positives is None and nb is not None and a == sel.selected:
            same = [int(i) for i in nb[0] if labels is None or labels[i] == labels[a]]
            positives = same[:1] or None  # else searched over every point
        negatives = sel.marked("negative") if plan.negative_mode == "marked" else None
        return dict(vectors=ds.vectors, norms=ds.norms, labels=labels, anchor=a,
                    positives=positives, negatives=negatives, mode=plan.negative_mode,
                    k=plan.k, rng=self._rng)  # fmt: skip

    def choose(self) -> tuple[int, list[int], list[int]]:
        """The anchor, positives and negatives :meth:`send` would use.

        Raises
        ------
        ValueError
            When there is no anchor, no positive or no negative to choose.
        """
        return choose_vectors(**self._plan())

    def preview(self) -> tuple[int, list[int], list[int]]:
        """What :meth:`send` would choose next (its random draws included), changing nothing.

        Raises
        ------
        ValueError
            As :meth:`choose`.
        """
        plan = self._plan()
        plan["rng"] = copy.deepcopy(self._rng)
        return choose_vectors(**plan)

    def send(self) -> None:
        """Send the chosen vectors to the playground (in a background job for big files)."""
        try:
            plan = self._plan()
            if len(plan["vectors"]) <= ASYNC_ABOVE:
                self._deliver(choose_vectors(**plan))
                return
        except ValueError as exc:
            self.status_changed.emit(str(exc))
            return
        self.cancel()
        self._job = Job(lambda _p, _c: choose_vectors(**plan), "Choose vectors")
        self._job.finished.connect(self._on_job_finished)
        self._job.failed.connect(self._on_job_failed)
        self._job.start()
        self.sending_changed.emit(True)
        self.status_changed.emit(f"Searching {len(plan['vectors']):,} points for the negatives…")

    def send_to_playground(self, anchor: int, positives: list[int], negatives: list[int]) -> None:
        """Build a playground scene from real vectors; emits ``scene_requested(scene)``."""
        data = self._model.data
        if data.dataset is None or data.projection is None:
            return
        try:
            from ...core.bridge import scene_from_embeddings

            scene = scene_from_embeddings(
                data.labelled, data.projection, anchor, list(positives), list(negatives)
            )
        except (ValueError, ImportError) as exc:
            self.error.emit("Cannot send to the playground", str(exc))
            return
        self.scene_requested.emit(scene)

    # ------------------------------------------------------------- jobs
    def cancel(self) -> None:
        """Stop choosing vectors (a new request, or the window closes)."""
        if self._job is not None:
            self._job.cancel()
            self._job = None
            self.sending_changed.emit(False)

    def _deliver(self, chosen) -> None:
        a, positives, negatives = chosen
        self.status_changed.emit(
            f"Sent #{a} with {len(positives)} positive(s) and {len(negatives)} negative(s)."
        )
        self.send_to_playground(a, positives, negatives)

    def _on_job_finished(self, chosen) -> None:
        if self.sender() is self._job:
            self._job = None
            self.sending_changed.emit(False)
            self._deliver(chosen)

    def _on_job_failed(self, exc: BaseException) -> None:
        if self.sender() is self._job:
            self._job = None
            self.sending_changed.emit(False)
            self.status_changed.emit(str(exc))

    def _on_data_dataset_changed(self, _dataset) -> None:
        self.cancel()
        self.status_changed.emit("")

    def _on_selection_anchor_changed(self, _anchor) -> None:
        self.status_changed.emit("")
