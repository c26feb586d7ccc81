"""HTML pages whose extracted "article" is a caption, a teaser or template code: a warning, not a silent audit."""
from __future__ import annotations

import json
from pathlib import Path

from audit.ingest.html import extraction_warnings, visible_text_length
from audit.ingest.read import read_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
STORY = ("Afghan security officials said Taliban militants seized control of a key district in western "
         "Afghanistan on Thursday, including a major border crossing with Iran. ")
CAPTION = "Smoke rises over Qala-e-Naw after Taliban fighters attacked the city on Wednesday, officials said."


def _page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head><title>News</title>{head}</head><body>{body}</body></html>"


def test_a_real_article_page_gives_no_warning():
    assert read_document(FIXTURES / "news_page.html").warnings == ()


def test_a_caption_of_a_script_built_page_is_flagged(tmp_path):
    # The article lives in a JSON blob for JavaScript; only the photo caption is in the markup.
    blob = json.dumps({"props": {"article": {"body": STORY * 80}}})  # 13 KB of HTML in all
    page = tmp_path / "page.html"
    page.write_text(_page(f"<main><article><figure><img src='a.jpg'><figcaption>{CAPTION}</figcaption>"
                          "</figure></article></main><div id='root'></div>",
                          head=f"<script id='__NEXT_DATA__' type='application/json'>{blob}</script>"))
    doc = read_document(page)
    assert doc.text == CAPTION
    [w] = doc.warnings
    assert w.startswith(f"{page}: only {len(CAPTION)} characters of article text were extracted from ")
    assert "KB of HTML" in w and "is this an article page?" in w and "pass that instead" in w


def test_a_short_hand_made_page_that_is_all_text_is_not_flagged():
    raw = _page(f"<p>{STORY}</p>")
    assert extraction_warnings(raw, STORY.strip(), "brief.html") == []


def test_a_tiny_share_of_the_visible_text_is_flagged():
    listing = "".join(f"<p>{STORY} Item {i}.</p>" for i in range(60))  # a front page: 60 teasers
    raw = _page(listing)
    assert visible_text_length(raw) > 9000
    [w] = extraction_warnings(raw, STORY * 1, "front.html")
    assert f"only {len(STORY)} characters of article text" in w
    # ... while a long article on the same page (most of what a reader sees) passes.
    assert extraction_warnings(raw, STORY * 40, "front.html") == []


def test_visible_text_leaves_out_scripts_styles_and_head():
    raw = _page("<p>Hello world</p><script>var x = 1;</script><style>p{color:red}</style>",
                head="<meta name='description' content='not shown'>")
    assert visible_text_length(raw) == len("Hello world")


def test_unrendered_angular_template_is_flagged(tmp_path):
    page = tmp_path / "angular.html"
    page.write_text(_page(
        "<main ng-app='news'><article><h1>{{ article.title }}</h1>"
        "<p class='byline'>By {{ article.author.name }} | {{ article.date | date:'longDate' }}</p>"
        "<p>{{ article.lead }}</p><p ng-repeat='p in article.paragraphs'>{{ p.text }} {{ p.footnote }}</p>"
        "<p>Share this story: {{ share.url }} on {{ share.network }} and {{ share.other }}</p></article></main>"))
    doc = read_document(page)
    w = [w for w in doc.warnings if "template" in w]
    assert len(w) == 1 and "unrendered template marker(s) such as '{{ article.title }}'" in w[0]
    assert "audit may be meaningless" in w[0]


def test_jinja_markers_and_javascript_are_flagged():
    assert "template" in extraction_warnings(_page("<p>x</p>"), STORY * 5 + "{% block body %}", "j.html")[0]
    code = "\n".join(["var a = b && c; if (x === y) { return z; }", "const f = (q) => { q.run(); return q; };"] * 6)
    [w] = extraction_warnings(_page(f"<pre>{code}</pre>"), STORY * 4 + "\n" + code, "app.html")
    assert "12 of 13 line(s) of program code" in w


def test_prose_with_some_punctuation_is_not_code():
    prose = ("He said: \"We will return; we always do.\" The vote (12 to 3) passed; critics called it rushed. "
             "Prices rose 5% in {the} first quarter, analysts said.\n") * 10
    assert extraction_warnings(_page(f"<p>{prose}</p>"), prose, "p.html") == []
