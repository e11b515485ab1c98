"""The XSS corpus and the checks run on every page and API answer that shows it.

Pages are read with html5lib, a real HTML5 parser, so what we inspect is what a browser builds,
not what a regular expression guesses. The site's own scripts, styles and links are not counted:
each page is compared with the same page showing harmless text, and only what is new is a finding.
"""

import json
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import lru_cache
from pathlib import Path

import html5lib

VECTORS_FILE = Path(__file__).resolve().parents[2] / "data" / "xss_vectors.txt"

# Elements that must never come from what people write.
FORBIDDEN_TAGS = frozenset(
    {"script", "style", "iframe", "object", "embed", "base", "link", "applet", "frame", "frameset"}
)
# Attributes a browser follows or runs as an address.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "srcdoc", "data", "poster", "background", "codebase"}
)
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
# Browsers ignore these anywhere in a scheme ("jav\tascript:" still runs).
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f-\x9f]+")
# Values that change between two renders of the same page and say nothing about safety.
_VOLATILE_ATTRIBUTES = frozenset({"nonce", "value", "content", "title", "aria-label"})


def load_vectors() -> list[str]:
    """Every vector in the corpus, with the two escapes the file documents turned into text."""
    vectors = []
    for line in VECTORS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        vectors.append(line.replace("\\x00", "\x00").replace("\\n", "\n"))
    return vectors


VECTORS = load_vectors()


def has_nul(vector: str) -> bool:
    return "\x00" in vector


def _local(name: str) -> str:
    """ "{http://www.w3.org/1999/xlink}href" -> "href"; html5lib names foreign content that way."""
    return name.rsplit("}", 1)[-1].lower()


def _is_bad_address(value: str) -> bool:
    return _IGNORED_IN_SCHEME.sub("", value).lower().startswith(BAD_SCHEMES)


def _problems_of(element) -> list[str]:
    tag = _local(element.tag) if isinstance(element.tag, str) else ""
    problems = []
    if tag in FORBIDDEN_TAGS:
        problems.append(f"<{tag}> element")
    for raw_name, value in element.attrib.items():
        name = _local(raw_name)
        if tag == "meta" and name == "http-equiv":
            problems.append("<meta http-equiv>")
        if name.startswith("on"):
            problems.append(f"event handler {name}=")
        if name == "style":
            problems.append("style attribute")
        if name == "srcdoc":
            problems.append("srcdoc attribute")
        if name in URL_ATTRIBUTES and _is_bad_address(value):
            problems.append(f"{name}={value!r}")
    return problems


def _signature(element) -> str:
    """What makes an element the same element in two renders of a page."""
    attributes = sorted(
        (_local(name), "" if _local(name) in _VOLATILE_ATTRIBUTES else value)
        for name, value in element.attrib.items()
    )
    text = (element.text or "")[:200] if _local(element.tag) in {"script", "style"} else ""
    return json.dumps([_local(element.tag), attributes, text])


def findings(html: str, *, fragment: bool = False) -> dict[str, str]:
    """Each dangerous element of a page: its signature -> the problem and the element as HTML."""
    parse = html5lib.parseFragment if fragment else html5lib.parse
    tree = parse(html, treebuilder="etree", namespaceHTMLElements=False)
    found = {}
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue  # comments
        problems = _problems_of(element)
        if problems:
            snippet = html5lib.serialize(element, tree="etree")[:300]
            found[_signature(element)] = f"{', '.join(problems)}: {snippet}"
    return found


@lru_cache(maxsize=64)
def _baseline_findings(baseline: str) -> frozenset[str]:
    """A baseline page is compared with many pages: parse it once."""
    return frozenset(findings(baseline))


def new_findings(page: str, baseline: str) -> list[str]:
    """What the page has that the same page with harmless text has not."""
    known = _baseline_findings(baseline)
    return [problem for key, problem in findings(page).items() if key not in known]


def html_fields(data) -> Iterable[tuple[str, str]]:
    """Every `*_html` string anywhere in an API answer, with where it was."""
    stack = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            for key, inner in value.items():
                if key.endswith("_html") and isinstance(inner, str):
                    yield f"{where}.{key}", inner
                else:
                    stack.append((f"{where}.{key}", inner))
        elif isinstance(value, list):
            stack.extend((f"{where}[{n}]", inner) for n, inner in enumerate(value))


def api_findings(data) -> list[str]:
    """Dangerous HTML in any `*_html` field of an API answer (these hold only user content)."""
    return [
        f"{where}: {problem}"
        for where, text in html_fields(data)
        for problem in findings(text, fragment=True).values()
    ]


@dataclass
class Tally:
    """What happened to each vector in one field through one door: stored, refused, or a
    survivor (something dangerous reached a page or an API answer)."""

    field: str
    stored: int = 0
    refused: list[str] = dataclass_field(default_factory=list)
    survivors: list[str] = dataclass_field(default_factory=list)

    def page_write(self, vector: str, response, *, form_baseline: str) -> bool:
        """A form sent through a page: a redirect means stored; a 400 or 429 form comes back with
        the text kept, and that page is checked too."""
        assert response.status_code in {200, 302, 303, 400}, (self.field, vector, response)
        if response.status_code in {302, 303}:
            self.stored += 1
            return True
        self.check_page(vector, response.content.decode(), form_baseline)
        if response.status_code == 400:
            self.refused.append(vector)
            return False
        self.stored += 1
        return True

    def api_write(self, vector: str, response) -> bool:
        assert response.status_code in {200, 201, 400}, (self.field, vector, response)
        data = response.json()
        if response.status_code == 400:
            assert data.get("code"), (self.field, vector, data)
            self.refused.append(vector)
            return False
        self.check_api(vector, data)
        self.stored += 1
        return True

    def check_page(self, where: str, page: str, baseline: str) -> None:
        self.survivors.extend(f"{where!r}: {problem}" for problem in new_findings(page, baseline))

    def check_api(self, where: str, data) -> None:
        self.survivors.extend(f"{where!r}: {problem}" for problem in api_findings(data))

    def assert_clean(self, *, at_least: int) -> None:
        """No survivors; refusals only where the field's own rules say no (NUL bytes, length)."""
        print(f"{self.field}: stored {self.stored}, refused {len(self.refused)}")
        assert self.survivors == [], self.survivors
        assert self.stored >= at_least, (self.field, self.stored, self.refused)


DOORS = ("page", "api")


def by_door(field: str) -> list[tuple[str, str]]:
    """Every vector once through each field, the doors taking turns: each door (the page's form
    and the API) carries half the corpus for every field, and which half is turned round from
    field to field, so across the fields every vector goes through both doors. (Every vector
    through both doors of every field doubled the writes, about three more minutes of CI, for
    one sanitising pipeline that both doors reach through the same service.)"""
    start = zlib.crc32(field.encode()) % len(DOORS)
    return [(DOORS[(start + n) % len(DOORS)], vector) for n, vector in enumerate(VECTORS)]


def sample(items: list, *, every: int = 7) -> list:
    """Some of many detail pages (the first, the last and each `every`th): the pages that show
    many items at once, and the API's `*_html` for each item, cover all of them."""
    return [item for n, item in enumerate(items) if n % every == 0 or n == len(items) - 1]


WITHOUT_NUL = sum(not has_nul(vector) for vector in VECTORS)


def follow_api_pages(tally: Tally, client, url: str, *, limit: int = 50) -> None:
    """Check every page of an API list, following `next` (cursor or page numbers)."""
    for _ in range(limit):
        if not url:
            return
        data = client.get(url).json()
        tally.check_api(url, data)
        url = data.get("next") if isinstance(data, dict) else None
