"""Hostile and malformed scene files (issue 9, items 1, 4, 5 and 6).

Special files run in a subprocess bounded in time and private memory (``hostile.py``).
"""

import json
import os

import numpy as np
import pytest

from contrastive_viz.core import scene as sc
from contrastive_viz.core.presets import article_example
from contrastive_viz.core.scene_format import MAX_SCENE_BYTES

from .hostile import assert_refused, call, run_bounded

LOAD = "from contrastive_viz.core.scene import load_scene\n"


def _doc(**changes) -> dict:
    doc = sc.scene_to_dict(article_example())
    doc.update(changes)
    return doc


def _write(tmp_path, doc, name="s.json") -> str:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def _refused(path, *fragments):
    with pytest.raises(sc.SceneError) as info:
        sc.load_scene(path)
    message = str(info.value)
    assert message.startswith(f"{os.path.basename(path)}: "), message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


# ------------------------------------------------------------ special files (item 1)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_link_to_dev_zero_is_refused_in_bounded_memory(tmp_path):
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    out = run_bounded(call(f"load_scene({str(link)!r})", LOAD), timeout=20, max_rss_mb=200)
    assert_refused(out, "SceneError", "zero.json: ", "character device", "/dev/zero")
    assert out.seconds < 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    out = run_bounded(call(f"load_scene({str(fifo)!r})", LOAD), timeout=10, max_rss_mb=200)
    assert_refused(out, "SceneError", "pipe.json: ", "FIFO")


def test_a_link_to_a_fifo_is_refused(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "scene.json"
    link.symlink_to(fifo)
    out = run_bounded(call(f"load_scene({str(link)!r})", LOAD), timeout=10, max_rss_mb=200)
    assert_refused(out, "SceneError", "scene.json: ", "FIFO")


def test_the_64_mb_cap_counts_the_bytes_read(tmp_path):
    big = tmp_path / "big.json"
    with big.open("wb") as fp:
        fp.truncate(MAX_SCENE_BYTES + 1)  # sparse: no disk space used
    out = run_bounded(call(f"load_scene({str(big)!r})", LOAD), timeout=20, max_rss_mb=200)
    assert_refused(out, "SceneError", "big.json: ", "larger than 67.1 MB")


def test_a_link_loop_and_a_folder_are_refused(tmp_path):
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    _refused(loop, "link")
    _refused(tmp_path, "folder")


# ------------------------------------------------- exceptions that escaped (item 5)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"a":' * 50_000 + "1" + "}" * 50_000, "nested too deeply"),
        ("1" * 5000, "digits"),
        (json.dumps(_doc(loss=["info_nce"])), "'loss' must be a string"),
        (json.dumps(_doc(loss={"info_nce": 1})), "'loss' must be a string"),
        (json.dumps(_doc(temperature=10**400)), "too large for a float"),
        (json.dumps(_doc(triplet_margin=-(10**400))), "too large for a float"),
        (json.dumps(_doc(temperature=12345)).replace("12345", "7" * 5000), "digits"),
    ],
)
def test_malformed_json_is_a_scene_error(tmp_path, text, fragment):
    _refused(_write(tmp_path, text), fragment)


def test_bad_entries_inside_vectors_are_scene_errors(tmp_path):
    doc = _doc()
    doc["vectors"][1]["role"] = ["positive"]
    _refused(_write(tmp_path, doc, "a.json"), "'role' must be one of")
    doc = _doc()
    doc["vectors"][1]["xyz"] = [10**400, 0, 0]
    _refused(_write(tmp_path, doc, "b.json"), "too large for a float")
    doc = _doc()
    doc["vectors"][1]["color"] = {"r": 1}
    _refused(_write(tmp_path, doc, "c.json"), "'color' must be '#rrggbb'")
    doc = _doc()
    doc["vectors"][1]["features"] = [[1.0], [2.0]]
    _refused(_write(tmp_path, doc, "d.json"), "'features'")


def test_scene_from_dict_lets_no_other_exception_escape():
    with pytest.raises(sc.SceneError):
        sc.scene_from_dict(_doc(title=None, loss=b"x"))
    with pytest.raises(sc.SceneError):
        sc.scene_from_dict(_doc(vectors=[{"name": "a", "role": {}, "xyz": [1, 0, 0]}]))


# ------------------------------------------------------- normalization (item 4)


@pytest.mark.parametrize(
    "xyz",
    [[1e308, 1e308, 1e308], [1e308, 1e-308, 0.0], [5e-324, 0.0, 0.0], [-1e-320, 1e-320, 0.0]],
)
def test_extreme_coordinates_are_normalized_and_round_trip(tmp_path, xyz):
    doc = _doc()
    doc["vectors"][0]["xyz"] = xyz
    scene = sc.load_scene(_write(tmp_path, doc))
    direction = scene.directions[0]
    np.testing.assert_allclose(np.linalg.norm(direction), 1.0, rtol=1e-15)
    expected = np.sign(xyz) * (np.abs(xyz) == np.max(np.abs(xyz)))
    np.testing.assert_allclose(direction, expected / np.linalg.norm(expected), atol=1e-15)
    assert np.isfinite(sc.evaluate(scene).result.loss)
    saved = sc.save_scene(scene, tmp_path / "again.json")
    assert sc.load_scene(saved) == scene


@pytest.mark.parametrize("value", [1e308, -1e308, 5e-324, 1e-310])
def test_extreme_features_give_finite_numbers(tmp_path, value):
    doc = _doc()
    rng = np.random.default_rng(1)
    for v in doc["vectors"]:
        v["features"] = [float(x) for x in np.sign(rng.standard_normal(5)) * abs(value)]
    scene = sc.load_scene(_write(tmp_path, doc))
    ev = sc.evaluate(scene)
    assert ev.original and np.isfinite(ev.result.loss) and np.isfinite(ev.cosines).all()
    assert sc.load_scene(sc.save_scene(scene, tmp_path / "again.json")) == scene


def test_edits_with_extreme_directions_stay_unit():
    scene = article_example().with_direction(1, [1e308, -1e308, 1e300])
    np.testing.assert_allclose(np.linalg.norm(scene.directions[1]), 1.0)
    with pytest.raises(sc.SceneError, match="finite, non-zero"):
        article_example().with_direction(1, [0.0, 0.0, 0.0])
    with pytest.raises(sc.SceneError, match="finite, non-zero"):
        article_example().with_direction(1, [np.inf, 0.0, 0.0])


# ------------------------------------------------------------- one tau rule (item 6)


@pytest.mark.parametrize("tau", [1e-5, 9.9e-5, 1.0001e4, 1e5, 5e-324])
def test_temperatures_outside_the_offered_range_are_refused(tmp_path, tau):
    _refused(_write(tmp_path, _doc(temperature=tau)), "temperature must lie in [0.0001, 10000]")


@pytest.mark.parametrize("tau", [1e-4, 1e4])
def test_the_ends_of_the_range_are_accepted(tmp_path, tau):
    assert sc.load_scene(_write(tmp_path, _doc(temperature=tau))).temperature == tau


def test_a_scene_built_in_code_follows_the_same_rule():
    from dataclasses import replace

    with pytest.raises(sc.SceneError, match=r"\[0.0001, 10000\]"):
        replace(article_example(), temperature=2e4)
