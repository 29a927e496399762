"""WCAG contrast maths against published values, and the role shades it adjusts."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contrastive_viz.core.contrast import (
    OKABE_ITO_ROLES,
    contrast_ratio,
    ensure_contrast,
    relative_luminance,
)

colors = st.integers(0, 0xFFFFFF).map(lambda v: f"#{v:06x}")


def test_luminance_ends_and_a_hand_value():
    assert relative_luminance("#000000") == 0.0
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    # #808080: c = 128/255 = 0.50196; ((c + 0.055) / 1.055) ** 2.4 = 0.21586 for each channel
    assert relative_luminance("#808080") == pytest.approx(0.21586, abs=1e-5)
    # pure green: only the G weight
    assert relative_luminance("#00ff00") == pytest.approx(0.7152)


@pytest.mark.parametrize(
    ("a", "b", "ratio"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        # WebAIM's contrast checker: the grey at the AA limit and the one just below it
        ("#767676", "#ffffff", 4.54),
        ("#777777", "#ffffff", 4.48),
        ("#ff0000", "#ffffff", 4.0),  # (1.05) / (0.2126 + 0.05) = 3.998
        ("#0000ff", "#ffffff", 8.59),
    ],
)
def test_contrast_ratio_matches_published_values(a, b, ratio):
    assert contrast_ratio(a, b) == pytest.approx(ratio, abs=0.01)
    assert contrast_ratio(b, a) == contrast_ratio(a, b)


@given(colors, colors)
def test_contrast_ratio_is_in_range(a, b):
    assert 1.0 <= contrast_ratio(a, b) <= 21.0 + 1e-9


@given(colors, st.sampled_from(["#fafafa", "#ffffff", "#16181d", "#000000", "#1f232b"]))
def test_ensure_contrast_reaches_3_to_1_or_keeps_the_colour(color, bg):
    shade = ensure_contrast(color, bg)
    assert contrast_ratio(shade, bg) >= 3.0
    if contrast_ratio(color, bg) >= 3.0:
        assert shade == color


def test_okabe_ito_orange_is_darkened_on_white_keeping_its_hue():
    import colorsys

    orange = OKABE_ITO_ROLES["anchor"]
    assert contrast_ratio(orange, "#fafafa") < 3.0  # why the adjustment exists
    shade = ensure_contrast(orange, "#fafafa")
    assert 3.0 <= contrast_ratio(shade, "#fafafa") < 3.2  # the nearest passing shade

    def hue(c):
        return colorsys.rgb_to_hls(*(int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)))[0]

    assert hue(shade) == pytest.approx(hue(orange), abs=0.01)
    assert relative_luminance(shade) < relative_luminance(orange)


def test_bad_colours_are_refused():
    with pytest.raises(ValueError, match="rrggbb"):
        relative_luminance("red")
    with pytest.raises(ValueError, match="no shade"):
        ensure_contrast("#808080", "#ffffff", minimum=25)
