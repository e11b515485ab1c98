from community.content import render_markdown


def test_markdown_becomes_html():
    assert render_markdown("**Yes**, you can.") == "<p><strong>Yes</strong>, you can.</p>"


def test_raw_html_is_shown_as_text_not_run():
    html = render_markdown('<script>alert("x")</script><img src=x onerror=alert(1)>')
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html


def test_javascript_links_are_dropped():
    html = render_markdown("[click](javascript:alert(1))")
    assert "javascript:" not in html.replace("[click](javascript:alert(1))", "")
    assert "<a" not in html


def test_links_get_nofollow_ugc_noopener():
    html = render_markdown("[NHS](https://www.nhs.uk) and https://www.gov.uk")
    assert html.count('rel="nofollow ugc noopener"') == 2


def test_headings_start_below_the_page_heading():
    assert render_markdown("# My story").startswith("<h3>")


def test_empty_text_gives_empty_html():
    assert render_markdown("   \n") == ""
