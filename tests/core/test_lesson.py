"""Lessons: scene format version 2, the shipped lessons, and hostile lesson files."""

import json
import os
from pathlib import Path

import numpy as np
import pytest

from contrastive_viz.core import scene as sc
from contrastive_viz.core.lesson import (
    TEXT_FIELDS,
    LessonText,
    builtin_lessons,
    lesson_from_dict,
    load_lesson,
)
from contrastive_viz.core.lesson_check import evaluate_check
from contrastive_viz.core.presets import PRESETS, article_example

ROOT = Path(__file__).resolve().parents[2]
V1_ASSET = ROOT / "assets" / "scenes" / "article-example.json"
LESSON = {
    "caption": {"en": "Cosine", "zh_CN": "余弦"},
    "task": "Drag p2 away.",
    "check": {"metric": "cosine", "of": "p2", "below": 0.5},
}


def _doc(lesson=LESSON, version=2) -> dict:
    doc = sc.scene_to_dict(article_example())
    doc.update(version=version, lesson=lesson)
    return doc


def _write(tmp_path, doc, name="l.cvscene.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


# ----------------------------------------------------------------- version 1 and 2


def test_version_1_files_keep_loading():
    raw = json.loads(V1_ASSET.read_text(encoding="utf-8"))
    assert raw["version"] == 1 and "lesson" not in raw
    assert sc.load_scene(V1_ASSET) == article_example()


@pytest.mark.parametrize("name", list(PRESETS))
def test_plain_scenes_are_still_saved_as_version_1(tmp_path, name):
    path = sc.save_scene(PRESETS[name](), tmp_path / "s.json")
    assert json.loads(path.read_text())["version"] == 1
    assert sc.load_scene(path) == PRESETS[name]()


def test_a_lesson_file_loads_as_a_lesson_and_as_a_scene(tmp_path):
    path = _write(tmp_path, _doc())
    lesson = load_lesson(path)
    assert lesson.scene == article_example() == sc.load_scene(path)
    assert lesson.text("caption", "zh_CN") == "余弦"
    assert lesson.text("caption", "en") == "Cosine"
    assert lesson.text("task", "zh_CN") == "Drag p2 away."  # English when no Chinese
    assert lesson.text("hint") == "" and lesson.text("explanation") == ""
    assert lesson.check[0].of == "p2" and lesson.check[0].below == 0.5


def test_text_falls_back_from_region_to_language_to_english():
    text = LessonText((("en", "hello"), ("zh", "你好"), ("fr_FR", "bonjour")))
    assert text.get("zh_TW") == "你好"
    assert text.get("fr") == "bonjour"
    assert text.get("de") == "hello"
    assert LessonText((("zh_CN", "你好"),)).get("de") == "你好"


def test_a_plain_scene_is_not_a_lesson(tmp_path):
    doc = sc.scene_to_dict(article_example())
    with pytest.raises(sc.SceneError, match="not a lesson"):
        lesson_from_dict(doc)
    path = _write(tmp_path, doc, "plain.json")
    with pytest.raises(sc.SceneError, match=r"^plain\.json: this scene is not a lesson"):
        load_lesson(path)


# ----------------------------------------------------------------- hostile lesson files


def _refused(tmp_path, doc, *fragments):
    path = _write(tmp_path, doc)
    for load in (load_lesson, sc.load_scene):  # opened as a scene, it is refused too
        with pytest.raises(sc.SceneError) as info:
            load(path)
        message = str(info.value)
        assert message.startswith(f"{path.name}: "), message
        for fragment in fragments:
            assert fragment in message, f"{fragment!r} not in {message!r}"


def _with(**changes):
    lesson = dict(LESSON)
    lesson.update(changes)
    return {k: v for k, v in lesson.items() if v is not None}


HOSTILE = [
    (_doc(version=1), "needs format version 2"),
    (_doc(version=3), "newer than this app understands"),
    (_doc(lesson="learn!"), "'lesson' must be an object"),
    (_doc(lesson=[LESSON]), "'lesson' must be an object"),
    (_doc(_with(check=None)), "'lesson' needs 'check'"),
    (_doc(_with(caption=None)), "'lesson' needs 'caption'"),
    (_doc(_with(hitn="typo")), "unknown field 'hitn'"),
    (_doc(_with(caption=42)), "'lesson.caption' must be a string or an object"),
    (_doc(_with(caption={})), "'lesson.caption' must be a string or an object"),
    (_doc(_with(task={"english": "x"})), "not a language code"),
    (_doc(_with(task={"en": ["x"]})), "'lesson.task' (en) must be a string"),
    (_doc(_with(hint="x" * 4001)), "longer than 4000 characters"),
    (_doc(_with(task={f"l{chr(97 + i)}{chr(97 + j)}": "x" for i in range(6) for j in range(6)})),
     "at most 32"),
    (_doc(_with(check={"metric": "accuracy", "above": 0})), "'lesson.check': 'metric'"),
    (_doc(_with(check={"metric": "cosine", "of": "nobody", "below": 1})), "must name a vector"),
    (_doc(_with(check={"metric": "loss", "above": 10**400})), "'above' is too large"),
    (_doc(_with(check=[{"metric": "loss", "above": 0}, 7])), "'lesson.check'[1] must be"),
]  # fmt: skip


@pytest.mark.parametrize(("doc", "message"), HOSTILE)
def test_hostile_lesson_files_are_refused_clearly(tmp_path, doc, message):
    _refused(tmp_path, doc, message)


def test_a_deeply_nested_check_is_refused(tmp_path):
    path = tmp_path / "deep.cvscene.json"
    doc = json.dumps(_doc(_with(check="HOLE")))
    path.write_text(doc.replace('"HOLE"', "[" * 100_000 + "]" * 100_000), encoding="utf-8")
    with pytest.raises(sc.SceneError, match=r"^deep\.cvscene\.json: .*nested too deeply"):
        load_lesson(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_like_a_lesson_is_refused(tmp_path):
    from .hostile import assert_refused, call, run_bounded

    fifo = tmp_path / "01-x.cvscene.json"
    os.mkfifo(fifo)
    head = "from contrastive_viz.core.lesson import load_lesson\n"
    out = run_bounded(call(f"load_lesson({str(fifo)!r})", head), timeout=10, max_rss_mb=200)
    assert_refused(out, "SceneError", "01-x.cvscene.json: ", "FIFO")


# ----------------------------------------------------------------- the shipped lessons


LESSONS = builtin_lessons()


def test_at_least_eight_lessons_ship_in_order():
    assert len(LESSONS) >= 8
    assert [p.name[:3] for p in LESSONS[:8]] == [f"{i:02d}-" for i in range(1, 9)]
    assert all(p.name.endswith(".cvscene.json") for p in LESSONS)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_each_lesson_is_complete_in_both_languages_and_not_done_at_start(path):
    lesson = load_lesson(path)
    for field in TEXT_FIELDS:
        text = getattr(lesson, field)
        assert set(text.languages) == {"en", "zh_CN"}, (path.name, field)
        assert text.get("en") and text.get("zh_CN")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text.get("zh_CN"))
    result = evaluate_check(lesson.check, lesson.scene, sc.evaluate(lesson.scene))
    assert not result.passed and all(v is not None for v in result.values)
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 2


def test_lessons_2_and_3_start_from_the_article_and_show_its_numbers():
    two, three = (load_lesson(p) for p in LESSONS[1:3])
    article = article_example()
    for lesson in (two, three):
        np.testing.assert_array_equal(lesson.scene.directions, article.directions)
        assert lesson.scene.names == article.names and lesson.scene.roles == article.roles
    ev = sc.evaluate(two.scene)
    assert two.scene.temperature == 1.0
    probs = ev.probabilities[list(ev.order)]
    expected = [0.4296791, 0.0633071, 0.2145353, 0.1083572, 0.1013523, 0.0827687]
    np.testing.assert_allclose(probs, expected, atol=1e-7)  # the article truncates
    assert "0.4296791" in two.text("caption")
    ev = sc.evaluate(three.scene)
    assert three.scene.temperature == 0.07
    # unit to ~3e-9, so normalizing moves the 8th digit only (DESIGN.md)
    assert ev.result.loss == pytest.approx(4.9068650660314756e-05, rel=1e-6)
    assert "4.9068650660314756e-05" in three.text("caption")


def test_lessons_import_no_qt_and_dash_dash_lesson_parses_without_qt():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import contrastive_viz.core.lesson, contrastive_viz.core.lesson_check\n"
        "from contrastive_viz.cli import build_parser\n"
        "assert build_parser().parse_args(['--lesson', '8']).lesson == 8\n"
        "bad = [m for m in ('PySide6', 'pyqtgraph', 'sklearn', 'psygnal') if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
