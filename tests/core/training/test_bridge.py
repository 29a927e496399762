"""One anchor of a step's batch sent to the playground: its loss is that anchor's term."""

import numpy as np
import pytest

from contrastive_viz.core.losses import info_nce, nt_xent, supcon, supcon_anchor
from contrastive_viz.core.training import Run, TrainSettings, vectors_data
from contrastive_viz.core.training.bridge import anchor_batch, anchor_terms


def _run(loss):
    rng = np.random.default_rng(0)
    lab = np.arange(80) % 4
    data = vectors_data(rng.normal(size=(4, 12))[lab] * 2 + rng.normal(size=(80, 12)), lab)
    run = Run(data, TrainSettings(loss=loss, batch_size=20, hidden=16, temperature=0.2))
    for _ in range(5):
        record = run.step()
    return run, record


def test_nt_xent_anchor_term_is_the_playgrounds_info_nce():
    run, record = _run("nt_xent")
    b = run.last_batch
    assert b.step == record.step == 5
    terms = anchor_terms(b.u, b.temperature)
    assert np.mean(terms) == record.loss  # the step's loss, to the last bit
    n = b.u.shape[0] // 2
    assert record.loss == nt_xent(b.u[:n], b.u[n:], b.temperature)
    for i in (0, 7, n, 2 * n - 1):
        sel = anchor_batch(2 * n, i)
        assert sel.positives == ((i + n) % (2 * n),)
        assert len(sel.negatives) == 2 * n - 2 and i not in sel.negatives
        pg = info_nce(b.u[i], b.u[list(sel.positives)[0]], b.u[list(sel.negatives)], b.temperature)
        assert pg.loss == pytest.approx(terms[i], rel=1e-12)


def test_supcon_anchor_term_is_the_playgrounds_supcon():
    run, record = _run("supcon")
    b = run.last_batch
    n = b.u.shape[0] // 2
    terms = anchor_terms(b.u, b.temperature, "supcon", b.labels)
    assert np.nanmean(terms) == pytest.approx(record.loss, rel=1e-13)
    assert record.loss == supcon(b.u, np.concatenate([b.labels, b.labels]), b.temperature)
    for i in (0, 3, n + 1):
        sel = anchor_batch(2 * n, i, "supcon", b.labels)
        lab2 = np.concatenate([b.labels, b.labels])
        assert (i + n) % (2 * n) in sel.positives
        assert all(lab2[p] == lab2[i] for p in sel.positives)
        assert all(lab2[k] != lab2[i] for k in sel.negatives)
        assert len(sel.positives) + len(sel.negatives) == 2 * n - 1
        pg = supcon_anchor(
            b.u[i], b.u[list(sel.positives)], b.u[list(sel.negatives)], b.temperature
        )
        assert pg.loss == pytest.approx(terms[i], rel=1e-12)


def test_bad_anchor_requests_are_refused():
    with pytest.raises(ValueError, match="index"):
        anchor_batch(10, 10)
    with pytest.raises(ValueError, match="labels"):
        anchor_batch(10, 0, "supcon")
