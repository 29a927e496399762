import csv
import io
import json

import pytest

from contrastive_viz.core.presets import article_example
from contrastive_viz.core.report import evaluation_rows, to_csv, to_json
from contrastive_viz.core.scene import evaluate


def test_rows_carry_the_core_numbers():
    s = article_example()
    ev = evaluate(s)
    rows = evaluation_rows(s, ev)
    assert [r["name"] for r in rows] == list(s.names)
    assert rows[1]["probability"] == ev.result.probabilities[0]
    assert rows[0]["probability"] is None and rows[0]["cosine"] == pytest.approx(1.0)
    assert [r["negative_weight"] for r in rows[2:]] == list(ev.result.negative_weights)


def test_csv_and_json_round_trip_exactly():
    s = article_example()
    ev = evaluate(s)
    doc = json.loads(to_json(s, ev))
    assert doc["loss"] == ev.result.loss and doc["temperature"] == 0.07
    text = to_csv(s, ev)
    assert f"# loss: {ev.result.loss!r}" in text
    body = [line for line in text.splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(body))))
    assert float(rows[2]["logit"]) == ev.result.logits[1]
    assert rows[0]["logit"] == ""


def test_write_coordinates_csv_and_npy(tmp_path):
    import numpy as np

    from contrastive_viz.core.report import write_coordinates

    coords = np.arange(12, dtype=np.float32).reshape(4, 3) / 7
    labels = ["a", "b,c", 'say "hi"', "d"]
    write_coordinates(tmp_path / "c.csv", coords, labels, chunk_rows=3)
    rows = list(csv.reader(io.StringIO((tmp_path / "c.csv").read_text())))
    assert rows[0] == ["index", "label", "pc1", "pc2", "pc3"]
    assert [r[1] for r in rows[1:]] == labels
    np.testing.assert_array_equal(np.array([r[2:] for r in rows[1:]], dtype=np.float32), coords)
    write_coordinates(tmp_path / "c.npy", coords)
    np.testing.assert_array_equal(np.load(tmp_path / "c.npy"), coords)
