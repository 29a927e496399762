"""How "Send to playground" picks the positives and negatives (Qt-free evented model)."""

from __future__ import annotations

from psygnal import Signal

__all__ = ["NEGATIVE_MODES", "POSITIVE_MODES", "SendPlan"]

#: "nearest": the anchor's nearest neighbour with its label; "marked": the marked rows.
POSITIVE_MODES = ("nearest", "marked")
#: The k hardest, k random, or the marked rows.
NEGATIVE_MODES = ("hardest", "random", "marked")


class SendPlan:
    """The positive mode, the negative mode and how many negatives to pick.

    Signals
    -------
    positive_mode_changed(str), negative_mode_changed(str), k_changed(int)
    """

    positive_mode_changed = Signal(str)
    negative_mode_changed = Signal(str)
    k_changed = Signal(int)

    def __init__(self) -> None:
        self.positive_mode = "nearest"
        self.negative_mode = "hardest"
        self.k = 8

    def set_positive_mode(self, mode: str) -> None:
        """One of :data:`POSITIVE_MODES`."""
        if mode not in POSITIVE_MODES:
            raise ValueError(f"positive mode must be one of {POSITIVE_MODES}, got {mode!r}")
        if mode != self.positive_mode:
            self.positive_mode = mode
            self.positive_mode_changed.emit(mode)

    def set_negative_mode(self, mode: str) -> None:
        """One of :data:`NEGATIVE_MODES`."""
        if mode not in NEGATIVE_MODES:
            raise ValueError(f"negative mode must be one of {NEGATIVE_MODES}, got {mode!r}")
        if mode != self.negative_mode:
            self.negative_mode = mode
            self.negative_mode_changed.emit(mode)

    def set_k(self, k: int) -> None:
        """How many negatives to pick automatically (1–500)."""
        k = int(min(max(k, 1), 500))
        if k != self.k:
            self.k = k
            self.k_changed.emit(k)
