"""The texts that describe one vector: the sphere's hover card and the bars' tooltips.

One builder for every view that explains a vector's numbers; they only format
the evaluation's numbers.
"""

from __future__ import annotations

from ...core.scene import Scene, SceneEvaluation

__all__ = ["card_lines", "describe_entry"]


def describe_entry(scene: Scene, ev: SceneEvaluation, i: int) -> str:
    """Tooltip of result entry ``i`` (positives first): name, cosine, logit, probability."""
    res = ev.result
    role = "positive" if i < res.n_positives else "negative"
    lines = [f"{scene.names[ev.order[i]]} ({role})", f"cosine s = {res.similarities[i]:.6g}"]
    if res.logits is not None:
        lines.append(f"logit s/τ = {res.logits[i]:.6g}")
        lines.append(f"probability p = {res.probabilities[i]:.6g}")
    return "\n".join(lines)


def card_lines(scene: Scene, ev: SceneEvaluation, i: int) -> list[str]:
    """The sphere's hover card of scene vector ``i``: name and role, then its numbers."""
    lines = [f"{scene.names[i]} · {scene.roles[i]}"]
    if scene.roles[i] == "anchor":
        lines.append(f"loss {ev.result.loss:.4g}")
        return lines
    text = f"cos {ev.cosines[i]:+.3f}"
    weight, prob = ev.negative_weights[i], ev.probabilities[i]
    if weight == weight:  # a negative in the loss
        text += f" · push share {100 * weight:.3g}%"
    elif prob == prob:  # a positive in the softmax
        text += f" · p {prob:.3f}"
    return [*lines, text]
