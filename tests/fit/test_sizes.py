import pytest

from fit.sizes import PARIS_POINT_MM, eu_size, shoe_sizes, uk_size

# Published rows. UK/US: the last is 2 barleycorns (2/3 in) longer than the foot,
# UK = 3 x last (in) - 25, US men's = UK + 1, US women's = US men's + 1.5
# (Wikipedia "Shoe size"; Brannock device: men's = 3 x foot (in) - 22).
# EU: size = last length in Paris points, last = foot + 15 mm.
ROWS = [
    # foot mm, UK, US men, US women, EU
    (254.0, 7.0, 8.0, 9.5, 40.5),      # 10 in foot: Brannock men's 8
    (270.9, 9.0, 10.0, 11.5, 43.0),    # 10 2/3 in foot: men's 10
    (237.1, 5.0, 6.0, 7.5, 38.0),      # 9 1/3 in foot: women's 7.5
    (287.9, 11.0, 12.0, 13.5, 45.5),   # 11 1/3 in foot: men's 12
]


@pytest.mark.parametrize("foot, uk, us_men, us_women, eu", ROWS)
def test_published_rows(foot, uk, us_men, us_women, eu):
    sizes = shoe_sizes(foot)
    assert (sizes["uk"], sizes["us_men"], sizes["us_women"], sizes["eu"]) == (uk, us_men, us_women, eu)


def test_formulas():
    assert PARIS_POINT_MM == pytest.approx(6.6667, abs=1e-4)
    assert eu_size(270 - 15) == pytest.approx(270 / PARIS_POINT_MM)   # last 270 mm = EU 40.5
    assert uk_size(25.4 * 25 / 3 - 25.4 * 2 / 3) == pytest.approx(0.0)  # UK adult 0 = 8 1/3 in last


def test_mondopoint_and_width():
    sizes = shoe_sizes(263.0, ball_girth_mm=250.0, ball_width_mm=101.0)
    assert sizes["mondopoint"] == 265 and sizes["mondopoint_width"] == 101
    assert sizes["width"] in ("C", "D", "E", "2E")
    assert shoe_sizes(263.0, ball_girth_mm=270.0)["width_letters"]["us_men"] in ("3E", "4E", "5E")
    assert shoe_sizes(263.0, ball_girth_mm=225.0)["width_letters"]["us_men"] in ("2A", "A", "B")
    assert shoe_sizes(263.0)["width"] is None


def test_sizes_increase_with_length():
    eu = [shoe_sizes(length)["eu"] for length in range(210, 330, 10)]
    assert eu == sorted(eu)
