"""What "Send to playground" would pick, shown before the click (the neighbours' Role column).

:class:`SendPreview` asks the :class:`~.playground_bridge.PlaygroundBridge` for
the anchor, positives and negatives it would send now (the same choice, with a
copy of its random generator, so "k random" previews the next draw), whenever
the selection, its neighbours, the marks, the plan or the labels change, and
publishes them as roles by dataset row.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from ..models.explorer import ExplorerModel
from .playground_bridge import PlaygroundBridge

__all__ = ["PREVIEW_UP_TO", "SendPreview"]

#: Above this many points the choice is left to the click (it scans every point).
PREVIEW_UP_TO = 50_000


class SendPreview(QObject):
    """Roles (``"anchor"``, ``"positive"``, ``"negative"``) the next send would give.

    Parameters
    ----------
    model : ExplorerModel
    bridge : PlaygroundBridge
    parent : QObject, optional

    Attributes
    ----------
    roles : dict of int to str
        Dataset row → role; empty when nothing could be sent (or the file is big).

    Signals
    -------
    roles_changed(dict)
    """

    roles_changed = Signal(object)  # a dict (Signal(dict) would need str keys)

    def __init__(self, model: ExplorerModel, bridge: PlaygroundBridge, parent=None):
        super().__init__(parent)
        self._model, self._bridge = model, bridge
        self.roles: dict[int, str] = {}
        self._timer = QTimer(self, singleShot=True, interval=0, timeout=self.refresh_now)
        sel, plan = model.selection, model.plan
        for signal in (
            model.data.dataset_changed, model.data.label_column_changed,
            sel.selected_changed, sel.neighbors_changed, sel.anchor_changed, sel.marks_changed,
            plan.positive_mode_changed, plan.negative_mode_changed, plan.k_changed,
        ):  # fmt: skip
            signal.connect(self._on_model_changed)

    def _on_model_changed(self, *_args) -> None:
        self._timer.start()  # once for a burst (selected, then neighbours)

    def refresh_now(self) -> None:
        """Recompute :attr:`roles` now and emit ``roles_changed``."""
        self._timer.stop()
        roles: dict[int, str] = {}
        if 0 < self._model.data.n <= PREVIEW_UP_TO:
            try:
                anchor, positives, negatives = self._bridge.preview()
            except ValueError:
                pass
            else:
                roles = {int(i): "negative" for i in negatives}
                roles.update({int(i): "positive" for i in positives})
                roles[int(anchor)] = "anchor"
        self.roles = roles
        self.roles_changed.emit(roles)
