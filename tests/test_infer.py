from __future__ import annotations

import pytest
from conftest import GOLD

from provenance.boilerplate import document_boilerplate
from provenance.infer import infer_metadata
from provenance.model import Document
from provenance.outlets import default_registry


def doc(text: str, **meta) -> Document:
    return Document(id="d", path="d.txt", text=text, format="txt", encoding="utf-8", **meta)


def infer(d: Document) -> Document:
    return infer_metadata(d, default_registry(), tuple(document_boilerplate(d)))


@pytest.mark.parametrize(
    ("text", "agency", "surface"),
    [
        ("MOSCOW, March 5. /TASS/. Russia's defence ministry said on Monday that it struck targets.", "TASS", "TASS"),
        ("WASHINGTON (Reuters) - The Pentagon on Monday denied it coordinated strikes.", "Reuters", "Reuters"),
        ("Jan. 23 (UPI) -- The Pentagon on Monday denied a claim by Russia's defense ministry.", "UPI", "UPI"),
        ("BEIRUT (AP) — Syrian state media said on Monday that warplanes struck a town.", "AP", "AP"),
        ("CHEMISTS ADMIT SUPPLYING DEFECTIVE MEDICINE<\nBy Harriet Tolputt, PA News<\nTwo chemists today admitted it.", "PA", "PA News"),
        ("A story about things.\n\nIt went on.\n\n© 2017 The Associated Press. All rights reserved.", "AP", "The Associated Press"),
        ("BERLIN (dpa) - Germany's government said on Monday it would act.", "dpa", "dpa"),
        ("MADRID, 5 ene (EFE).- El Gobierno dijo hoy que actuará.", "EFE", "EFE"),
        ("МОСКВА, 11 марта. /ТАСС/. Министерство обороны сообщило во вторник.", "TASS", "ТАСС"),
        ("NEW DELHI (PTI): India on Monday said it would act.", "PTI", "PTI"),
        ("(CNN) The White House said on Tuesday that it would act.", "CNN", "CNN"),
        ("Washington (CNN)The White House said on Tuesday that it would act.", "CNN", "CNN"),
        ("By ZEKE MILLER and JONATHAN LEMIRE Associated Press\n\nWASHINGTON — The Senate voted.", "AP", "Associated Press"),
        ("By Jane Doe\nThe Associated Press\n\nThe Senate voted on Tuesday.", "AP", "The Associated Press"),
        ("UNSOLVED ATTACKS RE-EXAMINED<\nBy Pat Clarke, Old Bailey Correspondent, PA News<\nA killer was jailed today.",
         "PA", "PA News"),
        ("The Senate voted on Tuesday.\n\nIt went on.\n\n— Associated Press", "AP", "Associated Press"),
        ("Ankara (AA) - Turkey's president said on Tuesday that it would act.", "Anadolu Agency", "AA"),
        ("Kabul, Afghanistan (RFE/RL) -- The Taliban said on Tuesday it would act.", "Radio Free Europe/Radio Liberty",
         "RFE/RL"),
        ("Jerusalem, Jan 24 (IANS) Israel said on Tuesday that it would act.", "IANS", "IANS"),
        ("New Delhi, January 24, 2017 (PTI) India said on Tuesday that it would act.", "PTI", "PTI"),
        ("By Kyodo News\n\nTOKYO — Japan said on Tuesday that it would act.", "Kyodo", "Kyodo News"),
        ("The Senate voted on Tuesday.\n\n(Reporting by Jane Doe in Washington; Editing by John Roe)", "Reuters",
         "(Reporting by Jane Doe in Washington; Editing by John Roe)"),
        # press-release wires, whose releases sites run under their own names
        ("NEW YORK, March 5, 2024 /PRNewswire/ -- Acme Corp today announced a merger.", "PR Newswire", "PRNewswire"),
        ("SAN FRANCISCO--(BUSINESS WIRE)--Acme Corp today announced a merger.", "Business Wire", "BUSINESS WIRE"),
        ("NEW YORK, March 05, 2024 (GLOBE NEWSWIRE) -- Acme Corp today announced a merger.", "GlobeNewswire",
         "GLOBE NEWSWIRE"),
        ("WASHINGTON (AP) _ The Senate voted on Tuesday.", "AP", "AP"),  # AP's old wire dash
        ("By Reuters Staff\n\nBritain said on Monday it would act.", "Reuters", "Reuters"),
        ("Britain said on Monday it would act.\n\nSource: AFP", "AFP", "AFP"),
        ("Britain said on Monday it would act.\n\n(With inputs from PTI, Reuters)", "PTI", "PTI"),
        ("Britain said on Monday it would act.\n\n© Thomson Reuters 2024", "Reuters", "Thomson Reuters"),
        ("Britain said on Monday it would act.\n\nWith files from The Canadian Press", "The Canadian Press",
         "The Canadian Press"),
        ("Britain said on Monday it would act.\n\nThis article was provided by The Associated Press.", "AP",
         "The Associated Press"),
        ("Britain said on Monday it would act.\n\n(c) Copyright Thomson Reuters 2024. Click For Restrictions",
         "Reuters", "Thomson Reuters"),
        ("Britain said on Monday it would act.\n\n— With AFP", "AFP", "AFP"),
        ("Britain said on Monday it would act.\n\n(AFP)", "AFP", "AFP"),
        ("Britain said on Monday it would act.\n\n(FRANCE 24 with AFP, Reuters)", "AFP", "AFP"),
        ("Ottawa said on Monday it would act.\n\nThis report by The Canadian Press was first published Jan. 24, 2024.",
         "The Canadian Press", "The Canadian Press"),
        # in a dateline's own place, a name that is an ordinary abbreviation elsewhere, and a
        # known name with more after it
        ("CAIRO, Jan 24 (MENA) - Egypt said on Tuesday that it would act.", "Middle East News Agency", "MENA"),
        ("NEW YORK (CNN Business) — Stocks rose on Monday.", "CNN", "CNN Business"),
    ],
)
def test_agency_from_dateline_or_credit_line(text, agency, surface):
    d = infer(doc(text))
    assert d.agency == agency
    o = d.origins["agency"]
    assert d.text[o.start:o.end] == surface
    assert d.outlet == agency  # nothing else is known


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("DHAKA, Jan 24 (Sangbad Sangstha) - Bangladesh said on Tuesday that it would act.", "Sangbad Sangstha"),
        ("NORLAND CITY, March 5. /NORWIRE/. The ministry said on Monday that it struck targets.", "NORWIRE"),
        ("Mar. 5 (Vestpress) -- The ministry said on Monday that it struck targets.", "Vestpress"),
    ],
)
def test_a_dateline_names_an_agency_the_outlet_list_does_not_know(text, agency):
    d = infer(doc(text))
    assert d.agency == d.outlet == agency
    assert d.origins["agency"].source == "dateline"


@pytest.mark.parametrize(
    "text",
    [
        "Joe Bloggs (Labour) - 12,345 votes, a majority of 2,000 over the Conservative candidate.",
        "Prime Minister Narendra Modi (BJP) - who won the election - said on Tuesday that it would act.",
        "WASHINGTON (Updated) - The Senate voted on Tuesday to pass the bill.",
        "Kabul, Afghanistan (Pajhwok) -- The Taliban said on Tuesday it would act.",  # no capitals, no date
        "The Palestinian Authority (PA) - which governs parts of the West Bank - said it would act.",
    ],
)
def test_no_unknown_agency_outside_a_datelines_place(text):
    assert infer(doc(text)).agency is None


def test_agency_text_on_a_local_page_keeps_publisher_and_agency_apart():
    d = infer(doc("BEIRUT (AP) — Syrian state media said warplanes struck a town on Monday.",
                  url="https://www.ktvu.com/news/syria-strikes"))
    assert d.agency == "AP"
    assert d.publisher == "ktvu.com"
    assert d.outlet == "ktvu.com"
    assert d.origins["publisher"].source == "url"


def test_known_domain_resolves_to_the_outlet():
    d = infer(doc("Some text without a dateline at all, long enough.", url="https://www.reuters.com/article/x"))
    assert d.publisher == d.outlet == "Reuters"


def test_a_user_given_outlet_is_canonicalised():
    d = infer(doc("Plain text.", outlet="tass"))
    assert d.outlet == "TASS"


def test_passing_mentions_are_not_datelines():
    d = infer(doc("Officials told reporters that Reuters had seen the letter (Reuters reported it first).\n\n"
                  "Responding to claims, a spokesman said the (AP story) was wrong."))
    assert d.agency is None
    assert d.outlet is None


@pytest.mark.parametrize("text", [
    "(Photo) The ministry said on Monday that it struck targets.",  # not an outlet
    "The ministry said (Reuters) The strikes hit targets.",  # an outlet in mid-sentence, no dash
    "By Jane Doe\n\nThe Senate voted on Tuesday, the Associated Press reported.",  # a credit, not a byline
    "The Senate voted.\n\n— Jane Doe",  # a sign-off, but not an outlet's
    "The Senate voted.\n\nReporting by Jane Doe.",  # no editing line: not Reuters' sign-off
    "Palestinian Authority (PA) President Mahmoud Abbas said on Monday it would act.",  # an acronym spelled out
    "Press Association (PA) figures show prices rose.",
])
def test_what_only_looks_like_a_dateline_or_sign_off_is_not_one(text):
    assert infer(doc(text)).agency is None


def test_explicit_date_near_the_top():
    d = infer(doc("Published 24 January 2017\n\nThe ministry said it had struck targets on Sunday."))
    assert d.published == "2017-01-24"
    assert d.origins["published"].source == "text"


@pytest.mark.parametrize(("text", "iso"), [
    ("Updated 23.01.2017 12:00\n\nThe ministry said it had struck targets.", "2017-01-23"),
    ("2017-01-23T10:32:00Z\n\nThe ministry said it had struck targets.", "2017-01-23T10:32:00Z"),
    ("Posted on 01/23/2017 by admin\n\nThe ministry said it had struck targets.", "2017-01-23"),
    ("Posted on 23/01/2017 by admin\n\nThe ministry said it had struck targets.", "2017-01-23"),
    ("Updated 2017-01-23, first published on 22 January 2017.\n\nThe ministry said it.", "2017-01-23"),
])
def test_numeric_dates_near_the_top(text, iso):
    d = infer(doc(text))
    assert d.published == iso
    o = d.origins["published"]
    assert o.source == "text" and d.text[o.start:o.end].replace(".", "-").replace("/", "-").count("-") == 2


@pytest.mark.parametrize(("text", "iso", "span"), [
    ("Published: March 26, 2024 10:15 AM EDT\n\nA ship hit a bridge.", "2024-03-26T14:15:00Z",
     "March 26, 2024 10:15 AM EDT"),
    ("Updated 3:45 PM GMT, Tue 26 March 2024\n\nA ship hit a bridge.", "2024-03-26T15:45:00Z",
     "3:45 PM GMT, Tue 26 March 2024"),
    ("Tue 26 Mar 2024 09.40 GMT\n\nA ship hit a bridge.", "2024-03-26T09:40:00Z", "26 Mar 2024 09.40 GMT"),
    ("January 26, 2024 at 9:40 p.m. ET\n\nA ship hit a bridge.", "2024-01-27T02:40:00Z",  # EST in January
     "January 26, 2024 at 9:40 p.m. ET"),
    ("March 26, 2024 at 9:40 a.m. ET\n\nA ship hit a bridge.", "2024-03-26T13:40:00Z",  # EDT in March
     "March 26, 2024 at 9:40 a.m. ET"),
    ("March 26, 2024 12:05 AM EDT\n\nA ship hit a bridge.", "2024-03-26T04:05:00Z", "March 26, 2024 12:05 AM EDT"),
    # a time with no zone, or on another line, leaves the day
    ("26/03/2024 09:40\n\nA ship hit a bridge.", "2024-03-26", "26/03/2024"),
    ("Monday 25 March 2024 23:10, UK\n\nA ship hit a bridge.", "2024-03-25", "25 March 2024"),
    ("March 26, 2024\n\nAt 10:15 AM EDT a ship hit a bridge.", "2024-03-26", "March 26, 2024"),
])
def test_the_time_of_day_beside_a_date_when_it_names_its_zone(text, iso, span):
    d = infer(doc(text))
    o = d.origins["published"]
    assert (d.published, d.text[o.start:o.end]) == (iso, span)


@pytest.mark.parametrize("text", [
    "Posted 01/03/2017\n\nThe ministry said it had struck targets.",  # January or March
    "Posted 17:51 08/12/99\n\nThe ministry said it had struck targets.",  # a two-digit year
    "Call 555-01-2017 for tickets.\n\nThe ministry said it had struck targets.",
])
def test_ambiguous_numeric_dates_are_refused(text):
    assert infer(doc(text)).published is None


def test_seed_outlets_and_dates_from_text_alone(seed_report_without_metadata):
    docs = {d.id: d for d in seed_report_without_metadata.documents}
    for doc_id, expected in GOLD["documents"].items():
        outlet = docs[doc_id].outlet
        assert (outlet.lower() if outlet else None) == (
            expected["outlet_from_text"].lower() if expected["outlet_from_text"] else None
        ), doc_id
        if "published_from_text" in expected:
            assert docs[doc_id].published == expected["published_from_text"]
