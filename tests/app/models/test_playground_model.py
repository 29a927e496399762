"""The playground model: per-field events, one evaluation per scene, no Qt needed."""

from dataclasses import replace

import pytest

from contrastive_viz.app.models.playground import PlaygroundModel
from contrastive_viz.core import scene as sc
from contrastive_viz.core.presets import article_example, uniform_negatives


@pytest.fixture
def model():
    return PlaygroundModel(article_example())


def _record(model, *names):
    seen = []
    for name in names:
        getattr(model, name).connect(lambda *args, name=name: seen.append((name, *args)))
    return seen


def test_set_scene_evaluates_once_and_emits_scene_changed(model, monkeypatch):
    calls = []
    real = sc.evaluate
    monkeypatch.setattr(sc, "evaluate", lambda s: calls.append(s) or real(s))
    seen = _record(model, "scene_changed", "structure_changed")
    new = replace(model.scene, temperature=0.5)
    model.set_scene(new)
    assert calls == [new] and seen == [("scene_changed", new)]
    assert model.evaluation.result.loss == real(new).result.loss
    model.set_scene(new)  # the same object: nothing
    assert len(calls) == 1 and len(seen) == 1


def test_structure_changes_come_first_and_reset_an_out_of_range_selection(model):
    model.selected = 6
    seen = _record(model, "scene_changed", "structure_changed", "selected_changed")
    smaller = model.scene.removed(6)
    model.set_scene(smaller)
    # List views reset their rows before they hear that the selection left them.
    assert [s[0] for s in seen] == ["structure_changed", "selected_changed", "scene_changed"]
    assert model.selected is None


def test_fields_emit_only_when_they_change(model):
    seen = _record(model, "selected_changed", "editing_changed", "path_changed")
    model.selected = 2
    model.selected = 2
    model.selected = 99  # out of range: no selection
    model.editing = True
    model.editing = True
    model.path = "a.json"
    model.path = "a.json"
    assert seen == [
        ("selected_changed", 2),
        ("selected_changed", None),
        ("editing_changed", True),
        ("path_changed", model.path),
    ]
    assert model.path.name == "a.json"


def test_the_model_imports_no_qt():
    import subprocess
    import sys

    code = (
        "import sys, contrastive_viz.app.models.playground; "
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'pyqtgraph')]; print(bad); sys.exit(bool(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_bigger_scene_is_evaluated(model):
    model.set_scene(uniform_negatives(30))
    assert model.evaluation.n_negatives == 30
