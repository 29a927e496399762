"""The errors of a series: a bad step (named in the message) and a cancelled job."""

from __future__ import annotations

__all__ = ["SeriesCancelled", "SeriesError"]


class SeriesError(ValueError):
    """A series cannot be built; the message names the step (``"step 'epoch_004' ..."``)."""


class SeriesCancelled(Exception):
    """Raised between chunks when a ``cancelled`` callback returns True."""


def _check_cancel(cancelled) -> None:
    if cancelled is not None and cancelled():
        raise SeriesCancelled("cancelled")


class _Span:
    """Maps the fraction of one piece of work onto ``[lo, hi]`` of ``progress``."""

    def __init__(self, progress, cancelled, lo: float = 0.0, hi: float = 1.0):
        self.progress, self.cancelled, self.lo, self.hi = progress, cancelled, lo, hi

    def __call__(self, fraction: float) -> None:
        _check_cancel(self.cancelled)
        if self.progress is not None:
            f = min(max(float(fraction), 0.0), 1.0)
            self.progress(self.lo + (self.hi - self.lo) * f)

    def part(self, i: int, count: int) -> _Span:
        """The ``i``-th of ``count`` equal parts of this span."""
        width = (self.hi - self.lo) / max(count, 1)
        return _Span(self.progress, self.cancelled, self.lo + i * width, self.lo + (i + 1) * width)
