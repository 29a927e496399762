"""Pure screen geometry: where a dragged tip goes, where the hover card goes."""

import numpy as np

from contrastive_viz.core.screen import place_card
from contrastive_viz.core.sphere import drag_on_sphere

EYE = np.array([0.0, 0.0, 4.0])


def ray_to(x, y):
    return EYE, np.array([x, y, -4.0])


def test_a_front_tip_stays_on_the_front_while_the_ray_meets_the_sphere():
    point, back = drag_on_sphere(*ray_to(0.3, 0.2), back=False)
    assert not back and point[2] > 0
    np.testing.assert_allclose(np.linalg.norm(point), 1.0)


def test_a_back_tip_stays_on_the_back_then_comes_over_the_rim_to_the_front():
    point, back = drag_on_sphere(*ray_to(0.3, 0.2), back=True)
    assert back and point[2] < 0
    rim, back = drag_on_sphere(*ray_to(3.0, 0.0), back=True)  # the ray misses
    assert not back and rim[2] >= 0.25 - 1e-9  # on the rim (z = 1/4 from the eye) or before it
    again, back = drag_on_sphere(*ray_to(0.0, 0.0), back=back)
    assert not back
    np.testing.assert_allclose(again, [0.0, 0.0, 1.0], atol=1e-12)


def test_near_the_rim_both_hemispheres_meet():
    # the silhouette from EYE: the ray tangent to the unit sphere
    t = 1 / np.sqrt(15)  # tan of the half-angle of the cone from distance 4
    front, _ = drag_on_sphere(EYE, [t * 0.999, 0, -1], back=False)
    back, _ = drag_on_sphere(EYE, [t * 0.999, 0, -1], back=True)
    assert np.linalg.norm(front - back) < 0.1


def test_the_card_avoids_the_points_it_must_not_cover():
    size, bounds = (100.0, 40.0), (400.0, 300.0)
    x, y = place_card((200, 150), size, bounds, np.array([[200, 150]]), 10, 10)
    assert (x, y) == (210, 160)  # right and below, the usual place
    blocked = np.array([[200, 150], [260, 175]])  # something right below
    x, y = place_card((200, 150), size, bounds, blocked, 10, 10)
    for px, py in blocked:
        assert not (x - 10 < px < x + 110 and y - 10 < py < y + 50)
    assert 0 <= x <= 300 and 0 <= y <= 260


def test_the_card_stays_inside_the_view():
    x, y = place_card((395, 295), (100, 40), (400, 300), np.array([[395, 295]]), 8, 5)
    assert 0 <= x <= 300 and 0 <= y <= 260
