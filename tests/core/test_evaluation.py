"""The scene's evaluation carries its bounds, MI bound and per-vector numbers."""

import math
from dataclasses import replace

import numpy as np
import pytest

from contrastive_viz.core.presets import article_example
from contrastive_viz.core.scene import ROLE_COLORS, Scene, evaluate

#: The article gives them to 7 decimals.
ARTICLE_SOFTMAX_TAU_1 = [0.4296791, 0.0633071, 0.2145353, 0.1083572, 0.1013523, 0.0827687]


def _scene(anchor, positive, negatives, temperature=0.1, loss="info_nce") -> Scene:
    roles = ("anchor", "positive") + ("negative",) * len(negatives)
    names = ("a", "p") + tuple(f"n{i}" for i in range(len(negatives)))
    return Scene(
        names=names,
        roles=roles,
        colors=tuple(ROLE_COLORS[r] for r in roles),
        directions=np.vstack([anchor, positive, *negatives]),
        temperature=temperature,
        loss=loss,
    )


def test_the_article_numbers():
    ev = evaluate(article_example())
    assert ev.result.loss == pytest.approx(4.9068650660314756e-05, rel=1e-6)  # rounded vectors
    ev1 = evaluate(replace(article_example(), temperature=1.0))
    np.testing.assert_allclose(ev1.result.probabilities, ARTICLE_SOFTMAX_TAU_1, atol=1e-7)
    # the same numbers per scene vector (the anchor has none)
    np.testing.assert_allclose(ev1.probabilities[1:], ARTICLE_SOFTMAX_TAU_1, atol=1e-7)
    assert math.isnan(ev1.probabilities[0]) and math.isnan(ev1.logits[0])


def test_all_equal_similarities_give_log_k_plus_one():
    k = 5
    ring = [[math.cos(t), math.sin(t), 0.3] for t in np.linspace(0, 2 * np.pi, k + 2)[:-1]]
    ev = evaluate(_scene([0, 0, 1], ring[0], ring[1:], temperature=0.3))
    assert ev.result.loss == pytest.approx(math.log(k + 1), rel=1e-12)
    assert ev.bounds["all_equal"] == pytest.approx(math.log(k + 1), rel=1e-15)
    assert ev.mutual_information == pytest.approx(0.0, abs=1e-12)
    assert ev.chance_fraction == pytest.approx(1.0) and not ev.above_chance


@pytest.mark.parametrize("tau", [0.05, 0.3, 2.0])
def test_best_case_is_log_one_plus_k_exp(tau):
    k = 4
    ev = evaluate(_scene([0, 0, 1], [0, 0, 1], [[0, 0, -1]] * 1 + [[0, 1e-9, -1]] * 3, tau))
    best = math.log(1 + k * math.exp(-2 / tau))
    assert ev.bounds["best"] == pytest.approx(best, rel=1e-12)
    assert ev.result.loss == pytest.approx(best, rel=1e-9)
    assert ev.mutual_information == pytest.approx(math.log(k + 1) - ev.result.loss, rel=1e-12)
    assert ev.chance_fraction == pytest.approx(0.0, abs=1e-6)


def test_per_vector_numbers_by_hand():
    scene = replace(article_example(), temperature=0.5)
    ev = evaluate(scene)
    d = scene.directions / np.linalg.norm(scene.directions, axis=1, keepdims=True)
    cos = d @ d[0]
    logits = cos[1:] / 0.5
    p = np.exp(logits) / np.exp(logits).sum()
    np.testing.assert_allclose(ev.logits[1:], logits, rtol=1e-12)
    np.testing.assert_allclose(ev.probabilities[1:], p, rtol=1e-12)
    w = np.exp(logits[1:]) / np.exp(logits[1:]).sum()  # softmax over the negatives alone
    np.testing.assert_allclose(ev.negative_weights[2:], w, rtol=1e-12)
    assert np.isnan(ev.negative_weights[:2]).all()
    assert ev.mutual_information == pytest.approx(math.log(6) - ev.result.loss, rel=1e-12)
    assert not ev.logits.flags.writeable


def test_margin_losses_have_no_bounds():
    ev = evaluate(replace(article_example(), loss="triplet"))
    assert ev.bounds is None and ev.mutual_information is None and ev.chance_fraction is None
    assert np.isnan(ev.probabilities).all() and not np.isnan(ev.negative_weights[2:]).any()


def test_supcon_bounds_and_no_mi():
    scene = article_example()
    scene = replace(scene.with_vector(2, role="positive", color=ROLE_COLORS["positive"]))
    ev = evaluate(replace(scene, loss="supcon"))
    assert ev.bounds["all_equal"] == pytest.approx(math.log(6))
    assert ev.mutual_information is None and ev.n_negatives == 4


def test_hardest_negative_and_positive_mass():
    ev = evaluate(replace(article_example(), temperature=1.0))
    assert ev.hardest == 1  # n2, the negative most like the anchor
    assert ev.positive_probability == pytest.approx(ARTICLE_SOFTMAX_TAU_1[0], abs=1e-7)
    far = evaluate(replace(article_example(), loss="triplet"))  # every negative is easy
    assert far.hardest is None and far.positive_probability is None


def test_with_temperature_equals_replace_and_keeps_the_normalized_vectors():
    """A τ step re-evaluates without normalizing the (unchanged) features again."""

    from contrastive_viz.core.scene import UNIT_CACHE, SceneError

    rng = np.random.default_rng(1)
    base = article_example()
    feats = tuple(rng.normal(size=32) for _ in range(len(base)))
    scene = replace(base, features=feats)
    first = evaluate(scene)
    warmer = scene.with_temperature(0.5)
    assert warmer == replace(scene, temperature=0.5)
    assert warmer.__dict__[UNIT_CACHE] is scene.__dict__[UNIT_CACHE]
    ev = evaluate(warmer)
    fresh = evaluate(replace(scene, temperature=0.5))  # no cache: computed from scratch
    assert ev.result.loss == fresh.result.loss and ev.original and first.original
    np.testing.assert_array_equal(ev.probabilities, fresh.probabilities)
    moved = warmer.with_direction(2, [0.0, 0.0, 1.0])  # new vectors: a new normalization
    assert UNIT_CACHE not in moved.__dict__
    assert evaluate(moved).dimension == 3
    with pytest.raises(SceneError):
        scene.with_temperature(1e5)
