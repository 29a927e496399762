"""A lesson's declarative check: conditions on the numbers the playground shows.

A condition is a JSON object such as ``{"metric": "loss", "above": 1.0}`` or
``{"metric": "negative_weight", "of": "n2", "above": 0.9}``; a check is one
condition or a list of them, all of which must hold. Every value comes from the
scene and its :class:`~.evaluation.SceneEvaluation` (what the readout, the table
and the bars already show), so checking costs a few look-ups per scene change.

The metric vocabulary (:data:`METRICS`):

``loss``
    The scene's loss (whatever loss the scene uses). No ``of``.
``cosine``
    The cosine of the vector named by ``of`` with the anchor. ``of`` is required.
``probability``
    The softmax probability of row ``of`` (a positive or a negative); without
    ``of``, the positives' total probability p₊. Undefined for the losses
    without a softmax (triplet, margin).
``negative_weight``
    The share of the anchor's push that negative ``of`` gets (softmax of sₙ/τ over
    the negatives alone). ``of`` is required and must be a negative.
``temperature``
    The scene's τ. No ``of``.
``negatives``
    K, the number of negatives in the scene. No ``of``.

Comparisons: ``"above": x`` (value > x), ``"below": x`` (value < x), both at once,
or ``"between": [lo, hi]`` (lo ≤ value ≤ hi).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .scene import Scene, SceneError

__all__ = [
    "METRICS",
    "CheckResult",
    "Condition",
    "condition_value",
    "evaluate_check",
    "parse_check",
]

#: metric -> (whether ``of`` is "required", "optional" or "none", the roles ``of`` may name)
METRICS: dict[str, tuple[str, tuple[str, ...]]] = {
    "loss": ("none", ()),
    "cosine": ("required", ("positive", "negative")),
    "probability": ("optional", ("positive", "negative")),
    "negative_weight": ("required", ("negative",)),
    "temperature": ("none", ()),
    "negatives": ("none", ()),
}
_KEYS = {"metric", "of", "above", "below", "between"}
MAX_CONDITIONS = 16


@dataclass(frozen=True)
class Condition:
    """One comparison: ``low < value < high`` (open ends are None); ``between``
    makes both ends inclusive."""

    metric: str
    of: str | None = None
    above: float | None = None
    below: float | None = None
    inclusive: bool = False

    def holds(self, value: float | None) -> bool:
        """True when ``value`` is a finite number that satisfies the comparison."""
        if value is None or not math.isfinite(value):
            return False
        if self.inclusive:
            return self.above <= value <= self.below  # type: ignore[operator]
        if self.above is not None and not value > self.above:
            return False
        return self.below is None or value < self.below


@dataclass(frozen=True)
class CheckResult:
    """The outcome of a check: ``values[i]`` is condition ``i``'s current value
    (None when it has none, e.g. ``of`` was removed from the scene)."""

    passed: bool
    values: tuple[float | None, ...]
    holds: tuple[bool, ...]


def _threshold(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SceneError(f"{what} must be a number")
    try:
        number = float(value)
    except OverflowError:
        raise SceneError(f"{what} is too large for a float") from None
    if not math.isfinite(number):
        raise SceneError(f"{what} must be finite")
    return number


def _condition(obj, where: str, scene: Scene) -> Condition:
    if not isinstance(obj, dict):
        raise SceneError(f"{where} must be an object such as {{'metric': 'loss', 'below': 1}}")
    unknown = sorted(str(k)[:40] for k in obj if k not in _KEYS)
    if unknown:
        raise SceneError(f"{where}: unknown key {unknown[0]!r}; expected some of {sorted(_KEYS)}")
    metric = obj.get("metric")
    if not isinstance(metric, str) or metric not in METRICS:
        shown = repr(metric)[:40] if isinstance(metric, str) else type(metric).__name__
        raise SceneError(f"{where}: 'metric' must be one of {tuple(METRICS)}, got {shown}")
    need, roles = METRICS[metric]
    of = obj.get("of")
    if of is not None:
        if need == "none":
            raise SceneError(f"{where}: the metric {metric!r} takes no 'of'")
        if not isinstance(of, str) or of not in scene.names:
            shown = repr(of)[:40] if isinstance(of, str) else type(of).__name__
            raise SceneError(f"{where}: 'of' must name a vector of the scene, got {shown}")
        role = scene.roles[scene.names.index(of)]
        if role not in roles:
            raise SceneError(f"{where}: {metric!r} needs 'of' to be a {' or '.join(roles)}")
    elif need == "required":
        raise SceneError(f"{where}: the metric {metric!r} needs 'of' (a vector's name)")
    above = None if obj.get("above") is None else _threshold(obj["above"], f"{where} 'above'")
    below = None if obj.get("below") is None else _threshold(obj["below"], f"{where} 'below'")
    between = obj.get("between")
    if between is not None:
        if above is not None or below is not None:
            raise SceneError(f"{where}: use 'between' or 'above'/'below', not both")
        if not isinstance(between, list) or len(between) != 2:
            raise SceneError(f"{where}: 'between' must be [low, high]")
        low, high = (_threshold(x, f"{where} 'between'") for x in between)
        if low > high:
            raise SceneError(f"{where}: 'between' needs low <= high")
        return Condition(metric, of, low, high, inclusive=True)
    if above is None and below is None:
        raise SceneError(f"{where} needs 'above', 'below' or 'between'")
    if above is not None and below is not None and not above < below:
        raise SceneError(f"{where}: 'above' must be smaller than 'below', or nothing passes")
    return Condition(metric, of, above, below)


def parse_check(obj, scene: Scene, where: str = "'check'") -> tuple[Condition, ...]:
    """Validate a check (one condition or a list) against the lesson's scene.

    Raises
    ------
    SceneError
        Naming the first problem: an unknown metric or key, a missing or wrong
        ``of`` (it must name a vector of ``scene`` with a fitting role), a
        threshold that is not a finite number, or no comparison at all.
    """
    items = obj if isinstance(obj, list) else [obj]
    if not items:
        raise SceneError(f"{where} must hold at least one condition")
    if len(items) > MAX_CONDITIONS:
        raise SceneError(f"{where} holds {len(items)} conditions; at most {MAX_CONDITIONS}")
    if isinstance(obj, list):
        return tuple(_condition(c, f"{where}[{k}]", scene) for k, c in enumerate(items))
    return (_condition(obj, where, scene),)


def condition_value(cond: Condition, scene: Scene, evaluation) -> float | None:
    """The current value of ``cond``'s metric, or None when it has none.

    ``evaluation`` is ``core.evaluation.evaluate(scene)`` (the model's, computed once).
    """
    metric = cond.metric
    if metric == "loss":
        return float(evaluation.result.loss)
    if metric == "temperature":
        return float(scene.temperature)
    if metric == "negatives":
        return float(len(scene.index("negative")))
    if metric == "probability" and cond.of is None:
        return evaluation.positive_probability
    try:
        i = scene.names.index(cond.of)
    except ValueError:  # renamed or removed since the lesson began
        return None
    if scene.roles[i] not in METRICS[metric][1]:
        return None
    table = {
        "cosine": evaluation.cosines,
        "probability": evaluation.probabilities,
        "negative_weight": evaluation.negative_weights,
    }[metric]
    if table is None:
        return None
    value = float(table[i])
    return value if np.isfinite(value) else None


def evaluate_check(conditions: tuple[Condition, ...], scene: Scene, evaluation) -> CheckResult:
    """Whether every condition holds for this scene, with each condition's value."""
    values = tuple(condition_value(c, scene, evaluation) for c in conditions)
    holds = tuple(c.holds(v) for c, v in zip(conditions, values, strict=True))
    return CheckResult(passed=bool(holds) and all(holds), values=values, holds=holds)
