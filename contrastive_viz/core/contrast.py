"""Colour contrast (WCAG 2.x) and the Okabe–Ito colour-blind-safe role colours.

Qt-free (the standard library only), so the themes' colours can be checked in
the core's tests.

The contrast ratio of two colours is ``(L1 + 0.05) / (L2 + 0.05)`` with ``L1``
the lighter colour's relative luminance: 1 for equal colours, 21 for black on
white. WCAG asks 3:1 for graphics and large text (success criterion 1.4.11),
which is what the vector roles on the sphere and in the charts need.

Okabe and Ito (2008, "Color Universal Design") chose eight colours that
people with the common forms of colour blindness still tell apart; the roles
take orange (anchor), bluish green (positive), vermillion (negative) and
reddish purple (the gradient arrows). On a light background orange and
reddish purple fall below 3:1; :func:`ensure_contrast` darkens them keeping
their hue.
"""

from __future__ import annotations

import colorsys

__all__ = [
    "OKABE_ITO",
    "OKABE_ITO_ROLES",
    "WCAG_GRAPHICS",
    "contrast_ratio",
    "ensure_contrast",
    "relative_luminance",
]

#: The eight colours of Okabe & Ito's palette.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#e69f00",
    "sky blue": "#56b4e9",
    "bluish green": "#009e73",
    "yellow": "#f0e442",
    "blue": "#0072b2",
    "vermillion": "#d55e00",
    "reddish purple": "#cc79a7",
}
#: The playground's roles in Okabe–Ito colours (before any contrast adjustment).
OKABE_ITO_ROLES: dict[str, str] = {
    "anchor": OKABE_ITO["orange"],
    "positive": OKABE_ITO["bluish green"],
    "negative": OKABE_ITO["vermillion"],
    "gradient": OKABE_ITO["reddish purple"],
}
#: WCAG 2.x minimum contrast for graphical objects and large text.
WCAG_GRAPHICS = 3.0


def _channels(color: str) -> tuple[float, float, float]:
    value = color.strip().lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {color!r}")
    try:
        return tuple(int(value[i : i + 2], 16) / 255.0 for i in (0, 2, 4))  # type: ignore[return-value]
    except ValueError:
        raise ValueError(f"not a #rrggbb colour: {color!r}") from None


def _linear(c: float) -> float:
    """sRGB channel in [0, 1] to linear light (the sRGB transfer function)."""
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str) -> float:
    """WCAG relative luminance of ``"#rrggbb"``: 0 for black, 1 for white.

    ``0.2126 R + 0.7152 G + 0.0722 B`` of the linearised sRGB channels.
    """
    r, g, b = (_linear(c) for c in _channels(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``"#rrggbb"`` colours, in [1, 21] (symmetric)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def ensure_contrast(color: str, background: str, minimum: float = WCAG_GRAPHICS) -> str:
    """``color``, or the nearest shade of it (same hue and saturation, other lightness)
    with at least ``minimum`` contrast against ``background``.

    The lightness moves away from the background's (darker on a light background,
    lighter on a dark one) in steps of 0.005 until the ratio is met.

    Raises
    ------
    ValueError
        For a malformed colour, or when no shade of the hue reaches ``minimum``
        (e.g. ``minimum`` above 21).
    """
    if contrast_ratio(color, background) >= minimum:
        return color.lower()
    h, lightness, s = colorsys.rgb_to_hls(*_channels(color))
    darker = relative_luminance(background) > 0.18  # the grey of equal contrast to both ends
    step = -0.005 if darker else 0.005
    while 0.0 <= lightness <= 1.0:
        lightness = min(max(lightness + step, 0.0), 1.0)
        rgb = colorsys.hls_to_rgb(h, lightness, s)
        shade = "#" + "".join(f"{round(c * 255):02x}" for c in rgb)
        if contrast_ratio(shade, background) >= minimum:
            return shade
        if lightness in (0.0, 1.0):
            break
    raise ValueError(f"no shade of {color} reaches {minimum:g}:1 against {background}")
