"""HTML: the article text of a page (trafilatura), and warnings when what was
extracted is unlikely to be the article (a caption, a front page, template code).

Text extracted from HTML has no position in the raw markup worth keeping, so
its offsets are all ``-1``.
"""
from __future__ import annotations

import re

from ..errors import InputError
from .decode import _mb
from .lines import _Line

# Fewer words than this extracted from a page means no article was found.
_MIN_HTML_WORDS = 3


def _html_lines(raw: str, where: str) -> list[_Line]:
    """Main text of a page, one line per paragraph, offsets -1 (see module doc)."""
    import trafilatura  # heavy: lxml, justext, courlan...

    extracted = trafilatura.extract(
        raw,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_recall=True,  # reposts are short; losing a paragraph is worse than one stray line
        output_format="txt",
    )
    # On a page with no article trafilatura falls back to whatever text there
    # is, often a lone menu word ("Home"); that is not an article either.
    if not extracted or len(extracted.split()) < _MIN_HTML_WORDS:
        raise InputError(
            f"no article text found in HTML file {where}; save the article body as .txt "
            "(the page may be a consent wall, a login page or built by JavaScript)"
        )
    # trafilatura puts every block (paragraph, heading, list item) on its own line.
    return [
        _Line(body, (-1,) * len(body), -1, starts=True, ends=True)
        for body in extracted.splitlines()
    ]


# Extraction quality. A real article page yields a few thousand characters
# that are a good share of what a reader sees; a page trafilatura misreads
# yields a caption, a teaser or the page's template code, and the audit of that
# would be meaningless without anyone noticing. Thresholds, from what pages give:
# - under 500 characters (two or three sentences) while the page shows at least
#   twice that much text, or the page is a real served one (10 KB of HTML or
#   more: head, scripts, menus) that keeps its article in a script: a caption
#   or teaser was taken for the article. A hand-written snippet whose text is
#   all extracted is just short, and passes;
# - under 2% of the visible text, however long: a front page or a listing
#   (an article page with a long comment section still gives 5-30%);
# - template or program code in the text: unrendered {{ }} / {% %} / ${ }
#   markers, or lines dense in ; { } => (a JavaScript-built page).
MIN_ARTICLE_CHARS = 500
MIN_ARTICLE_SHARE = 0.02
SERVED_PAGE_BYTES = 10_000
MAX_CODE_SHARE = 0.1  # share of the extracted characters on code-like lines
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\$\{[^}]*\}|<%.*?%>")
_CODE_MARK = re.compile(r"[;{}]|=>|===?|&&|\|\||\bfunction\s*\(|\b(?:var|const|let|return)\s")
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "head", "iframe", "object")


def visible_text_length(raw: str) -> int:
    """Characters of text a browser would show for ``raw`` (scripts, styles, head left out)."""
    try:
        import lxml.html

        tree = lxml.html.document_fromstring(raw)
    except Exception:  # unparsable markup, or an XML encoding declaration: strip tags instead
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>|<[^>]+>", " ", raw)
        return len(" ".join(text.split()))
    for el in list(tree.iter(*_INVISIBLE)):
        if el.getparent() is not None:
            el.drop_tree()
    return len(" ".join(" ".join(tree.itertext()).split()))


def _looks_like_code(line: str) -> bool:
    marks = len(_CODE_MARK.findall(line))
    return marks >= 3 and marks * 25 >= len(line)  # a mark every 25 characters; prose has one in hundreds


def extraction_warnings(raw: str, text: str, where: str) -> list[str]:
    """Warnings when the text extracted from the HTML ``raw`` is unlikely to be the article."""
    out = []
    size = len(raw.encode("utf-8"))
    n = len(text)
    visible = visible_text_length(raw)
    if (n < MIN_ARTICLE_CHARS and (visible >= 2 * n or size >= SERVED_PAGE_BYTES)) or n < MIN_ARTICLE_SHARE * visible:
        out.append(f"{where}: only {n:,} characters of article text were extracted from {_mb(size)} of HTML "
                   f"({visible:,} characters of visible text); is this an article page? the audit may be "
                   "meaningless: save the article text as .txt and pass that instead")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    templates = _TEMPLATE.findall(text)
    code = [ln for ln in lines if _looks_like_code(ln)]
    code_chars = sum(len(ln) for ln in code)
    if templates or code_chars > MAX_CODE_SHARE * max(n, 1):
        what = (f"{len(templates)} unrendered template marker(s) such as {templates[0][:40]!r}" if templates
                else f"{len(code)} of {len(lines)} line(s) of program code such as {code[0][:40]!r}")
        out.append(f"{where}: the extracted text looks like template or program code ({what}); the page is "
                   "probably built by JavaScript, so the audit may be meaningless: save the rendered article "
                   "text as .txt and pass that instead")
    return out
