"""The lesson check vocabulary, against values computed here by hand."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from contrastive_viz.core import scene as sc
from contrastive_viz.core.lesson_check import (
    METRICS,
    Condition,
    condition_value,
    evaluate_check,
    parse_check,
)
from contrastive_viz.core.presets import (
    ARTICLE_ANCHOR,
    ARTICLE_NEGATIVES,
    ARTICLE_POSITIVE,
    article_example,
)

SCENE = article_example()


def _value(obj, scene=SCENE):
    (cond,) = parse_check(obj, scene)
    return condition_value(cond, scene, sc.evaluate(scene))


def _unit(v):
    v = np.asarray(v, dtype=float)
    return v / np.linalg.norm(v)


def test_cosine_is_the_dot_product_with_the_anchor():
    a = _unit(ARTICLE_ANCHOR)
    assert _value({"metric": "cosine", "of": "p2", "below": 0}) == pytest.approx(
        a @ _unit(ARTICLE_POSITIVE), abs=1e-12
    )
    # the article's neg_dot for n2, to the 8 digits it prints
    assert _value({"metric": "cosine", "of": "n2", "below": 0}) == pytest.approx(0.30543542, 1e-7)


def test_probability_is_the_softmax_row_and_defaults_to_p_plus():
    scene = SCENE.with_temperature(1.0)
    a = _unit(ARTICLE_ANCHOR)
    s = np.array([a @ _unit(v) for v in (ARTICLE_POSITIVE, *ARTICLE_NEGATIVES)])
    p = np.exp(s) / np.exp(s).sum()  # the naive softmax, fine at tau = 1
    assert _value({"metric": "probability", "above": 0}, scene) == pytest.approx(p[0], 1e-12)
    assert _value({"metric": "probability", "above": 0}, scene) == pytest.approx(0.4296791, 1e-6)
    got = _value({"metric": "probability", "of": "n3", "above": 0}, scene)
    assert got == pytest.approx(p[3], 1e-12)


def test_negative_weight_is_the_softmax_over_the_negatives_alone():
    scene = SCENE.with_temperature(0.5)
    a = _unit(ARTICLE_ANCHOR)
    s = np.array([a @ _unit(v) for v in ARTICLE_NEGATIVES]) / 0.5
    w = np.exp(s) / np.exp(s).sum()
    for k in range(5):
        got = _value({"metric": "negative_weight", "of": f"n{k + 1}", "above": 0}, scene)
        assert got == pytest.approx(w[k], 1e-12)


def test_loss_temperature_and_negatives():
    assert _value({"metric": "loss", "above": 0}) == pytest.approx(4.9068650660314756e-05, 1e-6)
    assert _value({"metric": "temperature", "above": 0}) == 0.07
    assert _value({"metric": "negatives", "above": 0}) == 5.0


def test_a_removed_or_renamed_vector_has_no_value_and_fails():
    (cond,) = parse_check({"metric": "cosine", "of": "n2", "above": -2}, SCENE)
    renamed = SCENE.with_vector(3, name="other")
    result = evaluate_check((cond,), renamed, sc.evaluate(renamed))
    assert result.values == (None,) and not result.passed
    result = evaluate_check((cond,), SCENE, sc.evaluate(SCENE))
    assert result.passed


def test_probability_without_a_softmax_has_no_value():
    from dataclasses import replace

    triplet = replace(SCENE, loss="triplet")
    (cond,) = parse_check({"metric": "probability", "above": 0}, SCENE)
    assert condition_value(cond, triplet, sc.evaluate(triplet)) is None


def test_a_list_needs_every_condition():
    conds = parse_check(
        [{"metric": "temperature", "below": 0.1}, {"metric": "loss", "above": 1}], SCENE
    )
    result = evaluate_check(conds, SCENE, sc.evaluate(SCENE))
    assert result.holds == (True, False) and not result.passed


@given(
    value=st.floats(-10, 10),
    low=st.floats(-10, 10),
    width=st.floats(0.001, 5),
)
def test_comparisons(value, low, width):
    high = low + width
    assert Condition("loss", above=low).holds(value) == (value > low)
    assert Condition("loss", below=high).holds(value) == (value < high)
    assert Condition("loss", above=low, below=high).holds(value) == (low < value < high)
    assert Condition("loss", None, low, high, inclusive=True).holds(value) == (low <= value <= high)
    assert not Condition("loss", above=low).holds(math.nan)
    assert not Condition("loss", below=high).holds(None)


BAD = [
    ({"metric": "accuracy", "above": 1}, "'metric' must be one of"),
    ({"metric": "loss"}, "needs 'above', 'below' or 'between'"),
    ({"metric": "loss", "above": "high"}, "must be a number"),
    ({"metric": "loss", "above": True}, "must be a number"),
    ({"metric": "loss", "above": 10**400}, "too large"),
    ({"metric": "loss", "above": 2, "below": 1}, "smaller than 'below'"),
    ({"metric": "loss", "between": [2, 1]}, "low <= high"),
    ({"metric": "loss", "between": [1]}, "[low, high]"),
    ({"metric": "loss", "between": [0, 1], "above": 0}, "not both"),
    ({"metric": "loss", "of": "p2", "above": 1}, "takes no 'of'"),
    ({"metric": "cosine", "below": 1}, "needs 'of'"),
    ({"metric": "cosine", "of": "zz", "below": 1}, "must name a vector"),
    ({"metric": "cosine", "of": "p1", "below": 1}, "positive or negative"),
    ({"metric": "negative_weight", "of": "p2", "above": 0.5}, "to be a negative"),
    ({"metric": "loss", "above": 1, "abov": 2}, "unknown key 'abov'"),
    ("loss > 1", "must be an object"),
    ([], "at least one condition"),
    ([{"metric": "loss", "above": 0}] * 17, "at most 16"),
]


@pytest.mark.parametrize(("obj", "message"), BAD)
def test_bad_checks_are_refused_with_a_message(obj, message):
    with pytest.raises(sc.SceneError, match=None) as info:
        parse_check(obj, SCENE)
    assert message in str(info.value)


def test_the_vocabulary_is_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Lessons", 1)[1].split("\n## ", 1)[0]
    for metric in METRICS:
        assert f"`{metric}`" in section
