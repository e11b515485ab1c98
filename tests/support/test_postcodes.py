"""Postcodes for "near me": the district from what people type, and the council from the
shipped table."""

import csv

import pytest

from community.areas import AREA_CHOICES
from community.support.postcodes import TABLE, council_for_postcode, postcode_district


@pytest.mark.parametrize("typed", ["hx1 2ab", "HX12AB", "HX1", " hx1 ", "HX1  2AB", "hX1 2aB"])
def test_every_usual_way_of_typing_a_postcode_gives_its_district(typed):
    assert postcode_district(typed) == "HX1"


@pytest.mark.parametrize(
    "typed, district",
    [("LS29 8AA", "LS29"), ("W1A 1AA", "W1A"), ("EC1A1BB", "EC1A"), ("M1", "M1"), ("B33", "B33")],
)
def test_districts_of_every_shape(typed, district):
    assert postcode_district(typed) == district


@pytest.mark.parametrize(
    "typed", ["", "   ", "Halifax", "HX", "12AB", "HX1 2", "HX1 2A", "HX1 2ABC", "HX1-2AB", None]
)
def test_anything_that_is_not_a_postcode_gives_none(typed):
    assert postcode_district(typed) is None
    assert council_for_postcode(typed) is None


@pytest.mark.parametrize(
    "postcode, council",
    [
        ("HX1 2AB", "calderdale"),
        ("hx7", "calderdale"),
        ("LS1 4DY", "leeds"),
        ("LS29 9AA", "bradford"),  # Ilkley: a Leeds postcode, Bradford's council
        ("S1 2HE", "sheffield"),
        ("SW1A 1AA", "westminster"),
        ("EC1A 1BB", "city-of-london"),
        ("TR21 0HE", "isles-of-scilly"),
        ("CA1 1AA", "cumberland"),
        ("LA9 4DQ", "westmorland-and-furness"),
        ("TA1 1AA", "somerset"),
        ("YO1 7HH", "york"),
        ("CB2 1TN", "cambridgeshire"),
    ],
)
def test_known_districts_find_their_council(postcode, council):
    assert council_for_postcode(postcode) == council


@pytest.mark.parametrize("postcode", ["EH1 1AA", "CF10 1AA", "BT1 1AA", "ZZ9 9ZZ"])
def test_postcodes_outside_england_or_unknown_find_no_council(postcode):
    assert council_for_postcode(postcode) is None


def test_every_council_in_the_table_is_a_real_area_and_every_area_is_reached():
    with TABLE.open(newline="", encoding="utf-8") as table:
        rows = list(csv.DictReader(table))
    areas = {code for code, _ in AREA_CHOICES}
    councils = {row["council_slug"] for row in rows}
    assert councils - areas == set()
    assert areas - councils == set()
    districts = [row["district"] for row in rows]
    assert len(districts) == len(set(districts))
    assert all(postcode_district(district) == district for district in districts)
