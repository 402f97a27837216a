import pytest

from fit.sizes import (
    BARLEYCORN_MM,
    INCH_MM,
    PARIS_POINT_MM,
    eu_size,
    eu_size_of_last,
    mondopoint,
    shoe_sizes,
    uk_size,
    uk_size_of_last,
    us_men_size,
    us_women_size,
)

# Brannock Device men's scale (Brannock Device Co.; as quoted e.g. in "That thing to measure
# your feet", healthystepsdfw.blogspot.com, 2010-03: "a Men's size one is seven and two thirds
# inches. Each additional size is one third inch longer"): foot length (in) -> US men's size.
BRANNOCK_MEN = [(7 + 2 / 3, 1.0), (9.0, 5.0), (10.0, 8.0), (10 + 2 / 3, 10.0), (11.0, 11.0), (12.0, 14.0)]

# Last-length formulas (Wikipedia "Shoe size", quoted in "Shoe sizes", isegoria.net 2012-01-02):
# UK adults = 3 x last (in) - 25; US men's = 3 x last - 24; US women's = 3 x last - 22.5;
# European = 3/2 x last (cm). Rows: last length (in) -> UK, US men's, US women's.
LAST_ROWS = [(8 + 1 / 3, 0.0, 1.0, 2.5), (10 + 2 / 3, 7.0, 8.0, 9.5), (11.0, 8.0, 9.0, 10.5), (12.0, 11.0, 12.0, 13.5)]

# Paris point rows (Continental system: "starts with a child's size of 15 which corresponds to
# an inner length of 10 centimetres ... up to men's size 50 (33.3 centimetres)", euro2.net
# "Euro foot sizing"; ISO/TS 19407:2015: EUR "size grading interval of 6,67 mm, starting at zero").
PARIS_ROWS = [(100.0, 15.0), (333.33, 50.0), (270.0, 40.5), (280.0, 42.0)]

# Whole rows for a foot (foot mm -> UK, US men's, US women's, EU, Mondopoint), from the
# formulas above with the standard allowances (last = foot + 2/3 in; last = foot + 15 mm).
ROWS = [
    (254.0, 7.0, 8.0, 9.5, 40.5, 255),      # 10 in foot: Brannock men's 8
    (270.9, 9.0, 10.0, 11.5, 43.0, 270),    # 10 2/3 in foot: men's 10
    (237.1, 5.0, 6.0, 7.5, 38.0, 235),      # 9 1/3 in foot: women's 7.5
    (287.9, 11.0, 12.0, 13.5, 45.5, 290),   # 11 1/3 in foot: men's 12
]


@pytest.mark.parametrize("foot_in, us_men", BRANNOCK_MEN)
def test_brannock_mens_scale(foot_in, us_men):
    assert us_men_size(foot_in * INCH_MM) == pytest.approx(us_men, abs=1e-9)
    assert shoe_sizes(foot_in * INCH_MM)["us_men"] == us_men


@pytest.mark.parametrize("last_in, uk, us_men, us_women", LAST_ROWS)
def test_last_length_formulas(last_in, uk, us_men, us_women):
    foot_mm = last_in * INCH_MM - 2 * BARLEYCORN_MM  # the standard 2-barleycorn allowance
    assert uk_size_of_last(last_in * INCH_MM) == pytest.approx(uk, abs=1e-9)
    assert (uk_size(foot_mm), us_men_size(foot_mm), us_women_size(foot_mm)) == pytest.approx((uk, us_men, us_women))


@pytest.mark.parametrize("last_mm, eu", PARIS_ROWS)
def test_eu_is_last_length_in_paris_points(last_mm, eu):
    assert PARIS_POINT_MM == pytest.approx(6.667, abs=5e-4)
    assert eu_size_of_last(last_mm) == pytest.approx(eu, abs=0.01)
    assert eu_size(last_mm - 15.0) == pytest.approx(eu_size_of_last(last_mm))  # standard last = foot + 15 mm


@pytest.mark.parametrize("foot, uk, us_men, us_women, eu, mondo", ROWS)
def test_whole_rows(foot, uk, us_men, us_women, eu, mondo):
    sizes = shoe_sizes(foot)
    assert (sizes["uk"], sizes["us_men"], sizes["us_women"], sizes["eu"], sizes["mondopoint"]) == \
        (uk, us_men, us_women, eu, mondo)


@pytest.mark.parametrize("foot, mondo", [(262.4, 260), (262.5, 265), (263.0, 265), (267.49, 265), (270.0, 270)])
def test_mondopoint_is_foot_length_to_5_mm(foot, mondo):
    # ISO 9407: Mondopoint is the foot length in mm; lengths graded in 5 mm steps (DIN 66074-2 range 1)
    assert mondopoint(foot) == mondo


def test_mondopoint_width_and_width_letters():
    sizes = shoe_sizes(263.0, ball_girth_mm=250.0, ball_width_mm=101.0)
    assert sizes["mondopoint"] == 265 and sizes["mondopoint_width"] == 101
    assert sizes["width"] in ("C", "D", "E", "2E")
    assert shoe_sizes(263.0, ball_girth_mm=270.0)["width_letters"]["us_men"] in ("3E", "4E", "5E")
    assert shoe_sizes(263.0, ball_girth_mm=225.0)["width_letters"]["us_men"] in ("2A", "A", "B")
    assert shoe_sizes(263.0)["width"] is None


def test_sizes_increase_with_length():
    eu = [shoe_sizes(length)["eu"] for length in range(210, 330, 10)]
    assert eu == sorted(eu)
