"""The scene model and its JSON format."""

import json
import os
from pathlib import Path

import numpy as np
import pytest

from contrastive_viz.core import scene as sc
from contrastive_viz.core.losses import info_nce
from contrastive_viz.core.presets import PRESETS, article_example

ASSET = Path(__file__).resolve().parents[2] / "assets" / "scenes" / "article-example.json"


def test_round_trip_keeps_the_scene(tmp_path):
    s = article_example().added("extra", "positive", [0, 1, 0], features=None)
    s = s.with_vector(0, color="#123abc")
    path = sc.save_scene(s, tmp_path / "a.json")
    back = sc.load_scene(path)
    assert back == s
    np.testing.assert_array_equal(back.directions, s.directions)
    assert back.names == s.names and back.roles == s.roles and back.colors == s.colors


def test_round_trip_with_features_and_settings(tmp_path):
    s = article_example()
    feats = tuple(np.arange(i + 1, i + 9, dtype=float) for i in range(len(s)))
    from dataclasses import replace

    s = replace(s, features=feats, loss="triplet", triplet_margin=0.3, temperature=0.5)
    back = sc.load_scene(sc.save_scene(s, tmp_path / "f.json"))
    assert back == s
    ev = sc.evaluate(back)
    assert ev.original and ev.dimension == 8


def test_shipped_article_scene_matches_the_article():
    s = sc.load_scene(ASSET)
    assert s == article_example()
    assert s.names[s.anchor_index] == "p1" and s.temperature == 0.07
    ev = sc.evaluate(s)
    assert ev.result.loss == pytest.approx(4.9068650660314756e-05, rel=1e-6)


@pytest.mark.parametrize("make", list(PRESETS.values()))
def test_presets_are_valid_and_evaluate(make):
    s = make()
    ev = sc.evaluate(s)
    assert np.isfinite(ev.result.loss)
    assert ev.cosines[s.anchor_index] == pytest.approx(1.0)


def test_evaluate_uses_first_positive_and_says_so():
    s = article_example().added("p3", "positive", [1, 0, 0])
    ev = sc.evaluate(s)
    assert "ignored" in ev.note
    base = sc.evaluate(article_example()).result.loss
    assert ev.result.loss == pytest.approx(base)
    from dataclasses import replace

    sup = sc.evaluate(replace(s, loss="supcon"))
    assert sup.note == "" and sup.result.n_positives == 2


def test_evaluate_in_original_space_and_falls_back_when_moved():
    rng = np.random.default_rng(0)
    feats = rng.normal(size=(4, 16))
    s = sc.Scene(
        names=("a", "p", "n1", "n2"),
        roles=("anchor", "positive", "negative", "negative"),
        colors=("#ffffff",) * 4,
        directions=rng.normal(size=(4, 3)),
        features=tuple(feats),
        temperature=0.3,
    )
    ev = sc.evaluate(s)
    assert ev.original and ev.dimension == 16
    assert ev.result.loss == pytest.approx(info_nce(feats[0], feats[1], feats[2:], 0.3).loss)
    moved = s.with_direction(2, [0, 0, 1])
    ev2 = sc.evaluate(moved)
    assert not ev2.original and ev2.dimension == 3 and "3-D" in ev2.note


def _write(tmp_path, data, raw=None):
    p = tmp_path / "bad.json"
    p.write_bytes(raw if raw is not None else json.dumps(data).encode())
    return p


def _good():
    return sc.scene_to_dict(article_example())


def _mutate(fn):
    d = _good()
    fn(d)
    return d


BAD = [
    (None, b"", "empty"),
    (None, b"{not json", "not valid JSON"),
    (None, b"\xff\xfe\x00", "UTF-8"),
    ([1, 2], None, "JSON object"),
    (_mutate(lambda d: d.update(format="other")), None, "not a contrastive-viz scene"),
    (_mutate(lambda d: d.update(version=99)), None, "newer"),
    (_mutate(lambda d: d.update(version="1")), None, "version"),
    (_mutate(lambda d: d.update(vectors=[])), None, "non-empty list"),
    (_mutate(lambda d: d["vectors"][0].update(role="boss")), None, "role"),
    (_mutate(lambda d: d["vectors"][0].update(name="")), None, "name"),
    (_mutate(lambda d: d["vectors"][1].update(name="p1")), None, "used twice"),
    (_mutate(lambda d: d["vectors"][1].update(xyz=[1, 2])), None, "3 numbers"),
    (_mutate(lambda d: d["vectors"][1].update(xyz=[0, 0, 0])), None, "zero vector"),
    (_mutate(lambda d: d["vectors"][1].update(xyz=[1, "a", 0])), None, "number"),
    (_mutate(lambda d: d["vectors"][1].update(color="red")), None, "colour"),
    (_mutate(lambda d: d["vectors"][1].update(role="anchor")), None, "exactly one anchor"),
    (_mutate(lambda d: d["vectors"][1].update(role="negative")), None, "at least one positive"),
    (_mutate(lambda d: d.update(temperature=0)), None, "temperature"),
    (_mutate(lambda d: d.update(temperature="cold")), None, "temperature"),
    (_mutate(lambda d: d.update(loss="hinge")), None, "unknown loss"),
    (_mutate(lambda d: d.update(triplet_margin=-1)), None, "margin"),
    (_mutate(lambda d: d["vectors"][0].update(features=[1.0])), None, "features"),
    (
        _mutate(
            lambda d: [
                d["vectors"][0].update(features=[1.0, 2.0]),
                d["vectors"][1].update(features=[1.0, 2.0, 3.0]),
            ]
        ),
        None,
        "different dimensions",
    ),
]


@pytest.mark.parametrize(("data", "raw", "message"), BAD)
def test_malformed_files_are_refused_with_a_message(tmp_path, data, raw, message):
    p = _write(tmp_path, data, raw)
    with pytest.raises(sc.SceneError, match=message) as info:
        sc.load_scene(p)
    assert str(info.value).startswith("bad.json: ")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(sc.SceneError, match="does not exist"):
        sc.load_scene(tmp_path / "nope.json")
    with pytest.raises(sc.SceneError, match="folder"):
        sc.load_scene(tmp_path)


def test_interrupted_save_leaves_old_file_intact(tmp_path, monkeypatch):
    target = tmp_path / "scene.json"
    sc.save_scene(article_example(), target)
    before = target.read_bytes()

    def crash(src, dst):
        raise OSError("disk pulled out")

    monkeypatch.setattr(os, "replace", crash)
    other = article_example().added("n6", "negative", [0, 0, 1])
    with pytest.raises(OSError, match="disk pulled out"):
        sc.save_scene(other, target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scene.json"]


def test_scene_edits_validate():
    s = article_example()
    with pytest.raises(sc.SceneError, match="exactly one anchor"):
        s.with_vector(1, role="anchor")
    with pytest.raises(sc.SceneError, match="at least one positive"):
        s.removed(1)
    assert s.unique_name("n") == "n6"
    assert len(s.removed(3)) == len(s) - 1


def test_editing_one_vector_leaves_the_others_bit_identical():
    s = article_example()
    moved = s.with_direction(3, [0.0, 0.0, 2.0])
    keep = [i for i in range(len(s)) if i != 3]
    np.testing.assert_array_equal(moved.directions[keep], s.directions[keep])
    np.testing.assert_allclose(np.linalg.norm(moved.directions, axis=1), 1.0, atol=1e-15)
    assert moved.directions[3].tolist() == [0.0, 0.0, 1.0]
