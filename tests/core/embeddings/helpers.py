"""Writing test files and checking error messages, for the embedding loader tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from contrastive_viz.core.embeddings import EmbeddingFileError, load_embeddings

RNG = np.random.default_rng(7)


def _rows(x: np.ndarray, delim: str = ",", labels: list[str] | None = None) -> list[str]:
    lines = [delim.join(f"{v:.9g}" for v in row) for row in x]
    if labels is not None:
        lines = [f"{lab}{delim}{line}" for lab, line in zip(labels, lines, strict=True)]
    return lines


def _write(path: Path, lines: list[str], end: str = "\n") -> Path:
    path.write_text(end.join(lines) + end, encoding="utf-8", newline="")
    return path


def _matrix(n: int = 6, d: int = 4) -> np.ndarray:
    return RNG.standard_normal((n, d)).astype(np.float32)


def _raises(path: Path, *fragments: str, **kwargs) -> str:
    with pytest.raises(EmbeddingFileError) as info:
        load_embeddings(path, **kwargs)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


class Payload:
    """Unpickling this creates the marker file: proof that a pickle was executed."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def _with_invalid_rows() -> np.ndarray:
    x = _matrix(10, 3)
    x[2, 1] = np.nan
    x[5] = 0.0
    x[7, 0] = np.inf
    return x
