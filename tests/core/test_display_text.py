"""Elided labels and capped tooltips (core.display_text, core.point_info)."""

from pathlib import Path

import numpy as np

from contrastive_viz.core.display_text import DISPLAY_CHARS, TOOLTIP_CHARS, cap_tooltip, elide
from contrastive_viz.core.embeddings import EmbeddingSet
from contrastive_viz.core.point_info import describe, tooltip_html


def test_elide_keeps_short_text_and_cuts_long_text():
    assert elide("cat") == "cat" and elide(12) == "12"
    long = elide("x" * 5_000_000)
    assert len(long) == DISPLAY_CHARS and long.endswith("…")
    assert elide("a\nb\tc\r\nd") == "a b c d"
    assert elide("abcdef", 4) == "abc…"


def test_cap_tooltip():
    assert cap_tooltip("short") == "short"
    assert len(cap_tooltip("y" * 10_000)) == TOOLTIP_CHARS


def test_a_huge_label_gives_a_short_tooltip_but_stays_whole():
    x = np.ones((3, 4), np.float32)
    labels = ["z" * 5_000_000, "b", "c"]
    meta = {"label": labels, "text": ["<" * 1_000_000, "", ""]}
    ds = EmbeddingSet(x, labels, meta, "label", Path("t.npy"), np.full(3, 2.0, np.float32))
    tip = tooltip_html(describe(ds, 0))
    assert len(tip) <= TOOLTIP_CHARS and "zzz…" in tip and "&lt;…" in tip
    assert len(ds.labels[0]) == 5_000_000
