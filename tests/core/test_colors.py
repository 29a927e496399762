"""Point colours: the viridis gradient comes from cmap; the label filter mask."""

import numpy as np
from cmap import Colormap

from contrastive_viz.core.colors import (
    MISSING_COLOR,
    color_mapping,
    distinct_colors,
    gradient,
    hex_to_rgb,
)
from contrastive_viz.core.label_filter import filter_mask


def test_gradient_is_cmaps_viridis_and_missing_is_grey():
    t = np.array([0.0, 0.25, 0.5, 1.0, 2.0, np.nan])
    out = gradient(t)
    ref = Colormap("viridis")(np.clip(t[:5], 0, 1), bytes=True)
    np.testing.assert_array_equal(out[:5, :3], ref[:, :3])
    assert tuple(out[5, :3]) == hex_to_rgb(MISSING_COLOR) and (out[:, 3] == 255).all()


def test_distinct_colors_index_every_point():
    for values in ([str(i % 7) for i in range(100)], [str(i) for i in range(100)]):
        mapping = color_mapping(values, len(values), "c")
        names, codes = distinct_colors(mapping)
        rebuilt = np.array([hex_to_rgb(names[c]) for c in codes])
        np.testing.assert_array_equal(rebuilt, mapping.rgba[:, :3])


def test_filter_mask_substring_exact_and_unlabelled():
    categories, codes = ["Cat", "catfish", "dog"], np.array([0, 1, 2, 0, 2])
    np.testing.assert_array_equal(filter_mask("CAT", 5, categories, codes), [1, 1, 0, 1, 0])
    np.testing.assert_array_equal(filter_mask("=cat", 5, categories, codes), [1, 0, 0, 1, 0])
    assert filter_mask("  ", 5, categories, codes).all() and filter_mask("x", 3).all()
