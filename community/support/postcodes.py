"""From a UK postcode to the council that pays personal budgets there, for "near me" in the
directory. A shipped postcode-district table is enough: people type the first half ("HX1") or
the whole postcode, and we never need, or keep, the exact address.

The table is data/postcode_districts.csv (district,council_slug); data/README.md says where it
comes from and how to refresh it.
"""

import csv
import re
from functools import cache
from pathlib import Path

TABLE = Path(__file__).parent / "data" / "postcode_districts.csv"

# The outward code (the district: "HX1", "LS29", "W1A", "EC1A") and, optionally, the inward
# code ("2AB"), with or without the space between them.
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)(?:\s*([0-9][A-Z]{2}))?$")


def postcode_district(postcode: str) -> str | None:
    """ "hx1 2ab", "HX12AB", "HX1", " hx1 " -> "HX1"; None when it is not a UK postcode shape."""
    if not isinstance(postcode, str):
        return None
    text = " ".join(postcode.upper().split())
    match = _POSTCODE.match(text)
    if match is None:
        return None
    return match.group(1)


def council_for_postcode(postcode: str) -> str | None:
    """The council slug (a community.areas code) for the postcode's district, or None when it is
    not a postcode shape or the district is not in the table (outside England, or new)."""
    district = postcode_district(postcode)
    if district is None:
        return None
    return _districts().get(district)


@cache
def _districts() -> dict[str, str]:
    # Read once per process: about 2,300 short rows.
    with TABLE.open(newline="", encoding="utf-8") as table:
        return {row["district"]: row["council_slug"] for row in csv.DictReader(table)}
