"""Run: settings checks, bit-for-bit reproducibility, the change log and its replay."""

import json

import numpy as np
import pytest

from contrastive_viz.core.training import Run, TrainingDiverged, TrainSettings, vectors_data


def _data(labels=True, n=60, d=10, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(3, d)) * 3
    lab = np.arange(n) % 3
    x = centres[lab] + rng.normal(size=(n, d))
    return vectors_data(x, lab if labels else None, "blobs")


def _small(**kw):
    base = dict(batch_size=16, hidden=8, lr=1e-2, noise=0.2, dropout=0.1)
    base.update(kw)
    return TrainSettings(**base)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"batch_size": 1}, "batch_size"),
        ({"batch_size": 2.5}, "batch_size"),
        ({"hidden": 0}, "hidden"),
        ({"out_dim": 1}, "out_dim"),
        ({"temperature": 0.0}, "temperature"),
        ({"temperature": 1e9}, "temperature"),
        ({"lr": -1}, "learning rate"),
        ({"loss": "triplet"}, "loss"),
        ({"optimizer": "lbfgs"}, "optimizer"),
        ({"noise": -0.1}, "noise"),
        ({"seed": -1}, "seed"),
    ],
)
def test_invalid_settings_are_refused_naming_the_field(kwargs, match):
    with pytest.raises(ValueError, match=match):
        TrainSettings(**kwargs)


def test_supcon_without_labels_is_refused_with_the_reason():
    with pytest.raises(ValueError, match="SupCon needs labels"):
        Run(_data(labels=False), _small(loss="supcon"))
    Run(_data(labels=False), _small())  # NT-Xent trains without labels


@pytest.mark.parametrize("loss", ["nt_xent", "supcon"])
def test_same_seed_is_bit_for_bit_and_another_seed_differs(loss):
    runs = [Run(_data(), _small(loss=loss, seed=s)) for s in (5, 5, 6)]
    for run in runs:
        for _ in range(30):
            run.step()
    a, b, c = (r.encoder.params for r in runs)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert [r.loss for r in runs[0].history] == [r.loss for r in runs[1].history]
    assert not np.array_equal(a["W0"], c["W0"])


def test_live_changes_are_logged_and_replayed_bit_for_bit():
    run = Run(_data(), _small())
    for _ in range(10):
        run.step()
    run.set("temperature", 0.5)
    run.set("lr", 0.003)
    for _ in range(5):
        run.step()
    run.set("noise", 0.05)
    run.set("noise", 0.05)  # no change, no entry
    for _ in range(5):
        run.step()
    record = json.loads(json.dumps(run.to_json()))  # survives JSON
    assert record["changes"] == [
        {"step": 10, "setting": "temperature", "value": 0.5},
        {"step": 10, "setting": "lr", "value": 0.003},
        {"step": 15, "setting": "noise", "value": 0.05},
    ]
    again = Run.replay(_data(), record)
    assert again.step_count == 20
    assert all(
        np.array_equal(run.encoder.params[k], again.encoder.params[k]) for k in run.encoder.params
    )
    assert again.settings == run.settings
    plain = Run(_data(), _small())  # without the changes the weights differ
    for _ in range(20):
        plain.step()
    assert not np.array_equal(plain.encoder.params["W0"], run.encoder.params["W0"])


def test_a_live_change_applies_from_the_next_step():
    a, b = Run(_data(), _small()), Run(_data(), _small(temperature=2.0))
    a.set("temperature", 2.0)
    assert a.step().loss == b.step().loss


def test_only_live_settings_change_mid_run_and_values_are_checked():
    run = Run(_data(), _small())
    with pytest.raises(ValueError, match="cannot change"):
        run.set("hidden", 5)
    with pytest.raises(ValueError, match="temperature"):
        run.set("temperature", -1)
    assert run.changes == [] and run.settings.temperature == 0.1


def test_overflowing_weights_stop_the_step_and_keep_the_last_good_weights():
    run = Run(_data(), _small(optimizer="sgd", lr=1e-2))
    run.step()
    good = {k: v.copy() for k, v in run.encoder.params.items()}
    run.set("lr", 1e308)
    with pytest.raises(TrainingDiverged, match="lower learning rate"):
        for _ in range(5):
            run.step()
    assert run.step_count >= 1
    assert all(np.isfinite(v).all() for v in run.encoder.params.values())
    if run.step_count == 1:
        assert all(np.array_equal(good[k], run.encoder.params[k]) for k in good)
