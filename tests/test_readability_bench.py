"""bench/readability.py reads a page as a sighted reader meets it: each heading, label, list
item and button its own sentence, hidden text left out."""

from bench.readability import sentences_of

PAGE = """<html><body>
<header><a href="/">Alongside</a><nav><ul><li><a href="/forums/">Forums</a></li></ul></nav></header>
<main>
  <h1>Find an advisor</h1>
  <p>Advisors are volunteers. If you need help straight away, <a href="/help/">get help now</a>.</p>
  <label for="q">Search <span class="optional">(optional)</span></label>
  <span class="visually-hidden">Error:</span>
  <div hidden>Nothing here is seen</div>
  <span aria-hidden="true">★</span>
  <select><option>Calderdale</option><option>Kirklees</option></select>
  <ul><li>Next drop-in: 3:30 p.m. to 5 p.m.</li><li>Is it free?</li></ul>
  <a class="button" href="/ask/">Ask a question</a><a class="button" href="/search/">Search</a>
  <input type="submit" value="Show advisors">
  <script>var ignored = "yes";</script>
</main>
<footer><p>Contact us</p></footer>
</body></html>"""


def test_each_block_of_the_main_text_is_a_sentence_with_a_full_stop():
    assert sentences_of(PAGE) == [
        "Find an advisor.",
        "Advisors are volunteers.",
        "If you need help straight away, get help now.",
        "Search (optional).",
        "Next drop-in: 3:30 p.m. to 5 p.m.",
        "Is it free?",
        "Ask a question.",
        "Search.",
        "Show advisors.",
    ]


def test_the_whole_page_takes_in_the_header_and_footer_too():
    sentences = sentences_of(PAGE, scope="body")
    assert sentences[:2] == ["Alongside.", "Forums."]
    assert sentences[-1] == "Contact us."
