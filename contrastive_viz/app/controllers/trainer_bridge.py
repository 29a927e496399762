"""A paused step's anchor, sent from the Train tab to the playground.

NT-Xent: the anchor view, its other view as the positive and the batch's other 2N−2 views
as negatives; SupCon: the views with its label as positives. The scene's vectors are the
step's own unit embeddings (before that step's update), so the playground's loss is that
anchor's term of the step's loss (:func:`core.training.bridge.anchor_terms`).
"""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QCoreApplication, QObject

from ...core.training.bridge import anchor_batch
from .trainer import TrainerController

__all__ = ["TrainerBridge"]


class TrainerBridge(QObject):
    """Picks an anchor in the last batch and loads its scene into the playground."""

    def __init__(self, trainer: TrainerController, page, window, show) -> None:
        super().__init__(window)
        self.trainer, self.page, self.window, self._show = trainer, page, window, show

    def on_point_clicked(self, row: int) -> None:
        """A picked point becomes the anchor when it is in the last step's batch."""
        run = self.trainer.run
        batch = None if run is None else run.last_batch
        names = self.trainer.model.label_names
        codes = self.trainer.model.label_codes
        label = f" ({names[int(codes[row])]})" if codes is not None and names else ""
        if batch is None:
            self.page.controls.show_message(
                QCoreApplication.translate("TrainerBridge", "Point #{0}{1}").format(row, label)
            )
            return
        where = [i for i, r in enumerate(batch.indices) if int(r) == row]
        if not where:
            self.page.controls.show_message(
                QCoreApplication.translate(
                    "TrainerWiring", "Point #{0}{1} is not in step {2}'s batch ({3} of the points)"
                ).format(row, label, batch.step, len(batch.indices))
            )
            return
        self.page.controls.anchor.setText(str(where[0]))
        self.page.controls.show_message(
            QCoreApplication.translate(
                "TrainerWiring",
                "Point #{0}{1} is view {2} of step {3}'s batch: Send makes it the anchor",
            ).format(row, label, where[0], batch.step)
        )

    def send_to_playground(self, view: int) -> None:
        """The last step's view ``view`` as the anchor; its batch as positives and negatives."""
        from ...core.bridge import scene_from_embeddings

        run = self.trainer.run
        batch = None if run is None else run.last_batch
        if batch is None or self.trainer.running:
            self.page.controls.show_message(
                QCoreApplication.translate("TrainerBridge", "Pause after at least one step first."),
                True,
            )
            return
        n2 = batch.u.shape[0]
        try:
            sel = anchor_batch(n2, view, batch.loss, batch.labels)
        except ValueError as exc:
            self.page.controls.show_message(str(exc), True)
            return
        names = self.trainer.model.label_names
        rows = list(batch.indices) * 2
        labels = None
        if batch.labels is not None and names:
            labels = [names[int(c)] for c in list(batch.labels) * 2]
        ds = SimpleNamespace(vectors=batch.u, labels=labels, path=None)
        names_ = [
            f"v{i} #{rows[i]}" + ("" if labels is None else f" {labels[i]}")
            for i in (sel.anchor, *sel.positives, *sel.negatives)
        ]
        loss = "info_nce" if batch.loss == "nt_xent" else "supcon"
        try:
            scene = scene_from_embeddings(
                ds, None, sel.anchor, list(sel.positives), list(sel.negatives),
                batch.temperature, loss, names_,
            )  # fmt: skip
        except ValueError as exc:
            self.page.controls.show_message(str(exc), True)
            return
        self.window.playground.load(
            scene, None, QCoreApplication.translate("TrainerBridge", "Send from trainer")
        )
        self.window.tabs.setCurrentIndex(0)
        self._show(
            QCoreApplication.translate(
                "TrainerWiring",
                "Step {0}, view {1}: its term of the step's loss is the playground's loss",
            ).format(batch.step, view)
        )
