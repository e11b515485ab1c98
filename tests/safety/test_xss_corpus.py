"""The XSS corpus itself: big enough, documented, and the checker really catches what it should.
The runs through every field and both doors are in tests/safety/xss/."""

from community.content import render_markdown
from tests.safety.xss.checks import VECTORS, VECTORS_FILE, findings, has_nul, new_findings


def test_the_corpus_has_over_a_hundred_vectors_and_says_where_they_come_from():
    header = VECTORS_FILE.read_text(encoding="utf-8")[:600]
    assert len(VECTORS) >= 100
    assert len(set(VECTORS)) == len(VECTORS)
    assert (
        "OWASP" in header
        and "PortSwigger" in header
        and "written for this project" in header.lower()
    )
    assert any(has_nul(vector) for vector in VECTORS)
    assert any("\n" in vector for vector in VECTORS)


def test_the_checker_finds_the_vectors_when_nothing_cleans_them():
    # Proof the checks can fail: most vectors, pasted raw into a page, are caught.
    caught = [vector for vector in VECTORS if findings(f"<p>{vector}</p>", fragment=True)]
    assert len(caught) >= 100


def test_the_checker_sees_through_encodings_and_foreign_content():
    for dangerous in [
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
        '<button formaction="JaVaScRiPt:alert(1)">x</button>',
        '<meta http-equiv="refresh" content="0">',
        '<p style="color:red">x</p>',
        '<iframe srcdoc="x"></iframe>',
        "<img src=x onerror=alert(1)>",
    ]:
        assert findings(dangerous, fragment=True), dangerous


def test_the_site_s_own_scripts_are_not_counted_only_new_ones():
    site = '<html><head><script src="/static/js/chat.js" nonce="a"></script></head><body>'
    assert new_findings(site + "<p>hello</p>", site + "<p>x</p>") == []
    assert new_findings(site + "<script>alert(1)</script>", site + "<p>x</p>")


def test_the_content_pipeline_cleans_every_vector():
    survivors = {
        vector: problems
        for vector in VECTORS
        if (problems := findings(render_markdown(vector), fragment=True))
    }
    assert survivors == {}
