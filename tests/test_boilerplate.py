"""Tests for audit.boilerplate: what is page furniture and, above all, what is not."""
from __future__ import annotations

import pytest

from audit.segment.boilerplate import boilerplate_reason, document_reasons


@pytest.mark.parametrize(
    "text, reason",
    [
        # cookie banners
        ("This website uses cookies to improve your experience.", "cookie banner"),
        ("We'll assume you're ok with this, but you can opt-out if you wish.", "cookie banner"),
        ("Accept Read More", "cookie banner"),
        ("Privacy & Cookies Policy", "cookie banner"),
        ("We use cookies to personalise content and ads.", "cookie banner"),
        ("Cookie settings", "cookie banner"),
        # comment widgets and related boxes
        ("0 comment", "comment widget"),
        ("3 Comments", "comment widget"),
        ("Leave a Comment", "comment widget"),
        ("Leave a Reply Cancel reply", "comment widget"),
        ("You may also like", "comment widget"),
        ("This site uses Akismet to reduce spam.", "comment widget"),
        ("Learn how your comment data is processed.", "comment widget"),
        ("Your email address will not be published.", "comment widget"),
        ("Related Posts", "comment widget"),
        # ads and source links
        ("[ad_1]", "ad marker"),
        ("[ad_2]", "ad marker"),
        ("Advertisement", "ad marker"),
        ("Source link", "source link"),
        ("Source: Al Jazeera", "source link"),
        # urls and tweets
        ("https://southfront.org/wp-content/uploads/video/09.07.2021_IMR_Afghanistan.mp4", "url"),
        ("www.example.com/news", "url"),
        ("pic.twitter.com/1G42e5N7lp", "url"),
        ("Badghis: The fall of the Cadiz Directorate in the hands of the Mujahideen pic.twitter.com/4a9RcUZiok", "embedded tweet"),
        ("— Ministry of Defense, Afghanistan (@MoDAfghanistan) July 7, 2021", "tweet attribution"),
        ("— Islamic Emirate (@alemara_ar) July 7, 2021", "tweet attribution"),
        ("- Jane Doe (@janedoe) 7 July 2021", "tweet attribution"),
        # bylines, sign-offs, datelines
        ("by admin", "byline"),
        ("By John Smith", "byline"),
        ("By Jane Smith | July 9, 2021", "byline"),
        ("By Abdul Aziz Bek and Jane Doe, Reuters", "byline"),
        ("Posted by staff", "byline"),
        ("The World with AFP", "byline"),
        ("Le Monde with AFP", "byline"),
        ("(Reporting by Jane Smith; Editing by John Doe)", "byline"),
        ("July 26, 2021", "byline"),
        ("Updated: July 9, 2021 10:45 am EST", "byline"),
        # photos
        ("5/5", "photo caption"),
        ("2 / 5", "photo caption"),
        ("© Reuters.", "photo caption"),
        ("© Reuters. On July 8, 2021, Afghan National Army soldiers patrolled near checkpoints.", "photo caption"),
        ("REUTERS/Parwiz", "photo caption"),
        ("Photo: AFP/Getty Images", "photo caption"),
        ("(Photo by Jane Doe/Reuters)", "photo caption"),
        # promos
        ("Article reserved for our subscribers Read also In Afghanistan, the Taliban maneuver to surround Kabul", "promo"),
        ("Also listen Can the Taliban take back power in Afghanistan?", "promo"),
        ("Read also: Ten things to know", "promo"),
        ("Read more", "promo"),
        ("Share this", "promo"),
        ("Share this article on Facebook", "promo"),
        ("Follow us on Twitter", "promo"),
        ("Subscribe to our newsletter", "promo"),
        # navigation and separators
        ("Home » World » Asia", "navigation"),
        ("Home > News", "navigation"),
        ("News › Asia › Afghanistan", "navigation"),
        ("Skip to content", "navigation"),
        ("© 2021 World News Daily.", "navigation"),
        ("All rights reserved.", "navigation"),
        ("***", "separator"),
        ("* * *", "separator"),
        ("-----", "separator"),
    ],
)
def test_boilerplate_positive(text: str, reason: str) -> None:
    assert boilerplate_reason(text) == reason


# Real sentences, many from the seed articles; none may be marked.
CONTENT = [
    "On Wednesday, the Taliban took control of Qala-e-Nu, the capital of Badghis province in northwestern Afghanistan.",
    "The American trainer, who came from Herat.",
    "Video footage obtained by Reuters showed smoke billowing over the city.",
    "Taliban #terrorist suffered heavy and sustained liability in their failed attempt to capture Qala-e-Naw, #Badghis province.",
    "The bravery of the #ANDSF and their swift and decisive action was highly commendable.",
    "Security headquarters",
    "Talks in Iran",
    "Tajikistan order",
    "The Afghan Ministry of Defense said, in a tweet via Twitter published today, Wednesday, that 239 Taliban were killed.",
    "The Afghan Taliban continue to advance their requests for Russian aid and diplomatic campaigns in Doha and Tehran with Tajikistan | Afghanistan News",
    "Al Jazeera’s Kabul correspondent Nasser Shadid reported that what happened in Galano today is a substantive development.",
    "The agreement stipulates.",
    "Peace negotiation",
    "a first provincial capital attacked by the Taliban",
    "The offensive could sign a strategic success.",
    "“Psychological effect”",
    "Kabul (Reuters)-Afghan security officials say that Taliban militants seized control of a key area in western Afghanistan on Thursday.",
    "Military offensive.",
    "Reuters calls the governor’s office and the police were unanswered.",
    "Conflict in the western provinces",
    "Taliban militants occupy key border crossing between Afghanistan and Iran Reuters",
    "Fawad Aman, spokesman for the Ministry of Defense, said: “This city is completely (re) under our control.”",
    "On Thursday, President Joe Biden defended the decision of the U.S. forces to withdraw from Afghanistan.",
    "“We are ending America’s longest war,” he said.",
    "On July 7th, Taliban fighters stormed the capital city – Qala-e-Naw, expecting to easily “liberate” it.",
    "The Taliban has already warned Ankara against keeping any troops in the country after September 11th.",
    # sentences built to look like the patterns
    "By Wednesday, the army had retreated from the city.",
    "By Monday the river had risen two metres.",
    "Home Secretary Priti Patel said on Monday that the border would stay open.",
    "Home to millions of refugees, Iran has long been concerned.",
    "The EU said websites that use cookies must ask for consent.",
    "Subscribers to the service were notified on Tuesday.",
    "Read more than 100 reports, the commission said.",
    "Source: officials said the attack killed five people",
    "Sources told Reuters that 300 soldiers had crossed the border.",
    "The ministry said 5 of 7 districts had fallen.",
    "Share prices fell sharply on Thursday.",
    "Follow-up talks are planned in Doha.",
    "Comments by the minister angered the opposition.",
    "Copyright law was not discussed at the summit.",
    "The photographer, Parwiz, works for Reuters.",
    "The World Health Organization said cases were rising.",
    "Accept the offer, the envoy urged both sides.",
    "More than 1,000 Afghan soldiers crossed the border.",
    "The governor said in a tweet (@badghis_gov) that the city was safe.",
    "He joined the police in 2001 and rose to commander.",
    "Also, the ministry said two fighters were arrested.",
]


@pytest.mark.parametrize("text", CONTENT)
def test_boilerplate_negative(text: str) -> None:
    assert boilerplate_reason(text) == ""


def test_whitespace_is_normalised_before_matching() -> None:
    assert boilerplate_reason("  Source \n link ") == "source link"
    assert boilerplate_reason("") == ""


def test_repeated_title_and_breadcrumb() -> None:
    title = "The Afghan Taliban continue to advance | Afghanistan News"
    texts = [f"Home World {title}", title, "by admin", "On Wednesday, the Taliban advanced.", title]
    reasons = document_reasons(texts, [0, 1, 2, 3, 4])
    assert reasons == ("navigation", "", "byline", "", "repeated title")


def test_title_far_down_is_not_a_repeated_title() -> None:
    texts = ["Title here", "One.", "Two.", "Three.", "Four.", "Five.", "Title here"]
    assert document_reasons(texts, list(range(7)))[-1] == ""


def test_home_sentence_is_not_a_breadcrumb() -> None:
    texts = ["Home Secretary Priti Patel said the border was open.", "Priti Patel said the border was open."]
    assert document_reasons(texts, [0, 1]) == ("", "")


def test_paragraph_wide_reasons_spread() -> None:
    texts = [
        "© Reuters.",
        "On July 8, 2021, Afghan soldiers patrolled near checkpoints.",
        "REUTERS/Parwiz",
        "Kabul (Reuters)-Afghan security officials said on Thursday.",
    ]
    assert document_reasons(texts, [0, 0, 0, 1]) == ("photo caption",) * 3 + ("",)


def test_promo_does_not_spread() -> None:
    texts = ["Read also", "The ministry said 69 fighters were killed."]
    assert document_reasons(texts, [0, 0]) == ("promo", "")


def test_comment_section_tail() -> None:
    content = [f"Sentence number {i} of the article." for i in range(8)]
    tail = ["2 Comments", "Great article, thanks for sharing!", "I disagree with this."]
    reasons = document_reasons(content + tail, list(range(11)))
    assert reasons[:8] == ("",) * 8
    assert reasons[8:] == ("comment widget",) * 3


def test_comment_heading_early_does_not_swallow_the_article() -> None:
    texts = ["Comments", "The ministry said 69 fighters were killed.", "Another sentence.", "Third one."]
    assert document_reasons(texts, [0, 1, 2, 3]) == ("comment widget", "", "", "")
