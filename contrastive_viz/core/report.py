"""The playground's numbers as rows, CSV and JSON, for export and the clipboard."""

from __future__ import annotations

import csv
import io
import json

import numpy as np

from .csv_cells import escape_cell
from .scene import Scene, SceneEvaluation

__all__ = ["evaluation_rows", "summary", "to_csv", "to_json", "write_coordinates"]

FIELDS = ("name", "role", "x", "y", "z", "cosine", "logit", "probability", "negative_weight")


def evaluation_rows(scene: Scene, ev: SceneEvaluation) -> list[dict]:
    """One row per vector with its direction and every number the playground shows."""
    logit, prob, weight = ev.logits, ev.probabilities, ev.negative_weights
    n = len(scene)
    rows = []
    for i in range(n):
        row = {"name": scene.names[i], "role": scene.roles[i]}
        row.update(zip("xyz", (float(v) for v in scene.directions[i]), strict=True))
        for key, arr in (("logit", logit), ("probability", prob), ("negative_weight", weight)):
            row[key] = None if np.isnan(arr[i]) else float(arr[i])
        row["cosine"] = float(ev.cosines[i])
        rows.append({k: row[k] for k in FIELDS})
    return rows


def summary(scene: Scene, ev: SceneEvaluation) -> dict:
    """The scene-level numbers: loss, temperature, dimension and notes."""
    return {
        "loss_name": ev.result.kind,
        "loss": ev.result.loss,
        "temperature": scene.temperature,
        "dimension": ev.dimension,
        "original_space": ev.original,
        "grad_anchor": [float(g) for g in ev.result.grad_anchor],
        "note": ev.note,
    }


def to_csv(scene: Scene, ev: SceneEvaluation) -> str:
    """The rows as CSV, preceded by ``# key: value`` lines with the summary.

    Text cells go through :func:`~contrastive_viz.core.csv_cells.escape_cell` (no
    spreadsheet formulas, lone surrogates written as ``\\udXXX``).
    """
    buf = io.StringIO()
    for key, value in summary(scene, ev).items():
        if key != "grad_anchor":
            buf.write(f"# {key}: {value!r}\n")
    writer = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in evaluation_rows(scene, ev):
        writer.writerow(
            {
                k: ("" if v is None else repr(v) if isinstance(v, float) else escape_cell(v))
                for k, v in row.items()
            }
        )
    return buf.getvalue()


def to_json(scene: Scene, ev: SceneEvaluation) -> str:
    """Summary and rows as a JSON document (floats at full precision)."""
    doc = {**summary(scene, ev), "vectors": evaluation_rows(scene, ev)}
    return json.dumps(doc, indent=2) + "\n"


def write_coordinates(path, coords, labels=None, chunk_rows: int = 100_000):
    """Write projected coordinates (n, k) with optional labels, atomically.

    ``.npy`` stores the float32 coordinates only (labels cannot go in a
    pickle-free .npy of floats); any other suffix writes CSV with a header
    ``index,label,pc1,...`` streamed in chunks, so a million points need no
    big string in memory. Written by :mod:`csv`, with labels through
    :func:`~contrastive_viz.core.csv_cells.escape_cell`.
    """
    from pathlib import Path

    from .atomic import atomic_write

    coords = np.asarray(coords, dtype=np.float32)
    p = Path(path)
    if p.suffix.lower() == ".npy":
        return atomic_write(p, lambda fh: np.save(fh, coords, allow_pickle=False))
    k = coords.shape[1]
    header = (
        ["index"] + (["label"] if labels is not None else []) + [f"pc{j + 1}" for j in range(k)]
    )

    def write(fh):
        text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
        out = csv.writer(text, lineterminator="\n")
        out.writerow(header)
        for start in range(0, coords.shape[0], chunk_rows):
            block = coords[start : start + chunk_rows]
            for i, row in enumerate(block.tolist(), start):
                label = [escape_cell(labels[i])] if labels is not None else []
                out.writerow([i, *label, *map(repr, row)])
        text.flush()
        text.detach()  # atomic_write closes (and fsyncs) the binary file itself

    return atomic_write(p, write)
